"""DAG policy: the DAGs import cleanly, are scheduled as documented, and stay thin."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parent.parent / "dags"


@pytest.fixture(scope="module")
def dagbag(tmp_path_factory: pytest.TempPathFactory):
    import os

    os.environ.setdefault("AIRFLOW_HOME", str(tmp_path_factory.mktemp("airflow")))
    os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
    os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(DAGS)
    if str(DAGS) not in sys.path:  # Airflow puts the DAGs folder on sys.path; so do we
        sys.path.insert(0, str(DAGS))
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_no_import_errors(dagbag) -> None:
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {"ppid_refresh", "ppid_publish_annual", "ppid_retensi"}


def test_owners_tags_and_docs(dagbag) -> None:
    for dag in dagbag.dags.values():
        assert "ppid" in dag.tags
        assert dag.doc_md and len(dag.doc_md) > 200
        for t in dag.tasks:
            assert t.owner == "ppid-data"


def test_refresh_is_monthly_and_fans_out(dagbag) -> None:
    dag = dagbag.dags["ppid_refresh"]
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    assert dag.timetable._expression == "0 1 1 * *"
    assert [t.task_id for t in dag.topological_sort()] == [
        "prepare",
        "fetch_mailboxes",
        "refresh",
        "summarise",
        "check_mailboxes",
    ]
    # a failed mailbox never holds back the refresh: fetch_mailboxes records, the last task fails
    assert dag.get_task("refresh").upstream_task_ids == {"prepare", "fetch_mailboxes"}
    assert dag.get_task("check_mailboxes").upstream_task_ids == {"fetch_mailboxes", "summarise"}
    assert type(dag.get_task("refresh")).__name__.endswith("MappedOperator")
    assert dag.get_task("summarise").outlets


def test_publish_runs_in_january_and_on_the_refresh_asset(dagbag) -> None:
    dag = dagbag.dags["ppid_publish_annual"]
    assert type(dag.timetable).__name__ == "AssetOrTimeSchedule"
    assert "year" in dag.params
    refresh_outlets = {a.uri for a in dagbag.dags["ppid_refresh"].get_task("summarise").outlets}
    assert "ppid://warehouse/core/permohonan" in refresh_outlets


def test_retention_runs_monthly_after_the_refresh(dagbag) -> None:
    dag = dagbag.dags["ppid_retensi"]
    assert type(dag.timetable).__name__ == "CronTriggerTimetable"
    assert dag.timetable._expression == "0 4 1 * *"  # the refresh runs at 01:00 the same day
    assert [t.task_id for t in dag.tasks] == ["purge"]


@pytest.mark.parametrize("path", sorted(DAGS.glob("*.py")), ids=lambda p: p.name)
def test_dag_files_import_nothing_heavy_at_top_level(path: Path) -> None:
    heavy = {"pandas", "great_expectations", "duckdb", "psycopg", "transforms", "openpyxl"}
    tree = ast.parse(path.read_text())
    for node in tree.body:
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        assert not {n.split(".")[0] for n in names} & heavy, (path.name, names)
