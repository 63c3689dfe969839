"""The generator's benchmark scales: `smoke` (CI), province slices and monthly deliveries.

The files are counted by plain reading (line counts, mbox separators, csv/openpyxl rows), and
the monthly delivery's dates are read back with the project's own parsers, so a delivery that
leaks other months' data or collides with the annual files fails here. The full and small
scales keep their bytes; that is guarded in tests/test_sample_data.py.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import openpyxl
import pytest

from transforms.models import CHANNELS, FormRow, Message, SurveyResponse
from transforms.parsers.bodies import load_bodies
from transforms.parsers.buku_tamu import parse_buku_tamu
from transforms.parsers.email import parse_email
from transforms.parsers.meta import parse_facebook, parse_instagram
from transforms.parsers.survei import parse_survei
from transforms.parsers.web import parse_web
from transforms.parsers.whatsapp import parse_whatsapp
from transforms.sample_data import SCALES, generate
from transforms.sample_data.bodies import PROVINCE_BODIES, REGENCIES
from transforms.sample_data.generator import Summary, parse_years

WIB = timezone(timedelta(hours=7))
MONTH = "2025-10"  # a month of the smoke year (clashes are likeliest) with DMs on both platforms
PARSERS = {
    "email": parse_email,
    "whatsapp": parse_whatsapp,
    "buku_tamu": parse_buku_tamu,
    "web": parse_web,
    "instagram": parse_instagram,
    "facebook": parse_facebook,
}


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("smoke")
    return out, generate(out, seed=2023, scale="smoke", jobs=1)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    out = tmp_path_factory.mktemp("month")
    return out, generate(out, seed=2023, scale="smoke", month=MONTH, jobs=1)


def file_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def channel_files(root: Path, channel: str) -> list[Path]:
    return sorted(p for p in root.glob(f"*/{channel}/**/*") if p.is_file())


def count_on_disk(root: Path) -> dict[str, int]:
    """WhatsApp lines, mail messages, survey rows, files and bytes, read from the files."""
    wa = 0
    for p in channel_files(root, "whatsapp"):
        if p.suffix == ".zip":
            with zipfile.ZipFile(p) as zf:
                wa += sum(zf.read(n).count(b"\n") for n in zf.namelist() if n.endswith(".txt"))
        elif not p.name.startswith("catatan_admin"):  # a desk's note, not a chat export
            wa += p.read_bytes().count(b"\n")
    mails = 0
    for p in channel_files(root, "email"):
        if p.suffix == ".eml":
            mails += 1
        else:
            mails += sum(line.startswith(b"From ") for line in p.read_bytes().split(b"\n"))
    answers = 0
    for p in channel_files(root, "survei"):
        if p.suffix == ".xlsx":
            wb = openpyxl.load_workbook(p, read_only=True)
            answers += sum(1 for row in wb.active.iter_rows(values_only=True) if any(row)) - 1
            wb.close()
        else:
            rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
            answers += len(rows) - 1
    files = [p for p in root.rglob("*") if p.is_file()]
    return {
        "wa_lines": wa,
        "emails": mails,
        "survey_answers": answers,
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
    }


# --- smoke ------------------------------------------------------------------------------------


def test_smoke_has_every_channel(smoke: tuple[Path, Summary]) -> None:
    root, summary = smoke
    by_channel = summary.by_channel()
    assert all(by_channel[ch] > 0 for ch in CHANNELS), by_channel
    assert 300 <= sum(by_channel.values()) <= 2000
    assert summary.years == (2025,) and summary.bodies == 6
    for folder in (*CHANNELS, "survei", "sengketa"):
        assert channel_files(root, folder), folder
    with (root / "bodies.csv").open(encoding="utf-8", newline="") as fh:
        rows = {r["kode"]: r for r in csv.DictReader(fh)}
    assert list(rows) == list(SCALES["smoke"].codes)
    unit = rows["dinkes-pontianak"]
    assert unit["nama"] == "Dinas Kesehatan Kota Pontianak"
    assert unit["kabupaten_kota"] == "Kota Pontianak" and unit["induk"] == "pontianak"
    assert rows["disdukcapil-bengkayang"]["induk"] == "diskominfo-bengkayang"
    load_bodies(root / "bodies.csv")  # the pipeline's registry check (parents registered)


def test_smoke_summary_matches_the_files(smoke: tuple[Path, Summary]) -> None:
    root, summary = smoke
    disk = count_on_disk(root)
    assert disk["wa_lines"] == summary.written["wa_lines"] > 1000
    assert disk["emails"] == summary.written["emails"] > 100
    assert disk["survey_answers"] == summary.written["survey_answers"] > 100
    assert disk["files"] == summary.files
    assert disk["bytes"] == summary.bytes
    line = summary.line()
    for value, what in (
        (disk["wa_lines"], "WhatsApp lines"),
        (disk["emails"], "e-mail messages"),
        (disk["survey_answers"], "survey answers"),
        (disk["files"], "files"),
        (disk["bytes"], "bytes"),
    ):
        assert f"{value} {what}" in line


def test_jobs_do_not_change_the_files(smoke: tuple[Path, Summary], tmp_path: Path) -> None:
    root, summary = smoke
    again = generate(tmp_path, seed=2023, scale="smoke", jobs=2)
    assert file_hashes(tmp_path) == file_hashes(root)
    assert again.line() == summary.line()


# --- monthly delivery -------------------------------------------------------------------------


def test_month_adds_files_without_clashing(
    smoke: tuple[Path, Summary], month: tuple[Path, Summary]
) -> None:
    annual, monthly = file_hashes(smoke[0]), file_hashes(month[0])
    assert set(annual) & set(monthly) == {"bodies.csv"}
    assert annual["bodies.csv"] == monthly["bodies.csv"]
    for rel in monthly:
        assert rel == "bodies.csv" or MONTH in rel, rel
    summary = month[1]
    assert {y for (_, _, y) in summary.requests} == {2025}
    assert 20 <= sum(summary.requests.values()) < sum(smoke[1].requests.values()) / 4
    assert summary.line().count(MONTH) == 1


def parse_all(root: Path) -> dict[str, list[object]]:
    rows: dict[str, list[object]] = {}
    for channel, parse in PARSERS.items():
        for p in channel_files(root, channel):
            if p.name.startswith("catatan_admin") or p.name.endswith("_revisi.xlsx"):
                continue  # the deliberate non-chat note and corrupt workbook
            rows.setdefault(channel, []).extend(parse(p).rows)
    for p in channel_files(root, "survei"):
        rows.setdefault("survei", []).extend(parse_survei(p, p.parts[-3]).rows)
    return rows


def test_month_holds_only_that_month(month: tuple[Path, Summary]) -> None:
    start = datetime(2025, 10, 1, tzinfo=WIB)
    end, cutoff = datetime(2025, 11, 1, tzinfo=WIB), datetime(2025, 12, 1, tzinfo=WIB)
    rows = parse_all(month[0])
    assert set(rows) == {*PARSERS, "survei"}
    later = 0
    for channel, records in rows.items():
        assert records, channel
        for r in records:
            if isinstance(r, Message):
                assert start <= r.dikirim_pada < cutoff, (channel, r)
                later += r.dikirim_pada >= end
            elif isinstance(r, FormRow):
                limit = cutoff if r.jenis == "keberatan" else end  # objections come later
                assert start <= r.diterima_pada < limit, (channel, r)
                for d in (r.tanggal_keputusan, r.tanggal_pemberian):
                    assert d is None or start.date() <= d < cutoff.date(), (channel, r)
            else:
                assert isinstance(r, SurveyResponse)
                assert start <= r.diisi_pada < end
    assert later > 0  # replies to late-month requests reach into the next month


def test_month_is_the_annual_data_of_that_month(
    smoke: tuple[Path, Summary], month: tuple[Path, Summary]
) -> None:
    """The same requests as the annual export's of that month (same numbers, same mail ids)."""
    annual, monthly = parse_all(smoke[0]), parse_all(month[0])

    def web_requests(rows: list[object], in_month: bool) -> set[str | None]:
        return {
            r.nomor_pendaftaran
            for r in rows
            if isinstance(r, FormRow)
            and r.jenis == "permohonan"
            and (not in_month or r.diterima_pada.month == 10)
        }

    assert web_requests(monthly["web"], False) == web_requests(annual["web"], True) != set()
    annual_mail = {m.message_key: m for m in annual["email"] if isinstance(m, Message)}
    month_mail = {m.message_key for m in monthly["email"] if isinstance(m, Message)}
    assert month_mail <= set(annual_mail)
    opened_in_month = {
        k
        for k, m in annual_mail.items()
        if m.dikirim_pada.month == 10 and not m.in_reply_to and "eberatan" not in (m.subjek or "")
    }
    assert opened_in_month and opened_in_month <= month_mail


# --- province ---------------------------------------------------------------------------------


def test_province_bodies_and_order() -> None:
    codes = SCALES["province"].codes
    assert len(codes) == len(set(codes)) == 600
    assert codes[:40] == SCALES["full"].codes
    by_code = {b.kode: b for b in PROVINCE_BODIES}
    for scale in SCALES.values():  # any --bodies N slice of any scale has every unit's parent
        for i, kode in enumerate(scale.codes):
            induk = by_code[kode].induk
            assert not induk or induk in scale.codes[:i], (scale.name, kode)
    per_regency = {name: 0 for name, *_ in REGENCIES}
    for b in PROVINCE_BODIES[40:]:
        per_regency[b.kabupaten_kota] += 1
    assert set(per_regency.values()) == {40}
    assert by_code["dinkes-kapuashulu"].nama == "Dinas Kesehatan Kabupaten Kapuas Hulu"
    volumes = sorted(b.volume for b in PROVINCE_BODIES)
    assert volumes[-1] > 20 * volumes[0]  # big and small bodies


def test_years_and_month_options() -> None:
    assert parse_years("2023-2025") == (2023, 2024, 2025) and parse_years("2025") == (2025,)
    with pytest.raises(ValueError):
        parse_years("2025-2023")
    with pytest.raises(ValueError):
        generate("/nonexistent", scale="smoke", years=(2025,), month="2026-01")
    with pytest.raises(ValueError):
        generate("/nonexistent", scale="smoke", month="2026-13")


def test_error_rows_in_any_year(tmp_path: Path) -> None:
    """The deliberate errors move to the last year when 2023 is not generated; an even year's
    web export is the Excel re-save, whose impossible dates must be written, not crash it."""
    summary = generate(tmp_path, scale="smoke", bodies=3, years=(2026,))
    assert summary.years == (2026,)
    resaved = (tmp_path / "pontianak" / "web" / "kiriman_2026.csv").read_bytes().decode("cp1252")
    assert "30/02/2026 10:00" in resaved and "/13/2026" in resaved
    assert (tmp_path / "dinkes" / "buku_tamu" / "buku_tamu_2026_revisi.xlsx").exists()
