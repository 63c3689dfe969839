-- PPID Utama: every body, core and mart; never raw (personal data) nor meta. Re-applied after
-- every migrate, because the mart views are re-created (and lose their grants) each run.
GRANT USAGE ON SCHEMA core, mart, mart_badan TO ppid_utama;
GRANT SELECT ON ALL TABLES IN SCHEMA core TO ppid_utama;
GRANT SELECT ON ALL TABLES IN SCHEMA mart TO ppid_utama;
