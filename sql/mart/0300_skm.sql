-- Satisfaction index (Indeks Kepuasan Masyarakat, PermenPANRB No. 14 Tahun 2017) from
-- core.survei_responden. These views are the only place the index is computed.
--
-- Definitions, per scope (a body or the whole province) and period (year, semester I, II):
--   NRR of element Ui      = sum of its scores / number of respondents
--   weighted NRR of Ui     = NRR x 1/9
--   IKM (1-4)              = sum of the weighted NRRs = total of all scores / (9 x respondents)
--   converted IKM (25-100) = IKM x 25
-- Rounding: nothing is rounded before the converted IKM, which is rounded half up to 2 decimals
-- and then classified with >= thresholds (mart.skm_mutu). Shown values are rounded half up:
-- NRR to 3 decimals, weighted NRR and IKM to 4. Every rounding is done on the exact fraction
-- (integer numerator and denominator; FLOOR of a double quotient is exact at these sizes), so
-- DuckDB and PostgreSQL give the same figures.
--
-- Sample size (Krejcie-Morgan): s = X2 N P(1-P) / (d2 (N-1) + X2 P(1-P)) with X2 = 3.841,
-- P = 0.5, d = 0.05, rounded up; scaled by 100000 to integers: s = ceil(96025 N / (250 (N-1) + 96025)).
-- N (population) = the information requests of the same scope and period (mart.c_* views).

-- Finest grain: body x year x semester, sums of each element's scores.
CREATE OR REPLACE VIEW mart.skm_rinci AS
SELECT
    kode_badan,
    tahun,
    semester,
    CAST(COUNT(*) AS BIGINT) AS jumlah_responden,
    CAST(SUM(u1) AS BIGINT)  AS jumlah_u1,
    CAST(SUM(u2) AS BIGINT)  AS jumlah_u2,
    CAST(SUM(u3) AS BIGINT)  AS jumlah_u3,
    CAST(SUM(u4) AS BIGINT)  AS jumlah_u4,
    CAST(SUM(u5) AS BIGINT)  AS jumlah_u5,
    CAST(SUM(u6) AS BIGINT)  AS jumlah_u6,
    CAST(SUM(u7) AS BIGINT)  AS jumlah_u7,
    CAST(SUM(u8) AS BIGINT)  AS jumlah_u8,
    CAST(SUM(u9) AS BIGINT)  AS jumlah_u9
FROM core.survei_responden
GROUP BY kode_badan, tahun, semester;

-- Quality bands on the converted IKM (mutu pelayanan and kinerja unit pelayanan).
CREATE OR REPLACE VIEW mart.skm_mutu AS
SELECT
    mutu,
    kinerja,
    CAST(nilai_minimum AS DOUBLE PRECISION) AS nilai_minimum,
    CAST(nilai_maksimum AS DOUBLE PRECISION) AS nilai_maksimum
FROM (
    VALUES
        ('A', 'Sangat baik', 88.31, 100.00),
        ('B', 'Baik', 76.61, 88.30),
        ('C', 'Kurang baik', 65.00, 76.60),
        ('D', 'Tidak baik', 25.00, 64.99)
) AS m (mutu, kinerja, nilai_minimum, nilai_maksimum);

-- Scopes: each body and the province, for the whole year and each semester.
CREATE OR REPLACE VIEW mart.skm_cakupan AS
SELECT 'badan' AS tingkat, kode_badan, tahun, 'tahunan' AS periode,
       CAST(SUM(jumlah_responden) AS BIGINT) AS jumlah_responden,
       CAST(SUM(jumlah_u1) AS BIGINT) AS jumlah_u1, CAST(SUM(jumlah_u2) AS BIGINT) AS jumlah_u2,
       CAST(SUM(jumlah_u3) AS BIGINT) AS jumlah_u3, CAST(SUM(jumlah_u4) AS BIGINT) AS jumlah_u4,
       CAST(SUM(jumlah_u5) AS BIGINT) AS jumlah_u5, CAST(SUM(jumlah_u6) AS BIGINT) AS jumlah_u6,
       CAST(SUM(jumlah_u7) AS BIGINT) AS jumlah_u7, CAST(SUM(jumlah_u8) AS BIGINT) AS jumlah_u8,
       CAST(SUM(jumlah_u9) AS BIGINT) AS jumlah_u9
FROM mart.skm_rinci
GROUP BY kode_badan, tahun
UNION ALL
SELECT 'badan', kode_badan, tahun, CASE WHEN semester = 1 THEN 'semester_1' ELSE 'semester_2' END,
       jumlah_responden, jumlah_u1, jumlah_u2, jumlah_u3, jumlah_u4, jumlah_u5, jumlah_u6,
       jumlah_u7, jumlah_u8, jumlah_u9
FROM mart.skm_rinci
UNION ALL
SELECT 'provinsi', CAST(NULL AS TEXT), tahun, 'tahunan',
       CAST(SUM(jumlah_responden) AS BIGINT),
       CAST(SUM(jumlah_u1) AS BIGINT), CAST(SUM(jumlah_u2) AS BIGINT), CAST(SUM(jumlah_u3) AS BIGINT),
       CAST(SUM(jumlah_u4) AS BIGINT), CAST(SUM(jumlah_u5) AS BIGINT), CAST(SUM(jumlah_u6) AS BIGINT),
       CAST(SUM(jumlah_u7) AS BIGINT), CAST(SUM(jumlah_u8) AS BIGINT), CAST(SUM(jumlah_u9) AS BIGINT)
FROM mart.skm_rinci
GROUP BY tahun
UNION ALL
SELECT 'provinsi', CAST(NULL AS TEXT), tahun,
       CASE WHEN semester = 1 THEN 'semester_1' ELSE 'semester_2' END,
       CAST(SUM(jumlah_responden) AS BIGINT),
       CAST(SUM(jumlah_u1) AS BIGINT), CAST(SUM(jumlah_u2) AS BIGINT), CAST(SUM(jumlah_u3) AS BIGINT),
       CAST(SUM(jumlah_u4) AS BIGINT), CAST(SUM(jumlah_u5) AS BIGINT), CAST(SUM(jumlah_u6) AS BIGINT),
       CAST(SUM(jumlah_u7) AS BIGINT), CAST(SUM(jumlah_u8) AS BIGINT), CAST(SUM(jumlah_u9) AS BIGINT)
FROM mart.skm_rinci
GROUP BY tahun, semester;

-- One row per scope, period and element: sum, NRR and weighted NRR.
CREATE OR REPLACE VIEW mart.skm_unsur AS
SELECT
    e.tingkat,
    e.kode_badan,
    e.tahun,
    e.periode,
    e.unsur,
    e.nama_unsur,
    e.jumlah_responden,
    e.jumlah_nilai,
    CAST(FLOOR(CAST(2000 * e.jumlah_nilai + e.jumlah_responden AS DOUBLE PRECISION)
               / (2 * e.jumlah_responden)) AS DOUBLE PRECISION) / 1000 AS nrr,
    CAST(FLOOR(CAST(20000 * e.jumlah_nilai + 9 * e.jumlah_responden AS DOUBLE PRECISION)
               / (18 * e.jumlah_responden)) AS DOUBLE PRECISION) / 10000 AS nrr_tertimbang
FROM (
    SELECT
        c.tingkat, c.kode_badan, c.tahun, c.periode, u.unsur, u.nama_unsur, c.jumlah_responden,
        CASE u.nomor
            WHEN 1 THEN c.jumlah_u1 WHEN 2 THEN c.jumlah_u2 WHEN 3 THEN c.jumlah_u3
            WHEN 4 THEN c.jumlah_u4 WHEN 5 THEN c.jumlah_u5 WHEN 6 THEN c.jumlah_u6
            WHEN 7 THEN c.jumlah_u7 WHEN 8 THEN c.jumlah_u8 ELSE c.jumlah_u9
        END AS jumlah_nilai
    FROM mart.skm_cakupan c
    CROSS JOIN (
        VALUES
            (1, 'U1', 'Persyaratan'),
            (2, 'U2', 'Sistem, mekanisme dan prosedur'),
            (3, 'U3', 'Waktu penyelesaian'),
            (4, 'U4', 'Biaya/tarif'),
            (5, 'U5', 'Produk spesifikasi jenis pelayanan'),
            (6, 'U6', 'Kompetensi pelaksana'),
            (7, 'U7', 'Perilaku pelaksana'),
            (8, 'U8', 'Penanganan pengaduan, saran dan masukan'),
            (9, 'U9', 'Sarana dan prasarana')
    ) AS u (nomor, unsur, nama_unsur)
) e;

-- Population of each scope and period: the information requests received (section C views).
CREATE OR REPLACE VIEW mart.skm_populasi AS
SELECT 'badan' AS tingkat, kode_badan, tahun, 'tahunan' AS periode,
       CAST(jumlah_permohonan AS BIGINT) AS populasi
FROM mart.c_badan_tahun
UNION ALL
SELECT 'badan', kode_badan, tahun,
       CASE WHEN bulan <= 6 THEN 'semester_1' ELSE 'semester_2' END,
       CAST(SUM(jumlah_permohonan) AS BIGINT)
FROM mart.c_badan_bulan
GROUP BY kode_badan, tahun, CASE WHEN bulan <= 6 THEN 'semester_1' ELSE 'semester_2' END
UNION ALL
SELECT 'provinsi', CAST(NULL AS TEXT), tahun, 'tahunan', CAST(jumlah_permohonan AS BIGINT)
FROM mart.c_provinsi_tahun
UNION ALL
SELECT 'provinsi', CAST(NULL AS TEXT), tahun,
       CASE WHEN bulan <= 6 THEN 'semester_1' ELSE 'semester_2' END,
       CAST(SUM(jumlah_permohonan) AS BIGINT)
FROM mart.c_badan_bulan
GROUP BY tahun, CASE WHEN bulan <= 6 THEN 'semester_1' ELSE 'semester_2' END;

-- The index per scope and period; a body with requests but no survey in a year appears with
-- 0 respondents (and no index) so a missing survey shows.
CREATE OR REPLACE VIEW mart.skm_indeks AS
SELECT
    k.tingkat,
    k.kode_badan,
    k.tahun,
    k.periode,
    COALESCE(c.jumlah_responden, 0) AS jumlah_responden,
    n.nrr_u1, n.nrr_u2, n.nrr_u3, n.nrr_u4, n.nrr_u5, n.nrr_u6, n.nrr_u7, n.nrr_u8, n.nrr_u9,
    c.ikm,
    c.ikm_konversi,
    m.mutu,
    m.kinerja,
    COALESCE(p.populasi, 0) AS populasi,
    CAST(CEIL(CAST(96025 * COALESCE(p.populasi, 0) AS DOUBLE PRECISION)
              / (250 * (COALESCE(p.populasi, 0) - 1) + 96025)) AS BIGINT) AS sampel_minimum
FROM (
    SELECT tingkat, kode_badan, tahun, periode FROM mart.skm_cakupan
    UNION
    SELECT tingkat, kode_badan, tahun, periode FROM mart.skm_populasi
    WHERE tingkat = 'badan' AND periode = 'tahunan'
) k
LEFT JOIN (
    SELECT
        t.*,
        CAST(FLOOR(CAST(20000 * t.jumlah_nilai + 9 * t.jumlah_responden AS DOUBLE PRECISION)
                   / (18 * t.jumlah_responden)) AS DOUBLE PRECISION) / 10000 AS ikm,
        CAST(FLOOR(CAST(5000 * t.jumlah_nilai + 9 * t.jumlah_responden AS DOUBLE PRECISION)
                   / (18 * t.jumlah_responden)) AS DOUBLE PRECISION) / 100 AS ikm_konversi
    FROM (
        SELECT tingkat, kode_badan, tahun, periode, jumlah_responden,
               jumlah_u1 + jumlah_u2 + jumlah_u3 + jumlah_u4 + jumlah_u5 + jumlah_u6
               + jumlah_u7 + jumlah_u8 + jumlah_u9 AS jumlah_nilai
        FROM mart.skm_cakupan
    ) t
) c ON c.tingkat = k.tingkat AND c.kode_badan IS NOT DISTINCT FROM k.kode_badan
   AND c.tahun = k.tahun AND c.periode = k.periode
LEFT JOIN (
    SELECT tingkat, kode_badan, tahun, periode,
           MAX(nrr) FILTER (WHERE unsur = 'U1') AS nrr_u1,
           MAX(nrr) FILTER (WHERE unsur = 'U2') AS nrr_u2,
           MAX(nrr) FILTER (WHERE unsur = 'U3') AS nrr_u3,
           MAX(nrr) FILTER (WHERE unsur = 'U4') AS nrr_u4,
           MAX(nrr) FILTER (WHERE unsur = 'U5') AS nrr_u5,
           MAX(nrr) FILTER (WHERE unsur = 'U6') AS nrr_u6,
           MAX(nrr) FILTER (WHERE unsur = 'U7') AS nrr_u7,
           MAX(nrr) FILTER (WHERE unsur = 'U8') AS nrr_u8,
           MAX(nrr) FILTER (WHERE unsur = 'U9') AS nrr_u9
    FROM mart.skm_unsur
    GROUP BY tingkat, kode_badan, tahun, periode
) n ON n.tingkat = k.tingkat AND n.kode_badan IS NOT DISTINCT FROM k.kode_badan
   AND n.tahun = k.tahun AND n.periode = k.periode
LEFT JOIN mart.skm_mutu m
    ON m.nilai_minimum = (SELECT MAX(x.nilai_minimum) FROM mart.skm_mutu x
                          WHERE x.nilai_minimum <= c.ikm_konversi)
LEFT JOIN mart.skm_populasi p
    ON p.tingkat = k.tingkat AND p.kode_badan IS NOT DISTINCT FROM k.kode_badan
   AND p.tahun = k.tahun AND p.periode = k.periode;

-- Published: per body (name, flag), and the province.
CREATE OR REPLACE VIEW mart.skm_badan AS
SELECT
    i.kode_badan,
    b.nama AS nama_badan,
    i.tahun,
    i.periode,
    i.jumlah_responden,
    i.nrr_u1, i.nrr_u2, i.nrr_u3, i.nrr_u4, i.nrr_u5, i.nrr_u6, i.nrr_u7, i.nrr_u8, i.nrr_u9,
    i.ikm,
    i.ikm_konversi,
    i.mutu,
    i.kinerja,
    i.populasi AS jumlah_permohonan,
    i.sampel_minimum,
    i.jumlah_responden < i.sampel_minimum AS responden_kurang
FROM mart.skm_indeks i
LEFT JOIN core.badan_publik b ON b.kode_badan = i.kode_badan
WHERE i.tingkat = 'badan';

CREATE OR REPLACE VIEW mart.skm_provinsi AS
SELECT
    tahun,
    periode,
    jumlah_responden,
    nrr_u1, nrr_u2, nrr_u3, nrr_u4, nrr_u5, nrr_u6, nrr_u7, nrr_u8, nrr_u9,
    ikm,
    ikm_konversi,
    mutu,
    kinerja,
    populasi AS jumlah_permohonan,
    sampel_minimum,
    jumlah_responden < sampel_minimum AS responden_kurang
FROM mart.skm_indeks
WHERE tingkat = 'provinsi';

-- Respondents' profile: counts per dimension and category, per body and for the province.
CREATE OR REPLACE VIEW mart.skm_profil_rinci AS
SELECT kode_badan, tahun, semester, 'jenis_kelamin' AS dimensi, jenis_kelamin AS kategori,
       CAST(COUNT(*) AS BIGINT) AS jumlah_responden
FROM core.survei_responden GROUP BY kode_badan, tahun, semester, jenis_kelamin
UNION ALL
SELECT kode_badan, tahun, semester, 'kelompok_usia', kelompok_usia, CAST(COUNT(*) AS BIGINT)
FROM core.survei_responden GROUP BY kode_badan, tahun, semester, kelompok_usia
UNION ALL
SELECT kode_badan, tahun, semester, 'pendidikan', pendidikan, CAST(COUNT(*) AS BIGINT)
FROM core.survei_responden GROUP BY kode_badan, tahun, semester, pendidikan
UNION ALL
SELECT kode_badan, tahun, semester, 'pekerjaan', pekerjaan, CAST(COUNT(*) AS BIGINT)
FROM core.survei_responden GROUP BY kode_badan, tahun, semester, pekerjaan;

CREATE OR REPLACE VIEW mart.skm_profil AS
SELECT 'badan' AS tingkat, kode_badan, tahun, 'tahunan' AS periode, dimensi, kategori,
       CAST(SUM(jumlah_responden) AS BIGINT) AS jumlah_responden
FROM mart.skm_profil_rinci GROUP BY kode_badan, tahun, dimensi, kategori
UNION ALL
SELECT 'badan', kode_badan, tahun, CASE WHEN semester = 1 THEN 'semester_1' ELSE 'semester_2' END,
       dimensi, kategori, jumlah_responden
FROM mart.skm_profil_rinci
UNION ALL
SELECT 'provinsi', CAST(NULL AS TEXT), tahun, 'tahunan', dimensi, kategori,
       CAST(SUM(jumlah_responden) AS BIGINT)
FROM mart.skm_profil_rinci GROUP BY tahun, dimensi, kategori
UNION ALL
SELECT 'provinsi', CAST(NULL AS TEXT), tahun,
       CASE WHEN semester = 1 THEN 'semester_1' ELSE 'semester_2' END, dimensi, kategori,
       CAST(SUM(jumlah_responden) AS BIGINT)
FROM mart.skm_profil_rinci GROUP BY tahun, semester, dimensi, kategori;
