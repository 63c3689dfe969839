"""
### ppid_publish_annual

Publishes a year's annual PPID figures (report section C: requests, time to decision by class,
granted in full or in part, rejected by ground; per body, channel and month, and the province)
from the `mart` views as CSV and JSON under `<PPID_OUTPUT_DIR>/<year>/`.

Scheduled on 15 January (WIB) for the year before, and triggered after every `ppid_refresh` so
late data reaches the figures. Re-run for any year with the `year` parameter:
`airflow dags trigger ppid_publish_annual -c '{"year": 2023}'`. Publishing unchanged figures
writes nothing and logs no new revision in `mart.publikasi`.
"""

from __future__ import annotations

import os

import pendulum
from airflow.sdk import Param, dag, get_current_context, task
from airflow.timetables.assets import AssetOrTimeSchedule
from airflow.timetables.trigger import CronTriggerTimetable
from ppid_assets import ANNUAL_FIGURES, CORE_REQUESTS

WIB = "Asia/Pontianak"


@dag(
    dag_id="ppid_publish_annual",
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable("0 6 15 1 *", timezone=WIB), assets=CORE_REQUESTS
    ),
    start_date=pendulum.datetime(2022, 1, 1, tz=WIB),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["ppid", "publish"],
    params={
        "year": Param(
            None,
            type=["null", "integer"],
            minimum=2008,
            maximum=2100,
            description="Year to publish; empty: the year before the run date (WIB).",
        )
    },
    default_args={"owner": "ppid-data", "retries": int(os.environ.get("PPID_TASK_RETRIES", "1"))},
)
def ppid_publish_annual() -> None:
    @task(outlets=[ANNUAL_FIGURES])
    def publish() -> dict:
        from transforms.config import Settings
        from transforms.runtime import warehouse_url
        from transforms.tasks import publish as run

        ctx = get_current_context()
        year = ctx["params"].get("year")
        if year is None:
            year = pendulum.instance(ctx["dag_run"].run_after).in_timezone(WIB).year - 1
        settings = Settings.from_env()
        return run(warehouse_url(settings), settings, int(year), ctx["run_id"])

    publish()


ppid_publish_annual()
