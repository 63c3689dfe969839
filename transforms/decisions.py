"""Turn the desk's decision wording into codes.

Desks write either the short notice (`Keputusan: Dikabulkan sebagian`) or copy the official
Pemberitahuan Tertulis wording (`Informasi dapat diberikan`, `Informasi tidak dapat diberikan
karena belum dikuasai`); a Pasal 17 refusal quotes the article. Both must give the same codes.
"""

from __future__ import annotations

import re

from transforms.models import GRANTED_FULL, GRANTED_PART, NOT_DOCUMENTED, NOT_HELD, REJECTED

_PASAL_17 = re.compile(r"pasal\s*17\s*(?:ayat\s*\(?\d\)?\s*)?(?:huruf\s*)?\(?([a-j])\)?\b", re.I)
_PASAL_6 = re.compile(r"pasal\s*6\b", re.I)
_NOT_HELD = re.compile(r"(belum|tidak)\s+(di\s*)?kuasai|tidak\s+di\s*bawah\s+penguasaan", re.I)
_NOT_DOCUMENTED = re.compile(r"belum\s+(di\s*)?dokumentasikan", re.I)
_BLACKED_OUT = re.compile(r"penghitaman|pengaburan|dihitamkan|dikaburkan", re.I)


def rejection_ground(text: str | None) -> str | None:
    """`Pasal 17 huruf b UU 14/2008` → `pasal_17_b`; `belum dikuasai` → `belum_dikuasai`."""
    if not text:
        return None
    if m := _PASAL_17.search(text):
        return f"pasal_17_{m.group(1).lower()}"
    if _PASAL_6.search(text):
        return "pasal_6"
    if _NOT_HELD.search(text):
        return "belum_dikuasai"
    if _NOT_DOCUMENTED.search(text):
        return "belum_didokumentasikan"
    if re.search(r"pasal\s*17", text, re.I):
        return "pasal_17"
    return None


def normalise_decision(
    keputusan: str | None, alasan: str | None = None
) -> tuple[str | None, str | None]:
    """Return (decision code, ground code); (None, None) when the text states no decision."""
    text = " ".join(t for t in (keputusan, alasan) if t).strip()
    if not text:
        return None, None
    low = text.lower()
    ground = rejection_ground(text)
    if _NOT_DOCUMENTED.search(low) and "dapat diberikan" not in low.replace("tidak dapat", ""):
        return NOT_DOCUMENTED, "belum_didokumentasikan"
    if _NOT_HELD.search(low) and "dapat diberikan" not in low.replace("tidak dapat", ""):
        return NOT_HELD, "belum_dikuasai"
    if "ditolak" in low or "tolak" in low or "tidak dapat diberikan" in low:
        return REJECTED, ground
    if "sebagian" in low or _BLACKED_OUT.search(low):
        return GRANTED_PART, ground
    if "dikabulkan" in low or "dapat diberikan" in low or "diterima" in low or "dipenuhi" in low:
        return GRANTED_FULL, None
    return None, None
