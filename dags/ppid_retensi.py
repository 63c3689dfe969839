"""
### ppid_retensi

Retention of requesters' personal data (UU 27/2022) in the warehouse's `raw` layer. Runs monthly
at 04:00 WIB on the 1st, after the 01:00 `ppid_refresh` of the same day, and purges the
guestbook and web-form requests and visits (`raw.formulir`) received more than
`PPID_RETENSI_BULAN` months (default 24) before the run whose year the desk has marked final
(`mart.publikasi` status `final`).

A purged row keeps its place: name, NIK, contact and address become placeholders, the requester
is kept only as the keyed pseudonym (`[pemohon:<id>]`), and the free text is masked as in
`core`. Conformance reads the pseudonym back, so the rebuilt `core` rows, the count of distinct
requesters and every published figure stay the same. Each purge is recorded in `raw.retensi`
(body, table, year, rows, cut-off, when); a second run finds nothing left and records nothing.
Quarantine excerpts older than the period are dropped. The logic is `transforms/retention.py`;
e-mail and chat messages (`raw.pesan`) and form objections are not purged yet
(docs/architecture.md#retention).
"""

from __future__ import annotations

import os

import pendulum
from airflow.sdk import dag, get_current_context, task
from airflow.timetables.trigger import CronTriggerTimetable

WIB = "Asia/Pontianak"


@dag(
    dag_id="ppid_retensi",
    schedule=CronTriggerTimetable("0 4 1 * *", timezone=WIB),
    start_date=pendulum.datetime(2022, 1, 1, tz=WIB),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["ppid", "retensi"],
    default_args={
        "owner": "ppid-data",
        "retries": int(os.environ.get("PPID_TASK_RETRIES", "1")),
        "retry_delay": pendulum.duration(minutes=5),
    },
)
def ppid_retensi() -> None:
    @task
    def purge() -> dict:
        from transforms.config import Settings
        from transforms.retention import run
        from transforms.runtime import pseudonym_key, warehouse_url

        ctx = get_current_context()
        settings = Settings.from_env()
        now = pendulum.instance(ctx["dag_run"].run_after)
        return run(
            warehouse_url(settings), pseudonym_key(), now, settings.retention_months, ctx["run_id"]
        )

    purge()


ppid_retensi()
