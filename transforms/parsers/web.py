"""Parse website form exports (requests and objections): CSV (`,` or `;`) or JSON Lines.

One record per submission, keyed by the site's `id_kiriman`, so a re-export that overlaps an
earlier one gives the same keys. A bad record (broken JSON, unreadable timestamp, no id) is
quarantined with its line number; the rest of the file still loads.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from transforms.limits import read_text_bytes
from transforms.models import FileRejected, FormRow, ParseResult, QuarantineItem
from transforms.parsers.buku_tamu import (
    HEADER_SEARCH_ROWS,
    BadDate,
    decode_bytes,
    norm_label,
    parse_date_text,
    read_delimited,
)

WIB = ZoneInfo("Asia/Pontianak")
FORM_TYPES = ("permohonan", "keberatan")
_NO_EXTENSION = {"tidak", "tidak ada", "-", "0", "no", "n", "nihil"}

# Canonical column -> names seen in site exports (form plugins, a CSV re-saved by Excel), after
# `column_key` (lower case, punctuation and spaces turned into `_`, text in brackets dropped).
# CSV headers and JSON Lines keys are both mapped; other columns are ignored. Add variants here.
COLUMN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id_kiriman": (
        "id_kiriman", "id", "no_kiriman", "nomor_kiriman", "submission_id", "entry_id", "id_entri",
    ),
    "jenis_formulir": ("jenis_formulir", "jenis", "formulir", "nama_formulir", "form", "form_name"),
    "waktu_kirim": (
        "waktu_kirim", "tanggal_kirim", "waktu", "tanggal", "timestamp", "cap_waktu",
        "submitted_at", "submission_date", "entry_date", "date_created", "created_at",
    ),
    "nama": ("nama", "nama_lengkap", "nama_pemohon", "name"),
    "nik": ("nik", "no_ktp", "nomor_ktp", "nomor_induk_kependudukan"),
    "alamat": ("alamat", "alamat_lengkap", "address"),
    "pekerjaan": ("pekerjaan", "occupation"),
    "email": ("email", "e_mail", "alamat_email", "surel"),
    "no_hp": ("no_hp", "nomor_hp", "no_hp_wa", "no_wa", "no_telepon", "nomor_telepon", "telepon",
              "phone"),
    "rincian_informasi": (
        "rincian_informasi", "rincian_informasi_yang_dibutuhkan", "informasi_yang_dibutuhkan",
        "informasi_yang_diminta",
    ),
    "tujuan_penggunaan": ("tujuan_penggunaan", "tujuan_penggunaan_informasi", "tujuan"),
    "cara_memperoleh": ("cara_memperoleh", "cara_memperoleh_informasi"),
    "cara_mendapatkan_salinan": (
        "cara_mendapatkan_salinan", "cara_mendapatkan_salinan_informasi",
    ),
    "nomor_pendaftaran": ("nomor_pendaftaran", "no_pendaftaran", "nomor_registrasi",
                          "no_registrasi"),
    "status": ("status", "status_permohonan", "keputusan"),
    "alasan": ("alasan", "alasan_penolakan"),
    "tanggal_pemberitahuan": (
        "tanggal_pemberitahuan", "tanggal_keputusan", "tanggal_tanggapan", "tanggal_ditanggapi",
    ),
    "perpanjangan": ("perpanjangan", "perpanjangan_waktu"),
    "tanggal_pemberian": ("tanggal_pemberian", "tanggal_diberikan", "tanggal_pemberian_informasi"),
    "kasus_posisi": ("kasus_posisi",),
    "alasan_keberatan": ("alasan_keberatan",),
}  # fmt: skip
_KEY_TO_COLUMN = {k: col for col, keys in COLUMN_SYNONYMS.items() for k in keys}


def column_key(name: Any) -> str:
    """`Submission ID` → `submission_id`, `No. HP (WA)` → `no_hp`."""
    return norm_label(name).replace(" ", "_")


def canonical_columns(names: list[Any]) -> list[str]:
    """Map header names (or JSON keys) to canonical columns; the canonical name itself beats a
    synonym and the first synonym wins, so `tanggal` never overrides `waktu_kirim`."""
    keys = [column_key(n) for n in names]
    out = [k if k in COLUMN_SYNONYMS else "" for k in keys]
    for i, k in enumerate(keys):
        col = _KEY_TO_COLUMN.get(k)
        if not out[i] and col and col not in out:
            out[i] = col
    return [o or f"_{k}" for o, k in zip(out, keys, strict=True)]  # unknown: kept, ignored


class _BadRecord(ValueError):
    """A record that cannot load; the message is the officer-facing reason (without the line)."""


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value if v not in (None, ""))
    text = str(value).replace("\u200e", "").strip()
    return text or None


def _timestamp(value: str | None) -> datetime:
    """ISO 8601 with offset, or naive (taken as WIB); shown in WIB either way."""
    if not value:
        raise _BadRecord("waktu_kirim kosong")
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace(" WIB", ""))
    except ValueError:
        try:
            parsed = parse_date_text(text)
        except BadDate:
            parsed = None
        if parsed is None:
            raise _BadRecord(f"waktu_kirim '{value}' tidak valid") from None
        moment = datetime.combine(parsed[0], parsed[1] or datetime.min.time())
    if moment.tzinfo is None:
        return moment.replace(tzinfo=WIB)
    return moment.astimezone(WIB)


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        pass
    try:
        parsed = parse_date_text(value)
    except BadDate:
        raise _BadRecord(f"{field} '{value}' tidak valid") from None
    return parsed[0] if parsed else None


def _contact(email: str | None, phone: str | None) -> str | None:
    parts = [p for p in (email, phone) if p]
    return "; ".join(parts) or None


def _row(line: int, record: dict[str, Any]) -> FormRow:
    """One submission → FormRow; raises _BadRecord with the reason."""
    get = dict(zip(canonical_columns(list(record)), map(_text, record.values()), strict=True))
    key = get.get("id_kiriman")
    if not key:
        raise _BadRecord("id_kiriman kosong")
    form = (get.get("jenis_formulir") or "").lower()
    if form not in FORM_TYPES:
        shown = get.get("jenis_formulir") or ""
        raise _BadRecord(f"jenis_formulir '{shown}' tidak dikenal (harus permohonan/keberatan)")
    received = _timestamp(get.get("waktu_kirim"))
    extension = get.get("perpanjangan")
    if extension and extension.lower() in _NO_EXTENSION:
        extension = None
    how = "; ".join(
        p for p in (get.get("cara_memperoleh"), get.get("cara_mendapatkan_salinan")) if p
    )
    objection = form == "keberatan"
    return FormRow(
        saluran="web",
        baris=line,
        record_key=key,
        jenis=form,
        diterima_pada=received,
        nama=get.get("nama"),
        nik=get.get("nik"),
        kontak=_contact(get.get("email"), get.get("no_hp")),
        alamat=get.get("alamat"),
        pekerjaan=get.get("pekerjaan"),
        # An objection's case summary and grounds ride in keperluan/alasan_teks until the
        # objection model exists.
        keperluan=get.get("kasus_posisi") if objection else None,
        rincian=get.get("rincian_informasi"),
        tujuan=get.get("tujuan_penggunaan"),
        cara_memperoleh=how or None,
        nomor_pendaftaran=get.get("nomor_pendaftaran"),
        keputusan_teks=get.get("status"),
        alasan_teks=(get.get("alasan_keberatan") if objection else None) or get.get("alasan"),
        tanggal_keputusan=_date(get.get("tanggal_pemberitahuan"), "tanggal_pemberitahuan"),
        perpanjangan_teks=extension,
        tanggal_pemberian=_date(get.get("tanggal_pemberian"), "tanggal_pemberian"),
    )


def _jsonl_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | _BadRecord]]:
    try:
        text = decode_bytes(read_text_bytes(path))
    except OSError as exc:
        raise FileRejected(f"Berkas '{path.name}' tidak dapat dibuka: {exc.strerror}.") from exc
    if "\x00" in text[:4096]:
        raise FileRejected(
            f"Berkas '{path.name}' bukan berkas teks JSON Lines (isinya biner); ekspor ulang "
            "formulir web dari situs."
        )
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield line, _BadRecord(f"JSON tidak valid ({exc.msg}, kolom {exc.colno})")
            continue
        if not isinstance(record, dict):
            yield line, _BadRecord("baris JSON bukan objek {...}")
            continue
        yield line, record


def _csv_records(path: Path) -> Iterator[tuple[int, dict[str, Any] | _BadRecord]]:
    records = read_delimited(path)
    if not any(any(c.strip() for c in r) for r in records):
        return
    # The header is the first row with an id column; title rows above it are skipped.
    start = next(
        (
            i
            for i, cells in enumerate(records[:HEADER_SEARCH_ROWS])
            if "id_kiriman" in canonical_columns(cells)
        ),
        None,
    )
    if start is None:
        raise FileRejected(
            f"Berkas '{path.name}' tidak punya kolom 'id_kiriman' pada baris judul; "
            "ekspor ulang formulir web dengan kolom bawaan situs."
        )
    header = records[start]
    for line, cells in enumerate(records[start + 1 :], start=start + 2):
        if not any(c.strip() for c in cells):
            continue
        yield line, dict(zip(header, cells, strict=False))


def parse_web(path: Path) -> ParseResult:
    """Parse one web-form export (.csv or .jsonl) into raw rows and quarantined records."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        records = _jsonl_records(path)
    elif suffix == ".csv":
        records = _csv_records(path)
    else:
        raise FileRejected(
            f"Berkas '{path.name}' bukan ekspor formulir web yang dikenali; "
            "kirim sebagai .csv atau .jsonl."
        )
    result = ParseResult()
    for line, record in records:
        try:
            if isinstance(record, _BadRecord):
                raise record
            result.rows.append(_row(line, record))
        except _BadRecord as exc:
            excerpt = None if isinstance(record, _BadRecord) else _excerpt(record)
            result.quarantined.append(
                QuarantineItem(baris=line, alasan=f"baris {line}: {exc}", cuplikan=excerpt)
            )
    return result


def _excerpt(record: dict[str, Any]) -> str:
    """The id and time of the submission: enough to find it, without personal data."""
    get = dict(zip(canonical_columns(list(record)), record.values(), strict=True))
    parts = [_text(get.get("id_kiriman")), _text(get.get("waktu_kirim"))]
    return " | ".join(p for p in parts if p)[:120]
