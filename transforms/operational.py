"""The desks' monthly action list: per body, the open requests that are past their deadline or
due within 3 working days of the run's status_per (view mart.permohonan_jatuh_tempo), written as
`<output>/operasional/<yyyy-mm>/<kode>.csv` with Indonesian headers, so a desk can act before
a deadline passes. `yyyy-mm` is status_per's month (the month the desk acts in). Every registered
body gets a file, an empty one (header only) when nothing is due, so "nothing due" is visible."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from transforms.dictionary import column_comment
from transforms.files import write_atomically
from transforms.labels import CHANNEL_LABELS, DUE_STATUS_LABELS
from transforms.warehouse import Warehouse

VIEW = "mart.permohonan_jatuh_tempo"
COLUMNS = (
    "nomor_pendaftaran",
    "permohonan_id",
    "saluran",
    "tanggal_diterima",
    "perpanjangan",
    "tenggat",
    "sisa_hari_kerja",
    "status",
)


def due_list_headers() -> list[str]:
    """Column headers, worded as the view's catalogue comments (transforms/labels.py)."""
    return [column_comment(VIEW, c) or c for c in COLUMNS]


def publish_due_lists(wh: Warehouse, status_per: date, output_dir: Path) -> list[Path]:
    """Write one CSV per registered body; returns the files written (rewritten when rerun)."""
    rows = wh.query(
        f"SELECT kode_badan, {', '.join(COLUMNS)} FROM {VIEW} WHERE status_per = ?"
        " ORDER BY kode_badan, tenggat, tanggal_diterima, permohonan_id",
        [status_per],
    )
    per_body: dict[str, list[tuple]] = {}
    for kode, *values in rows:
        per_body.setdefault(kode, []).append(tuple(values))
    folder = output_dir / "operasional" / f"{status_per:%Y-%m}"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for (kode,) in wh.query("SELECT kode_badan FROM core.badan_publik ORDER BY kode_badan"):
        path = folder / f"{kode}.csv"
        write_atomically(path, _csv(per_body.get(kode, [])))
        written.append(path)
    return written


def _csv(rows: list[tuple]) -> bytes:
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(due_list_headers())
    for row in rows:
        shown = dict(zip(COLUMNS, row, strict=True))
        shown["saluran"] = CHANNEL_LABELS.get(shown["saluran"], shown["saluran"])
        shown["status"] = DUE_STATUS_LABELS[shown["status"]]
        shown["perpanjangan"] = "Ya" if shown["perpanjangan"] else "Tidak"
        out.writerow(["" if v is None else str(v) for v in shown.values()])
    return buf.getvalue().encode("utf-8")


# The desks' quarantine report: what did not load and why, so the desk can fix and re-send.
# Never the excerpt (it may quote a requester); file names lose their contacts (as published
# change logs do), and the file's fingerprint still tells the desk exactly which file it was.
QUARANTINE_HEADERS = (
    "Sumber",
    "Berkas",
    "Sidik Berkas (SHA-256, 12 karakter awal)",
    "Baris",
    "Tahap",
    "Alasan",
    "Dicatat Pada",
)
QUARANTINE_STAGES = {
    "baca": "saat membaca berkas",
    "validasi": "pemeriksaan baris mentah",
    "validasi_core": "pemeriksaan permohonan",
    "validasi_keberatan": "pemeriksaan keberatan",
    "validasi_sengketa": "pemeriksaan sengketa",
    "validasi_survei": "pemeriksaan survei",
}


def publish_quarantine_reports(wh: Warehouse, status_per: date, output_dir: Path) -> list[Path]:
    """One CSV per registered body of everything still in quarantine as of the run:
    `<output>/operasional/<yyyy-mm>/karantina/<kode>.csv` (header only when nothing is)."""
    from transforms.release import public_file_name

    rows = wh.query(
        "SELECT kode_badan, sumber, berkas, berkas_sha256, baris, tahap, alasan, dicatat_pada"
        " FROM raw.karantina ORDER BY kode_badan, berkas, baris NULLS FIRST, tahap, alasan"
    )
    per_body: dict[str, list[list[str]]] = {}
    for kode, sumber, berkas, sha, baris, tahap, alasan, dicatat in rows:
        per_body.setdefault(kode, []).append(
            [
                sumber,
                public_file_name(berkas, sumber),
                (sha or "")[:12],
                "" if baris is None else str(baris),
                QUARANTINE_STAGES.get(tahap, tahap),
                alasan,
                _local_time(dicatat),
            ]
        )
    folder = output_dir / "operasional" / f"{status_per:%Y-%m}" / "karantina"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for (kode,) in wh.query("SELECT kode_badan FROM core.badan_publik ORDER BY kode_badan"):
        buf = io.StringIO()
        out = csv.writer(buf, lineterminator="\n")
        out.writerow(QUARANTINE_HEADERS)
        out.writerows(per_body.get(kode, []))
        path = folder / f"{kode}.csv"
        write_atomically(path, buf.getvalue().encode("utf-8"))
        written.append(path)
    return written


def _local_time(value: object) -> str:
    import pandas as pd

    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize("UTC")
    return ts.tz_convert("Asia/Pontianak").strftime("%Y-%m-%d %H:%M")
