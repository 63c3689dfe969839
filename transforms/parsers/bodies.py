"""The registry of public bodies (`bodies.csv` at the landing root).

Every other parser needs it: folder names are body codes and a desk's own addresses and chat
names tell its replies from requesters. A wrong registry silently misfiles data, so any bad row
stops the load with every problem listed at once, in Indonesian, for the PPID Utama to fix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from transforms.models import Desk, FileRejected
from transforms.parsers.buku_tamu import read_delimited

BODY_TYPES = ("utama", "pelaksana")
COLUMNS = (
    "kode", "nama", "jenis", "induk", "kabupaten_kota", "email", "whatsapp", "media_sosial",
)  # fmt: skip
_CODE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True)
class Body:
    kode: str
    nama: str
    jenis: str  # 'utama' | 'pelaksana'
    induk: str | None = None  # kode of the parent PPID; None for the PPID Utama
    kabupaten_kota: str | None = None  # None for provincial bodies
    email: tuple[str, ...] = ()  # the desk's own addresses, lower case
    whatsapp: tuple[str, ...] = ()  # the desk's own display names in chat exports
    media_sosial: tuple[str, ...] = ()  # the desk's Instagram/Facebook account names (optional)

    def desk(self) -> Desk:
        return Desk(
            kode_badan=self.kode,
            emails=frozenset(self.email),
            whatsapp_names=frozenset(self.whatsapp),
            social_names=frozenset(self.media_sosial),
        )


def _split(value: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in value.split(";") if p.strip())


def load_bodies(path: Path) -> list[Body]:
    """Read and check bodies.csv; raises ValueError listing every bad row."""
    path = Path(path)
    try:
        records = read_delimited(path)
    except FileRejected as exc:
        raise ValueError(exc.reason) from exc
    if not records:
        raise ValueError(
            f"{path.name} kosong; isi daftar badan publik (kolom: {', '.join(COLUMNS)})"
        )
    header = [c.strip().lower() for c in records[0]]
    missing = [c for c in ("kode", "nama", "jenis") if c not in header]
    if missing:
        raise ValueError(f"{path.name}: kolom wajib tidak ada: {', '.join(missing)}")

    bodies: list[Body] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for line, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)}
        kode, nama, jenis = row.get("kode", ""), row.get("nama", ""), row.get("jenis", "").lower()
        problems = []
        if not kode:
            problems.append("kode kosong")
        elif not _CODE.match(kode):
            problems.append(
                f"kode '{kode}' hanya boleh huruf kecil, angka, titik, '-' atau '_' "
                "(dipakai sebagai nama folder)"
            )
        elif kode in seen:
            problems.append(f"kode '{kode}' ganda (sudah ada di baris {seen[kode]})")
        if not nama:
            problems.append("nama kosong")
        if jenis not in BODY_TYPES:
            problems.append(f"jenis '{row.get('jenis', '')}' harus 'utama' atau 'pelaksana'")
        if problems:
            errors.append(f"baris {line}: " + "; ".join(problems))
        if kode and kode not in seen:
            seen[kode] = line
        if problems:
            continue
        bodies.append(
            Body(
                kode=kode,
                nama=nama,
                jenis=jenis,
                induk=row.get("induk") or None,
                kabupaten_kota=row.get("kabupaten_kota") or None,
                email=tuple(e.lower() for e in _split(row.get("email", ""))),
                whatsapp=_split(row.get("whatsapp", "")),
                media_sosial=_split(row.get("media_sosial", "")),
            )
        )
    for body in bodies:
        if body.induk and body.induk not in seen:
            errors.append(f"baris {seen[body.kode]}: induk '{body.induk}' tidak terdaftar")
        if body.induk == body.kode:
            errors.append(f"baris {seen[body.kode]}: induk tidak boleh badan itu sendiri")
    if errors:
        raise ValueError(f"{path.name} tidak valid:\n" + "\n".join(f"- {e}" for e in errors))
    return bodies
