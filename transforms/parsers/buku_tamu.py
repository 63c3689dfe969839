"""Parse the digitised guestbook (buku tamu) of a PPID desk: .xlsx or .csv.

Desks type the guestbook by hand, so column names vary, title rows sit above the header,
header cells are merged, dates come as Excel serials, date cells or Indonesian text, and blank
rows are everywhere. Each data row becomes one raw `FormRow` (visits too: they are counted, not
dropped); a row whose date cannot be read is quarantined with its spreadsheet row number.

The delimited-text helpers here (`read_delimited`, `parse_date_text`) are shared with the web
parser.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from transforms.limits import read_text_bytes
from transforms.models import FileRejected, FormRow, ParseResult, QuarantineItem
from transforms.parsers.workbook import check_sheet_size, open_workbook, parse_sheets
from transforms.pseudonym import normalise_contact

WIB = ZoneInfo("Asia/Pontianak")
HEADER_SEARCH_ROWS = 15

# Canonical field -> header labels seen in guestbooks, after `norm_label` (lower case, any
# punctuation turned into one space, text in brackets dropped). Exact match only: "Tanggal" and
# "Tanggal ditanggapi" must not be confused. Add new variants here.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "no": ("no", "nomor", "no urut", "nomor urut"),
    "tanggal": (
        "tanggal",
        "tgl",
        "hari tanggal",
        "hari tgl",
        "tanggal kunjungan",
        "tanggal permohonan",
        "tanggal masuk",
        "tanggal diterima",
        "tgl kunjungan",
        "tgl permohonan",
        "waktu kunjungan",
    ),
    "nama": ("nama", "nama pemohon", "nama pengunjung", "nama tamu", "nama lengkap"),
    "alamat": (
        "instansi alamat",
        "alamat instansi",
        "instansi",
        "alamat",
        "asal instansi",
        "asal",
        "lembaga alamat",
        "instansi lembaga",
    ),
    "kontak": (
        "no hp",
        "nomor hp",
        "no hp wa",
        "no hp email",
        "no telp",
        "no telepon",
        "nomor telepon",
        "telepon",
        "telp",
        "hp",
        "kontak",
        "no kontak",
        "nomor kontak",
        "email",
        "e mail",
        "no wa",
    ),
    "keperluan": (
        "keperluan",
        "maksud",
        "tujuan",
        "maksud dan tujuan",
        "maksud tujuan",
        "keperluan kunjungan",
        "tujuan kunjungan",
    ),
    "rincian": (
        "informasi yang diminta",
        "informasi yang dimohon",
        "informasi yang dibutuhkan",
        "informasi yg diminta",
        "informasi yg dimohon",
        "informasi yg dibutuhkan",
        "rincian informasi",
        "rincian informasi yang dibutuhkan",
        "rincian informasi yang diminta",
        "permintaan informasi",
        "informasi",
    ),
    "tanggal_keputusan": (
        "tanggal ditanggapi",
        "tgl ditanggapi",
        "tanggal tanggapan",
        "tanggal pemberitahuan",
        "tanggal pemberitahuan tertulis",
        "tanggal keputusan",
        "tanggal jawaban",
    ),
    "keputusan": ("keputusan", "status", "status permohonan", "tanggapan", "hasil", "jawaban"),
    "alasan": ("alasan", "alasan penolakan", "dasar penolakan"),
    "petugas": ("petugas", "nama petugas", "petugas penerima", "penerima"),
    "nomor_pendaftaran": (
        "nomor pendaftaran",
        "no pendaftaran",
        "nomor registrasi",
        "no registrasi",
        "no reg",
    ),
    "perpanjangan": ("perpanjangan", "perpanjangan waktu"),
    "tanggal_pemberian": (
        "tanggal diberikan",
        "tgl diberikan",
        "tanggal pemberian",
        "tanggal pemberian informasi",
        "tanggal informasi diberikan",
    ),
}
_LABEL_TO_FIELD = {label: field for field, labels in COLUMN_SYNONYMS.items() for label in labels}


def synonyms_markdown(synonyms: dict[str, tuple[str, ...]]) -> str:
    """The synonym list as the Markdown table printed in docs/data-contract.md (a test keeps
    the two equal, so the officers' documentation is the data the parser uses)."""
    lines = ["| field | accepted column names (compared after normalising) |", "|---|---|"]
    lines += [
        f"| `{f}` | {', '.join(f'`{label}`' for label in labels)} |"
        for f, labels in synonyms.items()
    ]
    return "\n".join(lines)


_DATE_FIELDS = {
    "tanggal": "tanggal",
    "tanggal_keputusan": "tanggal ditanggapi",
    "tanggal_pemberian": "tanggal diberikan",
}
_EMPTY_MARKS = {"", "-", "--", "–", "—", ".", "n/a", "na"}
_NO_EXTENSION = {"tidak", "tidak ada", "tdk", "no", "n", "0", "nihil", "belum"}
_INFO_NEED = re.compile(r"informasi|\bdata\b|salinan|dokumen|\binfo\b", re.I)

# --- dates -------------------------------------------------------------------------------------

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("januari", "jan", "january"),
        ("februari", "pebruari", "feb", "peb", "february"),
        ("maret", "mar", "march"),
        ("april", "apr"),
        ("mei", "may"),
        ("juni", "jun", "june"),
        ("juli", "jul", "july"),
        ("agustus", "agu", "agt", "ags", "agust", "aug", "august"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct", "october"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "des", "dec", "december"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _number

_WEEKDAY = re.compile(
    r"^(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad|mon|tue|wed|thu|fri|sat|sun)"
    r"[a-z]*\.?\s*,?\s*",
    re.I,
)
_TIME = r"(?:\s*(?:,|t|pukul|pkl\.?|jam)?\s*(\d{1,2})[.:](\d{2})(?:[.:](\d{2}))?)?"
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{4}|\d{2})" + _TIME + "$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME + "$", re.I)
_NAMED = re.compile(r"^(\d{1,2})[\s\-]*([a-z]+)\.?[\s\-,]*(\d{4}|\d{2})" + _TIME + "$", re.I)
_SERIAL = re.compile(r"^\d{5}(?:[.,]\d+)?$")
_SPACE_RUN = re.compile(r"\s+")
_ZONE = re.compile(r"\s*\b(wib|wita|wit)\b\.?$", re.I)


class BadDate(ValueError):
    """A date cell that is filled but is no real date (e.g. 31/02/2023, 'kemarin')."""


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) == 2 else year


def _time(h: str | None, m: str | None, s: str | None) -> time | None:
    if h is None:
        return None
    return time(int(h), int(m or 0), int(s or 0))


def parse_date_text(text: str) -> tuple[date, time | None] | None:
    """Read a date typed by a person: day first, Indonesian month names, optional weekday/time.

    Returns None for an empty cell; raises BadDate for text that is no valid date.
    """
    raw = unicodedata.normalize("NFKC", text).replace("\u200e", "").strip()
    if raw.lower() in _EMPTY_MARKS:
        return None
    s = _SPACE_RUN.sub(" ", raw).lower()
    s = _ZONE.sub("", s)
    s = _WEEKDAY.sub("", s).strip()
    try:
        if _SERIAL.match(s):
            return _from_serial(float(s.replace(",", ".")))
        if m := _ISO.match(s):
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            return _checked(date(y, mo, d)), _time(m[4], m[5], m[6])
        if m := _NUMERIC.match(s):
            d, mo, y = int(m[1]), int(m[2]), _year(m[3])
            return _checked(date(y, mo, d)), _time(m[4], m[5], m[6])
        if m := _NAMED.match(s):
            month = MONTHS.get(m[2].lower())
            if month is None:
                raise BadDate(raw)
            return _checked(date(_year(m[3]), month, int(m[1]))), _time(m[4], m[5], m[6])
    except ValueError as exc:  # day/month/hour out of range
        raise BadDate(raw) from exc
    raise BadDate(raw)


def _checked(d: date) -> date:
    """Years far from the service's life are typing errors, not dates."""
    if not 2000 <= d.year <= 2100:
        raise BadDate(d.isoformat())
    return d


def _from_serial(
    value: float, epoch: datetime = datetime(1899, 12, 30)
) -> tuple[date, time | None]:
    """Excel serial day number (1900 system: day 0 is 1899-12-30; 1904 system passes its epoch)."""
    moment = epoch + timedelta(days=value)
    moment = moment.replace(microsecond=0)
    return _checked(moment.date()), (moment.time() if moment.time() != time(0) else None)


def parse_date_value(value: Any, epoch: datetime | None = None) -> tuple[date, time | None] | None:
    """A spreadsheet cell (datetime, date, serial number or text) → (date, time or None)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _checked(value.date()), (value.time() if value.time() != time(0) else None)
    if isinstance(value, date):
        return _checked(value), None
    if isinstance(value, bool):
        raise BadDate(str(value))
    if isinstance(value, int | float):
        if not 1 <= value < 2958466:
            raise BadDate(str(value))
        return _from_serial(float(value), epoch or datetime(1899, 12, 30))
    return parse_date_text(str(value))


# --- delimited text ----------------------------------------------------------------------------


def _utf16(data: bytes) -> str | None:
    """The codec of UTF-16 text (Excel's "Unicode Text", Notepad's "Unicode"): by its BOM, or
    without one by the NUL byte of ASCII characters always on the same side."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4 and head.count(0) * 3 >= len(head):
        even, odd = head[0::2].count(0), head[1::2].count(0)
        if odd > 4 * even:
            return "utf-16-le"
        if even > 4 * odd:
            return "utf-16-be"
    return None


def decode_bytes(data: bytes) -> str:
    """UTF-16 when it looks like it; else UTF-8 (with or without BOM) first; Excel on
    Indonesian Windows writes cp1252 without BOM."""
    codec = _utf16(data)
    if codec:
        return data.decode(codec, errors="replace").removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str, candidates: str = ";,\t") -> str:
    """The delimiter that splits most of the first lines into the same number of fields.

    csv.Sniffer gives up on title rows and on commas inside `;` files; this counts consistency.
    """
    sample = [line for line in text.splitlines()[:40] if line.strip()]
    best, best_score = ",", (0, 0)
    for delim in candidates:
        widths = [len(r) for r in csv.reader(sample, delimiter=delim) if len(r) > 1]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        if (count, width) > best_score:
            best, best_score = delim, (count, width)
    return best


def read_delimited(path: Path) -> list[list[str]]:
    """All records of a CSV file (any of `;`, `,`, tab), decoded; raises FileRejected."""
    text = decode_bytes(read_text_bytes(path))
    if "\x00" in text[:4096]:
        raise FileRejected(
            f"Berkas '{path.name}' bukan berkas teks CSV (isinya biner). "
            "Simpan ulang sebagai CSV atau .xlsx."
        )
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text)))
    except csv.Error as exc:
        raise FileRejected(f"Berkas '{path.name}' tidak dapat dibaca sebagai CSV: {exc}.") from exc


# --- table → rows ------------------------------------------------------------------------------


_BRACKETED = re.compile(r"\(.*?\)")
_NON_WORD = re.compile(r"[^\w]+")
_BLANKS = re.compile(r"[ \t]+")


def norm_label(value: Any) -> str:
    """Lower case, text in brackets dropped, punctuation runs as one space."""
    text = value if type(value) is str else str(value or "")
    # cached: every data row is compared with the header labels (a repeated header row);
    # only short cells, so that the cache stays small whatever a sheet holds
    return _norm_label_cached(text) if len(text) <= 100 else _norm_label_text(text)


def _norm_label_text(text: str) -> str:
    if not text.isascii():  # NFKC leaves ASCII as it is
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    if "(" in text:
        text = _BRACKETED.sub(" ", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


_norm_label_cached = lru_cache(maxsize=16384)(_norm_label_text)


def _match_header(cells: Sequence[Any]) -> dict[int, str]:
    found: dict[int, str] = {}
    for col, cell in enumerate(cells):
        field = _LABEL_TO_FIELD.get(norm_label(cell))
        if field and field not in found.values():
            found[col] = field
    return found


def _at(cells: Sequence[Any], col: int) -> Any:
    return cells[col] if col < len(cells) else None


def _is_header(mapping: dict[int, str]) -> bool:
    fields = set(mapping.values())
    return "tanggal" in fields and "nama" in fields and bool(fields & {"keperluan", "rincian"})


def _find_header(head: list[Sequence[Any]]) -> tuple[int, dict[int, str]] | None:
    """Index of the header row and its column map, within the first rows.

    A merged header spans two rows ("Pemohon" over "Nama | No. HP"): the row below can fill
    columns the first one leaves empty.
    """
    best: tuple[int, dict[int, str]] | None = None
    for i, cells in enumerate(head):
        mapping = _match_header(cells)
        used = 1
        below = _match_header(head[i + 1]) if i + 1 < len(head) else {}
        if len(below) >= 2:
            # The lower row names the real columns; the upper row only where the lower is empty
            # (a label merged down over both rows). Group labels above named columns give way.
            lower_cells = head[i + 1]
            upper = {
                c: f
                for c, f in mapping.items()
                if f not in below.values() and not norm_label(_at(lower_cells, c))
            }
            mapping = {**upper, **below}
            used = 2
        if _is_header(mapping) and (best is None or len(mapping) > len(best[1])):
            best = (i + used - 1, mapping)
    return best


def _clean(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # phone numbers typed into number cells
    text = str(value)
    if not text.isascii():  # NFKC leaves ASCII as it is, U+200E is not ASCII
        text = unicodedata.normalize("NFKC", text).replace("\u200e", "")
    text = text.strip()
    if "\t" in text or "  " in text:  # else every run of blanks is one space already
        text = _BLANKS.sub(" ", text)
    return None if text.lower() in _EMPTY_MARKS else text


def _norm_key_part(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def record_key(
    tanggal: date, nama: str | None, kontak: str | None, keperluan: str | None, rincian: str | None
) -> str:
    """Content hash of a guestbook row: an overlapping re-export gives the same key.

    The date (not the time) is hashed, so the same person asking the same thing twice on one
    day is one request; the running number and the officer are left out as exports renumber.
    """
    contact = normalise_contact(kontak) or _norm_key_part(kontak)
    parts = [
        tanggal.isoformat(),
        _norm_key_part(nama),
        contact,
        _norm_key_part(keperluan),
        _norm_key_part(rincian),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def classify(keperluan: str | None, rincian: str | None) -> str:
    """'permohonan' when the visit is about information, else 'kunjungan'."""
    if keperluan:
        return "permohonan" if _INFO_NEED.search(keperluan) else "kunjungan"
    return "permohonan" if rincian else "kunjungan"


def _rows_from_table(
    rows: Iterator[tuple[int, Sequence[Any]]],
    epoch: datetime | None,
    where: str = "",
) -> tuple[list[FormRow], list[QuarantineItem]] | None:
    """Parse one table (a sheet or a CSV); None when it has no recognisable header."""
    head: list[tuple[int, Sequence[Any]]] = []
    for numbered in rows:
        head.append(numbered)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    found = _find_header([cells for _, cells in head])
    if found is None:
        return None
    header_index, columns = found

    def data_rows() -> Iterable[tuple[int, Sequence[Any]]]:
        yield from head[header_index + 1 :]
        yield from rows

    out: list[FormRow] = []
    bad: list[QuarantineItem] = []
    for line, cells in data_rows():
        values = {f: _clean(cells[c]) if c < len(cells) else None for c, f in columns.items()}
        raw_dates = {
            f: cells[c] if c < len(cells) else None for c, f in columns.items() if f in _DATE_FIELDS
        }
        content = {f: v for f, v in values.items() if v and f not in ("no", "petugas")}
        if not content:
            continue  # blank row (perhaps only a running number)
        if _is_header(_match_header(cells)):
            continue  # header repeated (a new page of the printed guestbook)
        prefix = f"{where}baris {line}"
        try:
            dates = {
                f: parse_date_value(v, epoch) if _clean(v) else None for f, v in raw_dates.items()
            }
        except BadDate:
            field = next(f for f, v in raw_dates.items() if _is_bad_date(v, epoch))
            shown = _clean(raw_dates[field])
            bad.append(
                QuarantineItem(
                    baris=line,
                    alasan=f"{prefix}: {_DATE_FIELDS[field]} '{shown}' tidak valid",
                    cuplikan=_excerpt(values),
                )
            )
            continue
        received = dates.get("tanggal")
        if received is None:
            bad.append(
                QuarantineItem(
                    baris=line,
                    alasan=f"{prefix}: tanggal kosong; isi tanggal kunjungan/permohonan",
                    cuplikan=_excerpt(values),
                )
            )
            continue
        day, clock = received
        extension = values.get("perpanjangan")
        if extension and extension.lower() in _NO_EXTENSION:
            extension = None
        decided = dates.get("tanggal_keputusan")
        given = dates.get("tanggal_pemberian")
        out.append(
            FormRow(
                saluran="buku_tamu",
                baris=line,
                record_key=record_key(
                    day,
                    values.get("nama"),
                    values.get("kontak"),
                    values.get("keperluan"),
                    values.get("rincian"),
                ),
                jenis=classify(values.get("keperluan"), values.get("rincian")),
                diterima_pada=datetime.combine(day, clock or time(0), tzinfo=WIB),
                nama=values.get("nama"),
                kontak=values.get("kontak"),
                alamat=values.get("alamat"),
                keperluan=values.get("keperluan"),
                rincian=values.get("rincian"),
                nomor_pendaftaran=values.get("nomor_pendaftaran"),
                keputusan_teks=values.get("keputusan"),
                alasan_teks=values.get("alasan"),
                tanggal_keputusan=decided[0] if decided else None,
                perpanjangan_teks=extension,
                tanggal_pemberian=given[0] if given else None,
            )
        )
    return out, bad


def _is_bad_date(value: Any, epoch: datetime | None) -> bool:
    try:
        parse_date_value(value, epoch)
    except BadDate:
        return True
    return False


def _excerpt(values: dict[str, str | None]) -> str:
    """Short context for the officer: date and need, never the contact or the name."""
    parts = [values.get("tanggal"), values.get("keperluan") or values.get("rincian")]
    return " | ".join(p for p in parts if p)[:120] or ""


# --- files -------------------------------------------------------------------------------------


def _no_header(path: Path) -> FileRejected:
    return FileRejected(
        f"Baris judul kolom tidak ditemukan pada {HEADER_SEARCH_ROWS} baris pertama berkas "
        f"'{path.name}'. Pastikan ada kolom Tanggal, Nama, dan Keperluan atau "
        "Informasi yang diminta."
    )


def _parse_csv(path: Path) -> ParseResult:
    records = read_delimited(path)
    parsed = _rows_from_table(iter(enumerate(records, start=1)), epoch=None)
    if parsed is None:
        raise _no_header(path)
    return ParseResult(rows=parsed[0], quarantined=parsed[1])


def _sheet_rows(ws: Any) -> Iterator[tuple[int, Sequence[Any]]]:
    """Rows of a sheet with vertically merged cells filled down: a date (or officer) typed once
    and merged over all visitors of that day belongs to each of their rows."""
    check_sheet_size(ws)
    fill: dict[tuple[int, int], Any] = {}
    for rng in ws.merged_cells.ranges:
        if rng.min_col == rng.max_col and rng.max_row > rng.min_row:
            value = ws.cell(row=rng.min_row, column=rng.min_col).value
            for r in range(rng.min_row + 1, rng.max_row + 1):
                fill[(r, rng.min_col)] = value
    for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if fill:
            row = tuple(fill.get((i, c), v) for c, v in enumerate(row, start=1))
        yield i, row


def _parse_xlsx(path: Path) -> ParseResult:
    # Not read-only: merged ranges are only known to a fully loaded sheet (guestbooks are
    # small: a few thousand rows at most).
    with open_workbook(
        path, read_only=False, advice="Buka di Excel lalu simpan ulang sebagai .xlsx."
    ) as book:
        result, any_header = parse_sheets(book, _rows_from_table, _sheet_rows)
    if not any_header:
        raise _no_header(path)
    return result


def parse_buku_tamu(path: Path) -> ParseResult:
    """Parse one guestbook file (.xlsx or .csv) into raw rows and quarantined rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _parse_xlsx(path)
    if suffix in (".csv", ".txt"):
        return _parse_csv(path)
    if suffix == ".xls":
        raise FileRejected(
            f"Berkas '{path.name}' memakai format Excel lama (.xls) yang tidak didukung. "
            "Buka di Excel lalu simpan ulang sebagai .xlsx."
        )
    raise FileRejected(
        f"Berkas '{path.name}' bukan buku tamu yang dikenali; kirim sebagai .xlsx atau .csv."
    )
