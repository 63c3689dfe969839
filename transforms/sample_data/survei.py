"""Sample satisfaction survey exports (SKM, PermenPANRB 14/2017) as Google Forms writes them.

Each body runs its own form: the Forms CSV download (`Cap waktu`, `2023/03/14 9:05:12 AM GMT+7`,
answer labels), the Sheets .xlsx download (`Stempel waktu`, date cells, numbers), or the Sheets
CSV of an English-language owner (`Timestamp`, `9/30/23 10:10`, English labels). The city of
Pontianak words two questions its own way (its override is in reference/skm_unsur.yaml).
The seed body (diskopukm) has a survey in 2023 with enough respondents for its 671 requests, and
an overlapping first-semester export; errors (unknown label, score 5) live in other bodies.
Deterministic: seeded random, no wall clock.
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections import Counter
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from transforms.sample_data.generator import FIXED_STAMP, STRICT_CODE, STRICT_YEAR, zip_bytes

STYLES = ("forms_id", "sheets_xlsx", "sheets_en")
BODY_STYLE = {
    "diskopukm": "forms_id",
    "diskominfo": "sheets_xlsx",
    "dinkes": "sheets_en",
    "pontianak": "forms_id",
}
STRICT_RESPONDENTS = 252  # >= 245, the Krejcie-Morgan sample for 671 requests

ID_QUESTIONS = (
    "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis"
    " pelayanannya?",
    "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
    "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
    "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam"
    " standar pelayanan dengan hasil yang diberikan?",
    "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
    "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan"
    " keramahan?",
    "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
    "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
)
CODE_QUESTIONS = (
    "U1. Persyaratan",
    "U2. Sistem, mekanisme dan prosedur",
    "U3. Waktu penyelesaian",
    "U4. Biaya/tarif",
    "U5. Produk spesifikasi jenis pelayanan",
    "U6. Kompetensi pelaksana",
    "U7. Perilaku pelaksana",
    "U8. Penanganan pengaduan, saran dan masukan",
    "U9. Sarana dan prasarana",
)
EN_QUESTIONS = (
    "How do you rate the suitability of the service requirements?",
    "How easy are the service procedures?",
    "How fast is the service completion time?",
    "How fair is the cost or fee of the service?",
    "Does the service product match the specification in the service standard?",
    "How competent are the officers?",
    "How is the officers' behaviour (politeness and friendliness)?",
    "How are complaints, suggestions and feedback handled?",
    "How good are the facilities and infrastructure?",
)
PONTIANAK_QUESTIONS = (
    ID_QUESTIONS[0],
    "Kemudahan mengurus permohonan informasi di PPID Kota Pontianak",
    "Berapa lama menunggu sampai informasi Anda terima?",
    *ID_QUESTIONS[3:],
)
ID_LABELS = (
    ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
    ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
    ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
    ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai"),
    ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
    (
        "Tidak sopan dan ramah",
        "Kurang sopan dan ramah",
        "Sopan dan ramah",
        "Sangat sopan dan ramah",
    ),
    (
        "Tidak ada",
        "Ada tetapi tidak berfungsi",
        "Berfungsi kurang maksimal",
        "Dikelola dengan baik",
    ),
    ("Buruk", "Cukup", "Baik", "Sangat baik"),
)
EN_LABELS = (
    ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ("Not easy", "Less easy", "Easy", "Very easy"),
    ("Not fast", "Less fast", "Fast", "Very fast"),
    ("Very expensive", "Quite expensive", "Cheap", "Free"),
    ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate"),
    ("Not competent", "Less competent", "Competent", "Very competent"),
    ("Not polite and friendly", "Less polite and friendly", "Polite and friendly",
     "Very polite and friendly"),
    ("None", "Exists but not functioning", "Functioning but not optimal", "Well managed"),
    ("Poor", "Fair", "Good", "Very good"),
)  # fmt: skip
PONTIANAK_U3 = ("Terlalu lama", "Agak lama", "Tepat", "Lebih cepat dari janji")

ID_PROFILE = (
    "Jenis Kelamin",
    "Usia",
    "Pendidikan Terakhir",
    "Pekerjaan",
    "Layanan yang Anda terima",
)
EN_PROFILE = ("Gender", "Age", "Last education", "Occupation", "Services received")
ID_VALUES = {
    "gender": ("Laki-laki", "Perempuan"),
    "edu": ("SMA/SMK", "D3", "S1", "S1", "S2", "SMP"),
    "job": ("PNS", "Pegawai swasta", "Wiraswasta", "Mahasiswa", "Pelaku UMKM", "Wartawan",
            "Ibu rumah tangga"),
    "service": ("Permohonan informasi publik", "Konsultasi layanan informasi",
                "Penelusuran dokumen (arsip, data statistik, peraturan)",
                "Kunjungan ke ruang PPID"),
    "other": ("Legalisir salinan, cap basah", "Minta data koperasi aktif"),
}  # fmt: skip
EN_VALUES = {
    "gender": ("Male", "Female"),
    "edu": ("High school", "Diploma", "Bachelor", "Bachelor", "Master", "Junior high school"),
    "job": ("Civil servant", "Private employee", "Entrepreneur", "Student", "Journalist", "Farmer"),
    "service": ("Public information request", "Information service consultation",
                "Document search (archives, statistics, regulations)", "Visit to the PPID desk"),
    "other": ("Data request, printed copy",),
}  # fmt: skip


def _moment(year: int, rng: random.Random, months: range = range(1, 13)) -> datetime:
    """An office-hours moment (WIB, naive) on a weekday of the year."""
    while True:
        d = date(year, rng.choice(months), rng.randint(1, 28))
        if d.weekday() < 5:
            return datetime.combine(
                d, time(rng.randint(8, 15), rng.randint(0, 59), rng.randint(0, 59))
            )


def _response(rng: random.Random, values: dict[str, tuple[str, ...]]) -> dict[str, object]:
    mood = rng.choices((1, 2, 3, 4), (1, 3, 12, 6))[0]
    scores = [min(4, max(1, mood + rng.choice((-1, 0, 0, 0, 1)))) for _ in range(9)]
    scores[3] = 4 if rng.random() < 0.9 else scores[3]  # information is free of charge
    services = rng.sample(values["service"], rng.choice((1, 1, 1, 2)))
    if rng.random() < 0.05:
        services.append(rng.choice(values["other"]))  # the form's "Lainnya:" free text
    return {
        "gender": rng.choice(values["gender"]),
        "age": str(rng.randint(18, 64)),
        "edu": rng.choice(values["edu"]),
        "job": rng.choice(values["job"]),
        "service": ", ".join(services),
        "scores": scores,
    }


def _forms_ts(dt: datetime) -> str:
    hour = dt.hour % 12 or 12
    return f"{dt:%Y/%m/%d} {hour}:{dt:%M:%S} {'PM' if dt.hour >= 12 else 'AM'} GMT+7"


def _sheets_ts(dt: datetime) -> str:
    return f"{dt.month}/{dt.day}/{dt:%y} {dt.hour}:{dt:%M}"


def _csv(rows: list[list[object]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def _xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Jawaban Formulir 1"
    wb.properties.creator = wb.properties.lastModifiedBy = "Google Sheets"
    wb.properties.created = wb.properties.modified = FIXED_STAMP
    for row in rows:
        ws.append(row)
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        cell.number_format = "dd/mm/yyyy hh:mm:ss"
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src:
        entries = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    return zip_bytes(entries, FIXED_STAMP)


def _table(kode: str, style: str, responses: list[tuple[datetime, dict]], rng: random.Random,
           with_errors: bool) -> list[list[object]]:  # fmt: skip
    """Header and rows of one export in the body's style."""
    english = style == "sheets_en"
    labels = [list(x) for x in (EN_LABELS if english else ID_LABELS)]
    questions = EN_QUESTIONS if english else ID_QUESTIONS
    if kode == "pontianak":
        questions, labels[2] = PONTIANAK_QUESTIONS, list(PONTIANAK_U3)
    if style == "sheets_xlsx":
        questions = CODE_QUESTIONS
    ts_name = {"forms_id": "Cap waktu", "sheets_xlsx": "Stempel waktu", "sheets_en": "Timestamp"}
    profile = EN_PROFILE if english else ID_PROFILE
    rows: list[list[object]] = [[ts_name[style], *profile, *questions, "Saran dan masukan"]]
    for k, (when, r) in enumerate(responses):
        answers: list[object]
        if style == "sheets_xlsx":
            answers = list(r["scores"])  # linear-scale questions: numbers
            stamp: object = when
        else:
            answers = [labels[i][s - 1] for i, s in enumerate(r["scores"])]
            stamp = _sheets_ts(when) if english else _forms_ts(when)
        if with_errors and k == 3:
            answers[2] = "Lumayan" if not english else "So-so"  # unknown label: quarantined
        if with_errors and k == 7:
            answers[7] = 5 if style == "sheets_xlsx" else "5"  # outside 1-4: quarantined
        age: object = int(r["age"]) if style == "sheets_xlsx" else r["age"]
        rows.append([stamp, r["gender"], age, r["edu"], r["job"], r["service"], *answers,
                     rng.choice(("", "", "Pertahankan", "Ruang tunggu perlu kipas"))])  # fmt: skip
    return rows


def write_survei(
    root: Path,
    kode: str,
    seed: int,
    years: tuple[int, ...],
    *,
    respondents: dict[int, int] | None = None,
    month: int | None = None,
    tally: Counter | None = None,
) -> list[Path]:
    """Write the body's survey exports for each year; returns the files written.

    `respondents` sets a year's answers (else 30-140); `month` writes only that month's answers
    of the one year as `SKM 2026-01 (Jawaban)`; `tally["survey_answers"]` counts the rows."""
    style = BODY_STYLE.get(kode) or random.Random(f"{seed}:survei-style:{kode}").choice(STYLES)
    values = EN_VALUES if style == "sheets_en" else ID_VALUES
    folder = root / kode / "survei"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year in years:
        rng = random.Random(f"{seed}:survei:{kode}:{year}")
        strict = kode == STRICT_CODE and year == STRICT_YEAR
        n = STRICT_RESPONDENTS if strict else rng.randint(30, 140)
        if respondents and year in respondents and not strict:
            n = respondents[year]
        responses = sorted(((_moment(year, rng), _response(rng, values)) for _ in range(n)),
                           key=lambda p: p[0])  # fmt: skip
        if month:
            responses = [(when, r) for when, r in responses if when.month == month]
            if not responses:
                continue
        with_errors = kode != STRICT_CODE and year == years[-1]
        rows = _table(kode, style, responses, rng, with_errors)
        suffix = ".xlsx" if style == "sheets_xlsx" else ".csv"
        label = f"{year}-{month:02d}" if month else str(year)
        path = folder / f"SKM {label} (Jawaban){suffix}"
        path.write_bytes(_xlsx(rows) if suffix == ".xlsx" else _csv(rows))
        written.append(path)
        if tally is not None:
            tally["survey_answers"] += len(rows) - 1
        if strict and not month:  # an earlier download of the first semester, overlapping the year
            first = [rows[0]] + [
                row for (when, _), row in zip(responses, rows[1:], strict=True) if when.month <= 6
            ]
            early = folder / f"SKM {year} semester 1 (Jawaban).csv"
            early.write_bytes(_csv(first))
            written.append(early)
            if tally is not None:
                tally["survey_answers"] += len(first) - 1
    return written
