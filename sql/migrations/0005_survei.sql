-- Satisfaction survey (Survei Kepuasan Masyarakat, PermenPANRB 14/2017): responses as exported
-- (raw) and one row per respondent (core). The index itself is computed in sql/mart/0300_skm.sql.

-- Google Forms responses as extracted: element scores and profile answers, no name or contact.
CREATE TABLE IF NOT EXISTS raw.survei (
    kode_badan    TEXT        NOT NULL,
    berkas_sha256 TEXT        NOT NULL,
    berkas        TEXT        NOT NULL,
    baris         INTEGER     NOT NULL,
    record_key    TEXT        NOT NULL,  -- same response, same key, in every re-export
    diisi_pada    TIMESTAMPTZ NOT NULL,
    u1            INTEGER     NOT NULL,
    u2            INTEGER     NOT NULL,
    u3            INTEGER     NOT NULL,
    u4            INTEGER     NOT NULL,
    u5            INTEGER     NOT NULL,
    u6            INTEGER     NOT NULL,
    u7            INTEGER     NOT NULL,
    u8            INTEGER     NOT NULL,
    u9            INTEGER     NOT NULL,
    jenis_kelamin TEXT,
    usia          TEXT,
    pendidikan    TEXT,
    pekerjaan     TEXT,
    layanan       TEXT,                  -- ticked options, '; '-separated
    run_id        TEXT        NOT NULL,
    PRIMARY KEY (kode_badan, berkas_sha256, baris)
);

-- One row per respondent (a response repeated in overlapping exports counts once), with the
-- period and the normalised profile.
CREATE TABLE IF NOT EXISTS core.survei_responden (
    responden_id  TEXT        PRIMARY KEY,
    kode_badan    TEXT        NOT NULL,
    diisi_pada    TIMESTAMPTZ NOT NULL,
    tanggal       DATE        NOT NULL,  -- WIB
    tahun         INTEGER     NOT NULL,
    semester      INTEGER     NOT NULL,  -- 1: January-June, 2: July-December
    u1            INTEGER     NOT NULL,
    u2            INTEGER     NOT NULL,
    u3            INTEGER     NOT NULL,
    u4            INTEGER     NOT NULL,
    u5            INTEGER     NOT NULL,
    u6            INTEGER     NOT NULL,
    u7            INTEGER     NOT NULL,
    u8            INTEGER     NOT NULL,
    u9            INTEGER     NOT NULL,
    jenis_kelamin TEXT        NOT NULL,
    usia_tahun    INTEGER,               -- when the answer was a number of years
    kelompok_usia TEXT        NOT NULL,
    pendidikan    TEXT        NOT NULL,
    pekerjaan     TEXT        NOT NULL,
    layanan       TEXT,
    sumber_berkas TEXT        NOT NULL,
    sumber_baris  INTEGER     NOT NULL
);
CREATE INDEX IF NOT EXISTS survei_responden_badan_tahun ON core.survei_responden (kode_badan, tahun);
