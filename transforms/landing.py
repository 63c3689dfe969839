"""The landing zone: one folder per body, one per source; files are identified by content."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from transforms.sources import SOURCES


@dataclass(frozen=True)
class LandingFile:
    kode_badan: str
    sumber: str
    path: Path
    rel: str  # path relative to the landing root, as shown to officers
    sha256: str
    size: int


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def discover(landing_root: Path, kode_badan: str) -> list[LandingFile]:
    """Every file under the body's source folders, in a stable order (hidden files ignored)."""
    found: list[LandingFile] = []
    for sumber in SOURCES:
        folder = landing_root / kode_badan / sumber
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if any(part.startswith(".") for part in path.relative_to(folder).parts):
                continue
            found.append(
                LandingFile(
                    kode_badan=kode_badan,
                    sumber=sumber,
                    path=path,
                    rel=path.relative_to(landing_root).as_posix(),
                    sha256=sha256_file(path),
                    size=path.stat().st_size,
                )
            )
    return found


def is_supported(f: LandingFile) -> bool:
    return f.path.suffix.lower() in SOURCES[f.sumber].suffixes
