"""The report's prose (preface, sections A, B, E, F, closing) written by each desk.

It is not data: each desk keeps a YAML file beside its landing data,
`<landing root>/<kode>/laporan/narasi-<tahun>.yaml` (the province's in
`<landing root>/_provinsi/laporan/narasi-<tahun>.yaml`). A missing file, key or unreadable file
never stops the report: the section shows a marked placeholder naming the file and key to fill.
Text is plain, with a small markup: blank line = new paragraph, `- ` bullets, `1. ` numbered
items, `**bold**`. Everything else is escaped.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

log = logging.getLogger(__name__)

PROVINCE_FOLDER = "_provinsi"  # not a valid body code (codes start with a letter or digit)

# prose keys, in report order, with what the desk writes there
SECTIONS: dict[str, str] = {
    "kata_pengantar": "Kata Pengantar",
    "a_kebijakan": "A. Gambaran Umum Kebijakan Layanan Informasi Publik",
    "b1_sarana": "B.1 Sarana dan Prasarana Layanan Informasi Publik beserta Kondisinya",
    "b2_sdm": "B.2 Sumber Daya Manusia yang Menangani Layanan Informasi Publik",
    "b3_anggaran": "B.3 Anggaran Layanan Informasi Publik dan Laporan Penggunaannya",
    "e1_eksternal": "E.1 Kendala Eksternal",
    "e2_internal": "E.2 Kendala Internal",
    "f1_rekomendasi": "F.a Rekomendasi",
    "f2_rencana_tindak_lanjut": "F.b Rencana Tindak Lanjut",
    "penutup": "Penutup",
}
# one-line identity keys (cover, signature); missing ones fall back or show a placeholder
FIELDS: dict[str, str] = {
    "nama_singkat": "nama badan publik seperti ditulis dalam kalimat laporan",
    "sebutan_ppid": "sebutan PPID, mis. 'PPID Dinas Koperasi UKM Prov. Kalbar'",
    "alamat": "alamat kantor",
    "telepon": "nomor telepon (boleh daftar)",
    "email": "alamat e-mail layanan",
    "situs_web": "alamat situs web",
    "media_sosial": "akun media sosial (boleh daftar)",
    "tempat_tanggal": "tempat dan tanggal penandatanganan, mis. 'Pontianak, Januari 2024'",
    "penandatangan_jabatan": "jabatan penandatangan",
    "penandatangan_nama": "nama penandatangan",
}


def narasi_path(landing_root: Path, kode: str | None, tahun: int) -> Path:
    folder = PROVINCE_FOLDER if kode is None else kode
    return landing_root / folder / "laporan" / f"narasi-{tahun}.yaml"


@dataclass
class Narasi:
    """The desk's prose for one report; `bagian[key]` is None where the desk wrote nothing."""

    path: Path
    rel: str  # the path as the desk sees it, relative to the landing root
    found: bool
    bagian: dict[str, Markup | None]
    isian: dict[str, str | list[str]]
    masalah: list[str] = field(default_factory=list)  # problems to show the desk

    def placeholder(self, key: str) -> Markup:
        what = SECTIONS.get(key) or FIELDS.get(key, key)
        return Markup(
            '<span class="placeholder">[BELUM DIISI] {what}: isi kunci <code>{key}</code> pada'
            " berkas <code>{rel}</code> di folder landing badan publik.</span>"
        ).format(what=what, key=key, rel=self.rel)

    def short_placeholder(self, key: str) -> Markup:
        """For one-line fields (signature, cover): the key only; the file is named elsewhere."""
        return Markup('<span class="placeholder">[BELUM DIISI: <code>{key}</code>]</span>').format(
            key=key
        )

    def text(self, key: str) -> str | None:
        value = self.isian.get(key)
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def lines(self, key: str) -> list[str]:
        value = self.isian.get(key)
        if value is None:
            return []
        items = value if isinstance(value, list) else [value]
        return [line.strip() for item in items for line in item.splitlines() if line.strip()]


def load_narasi(landing_root: Path, kode: str | None, tahun: int) -> Narasi:
    """Read the desk's file; problems become messages in the report, never exceptions."""
    path = narasi_path(landing_root, kode, tahun)
    rel = path.relative_to(landing_root).as_posix()
    empty = Narasi(path, rel, False, dict.fromkeys(SECTIONS), {})
    if not path.is_file():
        return empty
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        log.warning("narasi %s unreadable: %s", rel, exc)
        empty.found = True
        empty.masalah.append(f"berkas {rel} tidak dapat dibaca (periksa format YAML): {exc}")
        return empty
    if doc is None:
        doc = {}
    if not isinstance(doc, dict):
        empty.found = True
        empty.masalah.append(f"berkas {rel} harus berisi pasangan kunci: teks")
        return empty
    masalah = [
        f"kunci '{k}' pada {rel} tidak dikenal (dipakai: {', '.join([*SECTIONS, *FIELDS])})"
        for k in doc
        if k not in SECTIONS and k not in FIELDS
    ]
    bagian: dict[str, Markup | None] = {}
    for key in SECTIONS:
        value = doc.get(key)
        bagian[key] = prose(str(value)) if _filled(value) else None
    isian: dict[str, str | list[str]] = {}
    for key in FIELDS:
        value = doc.get(key)
        if isinstance(value, list):
            items = [str(v).strip() for v in value if _filled(v)]
            if items:
                isian[key] = items
        elif _filled(value):
            isian[key] = str(value).strip()
    for m in masalah:
        log.warning("narasi: %s", m)
    return Narasi(path, rel, True, bagian, isian, masalah)


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


_BULLET = re.compile(r"^\s*(?:[-*•✓]|o)\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+(.*)$")
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> Markup:
    return Markup(_BOLD.sub(r"<strong>\1</strong>", str(escape(text.strip()))))


def prose(text: str) -> Markup:
    """Paragraphs and lists from the desk's plain text (escaped; only the markup above)."""
    out: list[str] = []
    para: list[str] = []
    items: list[Markup] = []
    kind = ""

    def flush_para() -> None:
        if para:
            out.append(f"<p>{_inline(' '.join(para))}</p>")
            para.clear()

    def flush_list() -> None:
        nonlocal kind
        if items:
            tag = "ol" if kind == "ol" else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{i}</li>" for i in items) + f"</{tag}>")
            items.clear()
        kind = ""

    for line in text.splitlines():
        if not line.strip():
            flush_para()
            flush_list()
            continue
        numbered, bullet = _NUMBERED.match(line), _BULLET.match(line)
        if numbered or bullet:
            flush_para()
            new_kind = "ol" if numbered else "ul"
            if kind and kind != new_kind:
                flush_list()
            kind = new_kind
            items.append(_inline((numbered or bullet).group(1)))  # type: ignore[union-attr]
        elif items and line.startswith((" ", "\t")):
            items[-1] = Markup(f"{items[-1]} {_inline(line)}")  # continuation of an item
        else:
            flush_list()
            para.append(line.strip())
    flush_para()
    flush_list()
    return Markup("".join(out))
