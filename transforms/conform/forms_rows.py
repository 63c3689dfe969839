"""Conform guestbook and web-form rows of one body into core requests.

Only information requests become `Request`s (visits stay raw; objections are conformed
by `transforms.conform.keberatan`). The same
submission can arrive in several files (re-exports that overlap): the id is derived from the
body, channel and record key, so it is kept once and stays stable across deliveries. Personal
data stops here: the requester is only a keyed pseudonym.
"""

from __future__ import annotations

from collections.abc import Iterable

from transforms.decisions import normalise_decision
from transforms.models import FormRow, Request, request_id
from transforms.pseudonym import marked_pseudonym, normalise_contact, pseudonymise, redact


def normalise_name(name: str | None) -> str | None:
    if not name:
        return None
    return " ".join(name.lower().split()) or None


def requester_pseudonym(row: FormRow, key: bytes) -> str | None:
    """The contact, else the name, as a keyed pseudonym; a row purged by the retention carries
    the pseudonym itself (transforms/retention.py), so it stays the same requester."""
    marked = marked_pseudonym(row.kontak) or marked_pseudonym(row.nama)
    if marked:
        return marked
    return pseudonymise(normalise_contact(row.kontak) or normalise_name(row.nama), key)


def _missing(row: FormRow) -> list[str]:
    fields = {"nama": row.nama, "kontak": row.kontak, "rincian": row.rincian}
    return sorted(f for f, v in fields.items() if not (v and v.strip()))


def conform_form_rows(
    kode_badan: str, rows: Iterable[tuple[str, FormRow]], key: bytes
) -> list[Request]:
    """(source path relative to the landing root, raw row) pairs → one Request per request."""
    ordered = sorted(
        ((path, row) for path, row in rows if row.jenis == "permohonan"),
        key=lambda item: (item[0], item[1].baris),
    )
    requests: dict[str, Request] = {}
    for path, row in ordered:
        rid = request_id(kode_badan, row.saluran, row.record_key)
        if rid in requests:
            continue
        decision, ground = normalise_decision(row.keputusan_teks, row.alasan_teks)
        decided = row.tanggal_keputusan if decision else None
        missing = _missing(row)
        requests[rid] = Request(
            permohonan_id=rid,
            kode_badan=kode_badan,
            saluran=row.saluran,
            diterima_pada=row.diterima_pada,
            sumber_berkas=path,
            sumber_baris=row.baris,
            pemohon_id=requester_pseudonym(row, key),
            nomor_pendaftaran=row.nomor_pendaftaran,
            rincian_informasi=redact(row.rincian, [row.nama]),
            tujuan_penggunaan=redact(row.tujuan, [row.nama]),
            cara_memperoleh=row.cara_memperoleh,
            lengkap=not missing,
            kekurangan=",".join(missing) or None,
            keputusan=decision,
            alasan_penolakan=ground,
            tanggal_keputusan=decided,
            perpanjangan=bool(row.perpanjangan_teks and row.perpanjangan_teks.strip()),
            tanggal_pemberian=(row.tanggal_pemberian or decided) if decision else None,
        )
    return list(requests.values())
