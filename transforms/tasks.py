"""The pipeline's steps as plain functions of plain values: the DAGs call these, and so can a
benchmark or a debugger, without Airflow."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from transforms.config import Settings
from transforms.migrate import migrate
from transforms.reference import sync_bodies, sync_calendar, work_calendar
from transforms.refresh import BodyContext
from transforms.roles import sync_roles
from transforms.stages import stage
from transforms.warehouse import connect

log = logging.getLogger(__name__)


def prepare(url: str, settings: Settings, bodies_per_task: int) -> list[list[str]]:
    """Migrate, sync the registry and the calendar; return the bodies in batches for fan-out."""
    with connect(url) as wh:
        applied = migrate(wh)
        if applied:
            log.info("applied migrations: %s", ", ".join(applied))
        bodies = sync_bodies(wh, settings.landing_root)
        changed = sync_calendar(wh)
        log.info("calendar rows written: %d; bodies registered: %d", changed, len(bodies))
        sync_roles(wh, [b.kode for b in bodies])  # PostgreSQL: group roles, RLS and grants
    codes = [b.kode for b in bodies]
    size = max(1, bodies_per_task)
    return [codes[i : i + size] for i in range(0, len(codes), size)]


def refresh_bodies(
    url: str, settings: Settings, codes: list[str], run_id: str, status_per: date, key: bytes
) -> list[dict[str, Any]]:
    """Refresh the task's batch of bodies in one transaction (transforms.refresh.refresh_batch):
    a failure names the body and rolls the whole batch back, so a retry starts clean."""
    from transforms.parsers.bodies import load_bodies
    from transforms.refresh import BodyFailed, refresh_batch
    from transforms.stages import log_totals
    from transforms.validation import Validator

    desks = {b.kode: b.desk() for b in load_bodies(settings.landing_root / "bodies.csv")}
    validator = Validator()
    with connect(url) as wh:
        calendar = work_calendar(wh, settings.cuti_bersama_is_workday)
        contexts = [BodyContext(k, desks[k], key, calendar, status_per, run_id) for k in codes]
        try:
            summaries = refresh_batch(wh, settings.landing_root, contexts, validator)
        except BodyFailed as exc:
            raise RuntimeError(
                f"refresh of body {exc.kode_badan!r} failed, and its batch of {len(codes)} "
                f"bodies was rolled back: {exc}"
            ) from exc
    for summary in summaries:
        log.info(
            "%s: %d new files (%d already loaded, %d quarantined), %d rows, %d requests",
            summary.kode_badan,
            summary.berkas_baru,
            summary.berkas_sudah_ada,
            summary.berkas_dikarantina,
            summary.baris_dimuat,
            summary.permohonan,
        )
        for line in summary.karantina[:20]:
            log.warning("karantina %s", line)
    log_totals()
    return [asdict(summary) for summary in summaries]


def fetch_mailboxes(
    url: str,
    settings: Settings,
    codes: list[str],
    accounts: Callable[[str], Any] | None = None,
) -> list[dict[str, Any]]:
    """Fetch the live IMAP mailbox of every body that has a connection `ppid_imap_<kode>`
    (bodies without one are skipped). A failing mailbox is logged and recorded, and the other
    bodies still fetch; `mailbox_failures` turns the records into a failure at the end."""
    from transforms.imap_mailbox import account_for, fetch_new

    lookup = accounts or account_for
    results: list[dict[str, Any]] = []
    with connect(url) as wh:
        for kode in codes:
            try:
                account = lookup(kode)
                if account is None:
                    continue
                summary = fetch_new(account, settings.landing_root, wh)
            except Exception as exc:  # one mailbox must not stop the others
                log.error("mailbox of body %s not fetched: %s", kode, exc)
                results.append({"kode_badan": kode, "status": "gagal", "galat": str(exc)})
                continue
            results.append({"status": "ok", **asdict(summary)})
    return results


def mailbox_failures(results: list[dict[str, Any]]) -> None:
    """Fail, naming every body whose mailbox could not be fetched."""
    failed = [r for r in results if r.get("status") == "gagal"]
    if failed:
        raise RuntimeError(
            f"IMAP fetch failed for {len(failed)} body/bodies (their other files were still "
            "loaded): " + "; ".join(r["galat"] for r in failed)
        )


def publish_due_lists(url: str, settings: Settings, status_per: date) -> dict[str, Any]:
    """The desks' monthly files under <output>/operasional/<yyyy-mm>/ (transforms/operational.py):
    each body's requests overdue or due within 3 working days, and its quarantine report; plus
    the bodies that delivered nothing dated in the month (freshness), for the run summary."""
    from transforms.freshness import bodies_without_data, month_before
    from transforms.operational import publish_due_lists as write_due
    from transforms.operational import publish_quarantine_reports

    with connect(url) as wh:
        due = write_due(wh, status_per, settings.output_dir)
        quarantine = publish_quarantine_reports(wh, status_per, settings.output_dir)
        stale = bodies_without_data(wh, *month_before(status_per))
    log.info(
        "desk files as of %s: %d due list(s), %d quarantine report(s)",
        status_per.isoformat(),
        len(due),
        len(quarantine),
    )
    return {"berkas": [str(f) for f in due + quarantine], "tanpa_data": stale}


def publish(
    url: str, settings: Settings, year: int, run_id: str, final_by: str | None = None
) -> dict[str, Any]:
    """Publish a year as a release (a new revision folder only when its figures changed);
    with `final_by`, the desk marks the latest revision final (transforms/release.py)."""
    from transforms.release import publish_release, report_documents

    with connect(url) as wh:
        migrate(wh)
        # the reports land in the revision's temp folder (<revisi-n>/laporan/) before it is
        # renamed into place, so they are part of the immutable release
        with stage("publish") as st:
            documents = report_documents(wh, year, settings.landing_root)
            pub = publish_release(
                wh, year, settings.output_dir, run_id, documents=documents, final_by=final_by
            )
            st.rows = pub.total_requests
    log.info(
        "published %d revision %d (%s, %s): %d requests in %s",
        pub.year,
        pub.revision,
        "new" if pub.new_revision else "unchanged",
        pub.status,
        pub.total_requests,
        pub.folder,
    )
    return {
        "tahun": pub.year,
        "revisi": pub.revision,
        "revisi_baru": pub.new_revision,
        "status": pub.status,
        "data_per": pub.data_per.isoformat() if pub.data_per else None,
        "folder": str(pub.folder),
        "jumlah_permohonan": pub.total_requests,
        "berkas": [str(Path(f).relative_to(pub.folder)) for f in pub.files],
    }


def pdf_batches(settings: Settings, years: list[int], per_task: int | None = None) -> list[dict]:
    """The reports still without a PDF in the placed revisions of `years` (the latest first;
    a publish above PPID_PDF_INLINE_MAX bodies leaves them, and so may a failed run), in
    batches of `per_task` (PPID_PDF_PER_TASK) for the mapped `render_pdfs` tasks."""
    from transforms.release import revision_reports
    from transforms.report.render import missing_pdfs, pdf_per_task

    size = per_task or pdf_per_task()
    batches = []
    for year in sorted(set(years), reverse=True):
        for revision, folder in revision_reports(settings.output_dir, year).items():
            names = missing_pdfs(folder)
            for i in range(0, len(names), size):
                batches.append({"tahun": year, "revisi": revision, "laporan": names[i : i + size]})
    log.info(
        "%d report(s) without a PDF in %d batch(es)",
        sum(len(b["laporan"]) for b in batches),
        len(batches),
    )
    return batches


def render_pdfs(
    settings: Settings,
    year: int,
    revision: int,
    names: list[str] | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Write the missing PDFs of `names` (default: all missing) beside their HTML in the
    placed revision's `laporan/`, copying those whose HTML another revision of the year has
    byte for byte; idempotent, and it never touches the HTML or the figures."""
    from transforms.release import revision_reports
    from transforms.report.render import render_body_pdfs

    reports = revision_reports(settings.output_dir, year)
    if revision not in reports:
        raise FileNotFoundError(f"revisi-{revision} tahun {year} tidak punya folder laporan")
    others = sorted((r for r in reports if r != revision), key=lambda r: (abs(r - revision), -r))
    with stage("publish:pdf") as st:
        fill = render_body_pdfs(
            reports[revision], names, workers, reuse=[reports[r] for r in others]
        )
        st.rows = len(fill.rendered)
    return {
        "tahun": year,
        "revisi": revision,
        "dibuat": [p.name for p in fill.rendered],
        "disalin": [p.name for p in fill.copied],
    }


def years_to_publish(url: str, previous_year: int) -> list[int]:
    """The year before and the running year of the last refresh (provisional)."""
    from transforms.release import years_to_publish as years

    with connect(url) as wh:
        migrate(wh)
        return years(wh, previous_year)
