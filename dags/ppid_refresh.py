"""
### ppid_refresh

Monthly refresh of the PPID warehouse: every body's new landing files (e-mail, WhatsApp,
buku tamu, web) are parsed into `raw`, validated with Great Expectations (bad rows and files go
to `raw.karantina` with a reason), and the bodies' core tables are rebuilt, one transaction
per batch of bodies (a failure names the body). Files already loaded (same SHA-256) are
skipped, so re-runs change nothing.

Before the refresh, `fetch_mailboxes` copies the new messages of each body's live mailbox
(Airflow connection `ppid_imap_<kode>`, conn_type imap; bodies without one are skipped) into
the landing zone, incrementally by IMAP UID. A mailbox that cannot be fetched (wrong password,
server down) is logged with the body's code and the other bodies still fetch and refresh; the
final task `check_mailboxes` then fails naming those bodies, so the run shows red while the
figures of everyone else are still loaded and published.

Runs on the 1st of each month (WIB) for the month before; `status_per` (open vs. overdue) is the
end of that month. Fans out over batches of bodies (`PPID_BODIES_PER_TASK`, default 8).
`summarise` also writes each body's action list (open requests overdue or due within 3 working
days, view `mart.permohonan_jatuh_tempo`) to `<PPID_OUTPUT_DIR>/operasional/<yyyy-mm>/<kode>.csv`;
`prepare` creates the PostgreSQL roles and grants (transforms/roles.py) when it may.
On success it updates the `ppid_core_permohonan` asset, which triggers `ppid_publish_annual`.
"""

from __future__ import annotations

import os

import pendulum
from airflow.sdk import dag, get_current_context, task
from airflow.timetables.interval import CronDataIntervalTimetable
from ppid_assets import CORE_REQUESTS

WIB = "Asia/Pontianak"


def _status_per():
    """The run's reference date for open vs overdue: the data interval's end, in WIB."""
    ctx = get_current_context()
    end = ctx.get("data_interval_end") or ctx["dag_run"].run_after
    return pendulum.instance(end).in_timezone(WIB).date()


@dag(
    dag_id="ppid_refresh",
    schedule=CronDataIntervalTimetable("0 1 1 * *", timezone=WIB),
    start_date=pendulum.datetime(2022, 1, 1, tz=WIB),
    catchup=False,
    max_active_runs=1,
    doc_md=__doc__,
    tags=["ppid", "warehouse"],
    default_args={
        "owner": "ppid-data",
        "retries": int(os.environ.get("PPID_TASK_RETRIES", "2")),
        "retry_delay": pendulum.duration(minutes=5),
    },
)
def ppid_refresh() -> None:
    @task
    def prepare() -> list[list[str]]:
        from transforms.runtime import task_settings
        from transforms.tasks import prepare as run

        settings, url = task_settings()
        return run(url, settings, settings.bodies_per_task)

    @task
    def fetch_mailboxes(batches: list[list[str]]) -> list[dict]:
        from transforms.runtime import task_settings
        from transforms.tasks import fetch_mailboxes as run

        settings, url = task_settings()
        return run(url, settings, [kode for b in batches for kode in b])

    @task
    def refresh(batch: list[str]) -> list[dict]:
        from transforms.runtime import pseudonym_key, task_settings
        from transforms.tasks import refresh_bodies

        settings, url = task_settings()
        run_id = get_current_context()["run_id"]
        return refresh_bodies(url, settings, batch, run_id, _status_per(), pseudonym_key())

    @task(outlets=[CORE_REQUESTS])
    def summarise(results: list[list[dict]]) -> dict:
        from transforms.runtime import task_settings
        from transforms.summary import run_summary
        from transforms.tasks import publish_due_lists

        settings, url = task_settings()  # the desks' files: operasional/<yyyy-mm>/
        desk = publish_due_lists(url, settings, _status_per())
        return run_summary([body for batch in results for body in batch], desk["tanpa_data"])

    @task
    def check_mailboxes(fetched: list[dict]) -> None:
        from transforms.tasks import mailbox_failures

        mailbox_failures(fetched)

    batches = prepare()
    fetched = fetch_mailboxes(batches)
    refreshed = refresh.expand(batch=batches)
    fetched >> refreshed
    summarise(refreshed) >> check_mailboxes(fetched)


ppid_refresh()
