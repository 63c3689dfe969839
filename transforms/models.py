"""Records passed between the pipeline stages.

Parsers turn one landing file into raw rows (as extracted, still carrying personal data);
conformers turn a body's raw rows into core requests (pseudonymised, one row per request).
Column names are the warehouse column names, so a record maps 1:1 onto its table.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

CHANNELS = ("email", "whatsapp", "buku_tamu", "web", "instagram", "facebook")
SOCIAL_CHANNELS = ("instagram", "facebook")  # Meta direct messages, desk named by `media_sosial`

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

    saluran: str  # 'email' | 'whatsapp' | 'instagram' | 'facebook'
    baris: int  # 1-based line of the message header (whatsapp) or message index (mbox/eml)
    message_key: str  # Message-ID, or a content hash for chats
    thread_hint: str  # chat name (whatsapp); e-mail: `x-gm-thrid:<id>` (Gmail) or subject
    dikirim_pada: datetime  # timezone-aware
    pengirim: str  # display name, phone number or e-mail address as exported
    teks: str
    subjek: str | None = None
    lampiran: int = 0
    in_reply_to: str | None = None
    referensi: str | None = None  # space-separated Message-IDs
    lampiran_nama: str | None = None  # attachment file names joined by "; " (never the files)


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


@dataclass(frozen=True)
class SengketaRow:
    """One row of the desk's hand-kept dispute register, as typed (raw.sengketa): one stage
    (mediasi, ajudikasi, pengadilan, kasasi) of a dispute about one request."""

    baris: int  # 1-based spreadsheet row / CSV line (later sheets offset by a million)
    record_key: str  # content hash: an overlapping re-export gives the same key
    nomor_pendaftaran: str | None  # of the request the dispute is about
    tahap_teks: str | None  # mediasi | ajudikasi | pengadilan (PTUN / PN) | kasasi, as typed
    tanggal_pengajuan: date | None  # application to the KI (or filing at court) of this stage
    nomor_keberatan: str | None = None  # nomor registrasi keberatan
    nomor_perkara: str | None = None  # KI register / court case number
    tanggal_putusan: date | None = None
    hasil_teks: str | None = None
    pelaksanaan_teks: str | None = None
    keterangan: str | None = None


@dataclass(frozen=True)
class SurveyResponse:
    """One respondent of the satisfaction survey (SKM, PermenPANRB 14/2017), as exported
    (raw.survei): the nine element scores and the profile answers, never a name or contact."""

    baris: int  # 1-based spreadsheet row / CSV record (header = 1)
    record_key: str  # content hash + occurrence: the same response in every re-export
    diisi_pada: datetime  # timezone-aware, WIB
    u1: int
    u2: int
    u3: int
    u4: int
    u5: int
    u6: int
    u7: int
    u8: int
    u9: int
    jenis_kelamin: str | None = None
    usia: str | None = None
    pendidikan: str | None = None
    pekerjaan: str | None = None
    layanan: str | None = None  # checkbox options, joined with '; '


@dataclass
class ParseResult:
    rows: list[Message] | list[FormRow] | list[SengketaRow] = field(default_factory=list)
    quarantined: list[QuarantineItem] = field(default_factory=list)


@dataclass(frozen=True)
class Desk:
    """A body's own identities: how the desk's replies are told apart from requesters."""

    kode_badan: str
    emails: frozenset[str] = frozenset()  # lower-case addresses
    whatsapp_names: frozenset[str] = frozenset()  # display names as they appear in chat exports
    social_names: frozenset[str] = frozenset()  # Instagram/Facebook account names (media_sosial)

    def is_desk(self, sender: str, saluran: str | None = None) -> bool:
        """Whether `sender` is the desk itself. A chat name is compared with the names of its
        channel (WhatsApp or Instagram/Facebook); without a channel, with all of them."""
        s = sender.strip().lower()
        if not s:
            return False
        if "@" in s and saluran not in SOCIAL_CHANNELS:
            return any(addr in s for addr in self.emails)
        if saluran in SOCIAL_CHANNELS:
            names = _folded(self.social_names)
        elif saluran == "whatsapp":
            names = _folded(self.whatsapp_names)
        else:
            names = _folded(self.whatsapp_names | self.social_names)
        return s in names


@functools.lru_cache(maxsize=256)
def _folded(names: frozenset[str]) -> frozenset[str]:
    """The names as compared (trimmed, lower case), once per set: is_desk runs per message."""
    return frozenset(n.strip().lower() for n in names)


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
