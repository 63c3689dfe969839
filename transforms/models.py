"""Records passed between the pipeline stages.

Parsers turn one landing file into raw rows (as extracted, still carrying personal data);
conformers turn a body's raw rows into core requests (pseudonymised, one row per request).
Column names are the warehouse column names, so a record maps 1:1 onto its table.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

CHANNELS = ("email", "whatsapp", "buku_tamu", "web")

# Decision codes (core.permohonan.keputusan)
GRANTED_FULL = "dikabulkan_seluruhnya"
GRANTED_PART = "dikabulkan_sebagian"
REJECTED = "ditolak"  # UU KIP Pasal 17 (or Pasal 6) grounds
NOT_HELD = "tidak_dikuasai"  # informasi belum/tidak dikuasai
NOT_DOCUMENTED = "belum_didokumentasikan"
DECISIONS = (GRANTED_FULL, GRANTED_PART, REJECTED, NOT_HELD, NOT_DOCUMENTED)


class FileRejected(Exception):
    """The whole file cannot be read; `reason` is shown to the PPID officer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class QuarantineItem:
    """One bad row (or, with baris None, a whole file) and why, in words an officer can act on."""

    baris: int | None
    alasan: str
    cuplikan: str | None = None  # short excerpt of the offending input


@dataclass(frozen=True)
class Message:
    """One e-mail or chat message, as exported (raw.pesan)."""

    saluran: str  # 'email' | 'whatsapp'
    baris: int  # 1-based line of the message header (whatsapp) or message index (mbox/eml)
    message_key: str  # Message-ID, or a content hash for chats
    thread_hint: str  # chat name (whatsapp) or normalised subject (email)
    dikirim_pada: datetime  # timezone-aware
    pengirim: str  # display name, phone number or e-mail address as exported
    teks: str
    subjek: str | None = None
    lampiran: int = 0
    in_reply_to: str | None = None
    referensi: str | None = None  # space-separated Message-IDs


@dataclass(frozen=True)
class FormRow:
    """One row of a guestbook or one web-form submission, as exported (raw.formulir)."""

    saluran: str  # 'buku_tamu' | 'web'
    baris: int  # 1-based spreadsheet row / CSV line / JSONL line
    record_key: str  # submission id (web) or content hash (buku tamu)
    jenis: str  # 'permohonan' | 'keberatan' | 'kunjungan'
    diterima_pada: datetime  # timezone-aware (midnight WIB when only a date is known)
    nama: str | None = None
    nik: str | None = None
    kontak: str | None = None
    alamat: str | None = None
    pekerjaan: str | None = None
    keperluan: str | None = None
    rincian: str | None = None
    tujuan: str | None = None
    cara_memperoleh: str | None = None
    nomor_pendaftaran: str | None = None
    keputusan_teks: str | None = None
    alasan_teks: str | None = None
    tanggal_keputusan: date | None = None
    perpanjangan_teks: str | None = None
    tanggal_pemberian: date | None = None


@dataclass
class ParseResult:
    rows: list[Message] | list[FormRow] = field(default_factory=list)
    quarantined: list[QuarantineItem] = field(default_factory=list)


@dataclass(frozen=True)
class Desk:
    """A body's own identities: how the desk's replies are told apart from requesters."""

    kode_badan: str
    emails: frozenset[str] = frozenset()  # lower-case addresses
    whatsapp_names: frozenset[str] = frozenset()  # display names as they appear in chat exports

    def is_desk(self, sender: str) -> bool:
        s = sender.strip().lower()
        if not s:
            return False
        if "@" in s:
            return any(addr in s for addr in self.emails)
        return s in {n.lower() for n in self.whatsapp_names}


@dataclass
class Request:
    """One information request, conformed (core.permohonan before lifecycle columns)."""

    permohonan_id: str  # stable across re-deliveries and overlapping exports
    kode_badan: str
    saluran: str
    diterima_pada: datetime  # timezone-aware
    sumber_berkas: str
    sumber_baris: int
    pemohon_id: str | None = None  # keyed hash of the requester's contact (never the contact)
    nomor_pendaftaran: str | None = None
    rincian_informasi: str | None = None
    tujuan_penggunaan: str | None = None
    cara_memperoleh: str | None = None
    lengkap: bool = True
    kekurangan: str | None = None  # comma-separated missing fields: nama, kontak, rincian
    keputusan: str | None = None  # one of DECISIONS, None while open
    alasan_penolakan: str | None = None  # pasal_17_a..pasal_17_j, pasal_6, belum_dikuasai, ...
    tanggal_keputusan: date | None = None
    perpanjangan: bool = False
    tanggal_pemberian: date | None = None


def request_id(kode_badan: str, saluran: str, source_key: str) -> str:
    """Stable request id: the same message or submission gives the same id in every delivery."""
    raw = "\x1f".join((kode_badan, saluran, source_key))
    return hashlib.sha256(raw.encode()).hexdigest()[:32]
