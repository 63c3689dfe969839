"""The production stack described in docker-compose.yml parses, has the services the README
names, runs the CeleryExecutor with Redis as the broker and scalable workers, and takes every
secret from .env."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AIRFLOW = {
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
}


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_compose_services_match_readme() -> None:
    services = set(_compose()["services"])
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Production stack", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`(airflow-[a-z-]+|warehouse-db|redis)`", section))
    assert named, "README names the compose services"
    assert named == services
    assert services == AIRFLOW | {"airflow-db", "warehouse-db", "redis"}


def test_every_airflow_service_runs_celery_with_shared_secrets() -> None:
    services = _compose()["services"]
    for name in AIRFLOW:
        svc = services[name]
        env = svc["environment"]
        assert svc["image"] == "ppid-warehouse:latest", name
        assert svc["env_file"] == [".env"], name
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__CELERY__BROKER_URL"] == "redis://redis:6379/0", name
        assert env["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("db+postgresql"), name
        assert "@airflow-db:5432/airflow" in env["AIRFLOW__CELERY__RESULT_BACKEND"], name
        assert env["AIRFLOW__API_AUTH__JWT_SECRET"] == "${AIRFLOW_JWT_SECRET}", name
        assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"].startswith(
            "http://airflow-apiserver:8080/"
        ), name
        assert env["AIRFLOW_CONN_PPID_WAREHOUSE"].startswith("postgresql://"), name
        assert "${WAREHOUSE_DB_PASSWORD}" in env["AIRFLOW_CONN_PPID_WAREHOUSE"], name
        assert svc["depends_on"]["redis"] == {"condition": "service_healthy"}, name
        # the workers preload the pipeline before forking tasks; the scheduler reads the same
        assert env["AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS"] == (
            "transforms.celery_config.CELERY_CONFIG"
        ), name


def test_workers_scale_and_redis_stays_internal() -> None:
    services = _compose()["services"]
    worker = services["airflow-worker"]
    assert worker["command"] == ["celery", "worker"]
    # `--scale airflow-worker=N` needs no fixed container name and no published host port.
    assert "container_name" not in worker and "ports" not in worker
    assert "inspect ping" in " ".join(worker["healthcheck"]["test"])
    redis = services["redis"]
    assert redis["image"].startswith("redis:")
    assert "ports" not in redis
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]


def test_secrets_are_not_committed() -> None:
    example = (ROOT / ".env.example").read_text()
    defined = set(re.findall(r"^([A-Z_]+)=", example, re.M))
    used = set(re.findall(r"(?<!\$)\$\{([A-Z_]+)", (ROOT / "docker-compose.yml").read_text()))
    used -= {"PPID_LANDING_HOST_DIR", "PPID_PUBLISHED_HOST_DIR"}  # optional, with defaults
    assert used <= defined, used - defined
    assert {"PPID_PSEUDONYM_KEY", "AIRFLOW_JWT_SECRET"} <= defined
    assert ".env" in (ROOT / ".gitignore").read_text().split()
