"""Generate a deterministic sample landing zone for the PPID pipeline (Kalimantan Barat).

One request model in memory (`Req`), built per body and year from a seeded `random.Random`,
then rendered per channel: e-mail (mbox per year), WhatsApp (one export per requester chat),
buku tamu (xlsx/csv per year) and web form exports (csv/jsonl per year). Same seed, same bytes:
no wall clock, fixed zip timestamps, fixed workbook properties.

The PPID of Dinas Koperasi UKM (`diskopukm`) reproduces its 2023 annual report: exactly 671
requests (e-mail 121, buku tamu 398, WhatsApp 152), all granted in full, every decision 1-5
calendar days after receipt on a working day. Its mess (blank rows, visits, label variants, a
re-delivered file, overlapping chat exports) does not change that count; real errors (bad
dates, corrupt files, a text file that is not a chat) live in other bodies only.

Scales (`SCALES`): `full` and `small` are the 40 provincial bodies (or 4 of them), byte for byte
as the tests and README figures expect; `province` adds the 560 units of the 14 regencies
(bodies.py) for a benchmark of ~400k requests; `smoke` is six bodies for CI. Each body is built
and written on its own from seeds that name the body (`generate_body`), so `generate(jobs=N)`
writes the same bytes in N processes and holds one body at a time. A monthly delivery
(`month="2026-01"`) writes the requests received in that month, with what happened to them up to
the end of the next month, into files whose names carry the month.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import quopri
import random
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.header import Header
from email.utils import format_datetime, formataddr
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import holidays
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.writer.excel import ExcelWriter

from transforms.models import CHANNELS
from transforms.sample_data import names as N
from transforms.sample_data import topics as T
from transforms.sample_data.bodies import (
    BODIES,
    BY_CODE,
    PROVINCE_BODIES,
    SMALL_CODES,
    SMOKE_CODES,
    Body,
    unit_type,
)

WIB = timezone(timedelta(hours=7))
FIXED_STAMP = datetime(2025, 1, 31, 9, 0, 0)  # workbook properties, zip fallback timestamp
STRICT_CODE = "diskopukm"
STRICT_YEAR = 2023
LEBARAN_MONTH = {2021: 5, 2022: 5, 2023: 4, 2024: 4, 2025: 3}
MONTH_WEIGHTS = (0.9, 1.0, 1.1, 1.05, 1.05, 1.0, 1.0, 1.05, 1.1, 1.15, 1.1, 0.6)
# Days the government closed offices after the `holidays` data was cut (Pemilu, Pilkada, ...).
EXTRA_CLOSED = {date(2024, 2, 14), date(2024, 11, 27), date(2025, 8, 18)}

BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip
HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

BANNER_ID = (
    "Pesan dan panggilan terenkripsi secara end-to-end. Tidak seorang pun di luar chat ini, "
    "termasuk WhatsApp, yang dapat membaca atau mendengarkannya."
)
BANNER_EN = (
    "Messages and calls are end-to-end encrypted. No one outside of this chat, not even "
    "WhatsApp, can read or listen to them. Tap to learn more."
)

FULL, PART, REJECTED, NOT_HELD, NOT_DOC = "full", "part", "rejected", "not_held", "not_doc"
OUTCOME_TEXT = {
    FULL: "Dikabulkan seluruhnya",
    PART: "Dikabulkan sebagian",
    REJECTED: "Ditolak",
    NOT_HELD: "Informasi tidak dapat diberikan karena belum dikuasai",
    NOT_DOC: "Informasi tidak dapat diberikan karena belum didokumentasikan",
}
PASAL17_WEIGHTS = {"h": 5, "b": 3, "i": 3, "j": 2, "a": 2, "c": 1, "d": 1, "e": 1, "f": 0.5}


# --- calendar ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def closed_days() -> frozenset[date]:
    """National holidays and cuti bersama (government offices closed), 2020-2026."""
    cal = holidays.country_holidays(
        "ID", years=range(2020, 2027), categories=("public", "government")
    )
    return frozenset(set(cal.keys()) | EXTRA_CLOSED)


def is_workday(d: date) -> bool:
    return d.weekday() < 5 and d not in closed_days()


def add_workdays(d: date, n: int) -> date:
    """The n-th working day after d (day one is the first working day after receipt)."""
    while n > 0:
        d += timedelta(days=1)
        if is_workday(d):
            n -= 1
    return d


def next_workday(d: date) -> date:
    while not is_workday(d):
        d += timedelta(days=1)
    return d


def workdays_between(a: date, b: date) -> int:
    """Working days in (a, b]."""
    n, d = 0, a
    while d < b:
        d += timedelta(days=1)
        n += is_workday(d)
    return n


# --- model ------------------------------------------------------------------------------------


@dataclass(eq=False)
class Person:
    nama: str
    nik: str
    alamat: str
    kab: str
    pekerjaan: str
    hp: str  # digits, 08...
    email: str
    instansi: str
    wa_label: str = ""  # how the desk's phone shows the chat (name or +62 number)

    def phone(self, style: int) -> str:
        local = self.hp[1:]
        groups = f"{local[:3]}-{local[3:7]}-{local[7:]}"
        return (
            f"0{groups}",
            self.hp,
            f"+62 {groups}",
            f"+62{local}",
            f"0{local[:3]} {local[3:7]} {local[7:]}",
        )[style % 5]


@dataclass(eq=False)
class Objection:
    filed_at: datetime
    ground: str  # Pasal 35 ayat 1 huruf x
    kasus: str
    answered_at: datetime | None
    tanggapan: str


@dataclass(eq=False)
class Req:
    body: Body
    channel: str
    received: datetime  # aware, WIB
    person: Person
    rincian: str
    tujuan: str
    cara: str
    salinan: str
    nomor: str = ""
    outcome: str | None = None  # None: never decided (open)
    ground: str | None = None
    extension_at: datetime | None = None
    decided_at: datetime | None = None
    delivered_at: datetime | None = None
    omit: frozenset[str] = frozenset()
    keperluan: str = ""
    objection: Objection | None = None


@dataclass(eq=False)
class Visit:
    body: Body
    when: datetime
    person: Person
    keperluan: str


@dataclass
class Profile:
    """How a body's desk works and exports; mess and errors are switched on here."""

    strict: bool = False  # diskopukm: all granted fast
    wa_style: str = "android_id"  # android_id | ios | english
    wa_zip_share: float = 0.2
    bt_format: str = "xlsx"  # xlsx | csv
    bt_header: int = 0  # index into BT_HEADERS
    bt_text_dates: float = 0.05
    bt_title_rows: int = 2
    web_format: str = "csv;"  # csv; | csv, | jsonl
    official: bool = False  # copies the Pemberitahuan Tertulis wording
    open_rate: float = 0.03
    late_rate: float = 0.05
    ext_rate: float = 0.06
    incomplete_rate: float = 0.06
    errors: frozenset[str] = frozenset()
    chatter: float = 0.0  # small-talk exchanges per WhatsApp request (set by the scale)


@dataclass(frozen=True)
class Scale:
    """Which bodies, which years, and how busy: `volume_factor` multiplies each body's requests
    a year (`Body.volume`), capped at `max_volume`; `chatter` adds small talk to WhatsApp chats;
    `survey_rate` sizes the satisfaction survey by the year's requests (0: 30-140 answers)."""

    name: str
    codes: tuple[str, ...]
    years: tuple[int, ...]
    volume_factor: float = 1.0
    max_volume: int = 700
    chatter: float = 0.0
    survey_rate: float = 0.0


# Province scale: the busiest bodies get thousands of requests a year; the factor brings the
# 600 bodies' `Body.volume` (~63k) to ~400k requests in 2025.
PROVINCE_FACTOR = 6.3
SCALES = {
    "full": Scale("full", tuple(b.kode for b in BODIES), (2022, 2023, 2024)),
    "small": Scale("small", SMALL_CODES, (2022, 2023)),
    "province": Scale(
        "province",
        tuple(b.kode for b in PROVINCE_BODIES),
        (2025,),
        volume_factor=PROVINCE_FACTOR,
        max_volume=6000,
        chatter=1.8,
        survey_rate=0.25,
    ),
    "smoke": Scale("smoke", SMOKE_CODES, (2025,), volume_factor=0.3, chatter=1.8, survey_rate=0.25),
}


def error_year(years: tuple[int, ...]) -> int:
    """The year whose exports carry the deliberate errors (bad dates, a corrupt workbook, ...):
    the seed year when generated, else the last year."""
    return STRICT_YEAR if STRICT_YEAR in years else years[-1]


BT_HEADERS = (
    (
        "No", "Tanggal", "Nama", "Instansi / Alamat", "No. HP", "Keperluan",
        "Informasi yang diminta", "Tanggal ditanggapi", "Keputusan", "Alasan", "Petugas",
    ),
    (
        "No", "Tgl", "Nama Pengunjung", "Asal Instansi", "Nomor HP", "Tujuan Kunjungan",
        "Informasi yg Diminta", "Tanggal ditanggapi", "Keputusan", "Alasan", "Petugas",
    ),
    (
        "No.", "Hari/Tanggal", "Nama", "Instansi / Alamat", "No. HP", "Keperluan",
        "Informasi yang diminta", "Tgl ditanggapi", "Keputusan", "Alasan", "Petugas",
    ),
)  # fmt: skip


def body_profile(body: Body, seed: int) -> Profile:
    if body.kode == STRICT_CODE:
        return Profile(strict=True, wa_zip_share=0.15, bt_text_dates=0.08, incomplete_rate=0.0)
    explicit = {
        "diskominfo": Profile(
            official=True,
            bt_header=2,
            bt_text_dates=0.6,
            web_format="jsonl",
            errors=frozenset({"web_bad", "html_email", "eml_file"}),
        ),
        "dinkes": Profile(
            wa_style="ios",
            wa_zip_share=1.0,
            bt_header=1,
            bt_text_dates=0.3,
            late_rate=0.1,
            open_rate=0.05,
            errors=frozenset({"bad_date", "corrupt_xlsx", "not_chat"}),
        ),
        "pontianak": Profile(
            wa_style="english",
            bt_format="csv",
            web_format="csv,",
            errors=frozenset({"web_bad", "takeout_email"}),
        ),
    }
    if body.kode in explicit:
        return explicit[body.kode]
    rng = random.Random(f"{seed}:profile:{body.kode}")
    errors = set()
    if rng.random() < 0.2:
        errors.add("bad_date")
    if rng.random() < 0.1:
        errors.add("not_chat")
    return Profile(
        wa_style=rng.choices(("android_id", "ios", "english"), (6, 2, 2))[0],
        wa_zip_share=rng.choice((0.0, 0.1, 0.3, 1.0)),
        bt_format=rng.choices(("xlsx", "csv"), (3, 1))[0],
        bt_header=rng.randrange(3),
        bt_text_dates=rng.choice((0.0, 0.05, 0.3, 1.0)),
        bt_title_rows=rng.randint(1, 3),
        web_format=rng.choice(("csv;", "csv,", "jsonl")),
        official=rng.random() < 0.35,
        open_rate=rng.uniform(0.0, 0.06),
        late_rate=rng.uniform(0.0, 0.12),
        ext_rate=rng.uniform(0.02, 0.1),
        incomplete_rate=rng.uniform(0.02, 0.1),
        errors=frozenset(errors),
    )


# --- people -----------------------------------------------------------------------------------


# cumulative weights computed once (random.choices draws the same as with plain weights)
REGION_INDEX = range(len(N.REGIONS))
REGION_CUM = list(accumulate(N.REGION_WEIGHTS))
HOURS = range(6, 24)
HOUR_CUM = list(accumulate((1, 3, 6, 8, 8, 6, 5, 6, 6, 5, 4, 3, 3, 3, 3, 3, 2, 1)))
DECISION_DAYS = range(1, 11)
DECISION_DAYS_CUM = list(accumulate((3, 5, 6, 6, 5, 4, 3, 2, 2, 2)))


class People:
    """A body's requesters; some come back (same chat, same address)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used_names: set[str] = set()
        self.used_labels: set[str] = set()
        self.serial = 0

    def new(self) -> Person:
        rng = self.rng
        female = rng.random() < 0.45
        for _ in range(20):
            first = rng.choice(N.FIRST_NAMES_F if female else N.FIRST_NAMES_M)
            last = rng.choice(N.LAST_NAMES) if rng.random() < 0.85 else ""
            if last and rng.random() < 0.15:
                last = f"{rng.choice(N.LAST_NAMES)} {last}"
            nama = f"{first} {last}".strip()
            if nama not in self.used_names:
                break
        self.used_names.add(nama)
        idx = rng.choices(REGION_INDEX, cum_weights=REGION_CUM)[0]
        kab, code, kecs = N.REGIONS[idx]
        self.serial += 1
        day = rng.randint(1, 28) + (40 if female else 0)
        birth = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 104) % 100:02d}"
        nik = f"{code}{rng.randint(1, 12):02d}{birth}{rng.randint(1, 9999):04d}"
        kec = rng.choice(kecs)
        if rng.random() < 0.7:
            alamat = f"{rng.choice(N.STREETS)} No. {rng.randint(1, 150)}, {kec}, {kab}"
        else:
            rt = f"RT {rng.randint(1, 20):03d}"
            alamat = f"Desa {rng.choice(N.LAST_NAMES)} Jaya {rt}, Kec. {kec}, {kab}"
        hp = (
            "08"
            + rng.choice(N.PHONE_PREFIXES)[1:]
            + "".join(str(rng.randrange(10)) for _ in range(8))
        )
        user = nama.lower().replace(" ", rng.choice((".", "", "_")))
        if rng.random() < 0.5:
            user += str(rng.randint(1, 99))
        email = f"{user}@{rng.choice(N.EMAIL_DOMAINS)}"
        instansi = rng.choice(N.INSTANSI) if rng.random() < 0.45 else ""
        pekerjaan = rng.choice(N.PEKERJAAN)
        return Person(nama, nik, alamat, kab, pekerjaan, hp, email, instansi)

    def chat_label(self, p: Person) -> str:
        if not p.wa_label:
            label = p.nama if self.rng.random() < 0.75 else p.phone(2)
            if label in self.used_labels:
                label = p.phone(2)
            self.used_labels.add(label)
            p.wa_label = label
        return p.wa_label


# --- building requests ------------------------------------------------------------------------


def _split(
    total: int, weights: Iterable[float], rng: random.Random, noise: float = 0.15
) -> list[int]:
    """Split total into integer parts ~ weights (largest remainder), exact sum."""
    w = [max(0.0, x) * rng.uniform(1 - noise, 1 + noise) for x in weights]
    s = sum(w) or 1.0
    raw = [total * x / s for x in w]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _channel_counts(body: Body, year: int, scale: Scale, rng: random.Random) -> dict[str, int]:
    if body.kode == STRICT_CODE and year == STRICT_YEAR:
        return {ch: int(n) for ch, n in body.channels.items()}
    if scale.name == "small":
        total = 6 if year != STRICT_YEAR else rng.randint(40, 60)
    else:
        factor = {2022: 0.85, 2023: 1.0, 2024: 1.1}.get(year, 1.0) * rng.uniform(0.85, 1.15)
        volume = body.volume if scale.volume_factor == 1.0 else body.volume * scale.volume_factor
        total = max(20, min(scale.max_volume, round(volume * factor)))
    chans = list(body.channels)
    parts = _split(total, [body.channels[c] for c in chans], rng, noise=0.1)
    return dict(zip(chans, parts, strict=True))


def _receipt_times(channel: str, year: int, n: int, rng: random.Random) -> list[datetime]:
    weights = list(MONTH_WEIGHTS)
    weights[LEBARAN_MONTH.get(year, 4) - 1] *= 0.55
    months = _split(n, weights, rng)
    out = []
    for month, k in enumerate(months, start=1):
        if not k:
            continue
        first = date(year, month, 1)
        days = [
            first + timedelta(days=i)
            for i in range(31)
            if (first + timedelta(days=i)).month == month
        ]
        if channel == "buku_tamu":
            days = [d for d in days if is_workday(d)]
            dw = [1.0] * len(days)
        else:
            dw = [1.0 if is_workday(d) else 0.25 for d in days]
        for d in rng.choices(days, dw, k=k):
            if channel == "buku_tamu":
                minute = rng.randint(8 * 60, 15 * 60 + 30)
            else:
                hour = rng.choices(HOURS, cum_weights=HOUR_CUM)[0]
                minute = hour * 60 + rng.randrange(60)
            second = rng.randrange(60) if channel != "buku_tamu" else 0
            out.append(datetime.combine(d, time(minute // 60, minute % 60, second), WIB))
    out.sort()
    return out


def _office_time(d: date, rng: random.Random) -> datetime:
    minute = rng.randint(8 * 60, 15 * 60 + 45)
    return datetime.combine(d, time(minute // 60, minute % 60, rng.randrange(60)), WIB)


def _rincian(body: Body, year: int, rng: random.Random) -> str:
    own = T.BY_BODY.get(body.kode) or T.BY_BODY.get(unit_type(body.kode), ())
    pool = own if own and rng.random() < 0.75 else T.GENERIC
    kab = N.REGIONS[rng.choices(REGION_INDEX, cum_weights=REGION_CUM)[0]][0]
    text = rng.choice(pool).format(y=year - 1, t=year, kab=kab, sing=body.singkat)
    return text


def _decide_strict(req: Req, rng: random.Random) -> None:
    recv = req.received.date()
    options = [recv + timedelta(days=k) for k in range(1, 6)]
    options = [d for d in options if is_workday(d)] or [next_workday(options[0])]
    decided = rng.choice(options)
    assert 1 <= workdays_between(recv, decided) <= 7, (recv, decided)
    req.outcome = FULL
    req.decided_at = _office_time(decided, rng)
    if rng.random() < 0.55 or req.channel == "buku_tamu":
        req.delivered_at = req.decided_at
    else:
        req.delivered_at = _office_time(add_workdays(decided, 1), rng)


def _decide(req: Req, prof: Profile, rng: random.Random) -> None:
    recv = req.received.date()
    r = rng.random()
    if r < prof.open_rate:
        return
    r -= prof.open_rate
    if r < prof.late_rate:
        decided = add_workdays(recv, rng.randint(21, 45))
    elif r < prof.late_rate + prof.ext_rate and req.channel != "buku_tamu":
        req.extension_at = _office_time(add_workdays(recv, rng.randint(7, 10)), rng)
        decided = add_workdays(recv, rng.randint(11, 17))
    else:
        decided = add_workdays(recv, rng.choices(DECISION_DAYS, cum_weights=DECISION_DAYS_CUM)[0])
    req.decided_at = _office_time(decided, rng)
    req.outcome = rng.choices((FULL, PART, REJECTED, NOT_HELD, NOT_DOC), (72, 8, 9, 7, 4))[0]
    if req.outcome == PART:
        req.ground = "Pasal 17 huruf h UU 14/2008"
    elif req.outcome == REJECTED:
        if rng.random() < 0.12:
            req.ground = "Pasal 6 UU 14/2008"
        else:
            huruf = rng.choices(list(PASAL17_WEIGHTS), list(PASAL17_WEIGHTS.values()))[0]
            req.ground = f"Pasal 17 huruf {huruf} UU 14/2008"
    if req.outcome in (FULL, PART):
        if rng.random() < 0.5:
            req.delivered_at = req.decided_at
        else:
            req.delivered_at = _office_time(add_workdays(decided, rng.randint(1, 3)), rng)


def _maybe_objection(req: Req, rng: random.Random) -> None:
    if req.outcome == REJECTED and rng.random() < 0.25:
        ground, base = "a", req.decided_at
    elif req.outcome == PART and rng.random() < 0.2:
        ground, base = "d", req.decided_at
    elif req.outcome is None and rng.random() < 0.3:
        ground, base = "c", datetime.combine(add_workdays(req.received.date(), 10), time(9), WIB)
    else:
        return
    assert base is not None
    filed = datetime.combine(
        add_workdays(base.date(), rng.randint(2, 20)),
        time(rng.randint(7, 21), rng.randrange(60)),
        WIB,
    )
    answered = None
    if rng.random() < 0.85:
        answered = _office_time(add_workdays(filed.date(), rng.randint(5, 30)), rng)
    tanggapan = rng.choice(  # the atasan's decision in words the pipeline reads
        (
            "Keberatan ditolak; menguatkan keputusan PPID.",
            "Keberatan diterima; membatalkan keputusan PPID dan memerintahkan PPID memberikan "
            "informasi dalam 14 hari kerja.",
            "Keberatan diterima sebagian; informasi akan diberikan setelah penghitaman data "
            "pribadi.",
        )
    )
    kasus = {"a": T.KASUS_POSISI[1], "d": T.KASUS_POSISI[0], "c": T.KASUS_POSISI[2]}[ground]
    req.objection = Objection(filed, f"Pasal 35 ayat 1 huruf {ground}", kasus, answered, tanggapan)


@dataclass
class BodyData:
    body: Body
    profile: Profile
    requests: list[Req] = field(default_factory=list)
    visits: list[Visit] = field(default_factory=list)
    chats: dict[int, list[Req]] = field(default_factory=dict)  # id(person) -> requests
    years: tuple[int, ...] = (STRICT_YEAR,)
    month: int | None = None  # a monthly delivery: only requests received in this month

    @property
    def error_year(self) -> int:
        return error_year(self.years)

    @property
    def cutoff(self) -> datetime | None:
        """A monthly delivery holds what happened before the end of the next month."""
        return month_bounds(self.years[0], self.month)[2] if self.month else None

    def label(self, year: int) -> str:
        """How file names tell the period: `2025` (annual) or `2026-01` (monthly delivery)."""
        return f"{year}-{self.month:02d}" if self.month else str(year)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime, datetime]:
    """Start of the month, start of the next, start of the one after (WIB)."""
    starts = [datetime(year + (month - 1 + k) // 12, (month - 1 + k) % 12 + 1, 1, tzinfo=WIB)
              for k in range(3)]  # fmt: skip
    return starts[0], starts[1], starts[2]


def _truncate(req: Req, cutoff: datetime) -> None:
    """Forget what happens to a request after the delivery's cutoff (still open there)."""
    if req.extension_at and req.extension_at >= cutoff:
        req.extension_at = None
    if req.decided_at and req.decided_at >= cutoff:
        req.decided_at = req.delivered_at = req.outcome = req.ground = None
    if req.delivered_at and req.delivered_at >= cutoff:
        req.delivered_at = None
    o = req.objection
    if o and o.filed_at >= cutoff:
        req.objection = None
    elif o and o.answered_at and o.answered_at >= cutoff:
        o.answered_at = None


def restrict_to_month(data: BodyData, month: int) -> None:
    """Keep the requests (and guestbook visits) received in one month of the body's one year:
    the same requests the annual export holds, as a monthly delivery."""
    assert len(data.years) == 1, "a monthly delivery covers one month of one year"
    start, end, cutoff = month_bounds(data.years[0], month)
    data.month = month
    data.requests = [r for r in data.requests if start <= r.received < end]
    for req in data.requests:
        _truncate(req, cutoff)
    data.visits = [v for v in data.visits if start <= v.when < end]
    data.chats = {}
    for req in data.requests:
        if req.channel == "whatsapp":
            data.chats.setdefault(id(req.person), []).append(req)


def build_body(body: Body, scale: Scale, seed: int) -> BodyData:
    prof = body_profile(body, seed)
    if scale.chatter:
        prof = replace(prof, chatter=scale.chatter)
    data = BodyData(body, prof, years=scale.years)
    people = People(random.Random(f"{seed}:people:{body.kode}"))
    wa_free: dict[int, tuple[Person, datetime]] = {}  # chat -> (person, busy until)
    repeat_pool: dict[str, list[Person]] = defaultdict(list)
    for year in scale.years:
        rng = random.Random(f"{seed}:{body.kode}:{year}")
        counts = _channel_counts(body, year, scale, rng)
        year_reqs: list[Req] = []
        for channel in body.channels:
            for when in _receipt_times(channel, year, counts[channel], rng):
                person = _pick_person(channel, when, people, wa_free, repeat_pool, rng)
                req = Req(
                    body=body,
                    channel=channel,
                    received=when,
                    person=person,
                    rincian=_rincian(body, year, rng),
                    tujuan=rng.choice(T.TUJUAN),
                    cara=rng.choice(T.CARA_MEMPEROLEH),
                    salinan=rng.choice(T.CARA_SALINAN),
                    keperluan=rng.choice(T.KEPERLUAN_REQUEST),
                )
                if prof.strict:
                    _decide_strict(req, rng)
                else:
                    _decide(req, prof, rng)
                    if rng.random() < prof.incomplete_rate:
                        req.omit = frozenset({rng.choice(("nama", "kontak"))})
                    _maybe_objection(req, rng)
                if not rng.random() < 0.5:
                    req.omit |= {"nik"}
                if channel == "whatsapp":
                    end = req.delivered_at or req.decided_at or datetime(2100, 1, 1, tzinfo=WIB)
                    if req.objection and req.objection.answered_at:
                        end = max(end, req.objection.answered_at)
                    elif req.objection:
                        end = datetime(2100, 1, 1, tzinfo=WIB)
                    wa_free[id(person)] = (person, end + timedelta(days=1))
                year_reqs.append(req)
        year_reqs.sort(key=lambda r: (r.received, r.channel))
        for n, req in enumerate(year_reqs, start=1):
            m = req.received.month
            req.nomor = (
                f"{n:03d}/PPID-{body.singkat.upper().replace(' ', '')}/{ROMAN[m - 1]}/{year}"
            )
        data.requests.extend(year_reqs)
        if "buku_tamu" in body.channels:
            n_visits = max(2, round(counts["buku_tamu"] * rng.uniform(0.1, 0.2)))
            for when in _receipt_times("buku_tamu", year, n_visits, rng):
                data.visits.append(Visit(body, when, people.new(), rng.choice(T.KEPERLUAN_VISIT)))
    for req in data.requests:
        if req.channel == "whatsapp":
            data.chats.setdefault(id(req.person), []).append(req)
    return data


def _pick_person(
    channel: str,
    when: datetime,
    people: People,
    wa_free: dict[int, tuple[Person, datetime]],
    repeat_pool: dict[str, list[Person]],
    rng: random.Random,
) -> Person:
    if channel == "whatsapp":
        if wa_free and rng.random() < 0.3:
            # the 40 most recent free chats, newest found first (a province has thousands)
            free: list[Person] = []
            for p, until in reversed(wa_free.values()):
                if until < when:
                    free.append(p)
                    if len(free) == 40:
                        break
            if free:
                return rng.choice(free[::-1])
        return people.new()
    pool = repeat_pool[channel]
    if pool and rng.random() < 0.12:
        return rng.choice(pool[-60:])
    p = people.new()
    pool.append(p)
    return p


# --- shared text ------------------------------------------------------------------------------


def _form_lines(req: Req, rng: random.Random, typos: bool) -> list[str]:
    """The Formulir Permohonan Informasi as a requester types it: labels in any case, with
    typing slips, WhatsApp bold, a missing colon, the value on the next line, another order.
    Every variant is one the data contract accepts (docs/data-contract.md)."""
    p = req.person
    strict = req.body.kode == STRICT_CODE
    sep = rng.choices((": ", " : ", ":", "  :  "), (10, 3, 2, 1))[0]
    labels = {
        "nama": rng.choices(
            ("Nama", "Nama Lengkap", "NAMA", "nama", "Nama Pemohon"), (8, 2, 2, 1, 1)
        )[0],
        "nik": rng.choice(("NIK", "NIK", "No. KTP")),
        "alamat": rng.choices(
            ("Alamat", "ALAMAT", "Alamat Lengkap", "Almat", "Alamat / Instansi"),
            (8, 2, 2, 1 if typos else 0, 0 if strict else 1),
        )[0],
        "pekerjaan": rng.choices(
            ("Pekerjaan", "PEKERJAAN", "Pekerjan", "Pekerjaan/Instansi"),
            (8, 2, 1 if typos else 0, 0 if strict else 1),
        )[0],
        "kontak": rng.choices(
            (
                "No. HP / Telepon / E-mail",
                "No HP/Telp/Email",
                "No. HP",
                "Nomor HP/WA",
                "No. Telepon/E-mail",
                "telp/hp",
            ),
            (8, 3, 2, 2, 1, 0 if strict else 1),
        )[0],
        "rincian": "Rincian informasi yang dibutuhkan"
        if strict
        else rng.choices(
            (
                "Rincian informasi yang dibutuhkan",
                "Rincian Informasi yg dibutuhkan",
                "RINCIAN INFORMASI YANG DIMINTA",
                "Informasi yang dibutuhkan",
            ),
            (10, 2, 1, 1),
        )[0],
        "tujuan": rng.choices(
            (
                "Tujuan penggunaan informasi",
                "Tujuan Penggunaan Informasi",
                "Tujuan pengunaan informasi",
            ),
            (8, 3, 1 if typos else 0),
        )[0],
        "cara": rng.choice(("Cara memperoleh informasi", "Cara Memperoleh Informasi")),
        "salinan": rng.choice(("Cara mendapatkan salinan", "Cara Mendapatkan Salinan")),
    }
    contact = p.phone(rng.randrange(5))
    if req.channel == "email" and rng.random() < 0.3:
        contact = f"{contact} / {p.email}"
    elif req.channel == "email" and not strict and rng.random() < 0.1:
        labels["kontak"], contact = "Alamat E-mail", p.email
    rincian = req.rincian
    if rng.random() < 0.08:
        rincian = f"{rincian}\nmohon dilengkapi dengan rincian per bulan jika ada"
    bold = req.channel == "whatsapp" and not strict and rng.random() < 0.1
    loose = not strict and rng.random() < 0.1  # no colons; some values on the next line

    def line(key: str, value: str) -> str:
        label = f"*{labels[key]}*" if bold else labels[key]
        if loose:
            return f"{label}{rng.choice((' ', chr(10)))}{value}"
        return f"{label}{': ' if key == 'rincian' else sep}{value}"

    person = []
    if "nama" not in req.omit:
        person.append(line("nama", p.nama))
    if "nik" not in req.omit:
        person.append(line("nik", p.nik))
    person.append(line("alamat", p.alamat))
    person.append(line("pekerjaan", p.pekerjaan))
    if "kontak" not in req.omit:
        person.append(line("kontak", contact))
    need = [line("rincian", rincian), line("tujuan", req.tujuan), line("cara", req.cara)]
    if "salinan" in req.cara:
        need.append(line("salinan", req.salinan))
    if not strict and rng.random() < 0.1:  # what is asked first, who asks after
        return need + person
    return person + need


def _notice_lines(req: Req, rng: random.Random, official: bool, via: str) -> list[str]:
    """The written notice (Pemberitahuan Tertulis), short or in the official wording."""
    lines = [f"Nomor Pendaftaran: {req.nomor}"]
    o = req.outcome
    if official and o in (FULL, PART):
        lines += [
            "Informasi dapat diberikan.",
            f"Penguasaan informasi: {req.body.singkat}",
            "Bentuk fisik: softcopy",
            "Biaya: Rp 0",
            f"Waktu penyediaan: {rng.randint(1, 5)} hari",
            "Penjelasan penghitaman/pengaburan: "
            + (
                "NIK dan alamat pribadi dihitamkan (Pasal 17 huruf h UU 14/2008)"
                if o == PART
                else "-"
            ),
        ]
    elif official and o in (NOT_HELD, NOT_DOC):
        why = "belum dikuasai" if o == NOT_HELD else "belum didokumentasikan"
        lines.append(f"Informasi tidak dapat diberikan karena informasi yang diminta {why}.")
    else:
        assert o is not None
        lines.append(f"Keputusan: {OUTCOME_TEXT[o]}")
        if req.ground:
            suffix = " (penghitaman data pribadi)" if o == PART else ""
            lines.append(f"Alasan: {req.ground}{suffix}")
    if req.delivered_at is not None and req.delivered_at == req.decided_at:
        lines.append(f"Informasi telah disampaikan melalui {via}.")
    return lines


EXTENSION_LINE = (
    "Perpanjangan: 7 hari kerja, karena informasi yang diminta masih dihimpun dari bidang teknis."
)


# --- e-mail -----------------------------------------------------------------------------------


@dataclass
class Mail:
    when: datetime
    sender: str  # header value
    sender_addr: str
    to: str
    subject: str
    body: str
    msgid: str
    refs: list[str] = field(default_factory=list)
    utc: bool = False
    qp: bool = False
    html_only: bool = False
    attachment: tuple[str, bytes] | None = None
    charset: str = "utf-8"  # an older client's legacy charset (sent quoted-printable)
    thrid: str | None = None  # Gmail Takeout: X-GM-THRID (the conversation id)
    labels: str | None = None  # Gmail Takeout: X-Gmail-Labels
    date_text: str | None = None  # a Date header as a broken client wrote it


# A Date a broken client wrote (31 February): the pipeline quarantines that one message.
BROKEN_MAIL_DATE = "Senin, 31 Februari 2023 10.00 WIB"


def _asctime(dt: datetime) -> str:
    return f"{EN_DAYS[dt.weekday()]} {EN_MONTHS[dt.month - 1]} {dt.day:2d} {dt:%H:%M:%S} {dt.year}"


@lru_cache(maxsize=8192)
def _header_text(value: str) -> str:
    return value if value.isascii() else Header(value, "utf-8").encode()


def _takeout_from_line(thrid: str, when: datetime) -> str:
    """Gmail Takeout's separator: `From <thread id>@xxx Thu Apr 06 01:05:00 +0000 2023`."""
    u = when.astimezone(UTC)
    return (
        f"From {thrid}@xxx {EN_DAYS[u.weekday()]} {EN_MONTHS[u.month - 1]} "
        f"{u:%d %H:%M:%S} +0000 {u.year}"
    )


def render_mail(m: Mail) -> bytes:
    dt = m.when.astimezone(UTC) if m.utc else m.when
    head = [f"From {m.sender_addr} {_asctime(dt)}"]
    if m.thrid:
        head = [_takeout_from_line(m.thrid, m.when), f"X-GM-THRID: {m.thrid}"]
        head.append(f"X-Gmail-Labels: {m.labels or 'Kotak Masuk'}")
    head += [
        f"From: {m.sender}",
        f"To: {m.to}",
        f"Subject: {_header_text(m.subject)}",
        f"Date: {m.date_text or format_datetime(dt)}",
        f"Message-ID: <{m.msgid}>",
    ]
    if m.refs:
        head.append(f"In-Reply-To: <{m.refs[-1]}>")
        head.append("References: " + " ".join(f"<{r}>" for r in m.refs))
    head.append("MIME-Version: 1.0")
    boundary = "=_b_" + hashlib.sha1(m.msgid.encode()).hexdigest()[:16]
    if m.html_only:
        html = (
            "<html><body>"
            + "".join(f"<p>{line}</p>" for line in m.body.split("\n"))
            + "</body></html>"
        )
        head.append(f'Content-Type: multipart/alternative; boundary="{boundary}"')
        body = "\n".join(
            [
                "",
                f"--{boundary}",
                'Content-Type: text/html; charset="utf-8"',
                "Content-Transfer-Encoding: 8bit",
                "",
                html,
                f"--{boundary}--",
            ]
        )
    else:
        charset = m.charset
        try:
            payload = m.body.encode(charset)
        except UnicodeEncodeError:  # the legacy charset cannot hold this text
            charset, payload = "utf-8", m.body.encode()
        qp = m.qp or charset != "utf-8"
        enc = "quoted-printable" if qp else "8bit"
        text = quopri.encodestring(payload).decode("ascii") if qp else m.body
        text_part = [
            f'Content-Type: text/plain; charset="{charset}"',
            f"Content-Transfer-Encoding: {enc}",
        ]
        if m.attachment:
            name, blob = m.attachment
            b64 = base64.encodebytes(blob).decode("ascii").rstrip("\n")
            head.append(f'Content-Type: multipart/mixed; boundary="{boundary}"')
            body = "\n".join(
                [
                    "",
                    f"--{boundary}",
                    *text_part,
                    "",
                    text,
                    f"--{boundary}",
                    f'Content-Type: application/pdf; name="{name}"',
                    f'Content-Disposition: attachment; filename="{name}"',
                    "Content-Transfer-Encoding: base64",
                    "",
                    b64,
                    f"--{boundary}--",
                ]
            )
        else:
            head += text_part
            body = "\n" + text
    lines = body.split("\n")
    lines = [">" + line if line.startswith("From ") else line for line in lines]
    return ("\n".join(head + lines) + "\n\n").encode("utf-8")


def _msgid(req: Req, k: int, domain: str) -> str:
    h = hashlib.sha1(f"{req.body.kode}|{req.nomor}|{k}".encode()).hexdigest()[:12]
    return f"{req.received:%Y%m%d%H%M%S}.{h}.{k}@{domain}"


def _greeting_time(dt: datetime) -> str:
    h = dt.hour
    return "pagi" if h < 11 else "siang" if h < 15 else "sore" if h < 18 else "malam"


def _quote(req: Req, lines: list[str], rng: random.Random) -> list[str]:
    r = req.received
    if rng.random() < 0.7:
        intro = (
            f"Pada {HARI[r.weekday()][:3]}, {r.day} {BULAN[r.month - 1][:3]} {r.year} pukul "
            f"{r:%H.%M} {req.person.nama} <{req.person.email}> menulis:"
        )
    else:
        hour12 = r.hour % 12 or 12
        intro = (
            f"On {EN_DAYS[r.weekday()]}, {EN_MONTHS[r.month - 1]} {r.day}, {r.year} at "
            f"{hour12}:{r:%M} {'AM' if r.hour < 12 else 'PM'} {req.person.nama} "
            f"<{req.person.email}> wrote:"
        )
    return ["", intro] + ["> " + line if line else ">" for line in lines]


def email_threads(req: Req, prof: Profile, rng: random.Random) -> list[Mail]:
    body = req.body
    desk = body.emails[0] if len(body.emails) == 1 or rng.random() < 0.8 else body.emails[-1]
    desk_from = formataddr((f"PPID {body.singkat}", desk))
    p = req.person
    requester = p.email if "nama" in req.omit else formataddr((p.nama, p.email))
    short = req.rincian.split("\n")[0]
    short = short if len(short) <= 60 else short[:57].rsplit(" ", 1)[0] + "..."
    dash = "–" if (not prof.strict and rng.random() < 0.08) else "-"
    subject = f"Permohonan Informasi {dash} {short}"
    if not prof.strict and rng.random() < 0.1:
        subject = rng.choice(("PERMOHONAN INFORMASI: ", "permohonan informasi publik - ")) + short
    form = _form_lines(req, rng, typos=True)
    greet = _greeting_time(req.received)
    text = [
        f"Yth. PPID {body.singkat},",
        "",
        f"Selamat {greet}. Dengan hormat, saya yang bertanda tangan di bawah ini mengajukan "
        "permohonan informasi publik sebagai berikut:",
        "",
        *form,
        "",
        "Demikian permohonan ini saya sampaikan. Atas perhatiannya saya ucapkan terima kasih.",
        "",
        "Hormat saya,",
        p.nama if "nama" not in req.omit else "",
    ]
    domain = p.email.split("@", 1)[1]
    mails = [
        Mail(
            req.received,
            requester,
            p.email,
            desk,
            subject,
            "\n".join(text),
            _msgid(req, 0, domain),
            utc=rng.random() < 0.05,
            qp=rng.random() < 0.06,
        )
    ]
    re_subject = f"Re: {subject}"
    desk_domain = desk.split("@", 1)[1]
    refs = [mails[0].msgid]

    def reply(when: datetime, lines: list[str], k: int, quote: bool = False, **kw) -> None:
        lines = [f"Yth. Bapak/Ibu {p.nama if 'nama' not in req.omit else 'Pemohon'},", "", *lines]
        lines += ["", "Salam,", f"Admin PPID {body.singkat}"]
        if quote:
            lines += _quote(req, text, rng)
        mails.append(
            Mail(
                when,
                desk_from,
                desk,
                requester,
                re_subject,
                "\n".join(lines),
                _msgid(req, k, desk_domain),
                refs=list(refs),
                utc=rng.random() < 0.05,
                qp=rng.random() < 0.04,
                **kw,
            )
        )
        refs.append(mails[-1].msgid)

    if req.extension_at:
        reply(
            req.extension_at,
            [
                "Menindaklanjuti permohonan informasi Bapak/Ibu, dengan ini kami sampaikan:",
                "",
                f"Nomor Pendaftaran: {req.nomor}",
                EXTENSION_LINE,
            ],
            1,
        )
    if req.decided_at:
        lines = [
            "Bersama ini kami sampaikan pemberitahuan tertulis atas permohonan informasi "
            "Bapak/Ibu:",
            "",
            *_notice_lines(req, rng, prof.official, "e-mail"),
        ]
        reply(req.decided_at, lines, 2, quote=rng.random() < 0.5)
    if req.delivered_at and req.delivered_at != req.decided_at:
        att = None
        if not prof.strict and rng.random() < 0.3:
            att = (
                f"informasi_{req.nomor.split('/')[0]}.pdf",
                b"%PDF-1.4\n% contoh lampiran\n%%EOF\n",
            )
        reply(
            req.delivered_at,
            ["Informasi telah disampaikan melalui e-mail.", "Terlampir dokumen yang diminta."],
            3,
            attachment=att,
        )
    if not prof.strict and req.decided_at and rng.random() < 0.12:
        last = req.delivered_at or req.decided_at
        mails.append(
            Mail(
                last + timedelta(hours=rng.randint(2, 30)),
                requester,
                p.email,
                desk,
                re_subject,
                "Terima kasih banyak, sudah saya terima.\n\nSalam,\n" + p.nama,
                _msgid(req, 4, domain),
                refs=list(refs),
            )
        )
    if req.objection:
        o = req.objection
        obj_subject = f"Pengajuan Keberatan - Nomor {req.nomor}"
        obj = Mail(
            o.filed_at,
            requester,
            p.email,
            desk,
            obj_subject,
            "\n".join(
                [
                    f"Yth. Atasan PPID {body.singkat},",
                    "",
                    "Dengan ini saya mengajukan keberatan:",
                    "",
                    f"Nomor Pendaftaran: {req.nomor}",
                    f"Nama: {p.nama}",
                    f"Alasan keberatan: {o.ground}",
                    f"Kasus posisi: {o.kasus}",
                    "",
                    "Hormat saya,",
                    p.nama,
                ]
            ),
            _msgid(req, 5, domain),
        )
        mails.append(obj)
        if o.answered_at:
            mails.append(
                Mail(
                    o.answered_at,
                    desk_from,
                    desk,
                    requester,
                    f"Re: {obj_subject}",
                    f"Yth. {p.nama},\n\nNomor Pendaftaran: {req.nomor}\n"
                    f"Tanggapan Atasan PPID: {o.tanggapan}\n\n"
                    f"Salam,\nAtasan PPID {body.singkat}",
                    _msgid(req, 6, desk_domain),
                    refs=[obj.msgid],
                )
            )
    return mails


def _noise_mails(body: Body, year: int, rng: random.Random) -> list[Mail]:
    """Mail that is not a request: invitations, newsletters."""
    out = []
    desk = body.emails[0]
    for k in range(rng.randint(1, 3)):
        d = next_workday(date(year, rng.randint(1, 12), rng.randint(1, 28)))
        when = _office_time(d, rng)
        subject, text = rng.choice(
            (
                (
                    "Undangan Rapat Koordinasi PPID Pelaksana",
                    "Yth. PPID Pelaksana,\n\nMengharap kehadiran Bapak/Ibu pada rapat "
                    "koordinasi PPID "
                    "se-Provinsi Kalimantan Barat.\n\nSalam,\nPPID Utama",
                ),
                (
                    "Buletin Keterbukaan Informasi",
                    "Edisi bulan ini membahas uji konsekuensi informasi yang dikecualikan.\n"
                    "From the editor: selamat membaca.\n",
                ),
            )
        )
        out.append(
            Mail(
                when,
                "PPID Kalbar <ppid@kalbarprov.go.id>",
                "ppid@kalbarprov.go.id",
                desk,
                subject,
                text,
                f"{when:%Y%m%d%H%M%S}.noise{k}.{body.kode}@kalbarprov.go.id",
            )
        )
    return out


def _digest(text: str, n: int = 15) -> int:
    return int(hashlib.sha1(text.encode()).hexdigest()[:n], 16)


def _legacy_charset(m: Mail) -> str:
    """Some requesters' clients still send windows-1252 or ISO-8859-1 (picked by hash, so no
    random draw shifts the rest of the sample)."""
    return {0: "windows-1252", 1: "iso-8859-1"}.get(_digest(m.msgid, 8) % 10, "utf-8")


def _as_takeout(mails: list[Mail], desk: Body) -> None:
    """Mark mail as Gmail Takeout exports it: the conversation id of the thread's first message
    (objections are their own conversation) and the label of the folder."""
    for m in mails:
        root = m.refs[0] if m.refs else m.msgid
        m.thrid = str(_digest(root) | (1 << 60))
        m.labels = "Terkirim" if m.sender_addr in desk.emails else "Kotak Masuk,Dibuka"


def _broken_date_mail(body: Body, year: int) -> Mail:
    """A request whose Date header cannot be read: quarantined, never counted."""
    return Mail(
        datetime(year, 3, 1, 10, 0, tzinfo=WIB),
        "Agus Salim <agus.salim@example.net>",
        "agus.salim@example.net",
        body.emails[0],
        "Permohonan Informasi - data kegiatan",
        "Nama: Agus Salim\nNo. HP: 0812-0000-1111\nRincian informasi: data kegiatan tahun lalu\n",
        f"{year}0301100000.tanggal-rusak.{body.kode}@example.net",
        date_text=BROKEN_MAIL_DATE.replace("2023", str(year)),
    )


def write_email(root: Path, data: BodyData, seed: int, tally: Counter | None = None) -> list[Path]:
    """One mbox per year (per month for a monthly delivery); `tally["emails"]` counts the
    messages written (a Takeout's `Terkirim` copies and a saved .eml included)."""
    by_year: dict[int, list[Mail]] = defaultdict(list)
    extra_eml: Mail | None = None
    html_done = False
    takeout = "takeout_email" in data.profile.errors
    err_year, cutoff = data.error_year, data.cutoff
    for req in data.requests:
        if req.channel != "email":
            continue
        rng = random.Random(f"{seed}:mail:{req.body.kode}:{req.nomor}")
        mails = email_threads(req, data.profile, rng)
        if cutoff is not None:
            mails = [m for m in mails if m.when < cutoff]
        if not data.profile.strict:
            mails[0].charset = _legacy_charset(mails[0])
        if takeout and req.received.year == err_year:
            _as_takeout(mails, data.body)
        in_error_year = req.received.year == err_year
        if "html_email" in data.profile.errors and in_error_year and not html_done:
            mails[0].html_only = html_done = True  # one HTML-only request
        if "eml_file" in data.profile.errors and extra_eml is None and in_error_year:
            extra_eml = mails[0]
            mails = mails[1:]  # the request itself arrived as a saved .eml, the replies in the mbox
        by_year[req.received.year].extend(mails)
    if not by_year:
        return []
    folder = root / data.body.kode / "email"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    count = 0
    for year, mails in sorted(by_year.items()):
        label = data.label(year)
        if not data.profile.strict:
            noise = _noise_mails(
                data.body, year, random.Random(f"{seed}:noise:{data.body.kode}:{year}")
            )
            if data.month:
                start, end, _ = month_bounds(year, data.month)
                noise = [m for m in noise if start <= m.when < end]
            mails += noise
            if "bad_date" in data.profile.errors and year == err_year:
                broken = _broken_date_mail(data.body, year)
                if data.month:  # filed under the delivery's month; its Date stays unreadable
                    broken.when = datetime(year, data.month, 1, 10, 0, tzinfo=WIB)
                mails.append(broken)
        mails.sort(key=lambda m: (m.when, m.msgid))
        if takeout and year == err_year:
            # Gmail Takeout: every mail in `All mail ...`, the desk's own again in `Terkirim`
            _as_takeout([m for m in mails if not m.thrid], data.body)
            mail_dir = folder / ("Takeout" if not data.month else f"Takeout {label}") / "Mail"
            mail_dir.mkdir(parents=True, exist_ok=True)
            sent = [m for m in mails if m.labels == "Terkirim"]
            for name, box in (("All mail Including Spam and Trash.mbox", mails),
                              ("Terkirim.mbox", sent)):  # fmt: skip
                (mail_dir / name).write_bytes(b"".join(render_mail(m) for m in box))
                written.append(mail_dir / name)
                count += len(box)
            continue
        path = folder / f"{label}-inbox.mbox"
        path.write_bytes(b"".join(render_mail(m) for m in mails))
        written.append(path)
        count += len(mails)
    if extra_eml is not None:
        raw = render_mail(extra_eml).split(b"\n", 1)[1]  # no mbox separator in a single .eml
        stem = f"permohonan_{extra_eml.when:%Y%m%d_%H%M}"
        if data.month:
            stem = f"permohonan_{data.label(extra_eml.when.year)}_{extra_eml.when:%Y%m%d_%H%M}"
        path = folder / f"{stem}.eml"
        path.write_bytes(raw.rstrip(b"\n") + b"\n")
        written.append(path)
        count += 1
    if tally is not None:
        tally["emails"] += count
    return written


# --- WhatsApp ---------------------------------------------------------------------------------


@dataclass
class ChatMsg:
    when: datetime
    sender: str | None  # None: system line
    text: str
    media: str | None = None  # file sent with the message (goes into the zip with the chat)


# Chat export variants: how a phone's OS, UI language and region write the chat.
#   android_id   30/08/23 18.00 - Nama: teks         android_id4  30/08/2023 18.00 - ...
#   english      8/30/23, 6:00 PM - ... (US region)  english_id   30/08/2023, 6:00 pm - ...
#   ios          [30/08/23 18.00.07] ...             ios_us       [8/30/23 18.00.07] (ID text)
#   ios_en       [8/30/23, 6:00:07 PM] ... (English UI, US region)
WA_VARIANTS = {
    "android_id": (("android_id", "android_id4"), (8, 2)),
    "ios": (("ios", "ios_us", "ios_en"), (5, 3, 2)),
    "english": (("english", "english_id"), (7, 3)),
}
ENGLISH_VARIANTS = ("english", "english_id", "ios_en")


def _wa_variant(prof: Profile, rng: random.Random) -> str:
    """The export variant of one chat; the seed-report body keeps the plain Android form."""
    if prof.strict:
        return prof.wa_style
    options, weights = WA_VARIANTS[prof.wa_style]
    return rng.choices(options, weights)[0]


def _media_text(variant: str, with_media: bool, name: str, title: str | None) -> str:
    """How a sent file shows in the export: named when the media came along, else a marker.
    `title` is a document's own name (iOS shows it with its page count)."""
    ios_doc = f"\u200e{title} \u200e• \u200e3 {{pages}} " if title else ""
    if variant.startswith("android"):
        return f"{name} (file terlampir)" if with_media else "<Media tidak disertakan>"
    if variant.startswith("english"):
        return f"{name} (file attached)" if with_media else "<Media omitted>"
    if variant == "ios_en":
        if with_media:
            return ios_doc.format(pages="pages") + f"\u200e<attached: {name}>"
        return "\u200e" + ("document omitted" if title else "image omitted")
    if with_media:
        return ios_doc.format(pages="halaman") + f"\u200e<terlampir: {name}>"
    return "\u200e" + ("dokumen tidak disertakan" if title else "gambar tidak disertakan")


def _deleted_text(variant: str, own: bool) -> str:
    """A deleted message: `own` is the exporting phone's (the desk's) own message."""
    if variant in ENGLISH_VARIANTS:
        text = "You deleted this message" if own else "This message was deleted"
    elif own:
        text = "Anda menghapus pesan ini"
    else:
        text = "Pesan ini telah dihapus" if variant.startswith("android") else "Pesan ini dihapus"
    return f"\u200e{text}." if variant.startswith("ios") else text


def _chat_messages(
    reqs: list[Req],
    desk: str,
    label: str,
    prof: Profile,
    rng: random.Random,
    variant: str | None = None,
    with_media: bool = False,
) -> list[ChatMsg]:
    variant = variant or prof.wa_style
    english = variant in ENGLISH_VARIANTS
    msgs: list[ChatMsg] = []
    # small talk draws from its own generator, so chats without it keep their exact bytes
    small_talk = random.Random(rng.getrandbits(64)) if prof.chatter else None
    first = reqs[0].received - timedelta(minutes=rng.randint(5, 8))
    msgs.append(ChatMsg(first, None, BANNER_EN if english else BANNER_ID))
    serial = 0

    def media(when: datetime, sender: str, kind: str, title: str | None = None) -> None:
        nonlocal serial
        serial += 1
        if variant.startswith("ios"):
            name = f"{serial:08d}-{title or f'PHOTO-{when:%Y-%m-%d-%H-%M-%S}.jpg'}"
        else:
            name = f"{kind}-{when:%Y%m%d}-WA{serial:04d}.{'pdf' if title else 'jpg'}"
        text = _media_text(variant, with_media, name, title)
        msgs.append(ChatMsg(when, sender, text, name if with_media else None))

    for req in reqs:
        r = req.received
        greet = _greeting_time(r)
        if rng.random() < 0.6:
            msgs.append(
                ChatMsg(
                    r - timedelta(minutes=rng.randint(1, 3)),
                    label,
                    f"Selamat {greet}, admin. Saya ingin mengajukan permohonan informasi",
                )
            )
        form = _form_lines(req, rng, typos=True)
        if rng.random() < 0.4:
            form = ["Berikut permohonan informasi saya:", *form]
        msgs.append(ChatMsg(r, label, "\n".join(form)))
        if not prof.strict and rng.random() < 0.15:  # a photo of the KTP sent with the form
            media(r + timedelta(seconds=rng.randint(20, 50)), label, "IMG")
        ack = r + timedelta(minutes=rng.randint(5, 120))
        ack_text = rng.choice(
            (
                "Baik, terima kasih. Permohonan informasi Bapak/Ibu sudah kami catat "
                "dan sedang diproses.",
                "Terima kasih, permohonan Bapak/Ibu tercatat dengan "
                f"Nomor Pendaftaran: {req.nomor}. "
                "Mohon ditunggu.",
            )
        )
        msgs.append(ChatMsg(ack, desk, ack_text))
        if not prof.strict and rng.random() < 0.05:  # the requester changed phones
            code = (
                f"Your security code with {label} changed. Tap to learn more."
                if english
                else f"Kode keamanan Anda dengan {label} berubah. Ketuk untuk info selengkapnya."
            )
            msgs.append(ChatMsg(ack + timedelta(hours=rng.randint(1, 20)), None, code))
        if req.extension_at:
            msgs.append(
                ChatMsg(req.extension_at, desk, f"Nomor Pendaftaran: {req.nomor}\n{EXTENSION_LINE}")
            )
        if req.decided_at:
            notice = _notice_lines(req, rng, prof.official, "WhatsApp")
            msgs.append(
                ChatMsg(req.decided_at, desk, "\n".join(["Pemberitahuan tertulis:", *notice]))
            )
            end = req.decided_at
            if req.delivered_at and req.delivered_at != req.decided_at:
                d = req.delivered_at
                media(d, desk, "DOC", f"Informasi {req.nomor.split('/')[0]}.pdf")
                msgs.append(
                    ChatMsg(
                        req.delivered_at + timedelta(minutes=1),
                        desk,
                        "Informasi telah disampaikan melalui WhatsApp.",
                    )
                )
                end = req.delivered_at + timedelta(minutes=1)
            if rng.random() < 0.5:
                msgs.append(
                    ChatMsg(
                        end + timedelta(minutes=rng.randint(3, 200)),
                        label,
                        rng.choice(
                            (
                                "Terima kasih banyak 🙏",
                                "Baik, terima kasih admin",
                                "Sudah saya terima, terima kasih.",
                            )
                        ),
                    )
                )
            if rng.random() < (0.02 if prof.strict else 0.05):
                own = not prof.strict and rng.random() < 0.3
                msgs.append(
                    ChatMsg(
                        end + timedelta(minutes=rng.randint(300, 400)),
                        desk if own else label,
                        _deleted_text(variant, own),
                    )
                )
        elif not prof.strict and rng.random() < 0.5:
            follow = datetime.combine(
                add_workdays(r.date(), rng.randint(12, 20)), time(10, rng.randrange(60)), WIB
            )
            msgs.append(
                ChatMsg(
                    follow,
                    label,
                    "Selamat siang, mohon info perkembangan permohonan saya sebelumnya.",
                )
            )
        if small_talk is not None:
            _small_talk(msgs, req, desk, label, prof.chatter, small_talk, variant, media)
        if req.objection:
            o = req.objection
            msgs.append(
                ChatMsg(
                    o.filed_at,
                    label,
                    f"Saya mengajukan keberatan.\nNomor Pendaftaran: {req.nomor}\n"
                    f"Alasan keberatan: {o.ground}\nKasus posisi: {o.kasus}",
                )
            )
            if o.answered_at:
                msgs.append(
                    ChatMsg(
                        o.answered_at,
                        desk,
                        f"Nomor Pendaftaran: {req.nomor}\nTanggapan Atasan PPID: {o.tanggapan}",
                    )
                )
    msgs.sort(key=lambda m: m.when)
    return msgs


# Small talk around a request (scales with `chatter`): questions, thanks, stickers, voice
# notes. None of it is a form, a notice or a delivery: the pipeline must pass over it.
ASK_REPLY = (
    ("Halo admin 🙏", "Selamat {greet}, ada yang bisa kami bantu?"),
    ("Permisi min, mau tanya.\nKalau mau datang langsung ke kantor, jam berapa ya?",
     "Jam layanan PPID {sing}:\nSenin-Kamis 08.00-15.30 WIB\nJumat 08.00-11.00 WIB"),
    ("Maaf admin mengganggu,\nkira-kira berapa lama prosesnya ya?\nSoalnya untuk bahan kuliah",
     "Paling lama 10 hari kerja sejak permohonan diterima, Bapak/Ibu."),
    ("Apakah bisa dikirim dalam bentuk pdf?",
     "Bisa, Bapak/Ibu. Nanti dokumennya kami kirim dalam bentuk pdf."),
    ("Baik min, saya tunggu kabarnya", "Baik, mohon ditunggu ya 🙏"),
    ("Oke siap, terima kasih 🙏", "Sama-sama, Bapak/Ibu."),
    ("Min, apakah sudah ada perkembangan?", "Masih kami koordinasikan dengan bidang terkait."),
    ("🙏🙏", None),
    ("Halo, selamat {greet}", None),
    ("Baik", None),
)  # fmt: skip


def _small_talk(
    msgs: list[ChatMsg],
    req: Req,
    desk: str,
    label: str,
    chatter: float,
    rng: random.Random,
    variant: str,
    media: Callable[[datetime, str, str], None],
) -> None:
    """About `chatter` exchanges (a requester message, mostly answered) while a request runs."""
    r = req.received
    end = req.delivered_at or req.decided_at or r + timedelta(days=rng.randint(2, 9))
    span = max(60, int((end - r).total_seconds() // 60))
    n = int(chatter) + (rng.random() < chatter % 1) + rng.choice((-1, 0, 0, 1, 2))
    sing = req.body.singkat
    for _ in range(max(0, n)):
        when = r + timedelta(minutes=rng.randint(15, span + 240), seconds=rng.randrange(60))
        roll = rng.random()
        if roll < 0.1:
            media(when, label, "IMG")  # a sticker or a screenshot
            continue
        if roll < 0.13:
            msgs.append(ChatMsg(when, label, _deleted_text(variant, own=False)))
            continue
        ask, reply = rng.choice(ASK_REPLY)
        msgs.append(ChatMsg(when, label, ask.format(greet=_greeting_time(when), sing=sing)))
        if reply and rng.random() < 0.85:
            later = when + timedelta(minutes=rng.randint(2, 180))
            msgs.append(ChatMsg(later, desk, reply.format(greet=_greeting_time(when), sing=sing)))


def _wa_head(w: datetime, style: str, nbsp: bool) -> str:
    """The date-and-time head of one line in the given export variant."""
    yy = w.year % 100
    hour12 = w.hour % 12 or 12
    ampm = "AM" if w.hour < 12 else "PM"
    space = "\u202f" if nbsp else " "
    if style == "ios":
        return f"[{w.day:02d}/{w.month:02d}/{yy:02d} {w:%H.%M.%S}]"
    if style == "ios_us":
        return f"[{w.month}/{w.day}/{yy:02d} {w:%H.%M.%S}]"
    if style == "ios_en":
        return f"[{w.month}/{w.day}/{yy:02d}, {hour12}:{w:%M:%S}\u202f{ampm}]"
    if style == "english":
        return f"{w.month}/{w.day}/{yy:02d}, {hour12}:{w:%M}{space}{ampm} -"
    if style == "english_id":
        return f"{w:%d/%m/%Y}, {hour12}:{w:%M}{space}{ampm.lower()} -"
    if style == "android_id4":
        return f"{w:%d/%m/%Y %H.%M} -"
    return f"{w.day:02d}/{w.month:02d}/{yy:02d} {w:%H.%M} -"


def _wa_line(m: ChatMsg, style: str, nbsp: bool, chat: str = "") -> str:
    """One message as the export writes it. iOS writes system lines behind the chat name and
    marks them (and media lines) with U+200E."""
    head = _wa_head(m.when, style, nbsp)
    if style.startswith("ios"):
        if m.sender is None:
            return f"\u200e{head} {chat}: \u200e{m.text}"
        text = m.text
        if text.startswith("<"):
            text = "\u200e" + text
        mark = "\u200e" if text.startswith("\u200e") else ""
        return f"{mark}{head} {m.sender}: {text}"
    if m.sender is None:
        return f"{head} {m.text}"
    return f"{head} {m.sender}: {m.text}"


def render_chat(msgs: list[ChatMsg], style: str, label: str, rng: random.Random) -> str:
    nbsp = rng.random() < 0.5
    lines = [_wa_line(m, style, nbsp, label) for m in msgs]
    eol = "\r\n" if style.startswith("ios") and rng.random() < 0.5 else "\n"
    return ("\n".join(lines) + "\n").replace("\n", eol)


def zip_bytes(entries: list[tuple[str, bytes]], when: datetime | None = None) -> bytes:
    """A zip with fixed entry timestamps (same input, same bytes)."""
    stamp = (when or FIXED_STAMP).timetuple()[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, blob in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, blob)
    return buf.getvalue()


def _media_bytes(name: str) -> bytes:
    return b"%PDF-1.4\n%%EOF\n" if name.endswith(".pdf") else b"\xff\xd8\xff\xe0JFIF\xff\xd9"


def write_whatsapp(
    root: Path,
    data: BodyData,
    seed: int,
    people_labels: People,
    tally: Counter | None = None,
) -> list[Path]:
    """One export per chat: Android `.txt` (without media) or `.zip` (with media, chat text
    named like the zip), iOS always `.zip` with `_chat.txt`; some earlier exports overlap.
    A monthly delivery names its exports `... (2026-01)` (the pipeline reads the chat name
    without the bracket); `tally["wa_lines"]` counts the lines of the chat texts written."""
    if not data.chats:
        return []
    prof = data.profile
    folder = root / data.body.kode / "whatsapp"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    overlaps = 0
    lines = 0
    tag = data.label(data.years[0]) if data.month else ""
    cutoff = data.cutoff
    for reqs in data.chats.values():
        person = reqs[0].person
        label = people_labels.chat_label(person)
        rng = random.Random(f"{seed}:wa:{data.body.kode}:{reqs[0].nomor}")
        names = data.body.wa_names
        desk = names[0] if len(names) == 1 or rng.random() < 0.75 else names[1]
        variant = _wa_variant(prof, rng)
        ios = variant.startswith("ios")
        as_zip = ios or rng.random() < prof.wa_zip_share
        with_media = as_zip and (not ios or rng.random() < 0.7)
        msgs = _chat_messages(reqs, desk, label, prof, rng, variant, with_media)
        if cutoff is not None:
            msgs = [m for m in msgs if m.when < cutoff]
        text = render_chat(msgs, variant, label, rng)
        lines += text.count("\n")
        stamp = msgs[-1].when + timedelta(days=rng.randint(1, 20))
        if ios:
            base = f"WhatsApp Chat - {label}"
            inner = "_chat.txt"
        elif variant.startswith("english"):
            base = inner = f"WhatsApp Chat with {label}"
            inner += ".txt"
        else:
            base = inner = f"Chat WhatsApp dengan {label}"
            inner += ".txt"
        plain = base
        if tag:
            base, inner = f"{base} ({tag})", inner if ios else f"{inner[:-4]} ({tag}).txt"
        if as_zip:
            entries = [(inner, text.encode("utf-8"))]
            entries += [(m.media, _media_bytes(m.media)) for m in msgs if m.media]
            path = folder / f"{base}.zip"
            path.write_bytes(zip_bytes(entries, stamp))
        else:
            path = folder / f"{base}.txt"
            path.write_bytes(text.encode("utf-8"))
        written.append(path)
        # An earlier export of the same chat, delivered too: a prefix of the full export.
        if len(msgs) >= 6 and overlaps < 3 and rng.random() < 0.15:
            overlaps += 1
            cut = rng.randint(3, len(msgs) - 2)
            early = render_chat(
                msgs[:cut], variant, label, random.Random(f"{seed}:wa:{reqs[0].nomor}:x")
            )
            lines += early.count("\n")
            copy = "lama" if ios else "1"
            if tag:  # one bracket only: the pipeline drops a single trailing `(...)`
                copy = f"{tag} {copy}"
            ep = folder / f"{plain} ({copy}).{'zip' if ios else 'txt'}"
            if ep.suffix == ".zip":
                ep.write_bytes(
                    zip_bytes([("_chat.txt", early.encode("utf-8"))], msgs[cut - 1].when)
                )
            else:
                ep.write_bytes(early.encode("utf-8"))
            written.append(ep)
    if tally is not None:
        tally["wa_lines"] += lines
    if "not_chat" in prof.errors:
        path = folder / ("catatan_admin.txt" if not tag else f"catatan_admin_{tag}.txt")
        note = (
            "Catatan admin PPID\n- cek ulang nomor WA dinas\n"
            "- rekap bulanan dikirim ke PPID Utama tiap tgl 5\n"
        )
        if tag:
            note += f"- kiriman bulan {tag}\n"
        path.write_text(note, encoding="utf-8")
        written.append(path)
    return written


# --- buku tamu --------------------------------------------------------------------------------


def text_date(d: date, rng: random.Random, style: int | None = None) -> str:
    """Dates as officers type them: 12/01/2023, 12 Januari 2023, Senin, 12 Jan 2023, 12-01-2023."""
    style = rng.randrange(4) if style is None else style
    if style == 0:
        return f"{d:%d/%m/%Y}"
    if style == 1:
        return f"{d.day} {BULAN[d.month - 1]} {d.year}"
    if style == 3:
        return f"{d:%d-%m-%Y}"
    return f"{HARI[d.weekday()]}, {d.day} {BULAN[d.month - 1][:3]} {d.year}"


def _bt_rows(data: BodyData, year: int, rng: random.Random) -> list[list[object] | None]:
    """Guestbook rows of one year (None = a blank row), in date order."""
    prof = data.profile
    items: list[tuple[datetime, int, object]] = []
    for req in data.requests:
        if req.channel == "buku_tamu" and req.received.year == year:
            items.append((req.received, 0, req))
    for v in data.visits:
        if v.when.year == year:
            items.append((v.when, 1, v))
    items.sort(key=lambda t: (t[0], t[1]))
    rows: list[list[object] | None] = []
    seen: set[tuple] = set()
    no = 0
    text_style = rng.randrange(2)

    def when_cell(d: date) -> object:
        if rng.random() < prof.bt_text_dates or prof.bt_format == "csv":
            other = rng.randrange(2 if prof.strict else 4)
            return text_date(d, rng, text_style if rng.random() < 0.7 else other)
        return d

    for when, _, item in items:
        if rng.random() < 0.012:
            rows.append(None)
        no += 1
        petugas = rng.choice(N.PETUGAS[:4] if prof.strict else N.PETUGAS)
        if isinstance(item, Visit):
            p = item.person
            rows.append(
                [
                    no,
                    when_cell(when.date()),
                    p.nama,
                    p.instansi or p.alamat,
                    p.phone(rng.randrange(5)),
                    item.keperluan,
                    "",
                    "",
                    "",
                    "",
                    petugas,
                ]
            )
            continue
        req: Req = item  # type: ignore[assignment]
        p = req.person
        nama = "" if "nama" in req.omit else p.nama
        hp = "" if "kontak" in req.omit else p.phone(rng.randrange(5))
        key = (when.date(), nama, hp, req.keperluan.strip().lower(), req.rincian)
        if key in seen:
            req.rincian += " (lanjutan)"
        seen.add((when.date(), nama, hp, req.keperluan.strip().lower(), req.rincian))
        if req.decided_at:
            decided: object = when_cell(req.decided_at.date())
            keputusan = {NOT_HELD: "Belum dikuasai", NOT_DOC: "Belum didokumentasikan"}.get(
                req.outcome or "", OUTCOME_TEXT.get(req.outcome or "", "")
            )
            alasan = req.ground or ""
        else:
            decided, keputusan, alasan = "", "", ""
        rows.append(
            [
                no,
                when_cell(when.date()),
                nama,
                p.instansi or p.alamat,
                hp,
                req.keperluan,
                req.rincian,
                decided,
                keputusan,
                alasan,
                petugas,
            ]
        )
    if "bad_date" in prof.errors and rows:
        bad = [r for r in rows if r is not None and r[6]]
        if bad:
            victim = bad[len(bad) // 2]
            victim[1] = f"31/02/{year}"
    for _ in range(rng.randint(2, 5)):  # blank rows at the end, as typed
        rows.append(None)
    return rows


def xlsx_bytes(
    title: list[str],
    header: tuple[str, ...],
    rows: list[list[object] | None],
    variant: frozenset[str] = frozenset(),
) -> bytes:
    """The guestbook workbook. `variant` switches on real-world forms: `serial` (date cells as
    bare serial numbers, half without a date format), `mac1904` (1904 date system),
    `merged_header` ("Pemohon" merged over Nama / Instansi / No. HP on a second header row),
    `merged_dates` (a day's date typed once, merged down over its visitors)."""
    wb = Workbook()
    if "mac1904" in variant:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Buku Tamu"
    wb.properties.creator = "PPID"
    wb.properties.lastModifiedBy = "PPID"
    wb.properties.created = FIXED_STAMP
    wb.properties.modified = FIXED_STAMP
    r = 1
    for t in title:
        ws.cell(row=r, column=1, value=t or None)
        if t:
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(header))
        r += 1
    if "merged_header" in variant:  # Pemohon over columns C:E; the others merged down
        for c, h in enumerate(header, start=1):
            if c in (3, 4, 5):
                ws.cell(row=r + 1, column=c, value=h)
            else:
                ws.cell(row=r, column=c, value=h)
                ws.merge_cells(start_row=r, start_column=c, end_row=r + 1, end_column=c)
        ws.cell(row=r, column=3, value="Pemohon")
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=5)
        r += 1
    else:
        for c, h in enumerate(header, start=1):
            ws.cell(row=r, column=c, value=h)
    epoch = CALENDAR_MAC_1904.date() if "mac1904" in variant else date(1899, 12, 30)
    runs: dict[int, int] = {}  # first row of a day's date -> last row of that day
    previous: tuple[int, object] | None = None  # (row, date) of the last typed visit date
    for row in rows:
        r += 1
        if row is None:
            previous = None
            continue
        for c, v in enumerate(row, start=1):
            if c == 2 and "merged_dates" in variant and previous and previous[1] == v:
                runs[previous[0]] = r
                continue
            value = v if v != "" else None
            if isinstance(v, date) and "serial" in variant:
                value = (v - epoch).days
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(v, date) and not ("serial" in variant and r % 2):
                cell.number_format = "DD/MM/YYYY"
        if "merged_dates" in variant and not (previous and previous[1] == row[1]):
            previous = (r, row[1])
    for first, last in runs.items():
        ws.merge_cells(start_row=first, start_column=2, end_row=last, end_column=2)
    for col, width in zip("ABCDEFGHIJK", (5, 12, 24, 32, 16, 20, 48, 12, 22, 28, 10), strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    archive = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
    ExcelWriter(wb, archive).save()  # not save_workbook(): it stamps the wall clock
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src:
        entries = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    return zip_bytes(entries, FIXED_STAMP)


def _csv_bytes(
    title: list[str],
    header: tuple[str, ...],
    rows: list[list[object] | None],
    encoding: str = "utf-8-sig",
) -> bytes:
    """`;`-separated as Excel writes it on Indonesian Windows: UTF-8 with a BOM, or cp1252
    without one (`encoding="cp1252"`)."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=";", lineterminator="\r\n")
    width = len(header)
    for t in title:
        w.writerow([t] + [""] * (width - 1))
    w.writerow(header)
    for row in rows:
        w.writerow([""] * width if row is None else ["" if v is None else v for v in row])
    return out.getvalue().encode(encoding, errors="replace")


def _bt_variant(body: Body, prof: Profile, year: int) -> frozenset[str]:
    """Which workbook forms a body's guestbook takes (none for the seed body, whose report is
    checked by plain reading)."""
    if prof.strict:
        return frozenset()
    pick = random.Random(f"bt-variant:{body.kode}:{year}")
    forms = {"serial", "mac1904", "merged_header", "merged_dates"}
    chosen = {f for f in sorted(forms) if pick.random() < 0.4}
    if body.kode == "diskominfo":  # the PPID Utama shows every form
        chosen = forms
    if "mac1904" in chosen:
        chosen.add("serial")  # a 1904 workbook matters only where serials are read
    return frozenset(chosen)


def write_buku_tamu(root: Path, data: BodyData, seed: int, years: tuple[int, ...]) -> list[Path]:
    if "buku_tamu" not in data.body.channels:
        return []
    prof = data.profile
    folder = root / data.body.kode / "buku_tamu"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    header = BT_HEADERS[prof.bt_header]
    for year in years:
        rng = random.Random(f"{seed}:bt:{data.body.kode}:{year}")
        rows = _bt_rows(data, year, rng)
        if data.month and not any(rows):
            continue  # a quiet month: the desk sends no empty guestbook
        label = data.label(year)
        period = f"BULAN {BULAN[data.month - 1].upper()} {year}" if data.month else f"TAHUN {year}"
        title = [f"BUKU TAMU PPID {data.body.nama.upper()} {period}"]
        if prof.bt_title_rows >= 2:
            title.append("Layanan Informasi Publik")
        if prof.bt_title_rows >= 3:
            title.append("")
        if prof.bt_format == "csv":
            path = folder / f"buku_tamu_{label}.csv"
            encoding = "cp1252" if year % 2 == 0 and not prof.strict else "utf-8-sig"
            path.write_bytes(_csv_bytes(title, header, rows, encoding))
        else:
            path = folder / f"buku_tamu_{label}.xlsx"
            path.write_bytes(xlsx_bytes(title, header, rows, _bt_variant(data.body, prof, year)))
        written.append(path)
        if prof.strict and year == STRICT_YEAR:  # the same file delivered again under another name
            again = folder / f"Buku Tamu PPID {data.body.singkat} {label} (kirim ulang)"
            again = again.with_name(again.name + path.suffix)
            again.write_bytes(path.read_bytes())
            written.append(again)
        if "corrupt_xlsx" in prof.errors and year == data.error_year:
            junk = folder / f"buku_tamu_{label}_revisi.xlsx"
            # a monthly delivery's own broken file (not the bytes of an annual one, which the
            # pipeline would take for a file it has already seen)
            junk_seed = f"{seed}:junk" + (f":{label}" if data.month else "")
            junk.write_bytes(random.Random(junk_seed).randbytes(4096))
            written.append(junk)
    return written


# --- web --------------------------------------------------------------------------------------

WEB_COLUMNS = (
    "id_kiriman", "jenis_formulir", "waktu_kirim", "nama", "nik", "alamat", "pekerjaan", "email",
    "no_hp", "rincian_informasi", "tujuan_penggunaan", "cara_memperoleh",
    "cara_mendapatkan_salinan", "nomor_pendaftaran", "status", "alasan",
    "tanggal_pemberitahuan", "perpanjangan", "tanggal_pemberian",
)  # fmt: skip


def _web_records(data: BodyData, year: int, rng: random.Random) -> list[dict[str, str]]:
    recs: list[tuple[datetime, dict[str, str]]] = []
    for req in data.requests:
        if req.channel != "web" or req.received.year != year:
            continue
        p = req.person
        status = "Diproses" if req.outcome is None else OUTCOME_TEXT[req.outcome]
        alasan = req.ground or ""
        if req.outcome == NOT_DOC:
            status, alasan = "Ditolak", "belum didokumentasikan"
        rec = {
            "id_kiriman": "",
            "jenis_formulir": "permohonan",
            "waktu_kirim": req.received.isoformat(),
            "nama": "" if "nama" in req.omit else p.nama,
            "nik": "" if "nik" in req.omit else p.nik,
            "alamat": p.alamat,
            "pekerjaan": p.pekerjaan,
            "email": "" if "kontak" in req.omit else p.email,
            "no_hp": ""
            if "kontak" in req.omit or rng.random() < 0.3
            else p.phone(rng.randrange(5)),
            "rincian_informasi": req.rincian,
            "tujuan_penggunaan": req.tujuan,
            "cara_memperoleh": req.cara,
            "cara_mendapatkan_salinan": req.salinan if "salinan" in req.cara else "",
            "nomor_pendaftaran": req.nomor,
            "status": status,
            "alasan": alasan,
            "tanggal_pemberitahuan": req.decided_at.date().isoformat() if req.decided_at else "",
            "perpanjangan": "7 hari kerja" if req.extension_at else "",
            "tanggal_pemberian": req.delivered_at.date().isoformat() if req.delivered_at else "",
        }
        recs.append((req.received, rec))
        if req.objection and req.objection.filed_at.year == year:
            o = req.objection
            obj = {k: "" for k in WEB_COLUMNS}
            obj.update(
                jenis_formulir="keberatan",
                waktu_kirim=o.filed_at.isoformat(),
                nama=p.nama,
                email=p.email,
                no_hp=p.phone(0),
                nomor_pendaftaran=req.nomor,
                alasan=o.ground,
                alasan_keberatan=o.ground,
                kasus_posisi=o.kasus,
            )
            recs.append((o.filed_at, obj))
    recs.sort(key=lambda t: t[0])
    out = []
    label = data.label(year)
    for n, (_, rec) in enumerate(recs, start=1):
        rec["id_kiriman"] = f"WEB-{label}-{n:04d}"
        out.append(rec)
    return out


# The form plugin's own column names (see transforms/parsers/web.py COLUMN_SYNONYMS)
WEB_PLUGIN_HEADERS = {
    "id_kiriman": "ID", "jenis_formulir": "Jenis", "waktu_kirim": "Tanggal Kirim",
    "nama": "Nama Lengkap", "email": "E-mail", "no_hp": "No. HP (WA)",
    "rincian_informasi": "Rincian Informasi yang Dibutuhkan",
    "tujuan_penggunaan": "Tujuan Penggunaan Informasi",
    "tanggal_pemberitahuan": "Tanggal Keputusan", "tanggal_pemberian": "Tanggal Diberikan",
}  # fmt: skip


def _web_csv_resaved(recs: list[dict[str, str]], body: Body, delimiter: str) -> bytes:
    """The export as re-saved by Excel on Indonesian Windows: a title row, the plugin's column
    names, day-first dates and times, cp1252 without a BOM."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    w.writerow([f"Ekspor formulir PPID {body.singkat}"] + [""] * (len(WEB_COLUMNS) - 1))
    w.writerow([WEB_PLUGIN_HEADERS.get(c, c) for c in WEB_COLUMNS])
    for r in recs:
        row = dict(r)
        if row["waktu_kirim"]:
            row["waktu_kirim"] = _day_first(row["waktu_kirim"], with_time=True)
        for c in ("tanggal_pemberitahuan", "tanggal_pemberian"):
            if row[c]:
                row[c] = _day_first(row[c], with_time=False)
        w.writerow([row.get(c, "") for c in WEB_COLUMNS])
    return out.getvalue().encode("cp1252", errors="replace")


def _day_first(iso: str, with_time: bool) -> str:
    """`2023-02-28T10:00:00+07:00` -> `28/02/2023 10:00`; a date that does not exist (the
    deliberate `web_bad` rows) is turned around as typed instead of stopping the export."""
    try:
        if with_time:
            return f"{datetime.fromisoformat(iso):%d/%m/%Y %H:%M}"
        return f"{date.fromisoformat(iso):%d/%m/%Y}"
    except ValueError:
        y, m, d = iso[:10].split("-")
        return f"{d}/{m}/{y} {iso[11:16]}" if with_time else f"{d}/{m}/{y}"


def write_web(root: Path, data: BodyData, seed: int, years: tuple[int, ...]) -> list[Path]:
    if "web" not in data.body.channels:
        return []
    prof = data.profile
    folder = root / data.body.kode / "web"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for year in years:
        rng = random.Random(f"{seed}:web:{data.body.kode}:{year}")
        recs = _web_records(data, year, rng)
        if data.month and not recs:
            continue  # a quiet month: no empty export
        broken_json = False
        if "web_bad" in prof.errors and year == data.error_year and len(recs) > 6:
            recs[2]["waktu_kirim"] = f"{year}-02-30T10:00:00+07:00"
            done = [r for r in recs if r["tanggal_pemberitahuan"]]
            if done:
                done[-1]["tanggal_pemberitahuan"] = f"{year}-13-01"
            broken_json = True
        if prof.web_format == "jsonl":
            # the site logs extra keys the pipeline does not know (ignored, not an error)
            extra = {"utm_source": rng.choice(("instagram", "google", "")), "versi_formulir": 2}
            lines = [json.dumps({**r, **extra}, ensure_ascii=False) for r in recs]
            if broken_json:
                lines.insert(4, lines[4][: len(lines[4]) // 2])  # a record cut off mid-write
            path = folder / f"kiriman_{data.label(year)}.jsonl"
            path.write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
        elif year % 2 == 0:
            path = folder / f"kiriman_{data.label(year)}.csv"
            path.write_bytes(_web_csv_resaved(recs, data.body, prof.web_format[-1]))
        else:
            out = io.StringIO()
            w = csv.writer(out, delimiter=prof.web_format[-1], lineterminator="\n")
            w.writerow(WEB_COLUMNS)
            for r in recs:
                w.writerow([r.get(c, "") for c in WEB_COLUMNS])
            path = folder / f"kiriman_{data.label(year)}.csv"
            path.write_bytes(out.getvalue().encode("utf-8"))
        written.append(path)
    return written


# --- bodies.csv and driver --------------------------------------------------------------------


def write_bodies(root: Path, bodies: list[Body]) -> Path:
    from transforms.sample_data.meta import account_names, platforms  # it imports this module

    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(
        ("kode", "nama", "jenis", "induk", "kabupaten_kota", "email", "whatsapp", "media_sosial")
    )
    for b in bodies:
        social = account_names(b)
        w.writerow(
            (
                b.kode,
                b.nama,
                b.jenis,
                b.induk,
                b.kabupaten_kota,
                ";".join(b.emails),
                ";".join(b.wa_names),
                ";".join(social[p] for p in platforms(b)),
            )
        )
    path = root / "bodies.csv"
    path.write_bytes(out.getvalue().encode("utf-8"))
    return path


@dataclass
class Summary:
    scale: str
    seed: int
    bodies: int
    years: tuple[int, ...]
    files: int
    requests: Counter = field(default_factory=Counter)  # (kode, channel, year) -> n
    visits: Counter = field(default_factory=Counter)  # (kode, year) -> n
    month: int | None = None  # a monthly delivery of years[0]
    bytes: int = 0  # size of the files written
    # lines in WhatsApp chat texts (`wa_lines`), messages in mbox/eml files (`emails`),
    # respondent rows in survey exports (`survey_answers`)
    written: Counter = field(default_factory=Counter)

    def by_channel(self) -> Counter:
        c: Counter = Counter()
        for (_, ch, _), n in self.requests.items():
            c[ch] += n
        return c

    def period(self) -> str:
        if self.month:
            return f"{self.years[0]}-{self.month:02d}"
        return f"{self.years[0]}-{self.years[-1]}"

    def line(self) -> str:
        ch = self.by_channel()
        parts = ", ".join(f"{k} {ch[k]}" for k in CHANNELS)
        strict = sum(
            n for (k, _, y), n in self.requests.items() if k == STRICT_CODE and y == STRICT_YEAR
        )
        seed_report = (
            f"; {STRICT_CODE} {STRICT_YEAR}: {strict} requests"
            if STRICT_YEAR in self.years and not self.month and strict
            else ""
        )
        w = self.written
        return (
            f"sample_data[{self.scale}, seed {self.seed}]: {self.bodies} bodies, "
            f"{self.period()}, {sum(ch.values())} requests ({parts}), "
            f"{sum(self.visits.values())} guestbook visits, {w['wa_lines']} WhatsApp lines, "
            f"{w['emails']} e-mail messages, {w['survey_answers']} survey answers, "
            f"{self.files} files, {self.bytes} bytes{seed_report}"
        )


@dataclass
class BodyResult:
    """What one body's generation wrote (sent back from a worker process)."""

    files: int
    bytes: int
    requests: Counter
    visits: Counter
    written: Counter


def generate_body(
    root: Path, body: Body, scale: Scale, seed: int, month: int | None = None
) -> BodyResult:
    """Build one body's requests and write all its exports. Everything random is seeded by
    the seed and the body's code, so bodies can be written in any order, in any process."""
    from transforms.sample_data.meta import write_meta  # it imports this module
    from transforms.sample_data.narasi import write_narasi  # it imports this module
    from transforms.sample_data.sengketa import write_sengketa  # it imports this module
    from transforms.sample_data.survei import write_survei  # it imports this module

    data = build_body(body, scale, seed)
    respondents = None
    if scale.survey_rate:  # the survey follows the year's requests (the annual ones)
        rng = random.Random(f"{seed}:survei-size:{body.kode}")
        per_year = Counter(r.received.year for r in data.requests)
        respondents = {
            y: max(30, round(per_year[y] * scale.survey_rate * rng.uniform(0.8, 1.2)))
            for y in scale.years
        }
    if month:
        restrict_to_month(data, month)
    labels = People(random.Random(f"{seed}:labels:{body.kode}"))
    written: Counter = Counter()
    files = write_email(root, data, seed, written)
    files += write_whatsapp(root, data, seed, labels, written)
    files += write_buku_tamu(root, data, seed, scale.years)
    files += write_web(root, data, seed, scale.years)
    files += write_survei(
        root, body.kode, seed, scale.years, respondents=respondents, month=month, tally=written
    )
    files += write_sengketa(root, data, seed)
    files += write_narasi(root, body.kode, scale.years, month)
    dm_files, dm_requests = write_meta(root, data, seed, scale.years)
    files += dm_files
    requests = Counter(dm_requests)
    for req in data.requests:
        requests[(body.kode, req.channel, req.received.year)] += 1
    visits = Counter((body.kode, v.when.year) for v in data.visits)
    size = sum(f.stat().st_size for f in files)
    return BodyResult(len(files), size, requests, visits, written)


def _body_job(args: tuple[Path, str, Scale, int, int | None]) -> BodyResult:
    root, kode, scale, seed, month = args
    return generate_body(root, BY_CODE[kode], scale, seed, month)


def parse_years(text: str) -> tuple[int, ...]:
    """`2023-2025` -> (2023, 2024, 2025); `2025` -> (2025,)."""
    first, _, last = text.partition("-")
    a, b = int(first), int(last or first)
    if not 2000 <= a <= b <= 2100:
        raise ValueError(f"years {text!r}: use YYYY or YYYY-YYYY")
    return tuple(range(a, b + 1))


def generate(
    out: Path | str,
    seed: int = 2023,
    scale: str = "full",
    *,
    jobs: int = 1,
    bodies: int | None = None,
    years: tuple[int, ...] | None = None,
    month: str | None = None,
) -> Summary:
    """Write the landing zone under `out` and return what was generated.

    `bodies` keeps the scale's first N bodies, `years` replaces its years, `month` ("2026-01")
    writes only the requests received in that month (a monthly delivery, file names carrying
    the month). `jobs` > 1 writes bodies in that many processes; the files do not change.
    """
    if scale not in SCALES:
        raise ValueError(f"unknown scale {scale!r}; use one of {sorted(SCALES)}")
    sc = SCALES[scale]
    month_no: int | None = None
    if month is not None:
        if years is not None:
            raise ValueError("give either years or a month, not both")
        y, _, m = month.partition("-")
        if not (y.isdigit() and m.isdigit() and 1 <= int(m) <= 12 and len(y) == 4):
            raise ValueError(f"month {month!r}: use YYYY-MM")
        years, month_no = (int(y),), int(m)
    if years is not None:
        sc = replace(sc, years=tuple(years))
    if bodies is not None:
        if bodies < 1:
            raise ValueError("bodies must be at least 1")
        sc = replace(sc, codes=sc.codes[:bodies])
    root = Path(out)
    root.mkdir(parents=True, exist_ok=True)
    chosen = [BY_CODE[c] for c in sc.codes]
    bodies_csv = write_bodies(root, chosen)
    summary = Summary(scale, seed, len(chosen), sc.years, 1, month=month_no)
    summary.bytes = bodies_csv.stat().st_size
    # the busiest bodies first, so that no worker is left with a big one at the end
    order = sorted(chosen, key=lambda b: -b.volume)
    tasks = [(root, b.kode, sc, seed, month_no) for b in order]
    closed_days()  # computed once here, inherited by forked workers
    if jobs > 1 and len(tasks) > 1:
        import multiprocessing

        with multiprocessing.get_context().Pool(min(jobs, len(tasks))) as pool:
            results = list(pool.imap_unordered(_body_job, tasks, chunksize=1))
    else:
        results = [_body_job(t) for t in tasks]
    for r in results:
        summary.files += r.files
        summary.bytes += r.bytes
        summary.requests.update(r.requests)
        summary.visits.update(r.visits)
        summary.written.update(r.written)
    return summary
