-- Log of published annual figures: a new revision only when the figures changed.
CREATE TABLE IF NOT EXISTS mart.publikasi (
    tahun             INTEGER     NOT NULL,
    revisi            INTEGER     NOT NULL,
    checksum          TEXT        NOT NULL,  -- sha256 of the published files
    jumlah_badan      INTEGER     NOT NULL,
    jumlah_permohonan BIGINT      NOT NULL,
    folder            TEXT        NOT NULL,
    run_id            TEXT        NOT NULL,
    diterbitkan_pada  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tahun, revisi)
);
