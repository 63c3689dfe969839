"""The figures of the annual report, read from the `mart` views only.

Every figure is what a view defines (sql/mart/*.sql); this module only selects a year, splits the
rows per body, and for the province adds up body rows of views that have no province twin (per
channel, per month, refusal grounds), exactly as the province views add up the bodies. A year is
read with one query per view, so 40 bodies cost the same handful of queries as one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from transforms.labels import CHANNEL_LABELS
from transforms.warehouse import Warehouse

MONTHS = tuple(range(1, 13))
# identity columns of the C and D views; everything else in their rows is a count
_ID_COLUMNS = {"kode_badan", "nama_badan", "tahun", "jumlah_badan_publik"}


@dataclass(frozen=True)
class Band:
    """A quality band of the satisfaction index (mart.skm_mutu)."""

    mutu: str
    kinerja: str
    nilai_minimum: float
    nilai_maksimum: float


@dataclass(frozen=True)
class Element:
    """One service element of the survey (mart.skm_unsur): code, name, NRR (None: no answers)."""

    unsur: str
    nama: str
    nrr: float | None


@dataclass
class ReportData:
    """Everything one report shows; `kode` is None for the province."""

    tahun: int
    kode: str | None
    nama: str
    c: dict[str, int]
    saluran: dict[str, int]  # channel -> requests in the year, channels with requests only
    bulanan: dict[str, list[int]]  # channel -> requests per month (Jan..Dec)
    total_bulanan: list[int]  # all channels, per month
    penolakan: list[tuple[str, str, int]]  # (keputusan, alasan_penolakan, jumlah)
    d: dict[str, int]
    skm: dict[str, Any] | None  # the year's row of mart.skm_badan / mart.skm_provinsi
    unsur: list[Element]
    mutu: list[Band]
    badan: list[dict[str, Any]] = field(default_factory=list)  # province: one row per body

    @property
    def is_province(self) -> bool:
        return self.kode is None


def _counts(row: dict[str, Any]) -> dict[str, int]:
    return {k: int(v) for k, v in row.items() if k not in _ID_COLUMNS and not _missing(v)}


def _missing(value: Any) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if _missing(v) else v) for k, v in r.items()} for r in frame.to_dict("records")
    ]


def _channel_order(channels: set[str]) -> list[str]:
    known = [c for c in CHANNEL_LABELS if c in channels]
    return known + sorted(channels - set(known))


@dataclass
class YearFigures:
    """One year of every view the report reads, split per body."""

    tahun: int
    badan: list[dict[str, Any]]
    provinsi_c: dict[str, int]
    provinsi_d: dict[str, int]
    d_badan: dict[str, dict[str, int]]
    saluran: dict[str | None, dict[str, int]]
    bulanan: dict[str | None, dict[str, list[int]]]
    total_bulanan: dict[str | None, list[int]]
    penolakan: dict[str | None, list[tuple[str, str, int]]]
    skm: dict[str | None, dict[str, Any]]
    unsur: dict[str | None, list[Element]]
    mutu: list[Band]

    def bodies(self) -> list[tuple[str, str]]:
        return [(r["kode_badan"], r["nama_badan"]) for r in self.badan]

    def report(self, kode: str | None, province_name: str = "Provinsi") -> ReportData:
        """The report of one body, or of the province when `kode` is None."""
        if kode is None:
            c, d, nama = self.provinsi_c, self.provinsi_d, province_name
        else:
            row = self._by_code.get(kode)
            if row is None:
                raise KeyError(
                    f"badan publik {kode!r} tidak ada di mart.c_badan_tahun {self.tahun}"
                )
            c, d, nama = _counts(row), self.d_badan.get(kode, {}), row["nama_badan"]
        return ReportData(
            tahun=self.tahun,
            kode=kode,
            nama=nama,
            c=c,
            saluran=self.saluran.get(kode, {}),
            bulanan=self.bulanan.get(kode, {}),
            total_bulanan=self.total_bulanan.get(kode, [0] * 12),
            penolakan=self.penolakan.get(kode, []),
            d=d,
            skm=self.skm.get(kode),
            unsur=self.unsur.get(kode, []),
            mutu=self.mutu,
            badan=self._body_rows() if kode is None else [],
        )

    @cached_property
    def _by_code(self) -> dict[str, dict[str, Any]]:
        """Rows of mart.c_badan_tahun by body code (a scan per report is O(bodies^2))."""
        return {r["kode_badan"]: r for r in self.badan}

    def _body_rows(self) -> list[dict[str, Any]]:
        rows = []
        for r in self.badan:
            kode = r["kode_badan"]
            skm = self.skm.get(kode) or {}
            rows.append(
                {
                    "kode_badan": kode,
                    "nama_badan": r["nama_badan"],
                    **_counts(r),
                    "jumlah_keberatan": self.d_badan.get(kode, {}).get("jumlah_keberatan", 0),
                    "sengketa_diajukan_ki": self.d_badan.get(kode, {}).get(
                        "sengketa_diajukan_ki", 0
                    ),
                    "ikm_konversi": skm.get("ikm_konversi"),
                    "mutu": skm.get("mutu"),
                }
            )
        return rows


def collect_year(wh: Warehouse, tahun: int) -> YearFigures:
    """Read the year from the mart views (one query per view)."""
    badan = _records(
        wh.frame("SELECT * FROM mart.c_badan_tahun WHERE tahun = ? ORDER BY kode_badan", [tahun])
    )
    prov_c = _records(wh.frame("SELECT * FROM mart.c_provinsi_tahun WHERE tahun = ?", [tahun]))
    prov_d = _records(wh.frame("SELECT * FROM mart.d_provinsi_tahun WHERE tahun = ?", [tahun]))
    d_badan = {
        r["kode_badan"]: _counts(r)
        for r in _records(wh.frame("SELECT * FROM mart.d_badan_tahun WHERE tahun = ?", [tahun]))
    }
    return YearFigures(
        tahun=tahun,
        badan=badan,
        provinsi_c=_counts(prov_c[0]) if prov_c else {},
        provinsi_d=_counts(prov_d[0]) if prov_d else {},
        d_badan=d_badan,
        saluran=_per_channel(wh, tahun),
        bulanan=_per_channel_month(wh, tahun),
        total_bulanan=_per_month(wh, tahun),
        penolakan=_refusals(wh, tahun),
        skm=_survey(wh, tahun),
        unsur=_elements(wh, tahun),
        mutu=[
            Band(str(m), str(k), float(lo), float(hi))
            for m, k, lo, hi in wh.query(
                "SELECT mutu, kinerja, nilai_minimum, nilai_maksimum FROM mart.skm_mutu"
                " ORDER BY nilai_minimum"
            )
        ],
    )


def _per_channel(wh: Warehouse, tahun: int) -> dict[str | None, dict[str, int]]:
    rows = wh.query(
        "SELECT kode_badan, saluran, jumlah_permohonan FROM mart.c_badan_saluran_tahun"
        " WHERE tahun = ?",
        [tahun],
    )
    raw: dict[str | None, dict[str, int]] = defaultdict(dict)
    for kode, saluran, n in rows:
        raw[kode][saluran] = int(n)
        raw[None][saluran] = raw[None].get(saluran, 0) + int(n)
    return {k: {c: v[c] for c in _channel_order(set(v)) if v[c]} for k, v in raw.items()}


def _per_channel_month(wh: Warehouse, tahun: int) -> dict[str | None, dict[str, list[int]]]:
    rows = wh.query(
        "SELECT kode_badan, saluran, bulan, jumlah_permohonan FROM mart.c_permohonan_rinci"
        " WHERE tahun = ?",
        [tahun],
    )
    out: dict[str | None, dict[str, list[int]]] = defaultdict(dict)
    for kode, saluran, bulan, n in rows:
        for scope in (kode, None):
            series = out[scope].setdefault(saluran, [0] * 12)
            series[int(bulan) - 1] += int(n)
    return {k: {c: v[c] for c in _channel_order(set(v))} for k, v in out.items()}


def _per_month(wh: Warehouse, tahun: int) -> dict[str | None, list[int]]:
    rows = wh.query(
        "SELECT kode_badan, bulan, jumlah_permohonan FROM mart.c_badan_bulan WHERE tahun = ?",
        [tahun],
    )
    out: dict[str | None, list[int]] = defaultdict(lambda: [0] * 12)
    for kode, bulan, n in rows:
        out[kode][int(bulan) - 1] += int(n)
        out[None][int(bulan) - 1] += int(n)
    return dict(out)


def _refusals(wh: Warehouse, tahun: int) -> dict[str | None, list[tuple[str, str, int]]]:
    rows = wh.query(
        "SELECT kode_badan, keputusan, alasan_penolakan, jumlah FROM mart.c_penolakan"
        " WHERE tahun = ?",
        [tahun],
    )
    sums: dict[str | None, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for kode, keputusan, alasan, n in rows:
        sums[kode][(keputusan, alasan)] += int(n)
        sums[None][(keputusan, alasan)] += int(n)
    order = {"ditolak": 0, "tidak_dikuasai": 1, "belum_didokumentasikan": 2}
    return {
        k: sorted(
            ((kp, al, n) for (kp, al), n in v.items()), key=lambda t: (order.get(t[0], 9), t[1])
        )
        for k, v in sums.items()
    }


def _survey(wh: Warehouse, tahun: int) -> dict[str | None, dict[str, Any]]:
    out: dict[str | None, dict[str, Any]] = {}
    for r in _records(
        wh.frame("SELECT * FROM mart.skm_badan WHERE tahun = ? AND periode = 'tahunan'", [tahun])
    ):
        out[r["kode_badan"]] = r
    prov = _records(
        wh.frame("SELECT * FROM mart.skm_provinsi WHERE tahun = ? AND periode = 'tahunan'", [tahun])
    )
    if prov:
        out[None] = prov[0]
    return out


def _elements(wh: Warehouse, tahun: int) -> dict[str | None, list[Element]]:
    rows = wh.query(
        "SELECT tingkat, kode_badan, unsur, nama_unsur, nrr FROM mart.skm_unsur"
        " WHERE tahun = ? AND periode = 'tahunan' ORDER BY tingkat, kode_badan, unsur",
        [tahun],
    )
    out: dict[str | None, list[Element]] = defaultdict(list)
    for tingkat, kode, unsur, nama, nrr in rows:
        scope = None if tingkat == "provinsi" else kode
        out[scope].append(Element(unsur, nama, None if _missing(nrr) else float(nrr)))
    return dict(out)
