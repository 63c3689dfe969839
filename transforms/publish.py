"""Publish a year's section C and D figures and the satisfaction index from the `mart` views.

This module knows *what* is published: the tables, their Indonesian labels, the province checks,
the CSV/JSON/xlsx renderings, and the canonical figures whose checksum decides whether a new
revision is due. *How* a year is released (immutable revision folders, change log, final mark)
is `transforms/release.py`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from transforms.labels import LABELS, VALUE_LABELS
from transforms.warehouse import Warehouse
from transforms.workbook_export import Sheet, build_workbook, escape_frame

if TYPE_CHECKING:
    from transforms.release import Publication

_SKM_COLUMNS = (
    "tahun, periode, jumlah_responden, nrr_u1, nrr_u2, nrr_u3, nrr_u4, nrr_u5, nrr_u6, nrr_u7,"
    " nrr_u8, nrr_u9, ikm, ikm_konversi, mutu, kinerja, jumlah_permohonan, sampel_minimum,"
    " CASE WHEN responden_kurang THEN 'Ya' ELSE 'Tidak' END AS responden_kurang"
)
# output name -> (title, query); every query takes the year as its only parameter
TABLES: dict[str, tuple[str, str]] = {
    "c_permohonan_per_badan": (
        "Rincian layanan informasi publik per badan publik",
        "SELECT * FROM mart.c_badan_tahun WHERE tahun = ? ORDER BY kode_badan",
    ),
    "c_permohonan_per_badan_saluran": (
        "Jumlah permohonan per badan publik dan saluran",
        "SELECT * FROM mart.c_badan_saluran_tahun WHERE tahun = ? ORDER BY kode_badan, saluran",
    ),
    "c_permohonan_per_badan_bulan": (
        "Jumlah permohonan per badan publik dan bulan",
        "SELECT * FROM mart.c_badan_bulan WHERE tahun = ? ORDER BY kode_badan, bulan",
    ),
    "c_penolakan_per_badan": (
        "Permohonan yang ditolak beserta alasannya",
        "SELECT * FROM mart.c_penolakan WHERE tahun = ?"
        " ORDER BY kode_badan, keputusan, alasan_penolakan",
    ),
    "c_provinsi": (
        "Rekapitulasi provinsi (jumlah seluruh badan publik)",
        "SELECT * FROM mart.c_provinsi_tahun WHERE tahun = ?",
    ),
    # Satisfaction index (SKM/IKM, PermenPANRB 14/2017), computed in sql/mart/0300_skm.sql
    "skm_per_badan": (
        "Indeks Kepuasan Masyarakat (IKM) per badan publik, tahunan dan per semester",
        f"SELECT kode_badan, nama_badan, {_SKM_COLUMNS} FROM mart.skm_badan WHERE tahun = ?"
        " ORDER BY kode_badan, periode",
    ),
    "skm_unsur_per_badan": (
        "Nilai rata-rata (NRR) per unsur pelayanan per badan publik",
        "SELECT kode_badan, tahun, periode, unsur, nama_unsur, jumlah_responden, jumlah_nilai,"
        " nrr, nrr_tertimbang FROM mart.skm_unsur WHERE tingkat = 'badan' AND tahun = ?"
        " ORDER BY kode_badan, periode, unsur",
    ),
    "skm_profil_per_badan": (
        "Profil responden survei kepuasan masyarakat per badan publik",
        "SELECT kode_badan, tahun, periode, dimensi, kategori, jumlah_responden"
        " FROM mart.skm_profil WHERE tingkat = 'badan' AND tahun = ?"
        " ORDER BY kode_badan, periode, dimensi, kategori",
    ),
    "skm_provinsi": (
        "Indeks Kepuasan Masyarakat provinsi (seluruh responden badan publik)",
        f"SELECT {_SKM_COLUMNS} FROM mart.skm_provinsi WHERE tahun = ? ORDER BY periode",
    ),
    "skm_profil_provinsi": (
        "Profil responden survei kepuasan masyarakat provinsi",
        "SELECT tahun, periode, dimensi, kategori, jumlah_responden FROM mart.skm_profil"
        " WHERE tingkat = 'provinsi' AND tahun = ? ORDER BY periode, dimensi, kategori",
    ),
    "d_keberatan_sengketa_per_badan": (
        "Rincian penyelesaian sengketa informasi publik (keberatan, mediasi, ajudikasi,"
        " pengadilan) per badan publik",
        "SELECT * FROM mart.d_badan_tahun WHERE tahun = ? ORDER BY kode_badan",
    ),
    "d_provinsi": (
        "Rekapitulasi provinsi penyelesaian sengketa informasi publik",
        "SELECT * FROM mart.d_provinsi_tahun WHERE tahun = ?",
    ),
}


class PublishError(Exception):
    """The figures are inconsistent; nothing is published."""


def without_jit(wh: Warehouse) -> None:
    """PostgreSQL's JIT compiles the nested mart views for 10-15 s per query (their row
    estimates cross its cost threshold) while the queries run in well under a second: off for
    this session (settings only; the figures do not change)."""
    if wh.dialect == "postgresql":
        wh.execute("SET jit = off")


def collect(wh: Warehouse, year: int) -> dict[str, pd.DataFrame]:
    without_jit(wh)
    frames = {name: wh.frame(sql, [year]) for name, (_title, sql) in TABLES.items()}
    _check_totals(frames, year)
    return frames


# (per-body table, province table) pairs whose province row must be the sum of the bodies
TOTAL_CHECKS: tuple[tuple[str, str], ...] = (
    ("c_permohonan_per_badan", "c_provinsi"),
    ("d_keberatan_sengketa_per_badan", "d_provinsi"),
)


def _check_totals(frames: dict[str, pd.DataFrame], year: int) -> None:
    """The province row must be the sum of the bodies, metric by metric."""
    for bodies_name, province_name in TOTAL_CHECKS:
        _check_sum(frames[bodies_name], frames[province_name], year)
    _check_survey_respondents(frames["skm_per_badan"], frames["skm_provinsi"], year)


def _check_survey_respondents(bodies: pd.DataFrame, province: pd.DataFrame, year: int) -> None:
    """Respondents add up to the province per period; the index does not (it is pooled)."""
    for periode, group in bodies.groupby("periode"):
        row = province[province["periode"] == periode]
        total = int(row["jumlah_responden"].iloc[0]) if len(row) else 0
        if int(group["jumlah_responden"].sum()) != total:
            raise PublishError(
                f"{year}: responden survei provinsi {periode} {total}"
                f" != jumlah badan publik {int(group['jumlah_responden'].sum())}"
            )


def _check_sum(bodies: pd.DataFrame, province: pd.DataFrame, year: int) -> None:
    if province.empty:
        metrics = [c for c in bodies.columns if c not in ("kode_badan", "nama_badan", "tahun")]
        if not bodies.empty and int(bodies[metrics].to_numpy().sum()):
            raise PublishError(f"{year}: badan publik punya angka tetapi rekap provinsi kosong")
        return
    for col in province.columns:
        if (
            col in bodies.columns
            and col != "tahun"
            and (int(bodies[col].sum()) != int(province[col].iloc[0]))
        ):
            raise PublishError(
                f"{year}: total provinsi '{col}' {province[col].iloc[0]}"
                f" != jumlah badan publik {bodies[col].sum()}"
            )


# coded values shown with their label (channel, decision, ground, period, profile dimension)
_CODED = ("saluran", "keputusan", "alasan_penolakan", "periode", "dimensi")
# columns that identify a row of a table; the others (but the names) are its figures
KEY_COLUMNS = (
    "kode_badan",
    "tahun",
    "bulan",
    "saluran",
    "keputusan",
    "alasan_penolakan",
    "periode",
    "unsur",
    "dimensi",
    "kategori",
)
NAME_COLUMNS = ("nama_badan", "nama_unsur")


def label_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Coded values and column names replaced by the report's Indonesian labels."""
    shown = frame.copy()
    for col in _CODED:
        if col in shown:
            shown[col] = shown[col].map(lambda v: VALUE_LABELS.get(v, v))
    return shown.rename(columns=LABELS)


def render(
    frames: dict[str, pd.DataFrame],
    year: int,
    figs: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, bytes]:
    """File name -> bytes; labels replace column names and coded values. CSV text cells that
    a spreadsheet would evaluate are escaped; JSON keeps the values as they are. `figs` are
    `figures(frames)` when the caller has them already."""
    if figs is None:
        figs = figures(frames)
    out: dict[str, bytes] = {}
    for name, frame in frames.items():
        title = TABLES[name][0]
        buf = io.StringIO()
        escape_frame(label_frame(frame)).to_csv(
            buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n"
        )
        out[f"{name}.csv"] = buf.getvalue().encode("utf-8")
        doc = {"tahun": year, "judul": title, "baris": labelled_records(figs[name])}
        out[f"{name}.json"] = (
            json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        ).encode("utf-8")
    return out


def labelled_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`figures` rows as `label_frame` shows them: Indonesian column names, coded values
    replaced by their labels (what the published JSON holds)."""
    if not records:
        return []
    names = {c: LABELS.get(c, c) for c in records[0]}
    coded = {c for c in names if c in _CODED}
    return [
        {
            names[c]: (VALUE_LABELS.get(v, v) if c in coded and v is not None else v)
            for c, v in rec.items()
        }
        for rec in records
    ]


def _json_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "item"):
        return value.item()
    return value


def _column_values(column: pd.Series) -> list[Any]:
    """`_json_value` of every value of a column; plain integer and float columns at once."""
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else ""
    if kind and kind in "iub":
        return column.to_numpy().tolist()
    if kind == "f":
        return [None if v != v else v for v in column.to_numpy().tolist()]
    return [_json_value(v) for v in column.to_numpy(dtype=object)]


def figures(frames: dict[str, pd.DataFrame]) -> dict[str, list[dict[str, Any]]]:
    """The published tables as plain JSON values with SQL column names: what a revision *is*
    (the checksum and the change log are over these, never over rendered documents)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, frame in frames.items():
        columns = [str(c) for c in frame.columns]
        values = [_column_values(frame.iloc[:, i]) for i in range(len(columns))]
        out[name] = [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]
    return out


def figures_checksum(figs: dict[str, list[dict[str, Any]]]) -> str:
    text = json.dumps(figs, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# xlsx sheets: (sheet name, table, province table appended as total rows or None)
SHEETS: tuple[tuple[str, str, str | None], ...] = (
    ("C Per Badan Publik", "c_permohonan_per_badan", "c_provinsi"),
    ("C Per Saluran", "c_permohonan_per_badan_saluran", None),
    ("C Per Bulan", "c_permohonan_per_badan_bulan", None),
    ("C Alasan Penolakan", "c_penolakan_per_badan", None),
    ("D Sengketa Per Badan Publik", "d_keberatan_sengketa_per_badan", "d_provinsi"),
    ("SKM Per Badan Publik", "skm_per_badan", "skm_provinsi"),
    ("SKM Unsur Pelayanan", "skm_unsur_per_badan", None),
    ("SKM Profil Responden", "skm_profil_per_badan", "skm_profil_provinsi"),
)
PROVINCE_NAME = "Provinsi (jumlah seluruh badan publik)"


def workbook(
    frames: dict[str, pd.DataFrame], about: list[tuple[str, str]], generated: datetime
) -> bytes:
    """The Komisi Informasi workbook: one sheet per section, the province rows at the end."""
    sheets = []
    for sheet_name, table, province_table in SHEETS:
        province = None
        if province_table is not None and not frames[province_table].empty:
            prov = frames[province_table].copy()
            if "nama_badan" in frames[table].columns:
                prov["nama_badan"] = PROVINCE_NAME
            if "kode_badan" in frames[table].columns:
                prov["kode_badan"] = "PROVINSI"
            province = label_frame(prov)
        sheets.append(
            Sheet(
                name=sheet_name,
                description=TABLES[table][0]
                + (f"; baris terakhir: {TABLES[province_table][0]}" if province_table else ""),
                rows=label_frame(frames[table]),
                province=province,
            )
        )
    return build_workbook(sheets, about, generated)


def publish_year(
    wh: Warehouse,
    year: int,
    output_dir: Path,
    run_id: str,
    documents: Callable[[Path], None] | None = None,
) -> Publication:
    """Publish `year` as a release: a new immutable revision folder only when the figures
    changed (see transforms/release.py); `documents(folder)` renders the reports into it."""
    from transforms.release import publish_release

    return publish_release(wh, year, output_dir, run_id, documents=documents)
