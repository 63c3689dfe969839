-- One body's role ({peran}): its own rows of the core tables (row-level security, 0200), the
-- reference tables, and its filtered mart views in mart_badan. Never raw, never the mart schema
-- itself (its views show every body).
GRANT USAGE ON SCHEMA core, mart_badan TO {peran};
GRANT SELECT ON core.permohonan, core.keberatan, core.sengketa, core.survei_responden,
    core.badan_publik, core.kalender_kerja TO {peran};
GRANT SELECT ON ALL TABLES IN SCHEMA mart_badan TO {peran};
