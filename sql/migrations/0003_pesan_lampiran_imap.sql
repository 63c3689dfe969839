-- E-mail attachments are counted and named, never stored: the names (joined by "; ") let an
-- officer recognise a delivered document. raw.imap_posisi keeps how far the live IMAP fetch of
-- each body's mailbox has come: the last UID written to the landing zone, per UIDVALIDITY (a
-- new UIDVALIDITY means the server renumbered the mailbox, so the fetch starts again at UID 1).
ALTER TABLE raw.pesan ADD COLUMN lampiran_nama TEXT;

CREATE TABLE IF NOT EXISTS raw.imap_posisi (
    kode_badan      TEXT        NOT NULL,
    mailbox         TEXT        NOT NULL,  -- folder name on the server, e.g. INBOX
    uidvalidity     BIGINT      NOT NULL,
    uid_terakhir    BIGINT      NOT NULL,  -- highest UID whose message is in the landing zone
    pesan_diambil   BIGINT      NOT NULL,  -- messages written under this UIDVALIDITY so far
    diperbarui_pada TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kode_badan, mailbox, uidvalidity)
);
