"""The desks' action list (mart.permohonan_jatuh_tempo and its monthly CSV per body), counted by
hand on crafted requests around the May 2024 holidays, on DuckDB and PostgreSQL.

Calendar (core.kalender_kerja): 1 May Hari Buruh, 9 May Kenaikan Isa Almasih, 10 May cuti
bersama; 4-5 and 11-12 May weekends. status_per is Wednesday 8 May 2024, so the working days
after it are 13 (1), 14 (2), 15 (3), 16 (4) May: a deadline 7 calendar days away is still
within 3 working days."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from transforms.migrate import migrate
from transforms.operational import publish_due_lists
from transforms.reference import sync_calendar
from transforms.warehouse import Warehouse, connect

STATUS_PER = date(2024, 5, 8)
WIB = ZoneInfo("Asia/Pontianak")

# (id, body, channel, number, received, extension, deadline 10th, deadline 17th, decision, class)
# deadlines counted by hand from the receipt (day one = first working day after it)
REQUESTS = [
    # received Fri 26 Apr: day 1 = 29 Apr ... day 10 = 15 May -> 3 working days left
    (
        "p-due",
        "dinas-a",
        "email",
        "001/PPID/V/2024",
        date(2024, 4, 26),
        False,
        date(2024, 5, 15),
        date(2024, 5, 28),
        None,
        "belum_selesai",
    ),
    # received Mon 29 Apr: day 10 = 16 May -> 4 working days left: not listed yet
    (
        "p-later",
        "dinas-a",
        "web",
        "002/PPID/V/2024",
        date(2024, 4, 29),
        False,
        date(2024, 5, 16),
        date(2024, 5, 29),
        None,
        "belum_selesai",
    ),
    # received Mon 15 Apr (cuti bersama): day 10 = 29 Apr; 30 Apr, 2, 3, 6, 7, 8 May passed
    (
        "p-overdue",
        "dinas-a",
        "whatsapp",
        None,
        date(2024, 4, 15),
        False,
        date(2024, 4, 29),
        date(2024, 5, 13),
        None,
        "lewat_tenggat",
    ),
    # same day, with an extension notice: the 17th working day (13 May) applies -> 1 left
    (
        "p-extended",
        "dinas-a",
        "buku_tamu",
        "004/PPID/IV/2024",
        date(2024, 4, 15),
        True,
        date(2024, 4, 29),
        date(2024, 5, 13),
        None,
        "belum_selesai",
    ),
    # decided: never listed, even with a deadline tomorrow
    (
        "p-decided",
        "dinas-a",
        "email",
        "005/PPID/V/2024",
        date(2024, 4, 26),
        False,
        date(2024, 5, 15),
        date(2024, 5, 28),
        "dikabulkan_seluruhnya",
        "tepat_waktu",
    ),
    # another body's request due on status_per itself: 0 working days left
    (
        "p-other",
        "dinas-b",
        "email",
        "B-01",
        date(2024, 4, 23),
        False,
        date(2024, 5, 8),
        date(2024, 5, 17),
        None,
        "belum_selesai",
    ),
]


def _load(wh: Warehouse) -> None:
    migrate(wh)
    sync_calendar(wh, today=date(2024, 5, 8))
    for kode in ("dinas-a", "dinas-b", "dinas-c"):
        wh.execute(
            "INSERT INTO core.badan_publik (kode_badan, nama, jenis) VALUES (?, ?, 'pelaksana')",
            [kode, f"Dinas {kode[-1].upper()}"],
        )
    for pid, kode, ch, nomor, rec, ext, t10, t17, kep, kelas in REQUESTS:
        wh.execute(
            "INSERT INTO core.permohonan (permohonan_id, kode_badan, saluran, diterima_pada,"
            " tanggal_diterima, tahun, bulan, nomor_pendaftaran, lengkap, keputusan,"
            " tanggal_keputusan, perpanjangan, tenggat, tenggat_perpanjangan, kelas_waktu,"
            " status_per, sumber_berkas, sumber_baris)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?, ?, ?, ?, ?, 'uji.csv', 1)",
            [
                pid, kode, ch, datetime(rec.year, rec.month, rec.day, 9, tzinfo=WIB), rec,
                rec.year, rec.month, nomor, kep, date(2024, 5, 7) if kep else None, ext,
                t10, t17, kelas, STATUS_PER,
            ],
        )  # fmt: skip


def test_due_view_counted_by_hand(warehouse_url: str) -> None:
    with connect(warehouse_url) as wh:
        _load(wh)
        rows = wh.query(
            "SELECT kode_badan, permohonan_id, nomor_pendaftaran, saluran, tanggal_diterima,"
            " perpanjangan, tenggat, sisa_hari_kerja, status, status_per"
            " FROM mart.permohonan_jatuh_tempo ORDER BY kode_badan, permohonan_id"
        )
    assert rows == [
        ("dinas-a", "p-due", "001/PPID/V/2024", "email", date(2024, 4, 26), False,
         date(2024, 5, 15), 3, "jatuh_tempo_3_hari", STATUS_PER),
        ("dinas-a", "p-extended", "004/PPID/IV/2024", "buku_tamu", date(2024, 4, 15), True,
         date(2024, 5, 13), 1, "jatuh_tempo_3_hari", STATUS_PER),
        ("dinas-a", "p-overdue", None, "whatsapp", date(2024, 4, 15), False,
         date(2024, 4, 29), -6, "lewat_tenggat", STATUS_PER),
        ("dinas-b", "p-other", "B-01", "email", date(2024, 4, 23), False,
         date(2024, 5, 8), 0, "jatuh_tempo_3_hari", STATUS_PER),
    ]  # fmt: skip


def test_monthly_csv_per_body(duckdb_url: str, tmp_path: Path) -> None:
    with connect(duckdb_url) as wh:
        _load(wh)
        files = publish_due_lists(wh, STATUS_PER, tmp_path)
        again = publish_due_lists(wh, STATUS_PER, tmp_path)  # a re-run rewrites, same bytes
    folder = tmp_path / "operasional" / "2024-05"
    assert (
        files == again == [folder / "dinas-a.csv", folder / "dinas-b.csv", folder / "dinas-c.csv"]
    )
    with (folder / "dinas-a.csv").open(encoding="utf-8") as fh:
        table = list(csv.reader(fh))
    assert table[0] == [
        "Nomor Pendaftaran Permohonan",
        "ID Permohonan",
        "Saluran Permohonan",
        "Tanggal Permohonan Diterima (WIB)",
        "Dengan Pemberitahuan Perpanjangan Waktu",
        "Batas Waktu (10 Hari Kerja; 17 bila Diperpanjang)",
        "Sisa Hari Kerja (negatif: sudah lewat)",
        "Status Jatuh Tempo",
    ]
    assert table[1:] == [  # ordered by deadline
        ["", "p-overdue", "WhatsApp", "2024-04-15", "Tidak", "2024-04-29", "-6",
         "Melewati Jangka Waktu"],
        ["004/PPID/IV/2024", "p-extended", "Buku Tamu", "2024-04-15", "Ya", "2024-05-13", "1",
         "Jatuh Tempo dalam 3 Hari Kerja"],
        ["001/PPID/V/2024", "p-due", "E-mail", "2024-04-26", "Tidak", "2024-05-15", "3",
         "Jatuh Tempo dalam 3 Hari Kerja"],
    ]  # fmt: skip
    assert (folder / "dinas-b.csv").read_text(encoding="utf-8").count("\n") == 2
    # nothing due: the header alone, so the desk sees the list was made
    assert (folder / "dinas-c.csv").read_text(encoding="utf-8").splitlines() == [",".join(table[0])]
