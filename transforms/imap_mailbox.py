"""Fetch a desk's live mailbox over IMAP into the landing zone, incrementally by UID.

Each new message is written, as the server holds it, to
`<landing>/<kode>/email/imap/<mailbox>/<uidvalidity>-<uid>.eml`: a deterministic name, written
atomically, so a fetch repeated after a crash rewrites nothing and the normal e-mail pipeline
reads each message once (files are recognised by their SHA-256, messages by Message-ID). The
last UID written is kept per (body, mailbox, UIDVALIDITY) in `raw.imap_posisi` and advanced only
after the files are on disk; a new UIDVALIDITY (the server renumbered the mailbox) starts again
from UID 1, which the de-duplication makes harmless.

Bodies are read with `BODY.PEEK[]` from a mailbox opened read-only, so fetching never marks the
desk's mail as read. Airflow's ImapHook is not used: it decodes everything as UTF-8, handles
only attachments and keeps no UID state. The Airflow connection `ppid_imap_<kode>` is resolved
into an `ImapAccount` (plain values) by `account_for`; everything else runs without Airflow.
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import logging
import re
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from transforms.files import write_atomically
from transforms.warehouse import Warehouse

log = logging.getLogger(__name__)

CONN_PREFIX = "ppid_imap_"
LANDING_FOLDER = "imap"  # under <kode>/email/
_UID = re.compile(rb"\bUID (\d+)")
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}
_TRUE = {"1", "true", "yes", "ya", "on"}


class ImapFetchError(RuntimeError):
    """A mailbox could not be fetched; the message names the body and never the password."""


@dataclass(frozen=True)
class ImapAccount:
    """One body's mailbox: the fields of the Airflow connection `ppid_imap_<kode>`."""

    kode_badan: str
    host: str
    login: str
    password: str = field(repr=False)
    port: int | None = None  # default 993 with ssl, else 143
    mailbox: str = "INBOX"
    ssl: bool = False  # implicit TLS (IMAPS)
    starttls: bool = False  # upgrade a plain connection

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port or (993 if self.ssl else 143)}"


@dataclass
class FetchSummary:
    kode_badan: str
    mailbox: str
    uidvalidity: int
    uid_sebelum: int  # last UID already in the landing zone before this fetch
    uid_terakhir: int
    pesan_baru: int
    berkas: list[str] = field(default_factory=list)  # written, relative to the landing root


def _flag(value: Any, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE


def account_from_connection(kode_badan: str, conn: Any) -> ImapAccount:
    """An Airflow connection (conn_type imap; extra: mailbox, ssl, starttls) → ImapAccount."""
    conn_id = CONN_PREFIX + kode_badan
    kind = (getattr(conn, "conn_type", None) or "imap").lower()
    if kind != "imap":
        raise ImapFetchError(f"{kode_badan}: connection {conn_id} has type {kind!r}, not 'imap'")
    missing = [f for f in ("host", "login", "password") if not getattr(conn, f, None)]
    if missing:
        raise ImapFetchError(f"{kode_badan}: connection {conn_id} lacks {', '.join(missing)}")
    extra = getattr(conn, "extra_dejson", None) or {}
    return ImapAccount(
        kode_badan=kode_badan,
        host=conn.host,
        login=conn.login,
        password=conn.password,
        port=int(conn.port) if conn.port else None,
        mailbox=str(extra.get("mailbox") or "INBOX"),
        ssl=_flag(extra.get("ssl")),
        starttls=_flag(extra.get("starttls")),
    )


def account_for(kode_badan: str) -> ImapAccount | None:
    """The body's mailbox from Airflow (connection `ppid_imap_<kode>`), None when it has none."""
    from transforms.runtime import airflow_connection

    conn = airflow_connection(CONN_PREFIX + kode_badan)
    return None if conn is None else account_from_connection(kode_badan, conn)


def mailbox_arg(name: str) -> str:
    """A mailbox name as an IMAP argument: modified UTF-7 (RFC 3501 5.1.3), quoted."""
    out: list[str] = []
    wide: list[str] = []

    def flush() -> None:
        if wide:
            raw = base64.b64encode("".join(wide).encode("utf-16-be")).decode("ascii")
            out.append("&" + raw.rstrip("=").replace("/", ",") + "-")
            wide.clear()

    for ch in name:
        if 0x20 <= ord(ch) <= 0x7E:
            flush()
            out.append("&-" if ch == "&" else ch)
        else:
            wide.append(ch)
    flush()
    encoded = "".join(out)
    return '"' + encoded.replace("\\", "\\\\").replace('"', '\\"') + '"'


def landing_folder(landing_root: Path, kode_badan: str, mailbox: str) -> Path:
    """`<landing>/<kode>/email/imap/<mailbox>`; the name made safe (never hidden)."""
    safe = re.sub(r"[^\w.\- ]", "_", mailbox).strip(" .") or "INBOX"
    return Path(landing_root) / kode_badan / "email" / LANDING_FOLDER / safe


def _connect(account: ImapAccount, timeout: float) -> imaplib.IMAP4:
    port = account.port or (993 if account.ssl else 143)
    context = ssl.create_default_context()
    try:
        if account.ssl:
            client: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                account.host, port, ssl_context=context, timeout=timeout
            )
        else:
            client = imaplib.IMAP4(account.host, port, timeout=timeout)
            if account.starttls:
                client.starttls(ssl_context=context)
            elif account.host not in _LOOPBACK:
                log.warning(
                    "%s: IMAP to %s without TLS: the password crosses the network in clear; "
                    "set extra ssl or starttls on connection %s",
                    account.kode_badan,
                    account.address,
                    CONN_PREFIX + account.kode_badan,
                )
    except (OSError, imaplib.IMAP4.error, ssl.SSLError) as exc:
        raise ImapFetchError(
            f"{account.kode_badan}: cannot reach IMAP server {account.address} ({exc})"
        ) from exc
    try:
        client.login(account.login, account.password)
    except imaplib.IMAP4.error as exc:
        _logout(client)
        raise ImapFetchError(
            f"{account.kode_badan}: IMAP login as {account.login!r} on {account.address} "
            f"refused ({_server_text(exc)}); check the login and password of connection "
            f"{CONN_PREFIX + account.kode_badan}"
        ) from exc
    return client


def _server_text(exc: BaseException) -> str:
    text = str(exc)
    return text[2:-1] if text.startswith(("b'", 'b"')) else text


def _logout(client: imaplib.IMAP4) -> None:
    with contextlib.suppress(OSError, imaplib.IMAP4.error):
        client.logout()


def _select(client: imaplib.IMAP4, account: ImapAccount) -> int:
    """Open the mailbox read-only and return its UIDVALIDITY."""
    typ, data = client.select(mailbox_arg(account.mailbox), readonly=True)
    if typ != "OK":
        raise ImapFetchError(
            f"{account.kode_badan}: mailbox {account.mailbox!r} cannot be opened on "
            f"{account.address} ({_server_text(data[0] if data else typ)})"
        )
    _, values = client.response("UIDVALIDITY")
    if not values or values[0] is None:
        _, status = client.status(mailbox_arg(account.mailbox), "(UIDVALIDITY)")
        match = re.search(rb"UIDVALIDITY (\d+)", status[0] or b"")
        values = [match.group(1)] if match else []
    if not values:
        raise ImapFetchError(f"{account.kode_badan}: server gave no UIDVALIDITY")
    return int(values[-1])


def _new_uids(client: imaplib.IMAP4, last_uid: int) -> list[int]:
    # `n:*` always matches the highest UID, even when it is below n: filter explicitly.
    typ, data = client.uid("SEARCH", None, "UID", f"{last_uid + 1}:*")
    if typ != "OK":
        raise ImapFetchError(f"UID SEARCH failed ({_server_text(data[0] if data else typ)})")
    found = {int(x) for chunk in data if chunk for x in chunk.split()}
    return sorted(u for u in found if u > last_uid)


def _fetch_bodies(client: imaplib.IMAP4, uids: list[int]) -> dict[int, bytes]:
    """UID → the message bytes exactly as the server stores them (not marked as read)."""
    typ, data = client.uid("FETCH", ",".join(map(str, uids)), "(UID BODY.PEEK[])")
    if typ != "OK":
        raise ImapFetchError(f"UID FETCH failed ({_server_text(data[0] if data else typ)})")
    bodies: dict[int, bytes] = {}
    for i, item in enumerate(data):
        if not isinstance(item, tuple):
            continue
        match = _UID.search(item[0])
        if match is None and i + 1 < len(data) and isinstance(data[i + 1], bytes):
            match = _UID.search(data[i + 1])  # some servers send UID after the literal
        if match is not None:
            bodies[int(match.group(1))] = item[1]
    return bodies


def last_uid(wh: Warehouse, kode_badan: str, mailbox: str, uidvalidity: int) -> int:
    rows = wh.query(
        "SELECT uid_terakhir FROM raw.imap_posisi"
        " WHERE kode_badan = ? AND mailbox = ? AND uidvalidity = ?",
        [kode_badan, mailbox, uidvalidity],
    )
    return int(rows[0][0]) if rows else 0


def _advance(
    wh: Warehouse, kode_badan: str, mailbox: str, uidvalidity: int, uid: int, written: int
) -> None:
    with wh.transaction(lock=f"ppid:imap:{kode_badan}"):
        rows = wh.query(
            "SELECT pesan_diambil FROM raw.imap_posisi"
            " WHERE kode_badan = ? AND mailbox = ? AND uidvalidity = ?",
            [kode_badan, mailbox, uidvalidity],
        )
        now = datetime.now(UTC)
        if rows:
            wh.execute(
                "UPDATE raw.imap_posisi SET uid_terakhir = ?, pesan_diambil = ?,"
                " diperbarui_pada = ? WHERE kode_badan = ? AND mailbox = ? AND uidvalidity = ?",
                [uid, int(rows[0][0]) + written, now, kode_badan, mailbox, uidvalidity],
            )
        else:
            wh.execute(
                "INSERT INTO raw.imap_posisi (kode_badan, mailbox, uidvalidity, uid_terakhir,"
                " pesan_diambil, diperbarui_pada) VALUES (?, ?, ?, ?, ?, ?)",
                [kode_badan, mailbox, uidvalidity, uid, written, now],
            )


def fetch_new(
    account: ImapAccount,
    landing_root: Path,
    wh: Warehouse,
    batch_size: int = 100,
    timeout: float = 60.0,
) -> FetchSummary:
    """Write the mailbox's messages newer than the kept UID into the landing zone; the UID is
    advanced after each batch is on disk, so an interrupted fetch resumes where it stopped."""
    client = _connect(account, timeout)
    kode, mailbox = account.kode_badan, account.mailbox
    try:
        uidvalidity = _select(client, account)
        start = last_uid(wh, kode, mailbox, uidvalidity)
        summary = FetchSummary(kode, mailbox, uidvalidity, start, start, 0)
        folder = landing_folder(landing_root, kode, mailbox)
        uids = _new_uids(client, start)
        for i in range(0, len(uids), max(1, batch_size)):
            bodies = _fetch_bodies(client, uids[i : i + batch_size])
            if not bodies:
                continue
            for uid in sorted(bodies):
                path = folder / f"{uidvalidity}-{uid}.eml"
                if write_atomically(path, bodies[uid], overwrite=False):
                    summary.berkas.append(path.relative_to(landing_root).as_posix())
            _advance(wh, kode, mailbox, uidvalidity, max(bodies), len(bodies))
            summary.uid_terakhir = max(bodies)
            summary.pesan_baru += len(bodies)
    except (OSError, imaplib.IMAP4.error) as exc:  # timeouts are OSErrors
        raise ImapFetchError(f"{kode}: IMAP fetch from {account.address} failed ({exc})") from exc
    except ImapFetchError as exc:
        if str(exc).startswith(f"{kode}:"):
            raise
        raise ImapFetchError(f"{kode}: {exc}") from exc
    finally:
        _logout(client)
    log.info(
        "%s: %d new messages from %s %r (UIDVALIDITY %d, UID %d -> %d)",
        kode,
        summary.pesan_baru,
        account.address,
        mailbox,
        uidvalidity,
        summary.uid_sebelum,
        summary.uid_terakhir,
    )
    return summary
