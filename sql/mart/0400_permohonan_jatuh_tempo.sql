-- The desks' monthly action list: open requests that are past their deadline, or whose deadline
-- falls within 3 working days of status_per (the refresh's reference date), so a desk can act
-- before it passes. One row per request, no personal data (no requester, no request text).
--
-- tenggat is the deadline that applies: tenggat_perpanjangan (17th working day) when an
-- extension notice was given, else tenggat (10th). sisa_hari_kerja = working days after
-- status_per up to and including tenggat (0: the deadline is status_per itself); negative when
-- overdue: minus the working days after tenggat up to and including status_per (0 when no
-- working day has passed since, e.g. tenggat on a Friday and status_per the Saturday after).
-- status follows core.permohonan.kelas_waktu, so it matches the section C counts exactly.
-- Working days count Monday-Friday without libur_nasional and cuti_bersama (the default of
-- PPID_CUTI_BERSAMA_HARI_KERJA); the deadlines themselves come from core.permohonan.
-- This view lists individual requests: never granted to the Information Commission's role.
CREATE OR REPLACE VIEW mart.permohonan_jatuh_tempo AS
WITH hari AS (  -- urutan: running count of working days up to and including tanggal
    SELECT
        tanggal,
        SUM(CASE WHEN akhir_pekan OR libur_nasional OR cuti_bersama THEN 0 ELSE 1 END)
            OVER (ORDER BY tanggal) AS urutan
    FROM core.kalender_kerja
),
terbuka AS (
    SELECT
        kode_badan, permohonan_id, nomor_pendaftaran, saluran, tanggal_diterima, perpanjangan,
        kelas_waktu, status_per,
        CASE WHEN perpanjangan THEN tenggat_perpanjangan ELSE tenggat END AS tenggat
    FROM core.permohonan
    WHERE kelas_waktu IN ('belum_selesai', 'lewat_tenggat')
)
SELECT
    o.kode_badan,
    o.permohonan_id,
    o.nomor_pendaftaran,
    o.saluran,
    o.tanggal_diterima,
    o.perpanjangan,
    o.tenggat,
    CAST(t.urutan - s.urutan AS INTEGER) AS sisa_hari_kerja,
    CASE WHEN o.kelas_waktu = 'lewat_tenggat' THEN 'lewat_tenggat'
         ELSE 'jatuh_tempo_3_hari' END AS status,
    o.status_per
FROM terbuka o
LEFT JOIN hari t ON t.tanggal = o.tenggat
LEFT JOIN hari s ON s.tanggal = o.status_per
WHERE o.kelas_waktu = 'lewat_tenggat' OR t.urutan - s.urutan <= 3;
