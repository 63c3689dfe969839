-- Published section C aggregates. Each is a plain SUM over mart.c_permohonan_rinci, so the
-- province total is by construction the sum of the bodies.
-- Every registered body appears for every year with data, with zeros where it received nothing.
CREATE OR REPLACE VIEW mart.c_badan_tahun AS
SELECT
    b.kode_badan,
    b.nama AS nama_badan,
    y.tahun,
    CAST(COALESCE(SUM(r.jumlah_permohonan), 0) AS BIGINT) AS jumlah_permohonan,
    CAST(COALESCE(SUM(r.permohonan_tidak_lengkap), 0) AS BIGINT) AS permohonan_tidak_lengkap,
    CAST(COALESCE(SUM(r.tepat_waktu_10_hari_kerja), 0) AS BIGINT) AS tepat_waktu_10_hari_kerja,
    CAST(COALESCE(SUM(r.tepat_waktu_perpanjangan), 0) AS BIGINT) AS tepat_waktu_perpanjangan,
    CAST(COALESCE(SUM(r.terlambat), 0) AS BIGINT) AS terlambat,
    CAST(COALESCE(SUM(r.belum_selesai), 0) AS BIGINT) AS belum_selesai,
    CAST(COALESCE(SUM(r.lewat_tenggat), 0) AS BIGINT) AS lewat_tenggat,
    CAST(COALESCE(SUM(r.waktu_tidak_diketahui), 0) AS BIGINT) AS waktu_tidak_diketahui,
    CAST(COALESCE(SUM(r.dikabulkan_seluruhnya), 0) AS BIGINT) AS dikabulkan_seluruhnya,
    CAST(COALESCE(SUM(r.dikabulkan_sebagian), 0) AS BIGINT) AS dikabulkan_sebagian,
    CAST(COALESCE(SUM(r.ditolak), 0) AS BIGINT) AS ditolak,
    CAST(COALESCE(SUM(r.informasi_tidak_dikuasai), 0) AS BIGINT) AS informasi_tidak_dikuasai,
    CAST(COALESCE(SUM(r.informasi_belum_didokumentasikan), 0) AS BIGINT) AS informasi_belum_didokumentasikan,
    CAST(COALESCE(SUM(r.dengan_perpanjangan), 0) AS BIGINT) AS dengan_perpanjangan
FROM core.badan_publik b
CROSS JOIN (SELECT DISTINCT tahun FROM core.permohonan) y
LEFT JOIN mart.c_permohonan_rinci r ON r.kode_badan = b.kode_badan AND r.tahun = y.tahun
GROUP BY b.kode_badan, b.nama, y.tahun;

CREATE OR REPLACE VIEW mart.c_badan_saluran_tahun AS
SELECT
    r.kode_badan,
    r.saluran,
    r.tahun,
    CAST(SUM(r.jumlah_permohonan) AS BIGINT)                AS jumlah_permohonan,
    CAST(SUM(r.permohonan_tidak_lengkap) AS BIGINT)         AS permohonan_tidak_lengkap,
    CAST(SUM(r.tepat_waktu_10_hari_kerja) AS BIGINT)        AS tepat_waktu_10_hari_kerja,
    CAST(SUM(r.tepat_waktu_perpanjangan) AS BIGINT)         AS tepat_waktu_perpanjangan,
    CAST(SUM(r.terlambat) AS BIGINT)                        AS terlambat,
    CAST(SUM(r.belum_selesai) AS BIGINT)                    AS belum_selesai,
    CAST(SUM(r.lewat_tenggat) AS BIGINT)                    AS lewat_tenggat,
    CAST(SUM(r.waktu_tidak_diketahui) AS BIGINT)            AS waktu_tidak_diketahui,
    CAST(SUM(r.dikabulkan_seluruhnya) AS BIGINT)            AS dikabulkan_seluruhnya,
    CAST(SUM(r.dikabulkan_sebagian) AS BIGINT)              AS dikabulkan_sebagian,
    CAST(SUM(r.ditolak) AS BIGINT)                          AS ditolak,
    CAST(SUM(r.informasi_tidak_dikuasai) AS BIGINT)         AS informasi_tidak_dikuasai,
    CAST(SUM(r.informasi_belum_didokumentasikan) AS BIGINT) AS informasi_belum_didokumentasikan
FROM mart.c_permohonan_rinci r
GROUP BY r.kode_badan, r.saluran, r.tahun;

CREATE OR REPLACE VIEW mart.c_badan_bulan AS
SELECT
    r.kode_badan,
    r.tahun,
    r.bulan,
    CAST(SUM(r.jumlah_permohonan) AS BIGINT)                                          AS jumlah_permohonan,
    CAST(SUM(r.jumlah_permohonan) FILTER (WHERE r.saluran = 'email') AS BIGINT)       AS email,
    CAST(SUM(r.jumlah_permohonan) FILTER (WHERE r.saluran = 'whatsapp') AS BIGINT)    AS whatsapp,
    CAST(SUM(r.jumlah_permohonan) FILTER (WHERE r.saluran = 'buku_tamu') AS BIGINT)   AS buku_tamu,
    CAST(SUM(r.jumlah_permohonan) FILTER (WHERE r.saluran = 'web') AS BIGINT)         AS web,
    CAST(SUM(r.jumlah_permohonan) FILTER (WHERE r.saluran = 'instagram') AS BIGINT)   AS instagram,
    CAST(SUM(r.jumlah_permohonan) FILTER (WHERE r.saluran = 'facebook') AS BIGINT)    AS facebook,
    CAST(SUM(r.dikabulkan_seluruhnya + r.dikabulkan_sebagian) AS BIGINT)              AS dikabulkan,
    CAST(SUM(r.ditolak + r.informasi_tidak_dikuasai
             + r.informasi_belum_didokumentasikan) AS BIGINT)                         AS tidak_dikabulkan,
    CAST(SUM(r.terlambat + r.lewat_tenggat) AS BIGINT)                                AS melewati_tenggat
FROM mart.c_permohonan_rinci r
GROUP BY r.kode_badan, r.tahun, r.bulan;

CREATE OR REPLACE VIEW mart.c_provinsi_tahun AS
SELECT
    tahun,
    COUNT(DISTINCT kode_badan)                            AS jumlah_badan_publik,
    CAST(SUM(jumlah_permohonan) AS BIGINT)                AS jumlah_permohonan,
    CAST(SUM(permohonan_tidak_lengkap) AS BIGINT)         AS permohonan_tidak_lengkap,
    CAST(SUM(tepat_waktu_10_hari_kerja) AS BIGINT)        AS tepat_waktu_10_hari_kerja,
    CAST(SUM(tepat_waktu_perpanjangan) AS BIGINT)         AS tepat_waktu_perpanjangan,
    CAST(SUM(terlambat) AS BIGINT)                        AS terlambat,
    CAST(SUM(belum_selesai) AS BIGINT)                    AS belum_selesai,
    CAST(SUM(lewat_tenggat) AS BIGINT)                    AS lewat_tenggat,
    CAST(SUM(waktu_tidak_diketahui) AS BIGINT)            AS waktu_tidak_diketahui,
    CAST(SUM(dikabulkan_seluruhnya) AS BIGINT)            AS dikabulkan_seluruhnya,
    CAST(SUM(dikabulkan_sebagian) AS BIGINT)              AS dikabulkan_sebagian,
    CAST(SUM(ditolak) AS BIGINT)                          AS ditolak,
    CAST(SUM(informasi_tidak_dikuasai) AS BIGINT)         AS informasi_tidak_dikuasai,
    CAST(SUM(informasi_belum_didokumentasikan) AS BIGINT) AS informasi_belum_didokumentasikan,
    CAST(SUM(dengan_perpanjangan) AS BIGINT)              AS dengan_perpanjangan
FROM mart.c_permohonan_rinci
GROUP BY tahun;

-- Report item C4: refusals with their grounds (Pasal 17 a-j, Pasal 6, not held, not documented).
CREATE OR REPLACE VIEW mart.c_penolakan AS
SELECT
    kode_badan,
    tahun,
    keputusan,
    COALESCE(alasan_penolakan, 'tidak_disebutkan') AS alasan_penolakan,
    COUNT(*)                                       AS jumlah
FROM core.permohonan
WHERE keputusan IN ('ditolak', 'tidak_dikuasai', 'belum_didokumentasikan')
GROUP BY kode_badan, tahun, keputusan, COALESCE(alasan_penolakan, 'tidak_disebutkan');
