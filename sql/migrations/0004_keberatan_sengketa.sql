-- Objections (keberatan, UU KIP Pasal 35-36) and disputes (sengketa, Pasal 37-50): report
-- section D. Dates are WIB; working days follow core.kalender_kerja.

-- The desk's hand-kept dispute register, as typed (raw layer: values not yet interpreted).
CREATE TABLE IF NOT EXISTS raw.sengketa (
    kode_badan        TEXT NOT NULL,
    berkas_sha256     TEXT NOT NULL,
    berkas            TEXT NOT NULL,
    baris             INTEGER NOT NULL,
    record_key        TEXT NOT NULL,
    nomor_pendaftaran TEXT,
    tahap_teks        TEXT,
    tanggal_pengajuan DATE,
    nomor_keberatan   TEXT,
    nomor_perkara     TEXT,
    tanggal_putusan   DATE,
    hasil_teks        TEXT,
    pelaksanaan_teks  TEXT,
    keterangan        TEXT,
    run_id            TEXT NOT NULL,
    PRIMARY KEY (kode_badan, berkas_sha256, baris)
);

-- One row per objection (web form or e-mail/chat message), pseudonymised, with the answer of
-- the atasan PPID and the Pasal 36 deadline checks.
CREATE TABLE IF NOT EXISTS core.keberatan (
    keberatan_id               TEXT        PRIMARY KEY,
    kode_badan                 TEXT        NOT NULL,
    saluran                    TEXT        NOT NULL,
    diterima_pada              TIMESTAMPTZ NOT NULL,
    tanggal_diterima           DATE        NOT NULL,  -- WIB
    tahun                      INTEGER     NOT NULL,
    bulan                      INTEGER     NOT NULL,
    pemohon_id                 TEXT,                  -- keyed pseudonym, never the person
    nomor_registrasi           TEXT,                  -- nomor registrasi keberatan, as given
    nomor_pendaftaran          TEXT,                  -- of the request, normalised
    permohonan_id              TEXT,                  -- NULL: the number matches no request
    permohonan_ditemukan       BOOLEAN     NOT NULL,
    alasan                     TEXT,                  -- Pasal 35 ayat (1) letters, e.g. 'a,c'
    alasan_a                   BOOLEAN     NOT NULL,
    alasan_b                   BOOLEAN     NOT NULL,
    alasan_c                   BOOLEAN     NOT NULL,
    alasan_d                   BOOLEAN     NOT NULL,
    alasan_e                   BOOLEAN     NOT NULL,
    alasan_f                   BOOLEAN     NOT NULL,
    alasan_g                   BOOLEAN     NOT NULL,
    kasus_posisi               TEXT,                  -- contacts and the objector's name masked
    tanggal_dasar              DATE,                  -- the ground arose: decision or deadline
    batas_pengajuan            DATE,                  -- 30th working day after tanggal_dasar
    hari_kerja_pengajuan       INTEGER,
    pengajuan_tepat_waktu      BOOLEAN,               -- NULL when the request is unknown
    batas_tanggapan            DATE        NOT NULL,  -- 30th working day after receipt
    tanggapan                  TEXT,                  -- the atasan's answer, masked
    tanggal_tanggapan          DATE,
    hari_kerja_tanggapan       INTEGER,
    keputusan_atasan           TEXT,                  -- dikabulkan | ditolak | NULL
    hasil                      TEXT        NOT NULL,  -- dikabulkan | ditolak | ditanggapi_lain | belum_ditanggapi | lewat_waktu
    tanggapan_terlambat        BOOLEAN     NOT NULL,
    dilaksanakan               BOOLEAN     NOT NULL,
    tanggal_pelaksanaan        DATE,
    status_per                 DATE        NOT NULL,
    sumber_berkas              TEXT        NOT NULL,
    sumber_baris               INTEGER     NOT NULL
);
CREATE INDEX IF NOT EXISTS keberatan_badan_tahun ON core.keberatan (kode_badan, tahun);

-- One row per dispute stage: a case (one request) may go mediasi -> ajudikasi -> pengadilan
-- (PTUN / PN) -> kasasi; each stage is a row, counted in the year it was filed.
CREATE TABLE IF NOT EXISTS core.sengketa (
    sengketa_id            TEXT    PRIMARY KEY,       -- case and stage
    perkara_id             TEXT    NOT NULL,          -- the case (one request's dispute)
    kode_badan             TEXT    NOT NULL,
    tahap                  TEXT    NOT NULL,          -- mediasi | ajudikasi | pengadilan | kasasi
    urutan_tahap           INTEGER NOT NULL,          -- 1 mediasi .. 4 kasasi
    pengadilan             TEXT,                      -- PTUN | PN (pengadilan), MA (kasasi)
    pengajuan_ki           BOOLEAN NOT NULL,          -- the case's first stage at the KI
    nomor_pendaftaran      TEXT    NOT NULL,          -- normalised
    nomor_keberatan        TEXT,
    nomor_perkara          TEXT,
    permohonan_id          TEXT,
    keberatan_id           TEXT,
    permohonan_ditemukan   BOOLEAN NOT NULL,
    keberatan_ditemukan    BOOLEAN NOT NULL,
    tanggal_pengajuan      DATE    NOT NULL,
    tahun                  INTEGER NOT NULL,
    bulan                  INTEGER NOT NULL,
    hari_kerja_sejak_tanggapan INTEGER,               -- KI stages: after the atasan's answer
    pengajuan_tepat_waktu  BOOLEAN,                   -- KI stages: within 14 working days
    tanggal_putusan        DATE,
    hasil                  TEXT,                      -- NULL: not decided yet
    hasil_teks             TEXT,
    dilaksanakan           BOOLEAN,                   -- NULL: not recorded
    status_per             DATE    NOT NULL,
    sumber_berkas          TEXT    NOT NULL,
    sumber_baris           INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sengketa_badan_tahun ON core.sengketa (kode_badan, tahun);
