"""Hostile and broken landing files: each is quarantined with a reason an officer can act on,
or loaded verbatim, within bounded memory and time, and never stops the other files.

Every hostile file is built at test time in a temp folder (the 100 MB line and the zip bombs
are never committed) and read by its registered parser (`SOURCES[...].read`) in a child
process capped at MEMORY_CAP of address space and TIMEOUT seconds."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import KEY
from transforms import limits
from transforms.config import Settings
from transforms.models import FileRejected
from transforms.tasks import prepare, refresh_bodies
from transforms.warehouse import connect

ROOT = Path(__file__).resolve().parents[1]
MEMORY_CAP = 1 << 30  # 1 GiB of address space per parsed file
TIMEOUT = 60  # seconds per parsed file, imports included

CHILD = r"""
import json, resource, sys, time
cap = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from pathlib import Path
from transforms.models import FileRejected
from transforms.sources import SOURCES
start = time.perf_counter()
out = {}
try:
    result = SOURCES[sys.argv[1]].read(Path(sys.argv[2]))
    out["rows"] = [
        {k: str(v) for k, v in vars(r).items()} for r in result.rows[:50]
    ]
    out["n_rows"] = len(result.rows)
    out["quarantined"] = [q.alasan for q in result.quarantined]
except FileRejected as exc:
    out["rejected"] = exc.reason
out["seconds"] = time.perf_counter() - start
# VmHWM: this process's peak RSS (ru_maxrss would include the parent's, kept across exec)
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM"))
out["max_rss_mb"] = int(hwm.split()[1]) / 1024
print(json.dumps(out))
"""


def read_bounded(source: str, path: Path) -> dict:
    """Parse `path` with the registered parser of `source` in a memory- and time-capped child;
    a crash, MemoryError or timeout fails the test."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    proc = subprocess.run(
        [sys.executable, "-c", CHILD, source, str(path), str(MEMORY_CAP)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        cwd=ROOT,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- builders of hostile files ------------------------------------------------------------------

CHAT = (
    "06/03/23 08.01 - Budi Santoso: Selamat pagi, saya mau minta data UMKM 2022\n"
    "06/03/23 08.05 - PPID Diskopukm: Baik Pak, kami proses\n"
)


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method, compresslevel=9) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def truncated_zip(tmp: Path, name: str = "WhatsApp Chat with Budi.zip") -> Path:
    full = _zip(tmp / "full.zip", {"_chat.txt": CHAT.encode() * 200, "foto.jpg": os.urandom(4000)})
    data = full.read_bytes()
    out = tmp / name
    out.write_bytes(data[: len(data) // 2])
    full.unlink()
    return out


def zip_bomb(tmp: Path, member: str, name: str, mib: int = 1024) -> Path:
    """`mib` MiB (1 GiB) of one repeated line, deflated about 160 : 1 (6.5 MB)."""
    path = tmp / name
    line = b"06/03/23 08.01 - Budi: a\n"
    chunk = line * ((1 << 20) // len(line))
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf,
        zf.open(member, "w", force_zip64=True) as fh,
    ):
        for _ in range(mib):
            fh.write(chunk)
    return path


def nested_zip(tmp: Path, name: str) -> Path:
    """A zip of zips of 64 MiB zero members: nested archives are never opened."""
    inner_buf = io.BytesIO()
    with zipfile.ZipFile(inner_buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nol.bin", b"\0" * (64 << 20))
    inner = inner_buf.getvalue()
    return _zip(tmp / name, {f"lapis{i}.zip": inner for i in range(10)})


def traversal_zip(tmp: Path, name: str, chat: bool) -> Path:
    if chat:
        members = {"../../_chat.txt": CHAT.encode(), "/etc/_chat.txt": CHAT.encode()}
    else:
        doc = json.dumps(META_THREAD).encode()
        members = {
            "../messages/inbox/budi_1/message_1.json": doc,
            "/messages/inbox/budi_2/message_1.json": doc,
            "C:/messages/inbox/budi_3/message_1.json": doc,
        }
    return _zip(tmp / name, members)


META_THREAD = {
    "participants": [{"name": "Budi Santoso"}, {"name": "PPID Diskopukm"}],
    "messages": [
        {
            "sender_name": "Budi Santoso",
            "timestamp_ms": 1678070460000,
            "content": "Selamat pagi, minta data UMKM 2022",
        }
    ],
    "title": "Budi Santoso",
    "thread_path": "inbox/budisantoso_123",
}


def junk(tmp: Path, name: str) -> Path:
    path = tmp / name
    path.write_bytes(bytes(range(256)) * 64 + os.urandom(8192))
    return path


def deep_json(tmp: Path) -> Path:
    path = tmp / "message_1.json"
    path.write_text('{"messages": ' + "[" * 200_000 + "]" * 200_000 + "}")
    return path


_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _cell(ref: str, value: object) -> str:
    if isinstance(value, tuple):  # (formula, cached value)
        formula, cached = value
        kind = ' t="str"' if isinstance(cached, str) else ""
        return f'<c r="{ref}"{kind}><f>{formula}</f><v>{cached}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def xlsx(
    path: Path, rows: list[list[object]], tail: str = "", vba: bool = False, doctype: str = ""
) -> Path:
    """A minimal workbook whose sheet XML is written by hand, streamed into the zip so that a
    million-row sheet stays small on disk and in memory."""
    cols = "ABCDEFGHIJ"
    main = (
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
        if vba
        else ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    )
    ct = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    book = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
        'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="Buku Tamu" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'
    )
    book_rels = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/>'
        + (
            '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships'
            '/vbaProject" Target="vbaProject.bin"/>'
            if vba
            else ""
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ct)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("xl/workbook.xml", book)
        zf.writestr("xl/_rels/workbook.xml.rels", book_rels)
        if vba:  # an (inert) macro project: it must be ignored, never run
            zf.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0Sub AutoOpen(): Shell calc\0")
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            head = _SHEET_HEAD.replace("?>", "?>" + doctype, 1)
            fh.write((head + "<sheetData>").encode())
            for r, row in enumerate(rows, start=1):
                cells = "".join(_cell(f"{cols[c]}{r}", v) for c, v in enumerate(row))
                fh.write(f'<row r="{r}">{cells}</row>'.encode())
            fh.write(tail.encode())
            fh.write(b"</sheetData></worksheet>")
    return path


def million_empty_rows(tmp: Path, name: str, head: tuple[list[object], ...] | None = None) -> Path:
    """A header, one record and 1,000,000 empty `<row>` elements (a few MB on disk)."""
    head = head or (GUESTBOOK_HEADER, GUESTBOOK_ROW)
    tail = "".join(f'<row r="{r}"/>' for r in range(len(head) + 1, len(head) + 1_000_001))
    return xlsx(tmp / name, list(head), tail)


def last_row_declared(tmp: Path, name: str, head: tuple[list[object], ...] | None = None) -> Path:
    """One cell in the sheet's last row: every row up to it is iterated."""
    return xlsx(
        tmp / name,
        list(head or (GUESTBOOK_HEADER, GUESTBOOK_ROW)),
        '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>',
    )


def billion_laughs(tmp: Path) -> Path:
    """Nested XML entities that expand to 10^9 'lol's if a parser resolves them."""
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)).replace(
        "&lol0;", "lol"
    )
    row = ["14/03/2023", "&lol9;", "Permohonan informasi", "Data"]
    return xlsx(tmp / "bt.xlsx", [GUESTBOOK_HEADER, row], doctype=f"<!DOCTYPE l [{entities}]>")


GUESTBOOK_HEADER = ["Tanggal", "Nama", "Keperluan", "Informasi yang diminta"]
SENGKETA_HEADER = ["Nomor Pendaftaran", "Tahap", "Tanggal Permohonan"]
SENGKETA_ROW = ["012/KI-KALBAR/2023", "mediasi", "14/03/2023"]
GUESTBOOK_ROW = ["14/03/2023", "Budi Santoso", "Permohonan informasi", "Data UMKM binaan 2022"]


def one_line(tmp: Path, size: int = 100_000_000) -> Path:
    """A file of `size` bytes without a line break, written in 1 MiB chunks."""
    path = tmp / "satu_baris.bin"
    chunk = b"a;" * (1 << 19)
    with path.open("wb") as fh:
        left = size
        while left > 0:
            fh.write(chunk[:left])
            left -= len(chunk)
    return path


# --- the corpus ----------------------------------------------------------------------------------

# (case id, source, builder(tmp) -> path, substring of the rejection reason)
REJECTED: list[tuple[str, str, Callable[[Path], Path], str]] = [
    ("truncated-whatsapp-zip", "whatsapp", truncated_zip, "rusak"),
    (
        "truncated-instagram-zip",
        "instagram",
        lambda t: truncated_zip(t, "instagram.zip"),
        "rusak",
    ),
    (
        "zip-bomb-whatsapp",
        "whatsapp",
        lambda t: zip_bomb(t, "_chat.txt", "bom.zip"),
        "melebihi batas ukuran setelah dibuka",
    ),
    (
        "zip-bomb-facebook",
        "facebook",
        lambda t: zip_bomb(t, "messages/inbox/budi_1/message_1.json", "bom.zip"),
        "melebihi batas ukuran setelah dibuka",
    ),
    (
        "zip-bomb-xlsx",
        "buku_tamu",
        lambda t: zip_bomb(t, "xl/worksheets/sheet1.xml", "bom.xlsx"),
        "melebihi batas ukuran setelah dibuka",
    ),
    (
        "ratio-bomb-whatsapp",  # 32 MiB: below the member limit, above the ratio
        "whatsapp",
        lambda t: zip_bomb(t, "_chat.txt", "rasio.zip", mib=32),
        "memampat lebih dari 100 kali (zip bomb)",
    ),
    ("nested-zip-whatsapp", "whatsapp", lambda t: nested_zip(t, "n.zip"), "tidak berisi"),
    ("nested-zip-instagram", "instagram", lambda t: nested_zip(t, "n.zip"), "tidak berisi"),
    (
        "traversal-whatsapp",
        "whatsapp",
        lambda t: traversal_zip(t, "c.zip", chat=True),
        "tidak berisi",
    ),
    (
        "traversal-instagram",
        "instagram",
        lambda t: traversal_zip(t, "i.zip", chat=False),
        "tidak berisi pesan",
    ),
    ("junk-txt", "whatsapp", lambda t: junk(t, "chat.txt"), "tidak dikenali"),
    ("junk-csv-web", "web", lambda t: junk(t, "kiriman.csv"), ""),
    ("junk-jsonl-web", "web", lambda t: junk(t, "kiriman.jsonl"), ""),
    ("junk-csv-buku-tamu", "buku_tamu", lambda t: junk(t, "bukutamu.csv"), ""),
    ("junk-xlsx", "survei", lambda t: junk(t, "survei.xlsx"), "tidak dapat dibaca"),
    ("junk-json", "facebook", lambda t: junk(t, "message_1.json"), "JSON"),
    ("junk-mbox", "email", lambda t: junk(t, "Inbox.mbox"), "biner"),
    ("deep-json", "instagram", deep_json, "JSON"),
    ("billion-laughs-xlsx", "buku_tamu", billion_laughs, "tidak dapat dibaca"),
    (
        "million-empty-rows-full-load",
        "buku_tamu",
        lambda t: million_empty_rows(t, "bt.xlsx"),
        "melebihi batas 100.000 baris",
    ),
    (
        "million-empty-rows-read-only",
        "sengketa",
        lambda t: million_empty_rows(t, "sengketa.xlsx", (SENGKETA_HEADER, SENGKETA_ROW)),
        "melebihi batas 100.000 baris",
    ),
    (
        "last-row-declared-read-only",
        "sengketa",
        lambda t: last_row_declared(t, "sengketa.xlsx", (SENGKETA_HEADER, SENGKETA_ROW)),
        "melebihi batas 100.000 baris",
    ),
    (
        "last-column-declared-full-load",  # 400 rows x 16,384 columns
        "buku_tamu",
        lambda t: xlsx(
            t / "bt.xlsx",
            [GUESTBOOK_HEADER, GUESTBOOK_ROW],
            '<row r="400"><c r="XFD400" t="inlineStr"><is><t>x</t></is></c></row>',
        ),
        "melebihi batas 5.000.000 sel (400 baris x 16.384 kolom)",
    ),
    (
        "last-row-declared-full-load",
        "buku_tamu",
        lambda t: last_row_declared(t, "bt.xlsx"),
        "melebihi batas 100.000 baris",
    ),
]


@pytest.mark.parametrize(
    ("source", "build", "reason"),
    [pytest.param(s, b, r, id=i) for i, s, b, r in REJECTED],
)
def test_hostile_file_is_rejected_within_bounds(
    tmp_path: Path, source: str, build: Callable[[Path], Path], reason: str
) -> None:
    path = build(tmp_path)
    before = set(tmp_path.parent.rglob("*"))
    out = read_bounded(source, path)
    assert "rejected" in out, out
    assert reason in out["rejected"]
    assert out["seconds"] < 30
    assert out["max_rss_mb"] < 512
    # nothing was extracted anywhere (`../` members included)
    assert set(tmp_path.parent.rglob("*")) == before


@pytest.fixture(scope="module")
def hundred_mb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Created at test time and deleted after (never committed, never left in /tmp)."""
    folder = tmp_path_factory.mktemp("groot")
    yield one_line(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize(
    ("source", "name", "reason"),
    [
        ("whatsapp", "chat.txt", "melebihi batas ukuran 64 MB"),
        ("web", "kiriman.csv", "melebihi batas ukuran 64 MB"),
        ("web", "kiriman.jsonl", "melebihi batas ukuran 64 MB"),
        ("buku_tamu", "bukutamu.csv", "melebihi batas ukuran 64 MB"),
        ("instagram", "message_1.json", "melebihi batas ukuran 64 MB"),
        ("email", "Inbox.mbox", "melebihi batas panjang baris 1 MB"),
        ("email", "Inbox", "melebihi batas panjang baris 1 MB"),
    ],
)
def test_hundred_mb_single_line_is_rejected_within_bounds(
    hundred_mb: Path, source: str, name: str, reason: str
) -> None:
    link = hundred_mb.parent / name
    if not link.exists():
        os.link(hundred_mb, link)
    out = read_bounded(source, link)
    assert reason in out.get("rejected", ""), out
    assert out["seconds"] < 30
    assert out["max_rss_mb"] < 900


@pytest.mark.parametrize(
    ("source", "name"),
    [("whatsapp", "chat.txt"), ("web", "kiriman.csv"), ("survei", "survei.csv")],
)
def test_long_line_below_the_size_limit_is_rejected(tmp_path: Path, source: str, name: str) -> None:
    path = one_line(tmp_path, 20_000_000)
    path = path.rename(tmp_path / name)
    out = read_bounded(source, path)
    assert "baris 1 melebihi batas panjang baris 1 MB" in out.get("rejected", ""), out


# --- safe loads: values verbatim, formulas and macros never run ---------------------------------

INJECTION = "=cmd|' /C calc'!A0"
SQL = "'; DROP TABLE raw.pesan; --"
EMOJI = '🙏🏽 Terima kasih 👍 — ‘kutip’ "ganda" \\ garis'


def test_formulas_are_read_as_cached_values_and_macros_ignored(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        GUESTBOOK_HEADER,
        # cached value 'Data UMKM' deliberately differs from what the formula would compute
        ["14/03/2023", "Budi Santoso", "Permohonan informasi", ('CONCAT("a","b")', "Data UMKM")],
        ["15/03/2023", ('WEBSERVICE("http://127.0.0.1:9/x")', "Ani"), "Permohonan", "Anggaran"],
    ]
    for name, vba in (("bukutamu.xlsx", False), ("bukutamu.xlsm", True)):
        out = read_bounded("buku_tamu", xlsx(tmp_path / name, rows, vba=vba))
        assert [(r["nama"], r["rincian"]) for r in out["rows"]] == [
            ("Budi Santoso", "Data UMKM"),
            ("Ani", "Anggaran"),
        ], out
        assert [r["diterima_pada"][:10] for r in out["rows"]] == ["2023-03-14", "2023-03-15"]


def test_utf16_and_cp1252_exports_are_decoded(tmp_path: Path) -> None:
    chat = CHAT.replace("Selamat pagi", "Selamat pagi 🙏 café")
    for codec, bom in (("utf-16-le", b"\xff\xfe"), ("utf-16-le", b""), ("utf-16-be", b"")):
        path = tmp_path / f"chat_{codec}_{len(bom)}.txt"
        path.write_bytes(bom + chat.encode(codec))
        out = read_bounded("whatsapp", path)
        assert [r["pengirim"] for r in out["rows"]] == ["Budi Santoso", "PPID Diskopukm"], out
        assert out["rows"][0]["teks"].startswith("Selamat pagi 🙏 café")
    guestbook = (
        "Tanggal;Nama;Keperluan;Informasi yang diminta\r\n"
        "14/03/2023;André;Permohonan;Data “UMKM” – 2022\r\n"
    )
    path = tmp_path / "bukutamu.csv"
    path.write_bytes(guestbook.encode("cp1252"))
    out = read_bounded("buku_tamu", path)
    assert [(r["nama"], r["rincian"]) for r in out["rows"]] == [("André", "Data “UMKM” – 2022")]
    path.write_bytes(b"\xff\xfe" + guestbook.replace(";", "\t").encode("utf-16-le"))
    out = read_bounded("buku_tamu", path)
    assert [(r["nama"], r["rincian"]) for r in out["rows"]] == [("André", "Data “UMKM” – 2022")]


def test_latin1_mojibake_in_meta_export_is_repaired(tmp_path: Path) -> None:
    # Meta exports escape UTF-8 bytes as Latin-1 code points: "café" arrives as "cafÃ©"
    doc = json.loads(json.dumps(META_THREAD))
    doc["messages"][0]["content"] = "café 🙏".encode().decode("latin-1")
    path = tmp_path / "message_1.json"
    path.write_text(json.dumps(doc))
    out = read_bounded("instagram", path)
    assert out["rows"][0]["teks"] == "café 🙏", out


def test_archive_limits_read_the_directory_not_the_data() -> None:
    """The total bound is checked from the directory alone: nothing is decompressed."""

    class Stub:
        def infolist(self) -> list[zipfile.ZipInfo]:
            infos = []
            for i in range(5):
                info = zipfile.ZipInfo(f"messages/inbox/a_{i}/message_1.json")
                info.file_size, info.compress_size = 60 << 20, 20 << 20
                infos.append(info)
            return infos

    with pytest.raises(FileRejected, match="melebihi batas ukuran setelah dibuka 256 MB"):
        limits.check_archive(Stub(), "x.zip")  # type: ignore[arg-type]
    assert limits.unsafe_member("../a.txt") and limits.unsafe_member("/etc/passwd")
    assert limits.unsafe_member("C:\\x\\message_1.json") and limits.unsafe_member("a/../../b")
    assert not limits.unsafe_member("messages/inbox/budi_1/message_1.json")


# --- end to end: hostile files beside good ones ---------------------------------------------------

WEB_HEADER = (
    "id_kiriman;jenis_formulir;waktu_kirim;nama;nik;alamat;pekerjaan;email;no_hp;"
    "rincian_informasi;tujuan_penggunaan;cara_memperoleh\n"
)


def _web_csv() -> str:
    rows = [
        f'WEB-1;permohonan;2023-03-14T09:12:45+07:00;{EMOJI};;"{SQL}";Wiraswasta;'
        f'budi@example.com;;"{INJECTION}";@SUM(1+1);melihat/membaca',
        "WEB-2;permohonan;0023-03-14T09:00:00+07:00;Ani;;;;ani@example.com;;Data;;",
        "WEB-3;permohonan;2203-03-14T09:00:00+07:00;Eko;;;;eko@example.com;;Data;;",
        "WEB-4;permohonan;2099-01-02T09:00:00+07:00;Sari;;;;sari@example.com;;Data;;",
    ]
    return WEB_HEADER + "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def hostile_landing(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    tmp = tmp_path_factory.mktemp("hostile")
    landing = tmp / "landing"
    body = landing / "diskopukm"
    for folder in ("whatsapp", "web", "buku_tamu", "instagram", "email"):
        (body / folder).mkdir(parents=True)
    (landing / "bodies.csv").write_text(
        "kode,nama,jenis,induk,kabupaten_kota,email,whatsapp\n"
        "diskopukm,Dinas Koperasi dan UKM Provinsi Kalimantan Barat,pelaksana,,,"
        "ppid.diskopukm@kalbarprov.go.id,PPID Diskopukm\n"
    )
    # good files
    good_chat = (
        CHAT
        + f"06/03/23 08.07 - Budi Santoso: {SQL} {EMOJI}\n"
        + f"06/03/23 08.08 - Budi Santoso: {INJECTION}\n"
    )
    (body / "whatsapp" / "WhatsApp Chat with Budi.txt").write_text(good_chat, encoding="utf-8")
    (body / "web" / "kiriman_2023.csv").write_text(_web_csv(), encoding="utf-8")
    # hostile files
    truncated_zip(body / "whatsapp", "WhatsApp Chat with Ani.zip")
    zip_bomb(body / "whatsapp", "_chat.txt", "WhatsApp Chat with Bom.zip")
    traversal_zip(body / "instagram", "instagram.zip", chat=False)
    junk(body / "email", "Inbox.mbox")
    million_empty_rows(body / "buku_tamu", "bukutamu_2023.xlsx")
    xlsx(body / "buku_tamu" / "makro.xlsm", [GUESTBOOK_HEADER, GUESTBOOK_ROW], vba=True)
    path = one_line(body / "web", 20_000_000)
    path.rename(body / "web" / "satu_baris.csv")

    url = f"duckdb:///{tmp / 'warehouse.duckdb'}"
    settings = dataclasses.replace(Settings.from_env(), landing_root=landing, output_dir=tmp / "o")
    for batch in prepare(url, settings, bodies_per_task=4):
        refresh_bodies(url, settings, batch, "run-hostile", date(2024, 1, 1), KEY)
    return url, landing


def test_good_files_load_verbatim_beside_hostile_ones(hostile_landing: tuple[str, Path]) -> None:
    url, _ = hostile_landing
    with connect(url) as wh:
        texts = [r[0] for r in wh.query("SELECT teks FROM raw.pesan ORDER BY baris")]
        forms = wh.query(
            "SELECT record_key, nama, alamat, rincian, tujuan FROM raw.formulir ORDER BY baris"
        )
        files = dict(wh.query("SELECT berkas, status FROM raw.berkas"))
    assert texts == [
        "Selamat pagi, saya mau minta data UMKM 2022",
        "Baik Pak, kami proses",
        f"{SQL} {EMOJI}",
        INJECTION,
    ]
    assert [f[1:] for f in forms] == [(EMOJI, SQL, INJECTION, "@SUM(1+1)")]
    assert files["diskopukm/whatsapp/WhatsApp Chat with Budi.txt"] == "dimuat"
    assert files["diskopukm/web/kiriman_2023.csv"] == "dimuat"


def test_each_hostile_file_is_quarantined_with_its_reason(
    hostile_landing: tuple[str, Path],
) -> None:
    url, _ = hostile_landing
    with connect(url) as wh:
        rows = wh.query(
            "SELECT berkas, baris, tahap, alasan FROM raw.karantina ORDER BY berkas, baris"
        )
    whole = {b.removeprefix("diskopukm/"): a for b, n, _, a in rows if n is None}
    assert set(whole) == {
        "whatsapp/WhatsApp Chat with Ani.zip",
        "whatsapp/WhatsApp Chat with Bom.zip",
        "instagram/instagram.zip",
        "email/Inbox.mbox",
        "buku_tamu/bukutamu_2023.xlsx",
        "buku_tamu/makro.xlsm",
        "web/satu_baris.csv",
    }
    assert "rusak" in whole["whatsapp/WhatsApp Chat with Ani.zip"]
    assert "melebihi batas ukuran setelah dibuka" in whole["whatsapp/WhatsApp Chat with Bom.zip"]
    assert "tidak berisi pesan Instagram" in whole["instagram/instagram.zip"]
    assert "biner" in whole["email/Inbox.mbox"]
    assert "melebihi batas 100.000 baris" in whole["buku_tamu/bukutamu_2023.xlsx"]
    assert (
        whole["buku_tamu/makro.xlsm"] == "jenis berkas .xlsm tidak didukung untuk saluran buku_tamu"
    )
    assert "melebihi batas panjang baris" in whole["web/satu_baris.csv"]
    # the web rows dated in year 0023, 2203 and the future are quarantined, each with a reason
    dated = [(n, a) for b, n, _, a in rows if b.endswith("kiriman_2023.csv")]
    assert len(dated) == 3, rows
    for _, reason in dated:
        assert "0023" in reason or "2203" in reason or "2099" in reason or "masa depan" in reason
