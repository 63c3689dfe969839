"""A scanner for requesters' personal data (UU 27/2022) in what the pipeline publishes.

It learns the requesters of a loaded sample from the raw layer (the only layer allowed to hold
them) and then looks for them, and for anything shaped like a phone number, an e-mail address
or a NIK, in every core and mart relation and in every published file (the whole of `core` is
pseudonymised: even its lineage names the file by hash, as exports are named after people).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from transforms.warehouse import connect

_HEX = "0-9a-fA-F"
PATTERNS = {
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "telepon": re.compile(
        rf"(?<![{_HEX}\w])(?:\+62|62|0)[\s.-]?8\d(?:[\s.-]?\d){{6,10}}(?![{_HEX}])"
    ),
    "NIK": re.compile(rf"(?<![{_HEX}])\d{{16}}(?![{_HEX}])"),
}
MIN_NAME = 8  # shorter display names ("Sari", "Pak Budi") also occur in ordinary words


def requester_names(url: str) -> set[str]:
    """Requesters' names as the raw layer holds them, without the desks' own identities."""
    with connect(url) as wh:
        names = {r[0] for r in wh.query("SELECT DISTINCT nama FROM raw.formulir") if r[0]}
        senders = {r[0] for r in wh.query("SELECT DISTINCT pengirim FROM raw.pesan") if r[0]}
        bodies = {r[0].lower() for r in wh.query("SELECT nama FROM core.badan_publik")}
    people = names | {s for s in senders if "@" not in s and len(re.sub(r"\D", "", s)) < 6}
    return {
        n.strip()
        for n in people
        if len(n.strip()) >= MIN_NAME
        and " " in n.strip()
        and "ppid" not in n.lower()
        and n.strip().lower() not in bodies
    }


def desk_contacts(landing_root: Path) -> set[str]:
    """The desks' own public contacts (their registered addresses, and the phones and addresses
    a desk writes in its report narrative): published on purpose, not requesters' data."""
    from transforms.parsers.bodies import load_bodies

    found = {e for b in load_bodies(landing_root / "bodies.csv") for e in b.desk().emails}
    for path in landing_root.glob("*/laporan/*.yaml"):
        text = path.read_text(encoding="utf-8", errors="replace")
        found |= {m.group(0) for rx in PATTERNS.values() for m in rx.finditer(text)}
    return {f.lower() for f in found}


def find_in_text(
    text: str, names: Iterable[str], where: str, allowed: set[str] = frozenset()
) -> list[str]:
    found = [
        f"{where}: {label} {m.group(0)!r}"
        for label, rx in PATTERNS.items()
        for m in rx.finditer(text)
        if m.group(0).lower() not in allowed
    ]
    low = text.lower()
    found += [f"{where}: nama {n!r}" for n in names if n.lower() in low]
    return found


# the desks' own addresses and the calendar are public, not requesters' data
NOT_PERSONAL = {"core.badan_publik", "core.kalender_kerja"}


def scan_warehouse(
    url: str, names: set[str], schemas: tuple[str, ...] = ("core", "mart")
) -> list[str]:
    found: list[str] = []
    with connect(url) as wh:
        relations = wh.query(
            "SELECT table_schema, table_name FROM information_schema.tables"
            " WHERE table_schema IN (" + ",".join("?" for _ in schemas) + ")",
            list(schemas),
        )
        for schema, table in sorted(relations):
            if f"{schema}.{table}" in NOT_PERSONAL:
                continue
            for row in wh.query(f"SELECT * FROM {schema}.{table}"):
                text = " | ".join("" if v is None else str(v) for v in row)
                found += find_in_text(text, names, f"{schema}.{table}")
    return found


def scan_files(folder: Path, names: set[str], allowed: set[str] = frozenset()) -> list[str]:
    """Every published file; PDFs by their extracted text, xlsx by their cell values."""
    found: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        found += find_in_text(_text_of(path), names, str(path.relative_to(folder)), allowed)
    return found


def _text_of(path: Path) -> str:
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    if path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True)
        try:
            return "\n".join(
                " | ".join("" if v is None else str(v) for v in row)
                for ws in book.worksheets
                for row in ws.iter_rows(values_only=True)
            )
        finally:
            book.close()
    return path.read_bytes().decode("utf-8", "replace")
