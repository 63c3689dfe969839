-- Report section C at its finest grain: body x year x month x channel. Every published
-- aggregate sums this view, so a figure is defined once. Counts are by date of receipt (WIB).
CREATE OR REPLACE VIEW mart.c_permohonan_rinci AS
SELECT
    kode_badan,
    tahun,
    bulan,
    saluran,
    COUNT(*)                                                       AS jumlah_permohonan,
    COUNT(*) FILTER (WHERE NOT lengkap)                            AS permohonan_tidak_lengkap,
    COUNT(*) FILTER (WHERE kelas_waktu = 'tepat_waktu')            AS tepat_waktu_10_hari_kerja,
    COUNT(*) FILTER (WHERE kelas_waktu = 'tepat_waktu_perpanjangan') AS tepat_waktu_perpanjangan,
    COUNT(*) FILTER (WHERE kelas_waktu = 'terlambat')              AS terlambat,
    COUNT(*) FILTER (WHERE kelas_waktu = 'belum_selesai')          AS belum_selesai,
    COUNT(*) FILTER (WHERE kelas_waktu = 'lewat_tenggat')          AS lewat_tenggat,
    COUNT(*) FILTER (WHERE kelas_waktu = 'waktu_tidak_diketahui')  AS waktu_tidak_diketahui,
    COUNT(*) FILTER (WHERE keputusan = 'dikabulkan_seluruhnya')    AS dikabulkan_seluruhnya,
    COUNT(*) FILTER (WHERE keputusan = 'dikabulkan_sebagian')      AS dikabulkan_sebagian,
    COUNT(*) FILTER (WHERE keputusan = 'ditolak')                  AS ditolak,
    COUNT(*) FILTER (WHERE keputusan = 'tidak_dikuasai')           AS informasi_tidak_dikuasai,
    COUNT(*) FILTER (WHERE keputusan = 'belum_didokumentasikan')   AS informasi_belum_didokumentasikan,
    COUNT(*) FILTER (WHERE perpanjangan)                           AS dengan_perpanjangan
FROM core.permohonan
GROUP BY kode_badan, tahun, bulan, saluran;
