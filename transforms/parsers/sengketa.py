"""Parse the dispute register (register sengketa) a PPID desk keeps by hand: .xlsx or .csv.

One row is one stage of a dispute about a request: the application to the Komisi Informasi
(mediasi, ajudikasi), the suit at court (PTUN / PN) and the cassation (kasasi). Like the
guestbook, the register has title rows above the header, column names that vary, Excel serial
or Indonesian text dates and blank rows; the guestbook parser's cell and date helpers are
reused. Values stay as typed (raw layer); `transforms.conform.sengketa` reads their meaning.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from transforms.models import FileRejected, ParseResult, QuarantineItem, SengketaRow
from transforms.parsers.buku_tamu import (
    HEADER_SEARCH_ROWS,
    BadDate,
    _clean,
    norm_label,
    parse_date_value,
    read_delimited,
)
from transforms.parsers.workbook import open_workbook, parse_sheets, streamed_rows

# Canonical field -> header labels (after `norm_label`: lower case, punctuation as spaces,
# text in brackets dropped, so "Tanggal Permohonan (ke KI)" reads "tanggal permohonan").
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "no": ("no", "no urut", "nomor urut"),
    "nomor_pendaftaran": (
        "nomor pendaftaran",
        "no pendaftaran",
        "nomor pendaftaran permohonan",
        "no pendaftaran permohonan",
        "nomor registrasi permohonan",
        "no registrasi permohonan",
        "nomor permohonan",
        "no permohonan",
    ),
    "nomor_keberatan": (
        "nomor registrasi keberatan",
        "no registrasi keberatan",
        "no reg keberatan",
        "nomor keberatan",
        "no keberatan",
    ),
    "nomor_perkara": (
        "nomor perkara",
        "no perkara",
        "nomor register",
        "no register",
        "nomor register sengketa",
        "nomor registrasi sengketa",
        "no registrasi sengketa",
        "no reg sengketa",
        "nomor sengketa",
        "no sengketa",
    ),
    "tanggal_pengajuan": (
        "tanggal permohonan penyelesaian sengketa ke komisi informasi",
        "tanggal permohonan penyelesaian sengketa",
        "tanggal permohonan sengketa",
        "tanggal permohonan",
        "tgl permohonan",
        "tanggal pengajuan",
        "tgl pengajuan",
        "tanggal diajukan",
        "tanggal registrasi",
        "tanggal register",
        "tanggal gugatan",
    ),
    "tahap": (
        "tahap",
        "tahapan",
        "tahap penyelesaian",
        "tahap sengketa",
        "tahap penyelesaian sengketa",
        "jenis penyelesaian",
        "proses",
        "mekanisme",
    ),
    "tanggal_putusan": (
        "tanggal putusan",
        "tgl putusan",
        "tanggal keputusan",
        "tanggal hasil",
        "tanggal putusan kesepakatan",
        "tanggal akta perdamaian",
    ),
    "hasil": (
        "hasil",
        "putusan",
        "hasil putusan",
        "amar putusan",
        "hasil penyelesaian",
        "hasil mediasi ajudikasi",
        "hasil mediasi ajudikasi putusan",
        "keputusan",
    ),
    "pelaksanaan": (
        "pelaksanaan",
        "pelaksanaan oleh badan publik",
        "pelaksanaan putusan",
        "pelaksanaan putusan oleh badan publik",
        "status pelaksanaan",
        "tindak lanjut",
        "eksekusi",
        "dilaksanakan",
    ),
    "keterangan": ("keterangan", "ket", "catatan"),
}
_LABEL_TO_FIELD = {label: f for f, labels in COLUMN_SYNONYMS.items() for label in labels}
_DATE_FIELDS = {"tanggal_pengajuan": "tanggal permohonan", "tanggal_putusan": "tanggal putusan"}


def _match_header(cells: Sequence[Any]) -> dict[int, str]:
    found: dict[int, str] = {}
    for col, cell in enumerate(cells):
        f = _LABEL_TO_FIELD.get(norm_label(cell))
        if f and f not in found.values():
            found[col] = f
    return found


def _is_header(mapping: dict[int, str]) -> bool:
    return {"nomor_pendaftaran", "tahap"} <= set(mapping.values())


def stage_key(nomor: str | None, tahap: str | None, filed: date | None) -> str:
    """Content key of a register row: the same stage typed again keeps its key."""
    parts = [" ".join((v or "").lower().split()) for v in (nomor, tahap)]
    parts.append(filed.isoformat() if filed else "")
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def _rows(
    numbered: Iterator[tuple[int, Sequence[Any]]], epoch: datetime | None, where: str
) -> tuple[list[SengketaRow], list[QuarantineItem]] | None:
    head: list[tuple[int, Sequence[Any]]] = []
    for item in numbered:
        head.append(item)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    header = next(
        ((i, m) for i, (_, cells) in enumerate(head) if _is_header(m := _match_header(cells))),
        None,
    )
    if header is None:
        return None
    index, columns = header
    rows: list[SengketaRow] = []
    bad: list[QuarantineItem] = []
    for line, cells in [*head[index + 1 :], *numbered]:
        raw = {f: (cells[c] if c < len(cells) else None) for c, f in columns.items()}
        values = {f: _clean(v) for f, v in raw.items()}
        if not any(v for f, v in values.items() if f != "no"):
            continue
        if _is_header(_match_header(cells)):
            continue
        dates: dict[str, date | None] = {}
        try:
            for f in _DATE_FIELDS:
                parsed = parse_date_value(raw.get(f)) if values.get(f) else None
                dates[f] = parsed[0] if parsed else None
        except BadDate:
            bad.append(
                QuarantineItem(
                    baris=line,
                    alasan=f"{where}baris {line}: {_DATE_FIELDS[f]} '{values.get(f)}' tidak valid",
                    cuplikan=" | ".join(
                        v for v in (values.get("nomor_pendaftaran"), values.get("tahap")) if v
                    )[:120]
                    or None,
                )
            )
            continue
        rows.append(
            SengketaRow(
                baris=line,
                record_key=stage_key(
                    values.get("nomor_pendaftaran"), values.get("tahap"), dates["tanggal_pengajuan"]
                ),
                nomor_pendaftaran=values.get("nomor_pendaftaran"),
                tahap_teks=values.get("tahap"),
                tanggal_pengajuan=dates["tanggal_pengajuan"],
                nomor_keberatan=values.get("nomor_keberatan"),
                nomor_perkara=values.get("nomor_perkara"),
                tanggal_putusan=dates["tanggal_putusan"],
                hasil_teks=values.get("hasil"),
                pelaksanaan_teks=values.get("pelaksanaan"),
                keterangan=values.get("keterangan"),
            )
        )
    return rows, bad


def _no_header(path: Path) -> FileRejected:
    return FileRejected(
        f"Baris judul kolom tidak ditemukan pada {HEADER_SEARCH_ROWS} baris pertama register "
        f"sengketa '{path.name}'. Pastikan ada kolom Nomor Pendaftaran dan Tahap "
        "(mediasi / ajudikasi / pengadilan / kasasi)."
    )


def _parse_csv(path: Path) -> ParseResult:
    parsed = _rows(iter(enumerate(read_delimited(path), start=1)), None, "")
    if parsed is None:
        raise _no_header(path)
    return ParseResult(rows=parsed[0], quarantined=parsed[1])


def _parse_xlsx(path: Path) -> ParseResult:
    with open_workbook(
        path, read_only=True, advice="Buka di Excel lalu simpan ulang sebagai .xlsx."
    ) as book:
        result, any_header = parse_sheets(book, _rows, streamed_rows)
    if not any_header:
        raise _no_header(path)
    return result


def parse_sengketa(path: Path) -> ParseResult:
    """Parse one dispute register (.xlsx or .csv) into raw rows and quarantined rows."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _parse_xlsx(path)
    if suffix == ".csv":
        return _parse_csv(path)
    raise FileRejected(
        f"Berkas '{path.name}' bukan register sengketa yang dikenali;"
        " kirim sebagai .xlsx atau .csv."
    )
