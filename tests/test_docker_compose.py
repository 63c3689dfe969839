"""The production stack described in docker-compose.yml parses and has the services the README
names, wired to the warehouse connection and to secrets from .env."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_services_match_readme() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = set(compose["services"])
    readme = (ROOT / "README.md").read_text()
    named = set(re.findall(r"`(airflow-[a-z-]+|warehouse-db)`", readme))
    assert named, "README names the compose services"
    assert named == services
    for name in ("airflow-apiserver", "airflow-scheduler", "airflow-dag-processor"):
        env = compose["services"][name]["environment"]
        assert env["AIRFLOW_CONN_PPID_WAREHOUSE"].startswith("postgresql://")
        assert "${WAREHOUSE_DB_PASSWORD}" in env["AIRFLOW_CONN_PPID_WAREHOUSE"]
        assert compose["services"][name]["env_file"] == [".env"]


def test_secrets_are_not_committed() -> None:
    example = (ROOT / ".env.example").read_text()
    assert "PPID_PSEUDONYM_KEY=" in example
    assert ".env" in (ROOT / ".gitignore").read_text().split()
