"""
### ppid_publish_annual

Publishes a year's annual PPID figures (report section C: requests, time to decision by class,
granted in full or in part, rejected by ground; section D: objections and disputes; the
satisfaction index; per body, channel and month, and the province) from the `mart` views as a
release: CSV, JSON and an xlsx workbook for the Komisi Informasi in an immutable folder
`<PPID_OUTPUT_DIR>/<year>/revisi-<n>/` with its change log (`perubahan.md`); the text file
`<year>/TERBARU` names the latest revision, `<year>/FINAL` the one the desk marked final.

Scheduled on 15 January (WIB) for the year before, and triggered after every `ppid_refresh`: it
then publishes the year before **and** the running year (the year of the refresh's status date)
as provisional (`sementara`) month-to-date figures. Publishing unchanged figures writes nothing
and logs no new revision in `mart.publikasi`.

Params: `year` re-publishes one year (`airflow dags trigger ppid_publish_annual -c
'{"year": 2023}'`); `final: true` with `oleh` marks that year's latest revision final (the PPID
Utama's decision; same as `python -m transforms.release final --year 2023 --oleh "..."`).
Figures that change after the final mark become a `koreksi` revision; FINAL keeps its folder.

Annual reports: `publish` writes every report's HTML and the province's PDF into the revision
(`laporan/`), and every body's PDF too while the year has at most `PPID_PDF_INLINE_MAX` bodies
(default 50). Above that, `pdf_batches` lists the reports of the published years' revisions that
still have no PDF, in batches of `PPID_PDF_PER_TASK` (default 50), and the mapped `render_pdfs`
tasks write them beside their HTML (spread over the Celery workers; at most `PPID_PDF_TASKS`,
default 4, at a time per run, each with `PPID_PUBLISH_WORKERS` WeasyPrint processes). A PDF
whose HTML another revision has byte for byte is copied, not rendered. On demand: `python -m
transforms.report pdf --year 2023`.
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
            description="Year to publish; empty: the year before the run date (WIB) and the"
            " running year of the last refresh (provisional).",
        ),
        "final": Param(
            False,
            type="boolean",
            description="Mark the year's latest revision final (needs `year` and `oleh`).",
        ),
        "oleh": Param(
            None,
            type=["null", "string"],
            description="Who marks the year final (name and position at the PPID Utama).",
        ),
    },
    default_args={"owner": "ppid-data", "retries": int(os.environ.get("PPID_TASK_RETRIES", "1"))},
)
def ppid_publish_annual() -> None:
    @task(outlets=[ANNUAL_FIGURES])
    def publish() -> list[dict]:
        from transforms.runtime import task_settings
        from transforms.tasks import publish as run
        from transforms.tasks import years_to_publish

        ctx = get_current_context()
        params = ctx["params"]
        settings, url = task_settings()
        if params.get("final"):
            if params.get("year") is None or not (params.get("oleh") or "").strip():
                raise ValueError("final: true needs the params year and oleh")
            return [run(url, settings, int(params["year"]), ctx["run_id"], params["oleh"])]
        if params.get("year") is not None:
            years = [int(params["year"])]
        else:
            previous = pendulum.instance(ctx["dag_run"].run_after).in_timezone(WIB).year - 1
            years = years_to_publish(url, previous)
        return [run(url, settings, year, ctx["run_id"]) for year in years]

    @task
    def pdf_batches(published: list[dict]) -> list[dict]:
        from transforms.config import Settings
        from transforms.tasks import pdf_batches as run

        return run(Settings.from_env(), [p["tahun"] for p in published])

    @task(max_active_tis_per_dagrun=int(os.environ.get("PPID_PDF_TASKS", "4")))
    def render_pdfs(batch: dict) -> dict:
        from transforms.config import Settings
        from transforms.tasks import render_pdfs as run

        return run(Settings.from_env(), batch["tahun"], batch["revisi"], batch["laporan"])

    render_pdfs.expand(batch=pdf_batches(publish()))


ppid_publish_annual()
