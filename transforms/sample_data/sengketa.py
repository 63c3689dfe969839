"""The sample dispute register (`<body>/sengketa/register_sengketa.xlsx`) of one body.

Built from the body's answered objections so the cases link to real requests: a mediation that
succeeded, a case that goes mediasi (failed) -> ajudikasi -> PTUN (ruling) -> kasasi, and an
adjudication that rejects. No random draws: the register follows from the objections alone.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from transforms.sample_data.generator import BodyData, add_workdays, text_date, xlsx_bytes

REGISTER_BODY = "pontianak"
HEADER = (
    "No",
    "Nomor Pendaftaran",
    "No. Registrasi Keberatan",
    "Tanggal Permohonan Penyelesaian Sengketa (ke Komisi Informasi)",
    "Tahap",
    "Nomor Perkara",
    "Tanggal Putusan",
    "Hasil",
    "Pelaksanaan oleh Badan Publik",
)


def _cases(data: BodyData) -> list[list[object]]:
    answered = [r for r in data.requests if r.objection and r.objection.answered_at]
    answered.sort(key=lambda r: r.objection.answered_at)  # type: ignore[union-attr]
    rows: list[list[object]] = []
    for n, req in enumerate(answered[:3]):
        base = req.objection.answered_at.date()  # type: ignore[union-attr]
        ki = add_workdays(base, 5 + n)
        perkara = f"{n + 1:03d}/REG-PSI/{ki.year}"

        def row(
            tahap: str, filed: date, decided: date | None, hasil: str, done: str,
            nomor: str = req.nomor, perkara: str = perkara,
        ) -> None:  # fmt: skip
            rows.append([len(rows) + 1, nomor, "", filed, tahap, perkara, decided, hasil, done])

        if n == 0:
            row("Mediasi", ki, add_workdays(ki, 10), "Mediasi berhasil", "Sudah dilaksanakan")
        elif n == 1:
            adj = add_workdays(ki, 15)
            court = add_workdays(adj, 40)
            row("Mediasi", ki, add_workdays(ki, 10), "Mediasi gagal", "")
            row("Ajudikasi", adj, add_workdays(adj, 30), "Permohonan dikabulkan sebagian", "Belum")
            row("Pengadilan (PTUN Pontianak)", court, add_workdays(court, 60), "Gugatan ditolak",
                "Sudah dilaksanakan")  # fmt: skip
            row("Kasasi", add_workdays(court, 75), None, "", "")
        else:
            row("Ajudikasi", ki, add_workdays(ki, 35), "Permohonan ditolak", "")
    return rows


def write_sengketa(root: Path, data: BodyData, seed: int) -> list[Path]:
    """Write the register of the one sample body that has disputes; [] for the others."""
    if data.body.kode != REGISTER_BODY:
        return []
    rows = _cases(data)
    if not rows:
        return []
    import random

    rng = random.Random(f"{seed}:sengketa:{data.body.kode}")
    shown: list[list[object] | None] = []
    for r in rows:  # dates typed as text, as desks keep the register by hand
        shown.append([text_date(v, rng) if isinstance(v, date) else v for v in r])
    folder = root / data.body.kode / "sengketa"
    folder.mkdir(parents=True, exist_ok=True)
    name = f"register_sengketa_{data.label(data.years[0])}" if data.month else "register_sengketa"
    path = folder / f"{name}.xlsx"
    title = ["REGISTER SENGKETA INFORMASI PUBLIK", f"PPID {data.body.singkat}"]
    path.write_bytes(xlsx_bytes(title, HEADER, shown))
    return [path]
