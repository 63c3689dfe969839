"""The sample landing zone generator: deterministic, well-formed, and true to the seed report.

Counting here is done by plain reading (mailbox, openpyxl, a line regex), not with the
project's parsers, so the generator is checked independently of them.
"""

from __future__ import annotations

import csv
import email.utils
import hashlib
import mailbox
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import holidays
import openpyxl
import pytest

from transforms.sample_data import generate

ROOT = Path(__file__).resolve().parents[1]
WIB = timezone(timedelta(hours=7))
DESK_EMAIL = "diskopukm@kalbarprov.go.id"
DESK_WA = {"PPID Diskopukm Kalbar", "Admin PPID Diskopukm"}
BULAN = {
    m: i
    for i, m in enumerate(
        (
            "januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
            "september", "oktober", "november", "desember",
        ),
        start=1,
    )
}  # fmt: skip
CLOSED = set(
    holidays.country_holidays("ID", years=range(2022, 2026), categories=("public", "government"))
)
WA_HEADER = re.compile(r"^(\d{2})/(\d{2})/(\d{2}) (\d{2})\.(\d{2}) - (.*)$")


def workday(d: date) -> bool:
    return d.weekday() < 5 and d not in CLOSED


def workdays_after(a: date, b: date) -> int:
    return sum(workday(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("landing")
    summary = generate(out, seed=2023, scale="small")
    assert summary.requests[("diskopukm", "email", 2023)] == 121
    return out


def file_hashes(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def unique_files(folder: Path, pattern: str = "*") -> list[Path]:
    """Files of a folder, a second delivery of the same bytes dropped."""
    seen: set[str] = set()
    out = []
    for p in sorted(folder.glob(pattern)):
        digest = hashlib.sha256(p.read_bytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            out.append(p)
    return out


# --- determinism and layout -------------------------------------------------------------------


def test_same_seed_gives_identical_files(landing: Path, tmp_path: Path) -> None:
    # A second run in another process with another hash seed: nothing may depend on either.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    cmd = [sys.executable, "-m", "transforms.sample_data", "--out", str(tmp_path / "again")]
    done = subprocess.run(
        [*cmd, "--scale", "small", "--seed", "2023"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "diskopukm 2023: 671 requests" in done.stdout
    assert len(done.stdout.strip().splitlines()) == 1
    assert file_hashes(tmp_path / "again") == file_hashes(landing)


def test_other_seed_differs(landing: Path, tmp_path: Path) -> None:
    generate(tmp_path, seed=7, scale="small")
    ours = file_hashes(tmp_path)
    assert ours.keys() != file_hashes(landing).keys() or ours != file_hashes(landing)
    assert len(read_diskopukm_requests(tmp_path)) == 671


def test_bodies_csv_and_layout(landing: Path) -> None:
    with (landing / "bodies.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [
        "kode",
        "nama",
        "jenis",
        "induk",
        "kabupaten_kota",
        "email",
        "whatsapp",
        "media_sosial",
    ]
    by_code = {r["kode"]: r for r in rows}
    assert set(by_code) == {"diskominfo", "diskopukm", "dinkes", "pontianak"}
    assert by_code["diskominfo"]["jenis"] == "utama" and by_code["diskominfo"]["induk"] == ""
    assert all(r["induk"] == "diskominfo" for k, r in by_code.items() if k != "diskominfo")
    assert by_code["pontianak"]["kabupaten_kota"] == "Kota Pontianak"
    d = by_code["diskopukm"]
    assert d["nama"] == "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Kalimantan Barat"
    assert d["email"].split(";") == [DESK_EMAIL]
    assert set(d["whatsapp"].split(";")) == DESK_WA
    assert sorted(p.name for p in (landing / "diskopukm").iterdir()) == [
        "buku_tamu",
        "email",
        "laporan",  # the report's prose (narasi-2023.yaml), not a channel
        "survei",
        "whatsapp",
    ]
    channels = {
        "email", "whatsapp", "buku_tamu", "web", "sengketa", "instagram", "facebook", "survei",
        "laporan",
    }  # fmt: skip
    assert d["media_sosial"] == ""  # the seed body has no Instagram/Facebook desk
    assert by_code["diskominfo"]["media_sosial"].split(";") == [
        "PPID Diskominfo Official",
        "Layanan PPID Diskominfo",
    ]
    assert list((landing / "diskominfo" / "instagram").glob("*.zip"))
    assert list((landing / "dinkes" / "facebook").rglob("message_1.json"))
    for body in by_code:
        assert {p.name for p in (landing / body).iterdir()} <= channels
    assert {p.name for p in landing.iterdir()} == set(by_code) | {"bodies.csv"}


def test_mboxes_and_workbooks_are_readable(landing: Path) -> None:
    mboxes = sorted(landing.rglob("*.mbox"))
    assert mboxes
    broken = []  # one request mail with an impossible Date, to be quarantined (not diskopukm)
    for path in mboxes:
        box = mailbox.mbox(path, create=False)
        ids = [m["Message-ID"] for m in box]
        assert ids and all(ids) and len(ids) == len(set(ids)), path
        for m in box:
            try:
                assert email.utils.parsedate_to_datetime(m["Date"])
            except ValueError:
                broken.append((path.relative_to(landing).parts[0], m["Date"]))
    assert broken == [("dinkes", "Senin, 31 Februari 2023 10.00 WIB")]
    takeout = landing / "pontianak" / "email" / "Takeout" / "Mail"
    for name in ("All mail Including Spam and Trash.mbox", "Terkirim.mbox"):
        box = mailbox.mbox(takeout / name, create=False)
        assert all(m["X-GM-THRID"] and m["X-Gmail-Labels"] for m in box), name
    workbooks = sorted(landing.rglob("*.xlsx"))
    corrupt = [p for p in workbooks if p.name.endswith("_revisi.xlsx")]
    assert [p.parent.parent.name for p in corrupt] == ["dinkes"]
    for path in workbooks:
        if path in corrupt:
            with pytest.raises(Exception):  # noqa: B017 - random bytes, any error is fine
                openpyxl.load_workbook(path)
        else:
            assert openpyxl.load_workbook(path, read_only=True).active.max_row > 3


# --- diskopukm 2023: the seed report ----------------------------------------------------------


def _mail_text(msg: mailbox.mboxMessage) -> str:
    parts = msg.walk() if msg.is_multipart() else [msg]
    texts = []
    for part in parts:
        if part.get_content_type().startswith("text/"):
            payload = part.get_payload(decode=True) or b""
            texts.append(payload.decode(part.get_content_charset() or "utf-8"))
    return "\n".join(texts)


def _is_request(text: str) -> bool:
    return bool(re.search(r"^rincian informasi", text, re.I | re.M))


def _keputusan(text: str) -> list[str]:
    return re.findall(r"^Keputusan\s*:\s*(.+)$", text, re.M)


def read_email(root: Path) -> tuple[dict[str, date], list[tuple[date, date, list[str]]]]:
    """Requests {Message-ID: received WIB date} and desk notices (received, decided, texts)."""
    requests: dict[str, date] = {}
    notices = []
    for path in unique_files(root / "diskopukm" / "email", "*.mbox"):
        for msg in mailbox.mbox(path, create=False):
            sender = email.utils.parseaddr(msg["From"])[1].lower()
            when = email.utils.parsedate_to_datetime(msg["Date"]).astimezone(WIB).date()
            text = _mail_text(msg)
            if sender != DESK_EMAIL and _is_request(text):
                requests[msg["Message-ID"]] = when
            elif sender == DESK_EMAIL and _keputusan(text):
                root_id = msg["References"].split()[0]
                notices.append((root_id, when, _keputusan(text)))
    return requests, [(requests[r], when, k) for r, when, k in notices]


def _chat_text(path: Path) -> str:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as zf:
            (name,) = [n for n in zf.namelist() if n.endswith(".txt")]
            return zf.read(name).decode("utf-8")
    return path.read_text(encoding="utf-8")


def read_whatsapp(root: Path) -> tuple[set[tuple], list[tuple[date, date, list[str]]]]:
    """Request messages (deduplicated across overlapping exports) and desk notices."""
    requests: set[tuple] = set()
    notices = []
    for path in unique_files(root / "diskopukm" / "whatsapp"):
        lines = _chat_text(path).splitlines()
        assert "Pesan dan panggilan terenkripsi secara end-to-end" in lines[0], path
        chat = re.sub(r" \(1\)$", "", path.stem)
        messages: list[list] = []
        for line in lines[1:]:
            m = WA_HEADER.match(line)
            if m:
                dd, mm, yy, _, _, rest = m.groups()
                sender, _, text = rest.partition(": ")
                messages.append([line, date(2000 + int(yy), int(mm), int(dd)), sender, text])
            else:
                messages[-1][3] += "\n" + line
        last_request = None
        for header, day, sender, text in messages:
            if sender not in DESK_WA and _is_request(text):
                requests.add((chat, header, text))
                last_request = day
            elif sender in DESK_WA and _keputusan(text):
                notices.append((last_request, day, _keputusan(text)))
    return requests, notices


def read_buku_tamu(root: Path) -> tuple[list[tuple], int]:
    """Request rows (received, decided, keputusan) of the 2023 guestbook, and the visit count."""
    files = unique_files(root / "diskopukm" / "buku_tamu", "*2023*.xlsx")
    assert len(files) == 1  # the re-delivered copy has the same bytes
    ws = openpyxl.load_workbook(files[0], read_only=True).active
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    start = next(i for i, r in enumerate(rows) if "Keperluan" in r)
    col = {name: j for j, name in enumerate(rows[start])}
    requests, visits = [], 0
    for row in rows[start + 1 :]:
        if not any(row):
            continue
        keperluan = row[col["Keperluan"]] or ""
        if re.search(r"informasi|data", keperluan, re.I) and row[col["Informasi yang diminta"]]:
            received = _as_date(row[col["Tanggal"]])
            decided = _as_date(row[col["Tanggal ditanggapi"]])
            requests.append((received, decided, [row[col["Keputusan"]]]))
        else:
            visits += 1
    return requests, visits


def _as_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    text = str(value).strip()
    if m := re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    day, month, year = text.split()
    return date(int(year), BULAN[month.lower()], int(day))


def read_diskopukm_requests(root: Path) -> list[tuple[str, date]]:
    mails, _ = read_email(root)
    chats, _ = read_whatsapp(root)
    guests, _ = read_buku_tamu(root)
    out = [("email", d) for d in mails.values()]
    out += [("whatsapp", date(2000 + int(h[6:8]), int(h[3:5]), int(h[0:2]))) for _, h, _ in chats]
    out += [("buku_tamu", received) for received, _, _ in guests]
    return [(ch, d) for ch, d in out if d.year == 2023]


def test_diskopukm_2023_has_exactly_671_requests(landing: Path) -> None:
    found = read_diskopukm_requests(landing)
    by_channel = {
        ch: sum(1 for c, _ in found if c == ch) for ch in ("email", "whatsapp", "buku_tamu")
    }
    assert by_channel == {"email": 121, "whatsapp": 152, "buku_tamu": 398}
    assert len(found) == 671
    assert not (landing / "diskopukm" / "web").exists()


def test_diskopukm_mess_is_present_but_harmless(landing: Path) -> None:
    bt = landing / "diskopukm" / "buku_tamu"
    assert len(list(bt.glob("*2023*.xlsx"))) == 2  # same file delivered twice
    _, visits = read_buku_tamu(landing)
    assert visits >= 20  # Koordinasi / Konsultasi / Audiensi / Rapat
    wa = landing / "diskopukm" / "whatsapp"
    assert list(wa.glob("* (1).txt"))  # earlier exports overlapping later ones
    assert list(wa.glob("*.zip"))
    raw = sum(len(re.findall(r"^Rincian informasi", _chat_text(p), re.M)) for p in wa.iterdir())
    chats, _ = read_whatsapp(landing)
    assert raw > len(chats)  # the overlap really repeats request messages


def test_diskopukm_decisions_all_granted_in_time(landing: Path) -> None:
    _, mail_notices = read_email(landing)
    _, chat_notices = read_whatsapp(landing)
    guests, _ = read_buku_tamu(landing)
    notices = mail_notices + chat_notices + guests
    assert len(notices) >= 671
    for received, decided, keputusan in notices:
        assert keputusan == ["Dikabulkan seluruhnya"]
        if received.year != 2023:
            continue
        assert workday(decided), decided
        assert 1 <= (decided - received).days <= 5 or not any(
            workday(received + timedelta(days=k)) for k in range(1, 6)
        ), (received, decided)
        assert 1 <= workdays_after(received, decided) <= 7, (received, decided)
    for path in (landing / "diskopukm").rglob("*"):
        if path.suffix in (".mbox", ".txt"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"ditolak|dikabulkan sebagian|perpanjangan|keberatan", text, re.I)


# --- other bodies: the real errors and mixed decisions ----------------------------------------


def test_other_bodies_carry_errors_and_mixed_decisions(landing: Path) -> None:
    texts = []
    for path in landing.rglob("*"):
        if path.is_file() and path.parts[-3] != "diskopukm" and path.suffix != ".xlsx":
            blob = path.read_bytes()
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as zf:
                    blob = b"".join(zf.read(n) for n in zf.namelist() if n.endswith(".txt"))
            texts.append(blob.decode("utf-8", errors="replace"))
    text = "\n".join(texts)
    for needle in (
        "Dikabulkan sebagian",
        "Ditolak",
        "belum dikuasai",
        "Perpanjangan: 7 hari kerja",
        "Informasi dapat diberikan",
        "keberatan",
        "-02-30T",  # impossible timestamp in a web export
        "\u200e[",  # iOS export
        "AM - ",  # English-locale export
        "Content-Type: text/html",
        'charset="windows-1252"',  # older clients, quoted-printable
        'charset="iso-8859-1"',
        "X-Gmail-Labels: Terkirim",  # Gmail Takeout
        'Content-Disposition: attachment; filename="informasi_',
    ):
        assert needle in text, needle
    assert (landing / "dinkes" / "whatsapp" / "catatan_admin.txt").exists()
    ws = openpyxl.load_workbook(landing / "dinkes" / "buku_tamu" / "buku_tamu_2023.xlsx").active
    assert any(c == "31/02/2023" for r in ws.iter_rows(values_only=True) for c in r)


def test_whatsapp_exports_carry_every_variation_of_the_contract(landing: Path) -> None:
    texts, layouts = [], set()
    for path in sorted(landing.glob("*/whatsapp/*")):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as zf:
                (chat,) = [n for n in zf.namelist() if n.endswith(".txt")]
                layouts.add((chat == "_chat.txt", chat == f"{path.stem}.txt", len(zf.namelist())))
                texts.append(zf.read(chat).decode("utf-8"))
        else:
            texts.append(path.read_text(encoding="utf-8"))
    text = "\n".join(texts)
    for needle in (
        "<terlampir: ",  # iOS with media
        "<attached: ",
        "(file terlampir)",  # Android with media
        "(file attached)",
        "<Media tidak disertakan>",
        "<Media omitted>",
        "dokumen tidak disertakan",
        "Pesan ini telah dihapus",
        "Pesan ini dihapus.",
        "This message was deleted",
        "\r\n",
        "\u202fPM]",  # iOS, English UI
        "Kode keamanan Anda dengan",
        "yg dibutuhkan",
    ):
        assert needle in text, needle
    assert re.search(r"^\u200e?\[[1-9]/[1-9]/\d\d \d\d\.\d\d\.\d\d\] ", text, re.M)  # month first
    assert re.search(r"^\d\d/\d\d/\d{4} \d\d\.\d\d - ", text, re.M)  # 4-digit year
    assert re.search(r"^\d\d/\d\d/\d{4}, \d{1,2}:\d\d\W(am|pm) - ", text, re.M)  # Indonesian region
    assert (True, False, 1) in layouts and any(ios and n > 1 for ios, _, n in layouts)
    assert any(named and n > 1 for _, named, n in layouts)  # Android zip with its media


def test_satisfaction_surveys_in_every_export_style(landing: Path) -> None:
    """Every body has a Google Forms survey each year; the seed body's 2023 survey has at least
    the Krejcie-Morgan sample for its 671 requests (245), counted once across its overlapping
    exports."""
    files = sorted(p.relative_to(landing).as_posix() for p in landing.glob("*/survei/*"))
    assert len(files) == 9 and "diskominfo/survei/SKM 2023 (Jawaban).xlsx" in files
    folder = landing / "diskopukm" / "survei"
    responses: set[tuple[str, ...]] = set()
    for path in folder.glob("SKM 2023*.csv"):
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
        assert rows[0][0] == "Cap waktu" and len(rows[0]) == 16
        responses |= {tuple(r) for r in rows[1:]}
    assert len(responses) == 252
    assert all(r[0].startswith("2023/") and r[0].endswith(" GMT+7") for r in responses)
    assert any(", " in r[5] for r in responses)  # checkbox answers joined by ", "
    header = (landing / "dinkes" / "survei" / "SKM 2023 (Jawaban).csv").read_text().splitlines()
    assert header[0].startswith("Timestamp,Gender,Age,")
    assert re.match(r"^\d{1,2}/\d{1,2}/23 \d{1,2}:\d{2},", header[1])
    pontianak = (landing / "pontianak" / "survei" / "SKM 2023 (Jawaban).csv").read_text()
    assert "Berapa lama menunggu" in pontianak.splitlines()[0]
    ws = openpyxl.load_workbook(
        landing / "diskominfo" / "survei" / "SKM 2023 (Jawaban).xlsx"
    ).active
    first = next(ws.iter_rows(min_row=2, max_row=2, values_only=True))
    assert ws.cell(1, 1).value == "Stempel waktu" and isinstance(first[0], datetime)
    assert all(isinstance(v, int) for v in first[6:15])
