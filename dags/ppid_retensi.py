"""
### ppid_retensi

Retention of requesters' personal data (UU 27/2022) in the warehouse's `raw` layer. Runs monthly
at 04:00 WIB on the 1st, after the 01:00 `ppid_refresh` of the same day, and purges what was
received more than `PPID_RETENSI_BULAN` months (default 24) before the run in a year the desk
has marked final (`mart.publikasi` status `final`): guestbook and web-form requests, visits and
objections (`raw.formulir`), and e-mail, WhatsApp, Instagram and Facebook messages
(`raw.pesan`), the messages a whole thread at a time (with the objections and answers linked
to it) and only when every message of it is in scope.

A purged row keeps its place: name, NIK, contact and address become placeholders, the requester
is kept only as the keyed pseudonym (`[pemohon:<id>]`), a message's sender, subject and chat
name as keyed marks, and the free text is masked as in `core`. The body is conformed from the
purged rows before anything is written, and a thread whose records would change is left as it
is, so the rebuilt `core` rows, the count of distinct requesters and every published figure
stay the same. A file whose rows are all purged is renamed `<kode>/<sumber>/<sha256>.<ext>` in
every raw table (chat exports are named after the contact). Each purge is recorded in
`raw.retensi` (body, table, year, rows, cut-off, when); a second run finds nothing left and
records nothing. Quarantine excerpts older than the period are dropped. The desks' identities
come from `bodies.csv` in the landing zone. The logic is `transforms/retention.py`; what is not
purged is listed in docs/architecture.md#retention.
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
        from transforms.retention import run
        from transforms.runtime import pseudonym_key, task_settings

        ctx = get_current_context()
        settings, url = task_settings()
        now = pendulum.instance(ctx["dag_run"].run_after)
        return run(
            url,
            pseudonym_key(),
            now,
            settings.retention_months,
            ctx["run_id"],
            settings.landing_root,
        )

    purge()


ppid_retensi()
