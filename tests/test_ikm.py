"""The satisfaction index (IKM, PermenPANRB 14/2017) through the real mart views, on DuckDB and
PostgreSQL: a worked example computed by hand, the quality-band edges, the Krejcie-Morgan sample
size, and one body's survey loaded end to end through refresh_body."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pandas as pd

from tests.conftest import KEY
from transforms.migrate import migrate
from transforms.warehouse import Warehouse, connect

FIXTURES = Path(__file__).parent / "fixtures" / "survei"

# Ten respondents of body `b1` in 2023: R1-R6 in semester I (March), R7-R10 in semester II.
#          U1 U2 U3 U4 U5 U6 U7 U8 U9   total
WORKED = [
    (4, 3, 3, 4, 3, 4, 4, 3, 3),  # 31
    (3, 2, 2, 4, 3, 3, 3, 3, 2),  # 25
    (3, 3, 3, 3, 4, 3, 3, 2, 4),  # 28
    (4, 4, 3, 4, 3, 3, 4, 4, 3),  # 32
    (1, 1, 1, 1, 1, 1, 1, 1, 1),  # 9
    (3, 3, 2, 4, 3, 3, 3, 3, 3),  # 27   semester I: 152
    (4, 4, 4, 4, 4, 4, 4, 4, 4),  # 36
    (3, 3, 3, 4, 3, 3, 4, 3, 3),  # 29
    (2, 3, 3, 4, 3, 2, 3, 3, 2),  # 25
    (3, 3, 3, 4, 3, 3, 3, 3, 4),  # 29   semester II: 119
]
# Worked by hand. Column sums: U1 30, U2 29, U3 27, U4 36, U5 30, U6 29, U7 32, U8 29, U9 29
# (all 271). NRR = sum / 10. Weighted NRR = NRR / 9, to 4 decimals (half up):
# 3.0/9 = 0.33333, 2.9/9 = 0.32222, 2.7/9 = 0.3, 3.6/9 = 0.4, 3.2/9 = 0.35556.
HAND_SUMS = {
    "U1": 30,
    "U2": 29,
    "U3": 27,
    "U4": 36,
    "U5": 30,
    "U6": 29,
    "U7": 32,
    "U8": 29,
    "U9": 29,
}
HAND_NRR = {
    "U1": 3.0,
    "U2": 2.9,
    "U3": 2.7,
    "U4": 3.6,
    "U5": 3.0,
    "U6": 2.9,
    "U7": 3.2,
    "U8": 2.9,
    "U9": 2.9,
}
HAND_WEIGHTED = {
    "U1": 0.3333, "U2": 0.3222, "U3": 0.3, "U4": 0.4, "U5": 0.3333,
    "U6": 0.3222, "U7": 0.3556, "U8": 0.3222, "U9": 0.3222,
}  # fmt: skip
# IKM = 0.33333 + 0.32222 + 0.3 + 0.4 + 0.33333 + 0.32222 + 0.35556 + 0.32222 + 0.32222
#     = 271 / 90 = 3.01111 -> 3.0111; converted = 3.01111 x 25 = 75.2777 -> 75.28: C Kurang baik.
# Semester I: 152 / 54 = 2.81481 -> 2.8148; x 25 = 70.370 -> 70.37: C Kurang baik.
# Semester II: 119 / 36 = 3.30556 -> 3.3056; x 25 = 82.639 -> 82.64: B Baik.
# Sample size for N = 671 requests: 3.841 x 671 x 0.25 = 644.32775; 0.0025 x 670 + 0.96025
# = 2.63525; 644.32775 / 2.63525 = 244.50 -> 245 (rounded up). 10 < 245: too few respondents.


def _wh(url: str) -> Warehouse:
    wh = connect(url)
    migrate(wh)
    return wh


def _body(wh: Warehouse, kode: str = "b1") -> None:
    wh.execute(
        "INSERT INTO core.badan_publik (kode_badan, nama, jenis) VALUES (?, ?, 'pelaksana')",
        [kode, f"Badan {kode}"],
    )


def _respondents(wh: Warehouse, kode: str, rows: list[tuple[int, ...]], month: int = 3) -> None:
    for i, scores in enumerate(rows):
        m = month if month else (3 if i < 6 else 9)
        wh.execute(
            "INSERT INTO core.survei_responden (responden_id, kode_badan, diisi_pada, tanggal,"
            " tahun, semester, u1, u2, u3, u4, u5, u6, u7, u8, u9, jenis_kelamin, usia_tahun,"
            " kelompok_usia, pendidikan, pekerjaan, layanan, sumber_berkas, sumber_baris)"
            " VALUES (?, ?, ?, ?, 2023, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, 'S1/D4',"
            " 'Lainnya', NULL, ?, ?)",
            [
                f"{kode}-{i}",
                kode,
                f"2023-{m:02d}-10 10:00:00+07",
                date(2023, m, 10),
                1 if m <= 6 else 2,
                *scores,
                "Perempuan" if i % 2 else "Laki-laki",
                "30-39 tahun",
                f"{kode}/survei/x.csv",
                i + 2,
            ],
        )


def _requests(wh: Warehouse, kode: str, n: int) -> None:
    """n requests of 2023 in January, inserted by the database itself (fast for a million)."""
    wh.execute(
        "INSERT INTO core.permohonan (permohonan_id, kode_badan, saluran, diterima_pada,"
        " tanggal_diterima, tahun, bulan, lengkap, perpanjangan, tenggat, tenggat_perpanjangan,"
        " kelas_waktu, status_per, sumber_berkas, sumber_baris)"
        f" SELECT '{kode}-' || CAST(g AS TEXT), '{kode}', 'email',"
        " CAST('2023-01-05 09:00:00+07' AS TIMESTAMPTZ), CAST('2023-01-05' AS DATE), 2023, 1,"
        " TRUE, FALSE, CAST('2023-01-19' AS DATE), CAST('2023-01-30' AS DATE), 'tepat_waktu',"
        f" CAST('2024-01-01' AS DATE), 'x', g FROM generate_series(1, {n}) AS t (g)"
    )


def _one(wh: Warehouse, sql: str, params: list) -> dict:
    frame = wh.frame(sql, params)
    assert len(frame) == 1, frame
    return frame.iloc[0].to_dict()


def test_worked_example_through_the_views(warehouse_url: str) -> None:
    with _wh(warehouse_url) as wh:
        _body(wh)
        _respondents(wh, "b1", WORKED, month=0)
        _requests(wh, "b1", 671)

        unsur = wh.frame(
            "SELECT unsur, jumlah_nilai, jumlah_responden, nrr, nrr_tertimbang FROM mart.skm_unsur"
            " WHERE tingkat = 'badan' AND kode_badan = 'b1' AND tahun = 2023"
            " AND periode = 'tahunan' ORDER BY unsur"
        )
        assert (
            dict(zip(unsur["unsur"], unsur["jumlah_nilai"].astype(int), strict=True)) == HAND_SUMS
        )
        assert set(unsur["jumlah_responden"]) == {10}
        assert dict(zip(unsur["unsur"], unsur["nrr"].astype(float), strict=True)) == HAND_NRR
        assert (
            dict(zip(unsur["unsur"], unsur["nrr_tertimbang"].astype(float), strict=True))
            == HAND_WEIGHTED
        )

        year = _one(
            wh, "SELECT * FROM mart.skm_badan WHERE kode_badan = ? AND periode = 'tahunan'", ["b1"]
        )
        assert year["jumlah_responden"] == 10
        assert [year[f"nrr_u{i}"] for i in range(1, 10)] == list(HAND_NRR.values())
        assert year["ikm"] == 3.0111
        assert year["ikm_konversi"] == 75.28
        assert (year["mutu"], year["kinerja"]) == ("C", "Kurang baik")
        assert year["jumlah_permohonan"] == 671
        assert year["sampel_minimum"] == 245
        assert bool(year["responden_kurang"]) is True
        assert year["nama_badan"] == "Badan b1"

        semesters = wh.frame(
            "SELECT periode, jumlah_responden, ikm, ikm_konversi, mutu, jumlah_permohonan,"
            " sampel_minimum FROM mart.skm_badan WHERE kode_badan = 'b1' AND periode <> 'tahunan'"
            " ORDER BY periode"
        ).to_dict("records")
        assert [(s["periode"], s["jumlah_responden"], s["ikm"], s["ikm_konversi"], s["mutu"])
                for s in semesters] == [
            ("semester_1", 6, 2.8148, 70.37, "C"),
            ("semester_2", 4, 3.3056, 82.64, "B"),
        ]  # fmt: skip
        # the 671 requests are all in January: semester I's population, none in semester II
        assert [(s["jumlah_permohonan"], s["sampel_minimum"]) for s in semesters] == [
            (671, 245),
            (0, 0),
        ]

        profile = wh.frame(
            "SELECT kategori, jumlah_responden FROM mart.skm_profil WHERE tingkat = 'badan'"
            " AND periode = 'tahunan' AND dimensi = 'jenis_kelamin' ORDER BY kategori"
        )
        assert profile.values.tolist() == [["Laki-laki", 5], ["Perempuan", 5]]


def test_province_pools_all_responses(warehouse_url: str) -> None:
    """The province's index is computed on all responses together, not averaged over bodies."""
    with _wh(warehouse_url) as wh:
        _body(wh, "b1")
        _body(wh, "b2")
        _body(wh, "b3")  # requests, no survey: shows with 0 respondents, no index
        _respondents(wh, "b1", [(4,) * 9] * 3)  # 108 / 27 -> 4.0 -> 100.00 A
        _respondents(wh, "b2", [(1,) * 9])  # 9 / 9 -> 1.0 -> 25.00 D
        _requests(wh, "b3", 20)
        rows = {
            r["kode_badan"]: r
            for r in wh.frame(
                "SELECT * FROM mart.skm_badan WHERE tahun = 2023 AND periode = 'tahunan'"
            ).to_dict("records")
        }
        assert (rows["b1"]["ikm_konversi"], rows["b1"]["mutu"]) == (100.0, "A")
        assert (rows["b2"]["ikm_konversi"], rows["b2"]["mutu"]) == (25.0, "D")
        assert rows["b3"]["jumlah_responden"] == 0 and pd.isna(rows["b3"]["mutu"])
        # 20 requests: 0.96025 x 20 / (0.0025 x 19 + 0.96025) = 19.205 / 1.00775 = 19.06 -> 20
        assert rows["b3"]["sampel_minimum"] == 20 and bool(rows["b3"]["responden_kurang"])
        prov = _one(wh, "SELECT * FROM mart.skm_provinsi WHERE periode = 'tahunan'", [])
        # (108 + 9) / (9 x 4) = 3.25 -> x 25 = 81.25: B (the mean of 100 and 25 would be 62.5)
        assert prov["jumlah_responden"] == 4
        assert (prov["ikm"], prov["ikm_konversi"], prov["mutu"]) == (3.25, 81.25, "B")
        assert prov["jumlah_permohonan"] == 20 and prov["sampel_minimum"] == 20


# (respondents, total of all their scores) -> converted IKM, band. Worked by hand:
# 25 x 889 / (9 x 38) = 22225 / 342 = 64.9853... -> 64.99 (D); 25 x 117 / 45 = 65.00 (C);
# 17925 / 234 = 76.6025... -> 76.60 (C); 13100 / 171 = 76.6081... -> 76.61 (B);
# 15100 / 171 = 88.3040... -> 88.30 (B); 19075 / 216 = 88.3101... -> 88.31 (A).
EDGES = [
    (38, 889, 64.99, "D", "Tidak baik"),
    (5, 117, 65.00, "C", "Kurang baik"),
    (26, 717, 76.60, "C", "Kurang baik"),
    (19, 524, 76.61, "B", "Baik"),
    (19, 604, 88.30, "B", "Baik"),
    (24, 763, 88.31, "A", "Sangat baik"),
]


def _spread(n: int, total: int) -> list[tuple[int, ...]]:
    """n respondents whose 9n scores (each 1-4) add up to `total`."""
    cells = [1] * (9 * n)
    extra = total - 9 * n
    for i in range(len(cells)):
        add = min(3, extra)
        cells[i] += add
        extra -= add
    assert extra == 0
    return [tuple(cells[9 * r : 9 * r + 9]) for r in range(n)]


def test_band_edges(warehouse_url: str) -> None:
    with _wh(warehouse_url) as wh:
        for k, (n, total, _, _, _) in enumerate(EDGES):
            _body(wh, f"e{k}")
            _respondents(wh, f"e{k}", _spread(n, total))
        got = wh.frame(
            "SELECT kode_badan, jumlah_responden, ikm_konversi, mutu, kinerja FROM mart.skm_badan"
            " WHERE periode = 'tahunan' ORDER BY kode_badan"
        ).values.tolist()
        assert got == [[f"e{k}", n, v, m, lab] for k, (n, _, v, m, lab) in enumerate(EDGES)]
        bands = wh.frame("SELECT * FROM mart.skm_mutu ORDER BY mutu").values.tolist()
        assert bands == [
            ["A", "Sangat baik", 88.31, 100.0],
            ["B", "Baik", 76.61, 88.3],
            ["C", "Kurang baik", 65.0, 76.6],
            ["D", "Tidak baik", 25.0, 64.99],
        ]


def test_krejcie_morgan_for_a_million_requests(duckdb_url: str) -> None:
    # 0.96025 x 1,000,000 / (0.0025 x 999,999 + 0.96025) = 960250 / 2500.95775 = 383.95 -> 384
    with _wh(duckdb_url) as wh:
        _body(wh)
        _requests(wh, "b1", 1_000_000)
        row = _one(wh, "SELECT * FROM mart.skm_badan WHERE periode = 'tahunan'", [])
        assert (row["jumlah_permohonan"], row["sampel_minimum"]) == (1_000_000, 384)
        assert row["jumlah_responden"] == 0 and bool(row["responden_kurang"])


# --- end to end: landing files -> raw -> core -> mart -----------------------------------------


def test_survey_loads_through_refresh_into_the_mart(duckdb_url: str, tmp_path: Path) -> None:
    from transforms.models import Desk
    from transforms.refresh import BodyContext, refresh_body
    from transforms.validation import Validator

    landing = tmp_path / "landing"
    folder = landing / "dinas" / "survei"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "skm_cap_waktu.csv", folder / "skm_2023.csv")
    shutil.copy(FIXTURES / "skm_jawaban_formulir.xlsx", folder / "skm_2023.xlsx")
    # An overlapping re-export: the first three responses again (one with an impossible age)
    lines = (FIXTURES / "skm_cap_waktu.csv").read_text(encoding="utf-8").splitlines()
    again = [lines[0], lines[1], lines[2].replace('"22"', '"220"'), lines[3]]
    (folder / "skm_2023_unduh_ulang.csv").write_text("\n".join(again) + "\n", encoding="utf-8")

    with _wh(duckdb_url) as wh:
        _body(wh, "dinas")
        ctx = BodyContext("dinas", Desk("dinas"), KEY, None, date(2024, 1, 1), "r1")
        summary = refresh_body(wh, landing, ctx, Validator())
        assert summary.inti["survei"] == 6
        raw = wh.query("SELECT berkas, COUNT(*) FROM raw.survei GROUP BY berkas ORDER BY berkas")
        assert raw == [
            ("dinas/survei/skm_2023.csv", 4),
            ("dinas/survei/skm_2023.xlsx", 2),
            ("dinas/survei/skm_2023_unduh_ulang.csv", 3),
        ]
        quarantine = wh.query(
            "SELECT berkas, baris, tahap, alasan FROM raw.karantina ORDER BY berkas, baris"
        )
        assert [(b, n, t) for b, n, t, _ in quarantine] == [
            ("dinas/survei/skm_2023.csv", 5, "baca"),
            ("dinas/survei/skm_2023.xlsx", 4, "baca"),
            ("dinas/survei/skm_2023.xlsx", 5, "baca"),
            ("dinas/survei/skm_2023_unduh_ulang.csv", 3, "validasi_survei"),
        ]
        assert "usia responden 220 tahun tidak masuk akal" in quarantine[-1][3]
        # 4 (csv) + 2 (xlsx) + 1 new in the re-export (the changed age makes it another response)
        # - 1 quarantined = 6; the two repeated responses count once
        year = _one(wh, "SELECT * FROM mart.skm_badan WHERE periode = 'tahunan'", [])
        # scores of the 6: csv rows 2, 3, 4, 6 (totals 32, 25, 28, 9) and xlsx rows 2, 3
        # (31, 27): 152 / 54 = 2.8148; x 25 = 70.370 -> 70.37 C
        assert (year["jumlah_responden"], year["ikm_konversi"], year["mutu"]) == (6, 70.37, "C")

        from transforms.publish import publish_year

        pub = publish_year(wh, 2023, tmp_path / "out", "r1")
        doc = json.loads((pub.folder / "skm_per_badan.json").read_text(encoding="utf-8"))
        published = {r["Periode"]: r for r in doc["baris"]}
        assert set(published) == {
            "Tahunan",
            "Semester I (Januari-Juni)",
            "Semester II (Juli-Desember)",
        }
        assert published["Tahunan"]["Nilai IKM Unit Pelayanan (Konversi 25-100)"] == 70.37
        assert published["Tahunan"]["Mutu Pelayanan"] == "C"
        assert published["Tahunan"]["Responden di Bawah Sampel Minimal"] == "Tidak"
        prov = json.loads((pub.folder / "skm_provinsi.json").read_text(encoding="utf-8"))
        assert [r["Jumlah Responden"] for r in prov["baris"]] == [3, 3, 6]  # I, II, year
        assert (
            (pub.folder / "skm_profil_per_badan.csv")
            .read_text(encoding="utf-8")
            .startswith(
                "Kode Badan Publik,Tahun,Periode,Profil Responden,Kategori,Jumlah Responden\n"
            )
        )

        again_summary = refresh_body(wh, landing, ctx, Validator())
        assert again_summary.berkas_baru == 0 and again_summary.inti["survei"] == 6
        assert wh.query("SELECT COUNT(*) FROM raw.karantina")[0][0] == 4
