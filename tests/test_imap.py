"""Live mailbox: incremental IMAP fetch against a real Dovecot started on loopback.

Dovecot (Debian package dovecot-imapd) runs in the foreground with its own config in a temp
dir: a passwd-file user, maildir storage, plain auth on 127.0.0.1, an unused port. Messages are
APPENDed with imaplib exactly as a desk's mail client would have received them. Without Dovecot
the tests skip, except under CI=true, where they fail.
"""

from __future__ import annotations

import imaplib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from transforms.config import Settings
from transforms.conform.threads import conform_messages
from transforms.imap_mailbox import (
    ImapAccount,
    ImapFetchError,
    account_from_connection,
    fetch_new,
    last_uid,
    mailbox_arg,
)
from transforms.landing import discover
from transforms.migrate import migrate
from transforms.models import GRANTED_FULL, Desk
from transforms.parsers.email import parse_email
from transforms.tasks import fetch_mailboxes, mailbox_failures
from transforms.warehouse import Warehouse, connect

WIB = ZoneInfo("Asia/Pontianak")
USER, PASSWORD = "ppid@diskopukm.kalbarprov.go.id", "kata-sandi-uji-7f3a"
DESK = Desk("diskopukm", emails=frozenset({"ppid@diskopukm.kalbarprov.go.id"}))

REQUEST = (
    b"Return-Path: <budi.santoso@example.com>\r\n"
    b"Message-ID: <imap-req-1@example.com>\r\n"
    b"Date: Mon, 6 Mar 2023 09:15:00 +0700\r\n"
    b"From: Budi Santoso <budi.santoso@example.com>\r\n"
    b"To: ppid@diskopukm.kalbarprov.go.id\r\n"
    b"Subject: =?UTF-8?Q?Permohonan_Informasi_=E2=80=93_Data_UMKM?=\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=UTF-8\r\n"
    b"Content-Transfer-Encoding: 7bit\r\n"
    b"\r\n"
    b"Nama: Budi Santoso\r\n"
    b"No HP: 0812-3456-7890\r\n"
    b"Rincian informasi: Data UMKM binaan per kabupaten 2022\r\n"
)
NOTICE = (
    b"Message-ID: <imap-notice-1@diskopukm.kalbarprov.go.id>\r\n"
    b"In-Reply-To: <imap-req-1@example.com>\r\n"
    b"References: <imap-req-1@example.com>\r\n"
    b"Date: Wed, 8 Mar 2023 02:30:00 +0000\r\n"
    b"From: PPID Diskopukm <ppid@diskopukm.kalbarprov.go.id>\r\n"
    b"To: budi.santoso@example.com\r\n"
    b"Subject: =?UTF-8?Q?Re:_Permohonan_Informasi_=E2=80=93_Data_UMKM?=\r\n"
    b"Content-Type: text/plain; charset=UTF-8\r\n"
    b"\r\n"
    b"Nomor Pendaftaran: 012/PPID-DISKOPUKM/III/2023\r\n"
    b"Keputusan: Dikabulkan seluruhnya\r\n"
)
LATER = (
    b"Message-ID: <imap-req-2@example.org>\r\n"
    b"Date: Thu, 9 Mar 2023 10:00:00 +0700\r\n"
    b"From: Sari <sari@example.org>\r\n"
    b"To: ppid@diskopukm.kalbarprov.go.id\r\n"
    b"Subject: Permohonan Informasi anggaran\r\n"
    b"\r\n"
    b"Nama: Sari\r\nE-mail: sari@example.org\r\nRincian informasi: anggaran PPID 2023\r\n"
)


@dataclass(frozen=True)
class Dovecot:
    host: str
    port: int

    def client(self) -> imaplib.IMAP4:
        c = imaplib.IMAP4(self.host, self.port, timeout=10)
        c.login(USER, PASSWORD)
        return c

    def account(self, mailbox: str, kode: str = "diskopukm", **kw: object) -> ImapAccount:
        values = {"password": PASSWORD, **kw}
        return ImapAccount(kode, self.host, USER, port=self.port, mailbox=mailbox, **values)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Dovecot is required in CI: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(root: Path, port: int) -> str:
    if os.geteuid() == 0:  # the package's own users; mail owned by `dovecot`
        users = "mail_uid = dovecot\nmail_gid = dovecot\n"
        shutil.chown(root / "mail", "dovecot", "dovecot")
    else:  # a rootless instance runs every process as the current user
        me = os.environ.get("USER") or str(os.geteuid())
        users = (
            f"default_internal_user = {me}\ndefault_login_user = {me}\n"
            "service anvil {\n  chroot =\n}\nservice imap-login {\n  chroot =\n}\n"
        )
    return f"""protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
{users}passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/passwd
}}
userdb {{
  driver = static
  args = home={root}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    binary = shutil.which("dovecot") or "/usr/sbin/dovecot"
    if not Path(binary).exists():
        _unavailable("dovecot is not installed (apt-get install -y dovecot-imapd)")
    root = Path(tempfile.mkdtemp(prefix="ppid-dovecot-"))  # under /tmp: short socket paths
    root.chmod(0o755)
    for sub in ("run", "state", "mail"):
        (root / sub).mkdir()
    (root / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}\n")
    port = _free_port()
    (root / "dovecot.conf").write_text(_config(root, port))
    proc = subprocess.Popen(
        [binary, "-F", "-c", str(root / "dovecot.conf")],
        stdout=subprocess.DEVNULL,
        stderr=(root / "stderr.log").open("wb"),
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = (root / "stderr.log").read_text(errors="replace")[-800:]
                    _unavailable(f"dovecot did not start on 127.0.0.1:{port}: {log}")
                time.sleep(0.1)
        yield Dovecot("127.0.0.1", port)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def wh(warehouse_url: str) -> Iterator[Warehouse]:
    """The UID state on both warehouses (DuckDB and PostgreSQL)."""
    with connect(warehouse_url) as warehouse:
        migrate(warehouse)
        yield warehouse


def _new_mailbox(dovecot: Dovecot, *messages: bytes) -> str:
    name = f"Permohonan {uuid.uuid4().hex[:8]}"  # a space: the name must be quoted
    c = dovecot.client()
    assert c.create(mailbox_arg(name))[0] == "OK"
    for raw in messages:
        assert c.append(mailbox_arg(name), None, None, raw)[0] == "OK"
    c.logout()
    return name


def _uidvalidity(dovecot: Dovecot, name: str) -> int:
    c = dovecot.client()
    c.select(mailbox_arg(name), readonly=True)
    value = int(c.response("UIDVALIDITY")[1][-1])
    c.logout()
    return value


def test_fetch_is_incremental_by_uid(dovecot: Dovecot, wh: Warehouse, tmp_path: Path) -> None:
    name = _new_mailbox(dovecot, REQUEST, NOTICE)
    validity = _uidvalidity(dovecot, name)
    account = dovecot.account(name)
    first = fetch_new(account, tmp_path, wh)
    folder = tmp_path / "diskopukm" / "email" / "imap" / name
    assert (first.uid_sebelum, first.uid_terakhir, first.pesan_baru) == (0, 2, 2)
    assert sorted(p.name for p in folder.iterdir()) == [f"{validity}-1.eml", f"{validity}-2.eml"]
    assert (folder / f"{validity}-1.eml").read_bytes() == REQUEST  # the server's bytes, as is
    assert last_uid(wh, "diskopukm", name, validity) == 2

    c = dovecot.client()  # the desk's mail is not marked as read by the fetch
    c.select(mailbox_arg(name), readonly=True)
    _, flags = c.uid("FETCH", "1:*", "(FLAGS)")
    assert all(b"\\Seen" not in f for f in flags)
    c.append(mailbox_arg(name), None, None, LATER)
    c.logout()

    second = fetch_new(account, tmp_path, wh)
    assert (second.uid_sebelum, second.uid_terakhir, second.pesan_baru) == (2, 3, 1)
    assert second.berkas == [f"diskopukm/email/imap/{name}/{validity}-3.eml"]
    again = fetch_new(account, tmp_path, wh)  # `UID 4:*` still matches UID 3: must be ignored
    assert (again.pesan_baru, again.berkas, again.uid_terakhir) == (0, [], 3)
    assert len(list(folder.iterdir())) == 3
    assert wh.query("SELECT uid_terakhir, pesan_diambil FROM raw.imap_posisi") == [(3, 3)]

    # the normal e-mail pipeline reads the files: the request and its decision
    files = [f for f in discover(tmp_path, "diskopukm") if f.sumber == "email"]
    assert len(files) == 3
    messages = [(f.rel, m) for f in files for m in parse_email(f.path).rows]
    budi, sari = conform_messages("diskopukm", messages, DESK, b"kunci-uji-imap-0123")
    assert budi.diterima_pada == datetime(2023, 3, 6, 9, 15, tzinfo=WIB)
    assert (budi.keputusan, budi.tanggal_keputusan) == (GRANTED_FULL, date(2023, 3, 8))
    assert budi.nomor_pendaftaran == "012/PPID-DISKOPUKM/III/2023"
    assert (sari.diterima_pada.date(), sari.keputusan) == (date(2023, 3, 9), None)


def test_new_uidvalidity_starts_again(dovecot: Dovecot, wh: Warehouse, tmp_path: Path) -> None:
    name = _new_mailbox(dovecot, REQUEST, NOTICE)
    old = _uidvalidity(dovecot, name)
    assert fetch_new(dovecot.account(name), tmp_path, wh).uid_terakhir == 2
    c = dovecot.client()  # the mailbox is re-created: the server renumbers it
    assert c.delete(mailbox_arg(name))[0] == "OK"
    c.logout()
    time.sleep(1.1)
    _new_mailbox_named(dovecot, name, REQUEST, NOTICE, LATER)
    new = _uidvalidity(dovecot, name)
    assert new != old
    summary = fetch_new(dovecot.account(name), tmp_path, wh)
    assert (summary.uidvalidity, summary.uid_sebelum, summary.pesan_baru) == (new, 0, 3)
    rows = wh.query("SELECT uidvalidity, uid_terakhir FROM raw.imap_posisi ORDER BY 1")
    assert rows == sorted([(old, 2), (new, 3)])
    # the re-fetched copies carry the same messages: conformed, they are still two requests
    files = [f for f in discover(tmp_path, "diskopukm") if f.sumber == "email"]
    assert len(files) == 5
    messages = [(f.rel, m) for f in files for m in parse_email(f.path).rows]
    assert len(conform_messages("diskopukm", messages, DESK, b"kunci-uji-imap-0123")) == 2


def _new_mailbox_named(dovecot: Dovecot, name: str, *messages: bytes) -> None:
    c = dovecot.client()
    assert c.create(mailbox_arg(name))[0] == "OK"
    for raw in messages:
        c.append(mailbox_arg(name), None, None, raw)
    c.logout()


def test_wrong_password_is_a_clear_error(dovecot: Dovecot, wh: Warehouse, tmp_path: Path):
    account = dovecot.account("INBOX", password="salah-sandi-9999")
    with pytest.raises(ImapFetchError) as exc:
        fetch_new(account, tmp_path, wh)
    message = str(exc.value)
    assert message.startswith(f"diskopukm: IMAP login as '{USER}' on 127.0.0.1:")
    assert "refused" in message and "connection ppid_imap_diskopukm" in message
    assert "salah-sandi-9999" not in message and "salah-sandi-9999" not in repr(account)
    assert not (tmp_path / "diskopukm").exists()
    assert wh.query("SELECT COUNT(*) FROM raw.imap_posisi") == [(0,)]


def test_missing_mailbox_is_a_clear_error(dovecot: Dovecot, wh: Warehouse, tmp_path: Path):
    with pytest.raises(ImapFetchError, match="diskopukm: mailbox 'Tidak Ada' cannot be opened"):
        fetch_new(dovecot.account("Tidak Ada"), tmp_path, wh)


def test_task_wrapper_reads_the_airflow_connection(
    dovecot: Dovecot, duckdb_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = _new_mailbox(dovecot, REQUEST)
    conn = {"conn_type": "imap", "host": dovecot.host, "port": dovecot.port, "login": USER}
    monkeypatch.setenv(
        "AIRFLOW_CONN_PPID_IMAP_DISKOPUKM",
        json.dumps({**conn, "password": PASSWORD, "extra": {"mailbox": name, "ssl": "false"}}),
    )
    monkeypatch.setenv(
        "AIRFLOW_CONN_PPID_IMAP_PONTIANAK",
        json.dumps({**conn, "password": "bukan-sandinya", "extra": {"mailbox": name}}),
    )
    settings = Settings(tmp_path, tmp_path / "landing", tmp_path / "out", False, 8)
    with connect(duckdb_url) as wh:
        migrate(wh)
    codes = ["diskopukm", "dinkes", "pontianak"]  # dinkes has no connection: skipped
    results = fetch_mailboxes(duckdb_url, settings, codes)
    assert [(r["kode_badan"], r["status"]) for r in results] == [
        ("diskopukm", "ok"),
        ("pontianak", "gagal"),
    ]
    assert results[0]["pesan_baru"] == 1 and results[0]["mailbox"] == name
    assert (settings.landing_root / results[0]["berkas"][0]).read_bytes() == REQUEST
    assert "bukan-sandinya" not in json.dumps(results)
    with pytest.raises(RuntimeError, match=r"failed for 1 body.*pontianak: IMAP login"):
        mailbox_failures(results)
    mailbox_failures(results[:1])  # nothing failed: no error


def test_connection_fields_and_mailbox_names() -> None:
    @dataclass
    class Conn:
        conn_type: str = "imap"
        host: str = "mail.kalbarprov.go.id"
        port: int | None = None
        login: str = "ppid"
        password: str = "rahasia-panjang"
        extra_dejson: dict | None = None

    account = account_from_connection("dinkes", Conn(extra_dejson={"ssl": "true"}))
    assert (account.mailbox, account.ssl, account.starttls, account.address) == (
        "INBOX",
        True,
        False,
        "mail.kalbarprov.go.id:993",
    )
    account = account_from_connection("dinkes", Conn(port=143, extra_dejson={"starttls": True}))
    assert (account.ssl, account.starttls, account.address) == (
        False,
        True,
        "mail.kalbarprov.go.id:143",
    )
    with pytest.raises(ImapFetchError, match="ppid_imap_dinkes lacks password"):
        account_from_connection("dinkes", Conn(password=""))
    assert mailbox_arg("INBOX") == '"INBOX"'
    assert mailbox_arg("Permohonan & Keberatan") == '"Permohonan &- Keberatan"'
    assert mailbox_arg("~peter/mail/台北/日本語") == '"~peter/mail/&U,BTFw-/&ZeVnLIqe-"'  # RFC 3501
