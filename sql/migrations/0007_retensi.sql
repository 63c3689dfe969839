-- Retention of requesters' personal data in raw (transforms/retention.py): after
-- PPID_RETENSI_BULAN months, and once the record's year is published final, a row's personal
-- fields are replaced by placeholders and the requester's pseudonym, its free text masked.
-- One row per purge, body, raw table and year of the records: what was purged, how many rows,
-- when. A purge that finds nothing left to purge writes no row.
CREATE TABLE IF NOT EXISTS raw.retensi (
    run_id        TEXT        NOT NULL,
    kode_badan    TEXT        NOT NULL,
    tabel         TEXT        NOT NULL,  -- the raw table, e.g. raw.formulir
    tahun         INTEGER     NOT NULL,  -- year of the records (WIB), published final
    baris         INTEGER     NOT NULL,  -- rows whose personal data were replaced
    kolom         TEXT        NOT NULL,  -- the columns replaced or masked, comma-separated
    batas_waktu   TIMESTAMPTZ NOT NULL,  -- records received before this time were in scope
    retensi_bulan INTEGER     NOT NULL,
    dipurge_pada  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, kode_badan, tabel, tahun)
);
