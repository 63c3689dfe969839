-- Row-level security on the core tables that carry a body's own requests, objections, disputes
-- and survey answers. The pipeline's user owns the tables and is not subject to RLS (no FORCE).
-- ppid_utama (PPID Utama) reads every body; anyone else reads the rows of the bodies whose role
-- it is a member of (a user without a body role reads nothing).
ALTER TABLE core.permohonan ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS ppid_utama_semua_badan ON core.permohonan;
CREATE POLICY ppid_utama_semua_badan ON core.permohonan FOR SELECT TO ppid_utama USING (true);
DROP POLICY IF EXISTS ppid_badan_sendiri ON core.permohonan;
CREATE POLICY ppid_badan_sendiri ON core.permohonan FOR SELECT TO PUBLIC
    USING (kode_badan IN (SELECT mart_badan.kode_badan_saya()));

ALTER TABLE core.keberatan ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS ppid_utama_semua_badan ON core.keberatan;
CREATE POLICY ppid_utama_semua_badan ON core.keberatan FOR SELECT TO ppid_utama USING (true);
DROP POLICY IF EXISTS ppid_badan_sendiri ON core.keberatan;
CREATE POLICY ppid_badan_sendiri ON core.keberatan FOR SELECT TO PUBLIC
    USING (kode_badan IN (SELECT mart_badan.kode_badan_saya()));

ALTER TABLE core.sengketa ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS ppid_utama_semua_badan ON core.sengketa;
CREATE POLICY ppid_utama_semua_badan ON core.sengketa FOR SELECT TO ppid_utama USING (true);
DROP POLICY IF EXISTS ppid_badan_sendiri ON core.sengketa;
CREATE POLICY ppid_badan_sendiri ON core.sengketa FOR SELECT TO PUBLIC
    USING (kode_badan IN (SELECT mart_badan.kode_badan_saya()));

ALTER TABLE core.survei_responden ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS ppid_utama_semua_badan ON core.survei_responden;
CREATE POLICY ppid_utama_semua_badan ON core.survei_responden FOR SELECT TO ppid_utama
    USING (true);
DROP POLICY IF EXISTS ppid_badan_sendiri ON core.survei_responden;
CREATE POLICY ppid_badan_sendiri ON core.survei_responden FOR SELECT TO PUBLIC
    USING (kode_badan IN (SELECT mart_badan.kode_badan_saya()));
