-- Query access on PostgreSQL (the embedded DuckDB is a single-user file: it has no roles).
-- Applied by transforms/roles.py (sync_roles), after the roles exist; idempotent.
--
-- mart_badan holds each body's filtered copy of the mart views (created by 0600 for every mart
-- view with a kode_badan column). kode_badan_saya() is the one definition of "the bodies of the
-- connected user": the body roles ppid_badan_<kode> it is a member of, directly or through other
-- roles. Login users are members of a role, never the role itself, so comparing current_user
-- with a role name would see nothing.
CREATE SCHEMA IF NOT EXISTS mart_badan;
CREATE OR REPLACE FUNCTION mart_badan.kode_badan_saya() RETURNS SETOF TEXT
LANGUAGE sql STABLE AS $$
    SELECT substr(r.rolname, length('ppid_badan_') + 1)
    FROM pg_catalog.pg_roles r
    WHERE starts_with(r.rolname, 'ppid_badan_')
      AND pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER')
$$;
