-- Layers of the PPID warehouse. raw: as extracted, with lineage; core: conformed, one row per
-- request; mart: published aggregates (views, see sql/mart/). All dates are WIB (Asia/Pontianak).
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS mart;

-- One row per distinct file content per body: a re-delivered file (same bytes) is skipped.
CREATE TABLE IF NOT EXISTS raw.berkas (
    kode_badan        TEXT        NOT NULL,
    berkas_sha256     TEXT        NOT NULL,
    sumber            TEXT        NOT NULL,  -- email | whatsapp | buku_tamu | web
    berkas            TEXT        NOT NULL,  -- path relative to the landing root, first delivery
    ukuran_byte       BIGINT      NOT NULL,
    status            TEXT        NOT NULL,  -- dimuat | dikarantina
    baris_dimuat      INTEGER     NOT NULL,
    baris_dikarantina INTEGER     NOT NULL,
    run_id            TEXT        NOT NULL,
    dimuat_pada       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kode_badan, berkas_sha256)
);

-- E-mail and chat messages exactly as exported (contains personal data: raw layer only).
CREATE TABLE IF NOT EXISTS raw.pesan (
    kode_badan    TEXT        NOT NULL,
    berkas_sha256 TEXT        NOT NULL,
    berkas        TEXT        NOT NULL,
    baris         INTEGER     NOT NULL,
    saluran       TEXT        NOT NULL,
    message_key   TEXT        NOT NULL,
    thread_hint   TEXT        NOT NULL,
    dikirim_pada  TIMESTAMPTZ NOT NULL,
    pengirim      TEXT        NOT NULL,
    subjek        TEXT,
    teks          TEXT        NOT NULL,
    lampiran      INTEGER     NOT NULL,
    in_reply_to   TEXT,
    referensi     TEXT,
    run_id        TEXT        NOT NULL,
    PRIMARY KEY (kode_badan, berkas_sha256, baris)
);

-- Guestbook rows and web-form submissions exactly as exported (personal data: raw only).
CREATE TABLE IF NOT EXISTS raw.formulir (
    kode_badan        TEXT        NOT NULL,
    berkas_sha256     TEXT        NOT NULL,
    berkas            TEXT        NOT NULL,
    baris             INTEGER     NOT NULL,
    saluran           TEXT        NOT NULL,
    record_key        TEXT        NOT NULL,
    jenis             TEXT        NOT NULL,  -- permohonan | keberatan | kunjungan
    diterima_pada     TIMESTAMPTZ NOT NULL,
    nama              TEXT,
    nik               TEXT,
    kontak            TEXT,
    alamat            TEXT,
    pekerjaan         TEXT,
    keperluan         TEXT,
    rincian           TEXT,
    tujuan            TEXT,
    cara_memperoleh   TEXT,
    nomor_pendaftaran TEXT,
    keputusan_teks    TEXT,
    alasan_teks       TEXT,
    tanggal_keputusan DATE,
    perpanjangan_teks TEXT,
    tanggal_pemberian DATE,
    run_id            TEXT        NOT NULL,
    PRIMARY KEY (kode_badan, berkas_sha256, baris)
);

-- Every file or row that did not load, and why, for the desk to act on.
CREATE TABLE IF NOT EXISTS raw.karantina (
    kode_badan    TEXT        NOT NULL,
    sumber        TEXT        NOT NULL,
    berkas        TEXT        NOT NULL,
    berkas_sha256 TEXT        NOT NULL,
    baris         INTEGER,              -- NULL: the whole file
    tahap         TEXT        NOT NULL, -- baca (parser) | validasi (GX on raw) | validasi_core
    alasan        TEXT        NOT NULL,
    cuplikan      TEXT,
    run_id        TEXT        NOT NULL,
    dicatat_pada  TIMESTAMPTZ NOT NULL
);

-- Great Expectations results, one row per suite run on one file.
CREATE TABLE IF NOT EXISTS raw.validasi (
    run_id          TEXT        NOT NULL,
    kode_badan      TEXT        NOT NULL,
    berkas_sha256   TEXT        NOT NULL,
    suite           TEXT        NOT NULL,
    sukses          BOOLEAN     NOT NULL,
    jumlah_baris    INTEGER     NOT NULL,
    jumlah_gagal    INTEGER     NOT NULL,
    harapan_gagal   TEXT,                 -- names of the failed expectations
    dievaluasi_pada TIMESTAMPTZ NOT NULL
);

-- Registry of public bodies (from bodies.csv).
CREATE TABLE IF NOT EXISTS core.badan_publik (
    kode_badan     TEXT PRIMARY KEY,
    nama           TEXT NOT NULL,
    jenis          TEXT NOT NULL,  -- utama | pelaksana
    induk          TEXT,
    kabupaten_kota TEXT
);

-- Working-day calendar: data, not code, so it can be corrected when a holiday moves.
CREATE TABLE IF NOT EXISTS core.kalender_kerja (
    tanggal        DATE    PRIMARY KEY,
    akhir_pekan    BOOLEAN NOT NULL,
    libur_nasional BOOLEAN NOT NULL,
    cuti_bersama   BOOLEAN NOT NULL,
    keterangan     TEXT    NOT NULL
);

-- One row per information request with its lifecycle.
CREATE TABLE IF NOT EXISTS core.permohonan (
    permohonan_id        TEXT        PRIMARY KEY,
    kode_badan           TEXT        NOT NULL,
    saluran              TEXT        NOT NULL,
    diterima_pada        TIMESTAMPTZ NOT NULL,
    tanggal_diterima     DATE        NOT NULL,  -- WIB
    tahun                INTEGER     NOT NULL,
    bulan                INTEGER     NOT NULL,
    pemohon_id           TEXT,                  -- keyed pseudonym, never the person
    nomor_pendaftaran    TEXT,
    rincian_informasi    TEXT,
    tujuan_penggunaan    TEXT,
    cara_memperoleh      TEXT,
    lengkap              BOOLEAN     NOT NULL,
    kekurangan           TEXT,
    keputusan            TEXT,
    alasan_penolakan     TEXT,
    tanggal_keputusan    DATE,
    perpanjangan         BOOLEAN     NOT NULL,
    tanggal_pemberian    DATE,
    tenggat              DATE        NOT NULL,  -- 10th working day after receipt
    tenggat_perpanjangan DATE        NOT NULL,  -- 17th working day
    hari_kerja_keputusan INTEGER,
    kelas_waktu          TEXT        NOT NULL,
    status_per           DATE        NOT NULL,  -- reference date for open/overdue
    sumber_berkas        TEXT        NOT NULL,
    sumber_baris         INTEGER     NOT NULL
);
CREATE INDEX IF NOT EXISTS permohonan_badan_tahun ON core.permohonan (kode_badan, tahun);
