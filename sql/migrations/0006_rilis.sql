-- Publishing as a release (transforms/release.py): every revision of a year lives in its own,
-- never rewritten folder <out>/<year>/revisi-<n>/; the desk (PPID Utama) marks a year final.
-- status: sementara (provisional: the running year month to date, or a complete year the desk
-- has not marked final) | final (marked by the desk) | koreksi (figures changed after final).
ALTER TABLE mart.publikasi ADD COLUMN IF NOT EXISTS status TEXT DEFAULT 'sementara';
-- the warehouse's status date (core.permohonan.status_per, the refresh's data-interval end)
ALTER TABLE mart.publikasi ADD COLUMN IF NOT EXISTS data_per DATE;
-- the latest raw.berkas.dimuat_pada in the figures: the next change log lists later files
ALTER TABLE mart.publikasi ADD COLUMN IF NOT EXISTS berkas_sampai TIMESTAMPTZ;
-- final: who marked it (the desk's officer); koreksi: the final revision it corrects
ALTER TABLE mart.publikasi ADD COLUMN IF NOT EXISTS ditetapkan_oleh TEXT;
ALTER TABLE mart.publikasi ADD COLUMN IF NOT EXISTS revisi_final INTEGER;
-- why this revision exists: rilis pertama | data baru | penetapan final | koreksi setelah final
ALTER TABLE mart.publikasi ADD COLUMN IF NOT EXISTS alasan TEXT;

-- The figures of each revision (canonical JSON of the published tables, the checksum's input),
-- the quarantine summary at the time and the change log, so the next revision can say exactly
-- which figures changed and a lost folder can be rebuilt byte for byte.
CREATE TABLE IF NOT EXISTS mart.publikasi_angka (
    tahun     INTEGER NOT NULL,
    revisi    INTEGER NOT NULL,
    angka     TEXT    NOT NULL,
    karantina TEXT    NOT NULL,
    perubahan TEXT    NOT NULL,
    PRIMARY KEY (tahun, revisi)
);
