"""Publish a year's section C figures from the `mart` views as CSV and JSON files.

Files carry the report's Indonesian labels; the content is deterministic (sorted, no clock in
it), so publishing unchanged figures again rewrites nothing and logs no new revision.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from transforms.labels import LABELS, VALUE_LABELS
from transforms.warehouse import Warehouse

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


@dataclass
class Publication:
    year: int
    folder: Path
    files: list[Path]
    checksum: str
    revision: int
    new_revision: bool
    total_requests: int


def collect(wh: Warehouse, year: int) -> dict[str, pd.DataFrame]:
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


def render(frames: dict[str, pd.DataFrame], year: int) -> dict[str, bytes]:
    """File name -> bytes; labels replace column names and coded values."""
    out: dict[str, bytes] = {}
    for name, frame in frames.items():
        title = TABLES[name][0]
        shown = frame.copy()
        for col in ("saluran", "keputusan", "alasan_penolakan", "periode", "dimensi"):
            if col in shown:
                shown[col] = shown[col].map(lambda v: VALUE_LABELS.get(v, v))
        shown = shown.rename(columns=LABELS)
        buf = io.StringIO()
        shown.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        out[f"{name}.csv"] = buf.getvalue().encode("utf-8")
        records = [{k: _json_value(v) for k, v in rec.items()} for rec in shown.to_dict("records")]
        doc = {"tahun": year, "judul": title, "baris": records}
        out[f"{name}.json"] = (
            json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        ).encode("utf-8")
    return out


def _json_value(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def publish_year(wh: Warehouse, year: int, output_dir: Path, run_id: str) -> Publication:
    frames = collect(wh, year)
    files = render(frames, year)
    checksum = hashlib.sha256(
        b"".join(name.encode() + b"\0" + data for name, data in sorted(files.items()))
    ).hexdigest()
    folder = output_dir / str(year)
    total = (
        int(frames["c_provinsi"]["jumlah_permohonan"].sum())
        if not frames["c_provinsi"].empty
        else 0
    )
    n_bodies = len(frames["c_permohonan_per_badan"])
    with wh.transaction(lock=f"ppid:publish:{year}"):
        last = wh.query(
            "SELECT revisi, checksum FROM mart.publikasi WHERE tahun = ?"
            " ORDER BY revisi DESC LIMIT 1",
            [year],
        )
        changed = not last or last[0][1] != checksum
        revision = (last[0][0] if last else 0) + int(changed)
        if changed or not _files_match(folder, files):
            _write_atomically(folder, files)
        if changed:
            wh.execute(
                "INSERT INTO mart.publikasi (tahun, revisi, checksum, jumlah_badan,"
                " jumlah_permohonan, folder, run_id, diterbitkan_pada)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [year, revision, checksum, n_bodies, total, str(folder), run_id, datetime.now(UTC)],
            )
    return Publication(
        year=year,
        folder=folder,
        files=sorted(folder / name for name in files),
        checksum=checksum,
        revision=revision,
        new_revision=changed,
        total_requests=total,
    )


def _files_match(folder: Path, files: dict[str, bytes]) -> bool:
    return all((folder / n).is_file() and (folder / n).read_bytes() == d for n, d in files.items())


def _write_atomically(folder: Path, files: dict[str, bytes]) -> None:
    """Write each file beside its target, then rename: readers never see half a file."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        tmp = folder / f".{name}.tmp"
        tmp.write_bytes(data)
        tmp.replace(folder / name)
