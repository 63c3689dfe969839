-- Komisi Informasi: the aggregate mart views only. Never core, raw or a view listing individual
-- requests (mart.permohonan_jatuh_tempo). A new mart view is not granted until listed here
-- (tests/test_roles.py fails until every mart view is classified).
GRANT USAGE ON SCHEMA mart TO ppid_komisi_informasi;
GRANT SELECT ON
    mart.c_permohonan_rinci, mart.c_badan_tahun, mart.c_badan_saluran_tahun, mart.c_badan_bulan,
    mart.c_provinsi_tahun, mart.c_penolakan,
    mart.d_rinci, mart.d_badan_tahun, mart.d_provinsi_tahun,
    mart.skm_rinci, mart.skm_mutu, mart.skm_cakupan, mart.skm_unsur, mart.skm_populasi,
    mart.skm_indeks, mart.skm_badan, mart.skm_provinsi, mart.skm_profil_rinci, mart.skm_profil
TO ppid_komisi_informasi;
