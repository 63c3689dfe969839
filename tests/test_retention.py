"""Retention purge of personal data in raw (transforms/retention.py), on DuckDB and PostgreSQL.

With the small sample province: the purged guestbook/web rows, messages and file names hold no
phone number, e-mail address, NIK or requester name any more, every core row (objections
included) and the published figures stay identical after the purge and a refresh, a second
purge changes nothing, and a chat is purged whole or not at all: one with a message newer than
the cut-off, or of a year not yet final, is untouched. With a hand-written landing zone (web
objections answered by e-mail, WhatsApp chats): an objection answered after the cut-off waits
for its answer, the atasan's answer keeps being masked in core with the objector's name from
the form once both are purged, and the old messages of a chat that goes on past the cut-off
stay as they are."""

from __future__ import annotations

import dataclasses
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import KEY
from tests.pii_scan import desk_contacts, find_in_text, requester_names
from transforms.config import Settings
from transforms.conform.threads import conform_messages, subject_key
from transforms.forms import extract_form
from transforms.models import Desk, FormRow, Message
from transforms.pseudonym import pseudonymise
from transforms.release import mark_final, publish_release
from transforms.retention import (
    load_desks,
    months_before,
    neutral_path,
    purge,
    purged_form,
    purged_message,
)
from transforms.tasks import prepare, refresh_bodies
from transforms.warehouse import connect

WIB = ZoneInfo("Asia/Pontianak")
STATUS_PER = date(2025, 1, 1)
PURGE_AT = datetime(2026, 6, 1, 4, 0, tzinfo=WIB)  # 24 months: rows before 1 June 2024
EARLY = datetime(2025, 3, 1, tzinfo=WIB)  # 24 months: rows before 1 March 2023
CORE = ("core.permohonan", "core.keberatan", "core.sengketa", "core.survei_responden")
NEUTRAL = re.compile(r"[^/]+/[^/]+/(?:\d{3}-)?[0-9a-f]{64}(?:\.[a-z0-9]{1,5})?")
KEBERATAN = Path(__file__).parent / "fixtures" / "keberatan" / "landing"


def _no_reports(folder: Path) -> None:
    folder.mkdir(parents=True)


def _load(url: str, settings: Settings, run_id: str) -> None:
    for batch in prepare(url, settings, bodies_per_task=8):
        refresh_bodies(url, settings, batch, run_id, STATUS_PER, KEY)


def _snapshot(url: str) -> dict[str, list[tuple]]:
    with connect(url) as wh:
        return {t: sorted(map(repr, wh.query(f"SELECT * FROM {t}"))) for t in CORE}


def _formulir(url: str) -> dict[tuple, tuple]:
    with connect(url) as wh:
        rows = wh.query(
            "SELECT berkas_sha256, baris, diterima_pada, jenis, nama, nik, kontak, alamat,"
            " keperluan, rincian, tujuan, keputusan_teks, alasan_teks FROM raw.formulir"
        )
    return {(r[0], r[1]): (r[2].astimezone(WIB), *r[3:]) for r in rows}


def _pesan(url: str) -> dict[tuple, tuple]:
    """(body, file hash, line) → saluran, thread hint, time, then the purged columns."""
    with connect(url) as wh:
        rows = wh.query(
            "SELECT kode_badan, berkas_sha256, baris, saluran, thread_hint, dikirim_pada,"
            " pengirim, subjek, teks, lampiran_nama FROM raw.pesan"
        )
    return {(r[0], r[1], r[2]): (r[3], r[4], r[5].astimezone(WIB), *r[6:]) for r in rows}


def _paths(url: str) -> dict[tuple[str, str], str]:
    with connect(url) as wh:
        return {
            (k, s): b
            for k, s, b in wh.query("SELECT kode_badan, berkas_sha256, berkas FROM raw.berkas")
        }


def _chats(pesan: dict[tuple, tuple]) -> dict[tuple, set[tuple]]:
    """Chats (WhatsApp, Instagram, Facebook): one thread each, named by the export."""
    chats: dict[tuple, set[tuple]] = {}
    for k, v in pesan.items():
        if v[0] != "email":
            chats.setdefault((k[0], v[0], v[1]), set()).add(k)
    return chats


def _span(pesan: dict[tuple, tuple], keys: set[tuple]) -> tuple[datetime, datetime]:
    """A chat's first and last message time."""
    return min(pesan[k][2] for k in keys), max(pesan[k][2] for k in keys)


def _message_names(url: str) -> set[str]:
    """Requesters' names typed into message forms (`Nama: …`), besides the senders'."""
    with connect(url) as wh:
        texts = [r[0] for r in wh.query("SELECT teks FROM raw.pesan")]
    names = {(extract_form(t).nama or "").split("\n")[0].strip() for t in texts}
    return {n for n in names if len(n) >= 8 and " " in n and "ppid" not in n.lower()}


def _leaks(values: dict[tuple, tuple], keys: set[tuple], names: set[str], allowed: set[str]):
    return [
        hit
        for k in sorted(keys)
        for hit in find_in_text(
            " | ".join("" if v is None else str(v) for v in values[k]), names, str(k), allowed
        )
    ]


def _in_scope(row: tuple) -> bool:
    """Guestbook and web rows of 2023: requests, visits and objections (the sample's objections
    by form are answered on the form, not by message)."""
    return row[0].year == 2023


@pytest.fixture
def loaded(warehouse_url: str, small_landing: Path, tmp_path: Path):
    """The sample loaded, 2023 published and marked final (2022 and 2024 stay provisional)."""
    landing = tmp_path / "landing"
    shutil.copytree(small_landing, landing)
    out = tmp_path / "out"
    settings = dataclasses.replace(Settings.from_env(), landing_root=landing, output_dir=out)
    _load(warehouse_url, settings, "run-1")
    with connect(warehouse_url) as wh:
        publish_release(wh, 2023, out, "pub-1", documents=_no_reports)
        final = mark_final(
            wh, 2023, out, "Kepala Dinas selaku Atasan PPID", "fin-1", documents=_no_reports
        )
    return warehouse_url, settings, landing, final


def test_purge_keeps_core_and_figures_and_removes_personal_data(loaded) -> None:
    url, settings, landing, final = loaded
    out = final.folder.parent.parent
    desks = load_desks(landing)
    names = requester_names(url) | _message_names(url)
    allowed = desk_contacts(landing)
    core_before = _snapshot(url)
    raw_before = _formulir(url)
    pesan_before = _pesan(url)
    paths_before = _paths(url)
    chats = _chats(pesan_before)

    # first a purge 24 months after 1 March 2023: only January and February 2023 are in scope,
    # and a chat only when all of it is
    with connect(url) as wh:
        early = purge(wh, KEY, EARLY, 24, "purge-0", desks)
    early_raw, early_pesan = _formulir(url), _pesan(url)
    changed = {k for k in raw_before if raw_before[k] != early_raw[k]}
    assert changed == {
        k for k, v in raw_before.items() if _in_scope(v) and v[0].date() < date(2023, 3, 1)
    }
    moved = {k for k in pesan_before if pesan_before[k] != early_pesan[k]}
    cutoff = datetime(2023, 3, 1, tzinfo=WIB)
    span = {c: _span(pesan_before, keys) for c, keys in chats.items()}
    inside = [c for c, (first, last) in span.items() if first.year == 2023 and last < cutoff]
    across = [c for c, (first, last) in span.items() if first < cutoff <= last]
    assert inside and across
    assert all(chats[c] <= moved for c in inside)  # purged whole
    assert not any(chats[c] & moved for c in across)  # untouched: a message is newer
    assert all(date(2023, 1, 1) <= pesan_before[k][2].date() < date(2023, 3, 1) for k in moved)
    assert sum(p.baris for p in early if p.tabel != "raw.berkas") == len(changed) + len(moved)

    with connect(url) as wh:
        distinct_before = wh.query(
            "SELECT COUNT(DISTINCT pemohon_id) FROM core.permohonan WHERE tahun = 2023"
        )[0][0]
        purged = purge(wh, KEY, PURGE_AT, 24, "purge-1", desks)
    # only final 2023 is in scope (2024 is inside the period and not final; 2022 not final)
    assert {p.tahun for p in purged} == {2023}
    expected = {k for k, v in raw_before.items() if _in_scope(v)}
    raw_after, pesan_after, paths_after = _formulir(url), _pesan(url), _paths(url)
    assert set(raw_after) == set(raw_before) and set(pesan_after) == set(pesan_before)
    assert _leaks(raw_after, expected, names, allowed) == []
    assert any(raw_before[k][1:] != raw_after[k][1:] for k in expected)
    assert all(raw_after[k] == raw_before[k] for k in raw_before if k not in expected)
    assert all(
        raw_after[k][2] in (None, "[nama]") or raw_after[k][2].startswith("[pemohon:")
        for k in expected
    )
    # messages: the chats all of 2023 are purged whole, the others untouched
    moved = {k for k in pesan_before if pesan_before[k] != pesan_after[k]}
    in_2023 = [c for c, keys in chats.items() if {pesan_before[k][2].year for k in keys} == {2023}]
    outside = [c for c in chats if c not in in_2023]
    assert len(in_2023) > 50 and outside
    assert all(chats[c] <= moved for c in in_2023)
    assert not any(chats[c] & moved for c in outside)
    assert all(pesan_before[k][2].year == 2023 for k in moved)
    assert any(pesan_before[k][0] == "email" for k in moved)
    assert _leaks(pesan_after, moved, names, allowed) == []
    assert all(
        v[3].startswith(("[pemohon:", "[pengirim:")) or v[3] == pesan_before[k][3]
        for k, v in pesan_after.items()
        if k in moved
    )
    # files whose rows are all purged lost their landing name, in every raw table
    renamed = {k for k in paths_before if paths_before[k] != paths_after[k]}
    assert any("Chat WhatsApp dengan" in paths_before[k] for k in renamed)
    assert all(NEUTRAL.fullmatch(paths_after[k]) for k in renamed)
    assert all(paths_after[k].split("/")[:2] == paths_before[k].split("/")[:2] for k in renamed)
    leaks = [h for k in renamed for h in find_in_text(paths_after[k], names, str(k), allowed)]
    assert leaks == []
    files: dict[tuple, set[tuple]] = {}
    for k in pesan_before:
        files.setdefault(k[:2], set()).add(k)
    assert not any(f in renamed for f, keys in files.items() if not keys <= moved)
    assert any(f in renamed for f, keys in files.items() if keys <= moved)
    with connect(url) as wh:
        for table in ("raw.pesan", "raw.formulir", "raw.karantina"):
            assert wh.query(
                f"SELECT COUNT(*) FROM {table} t JOIN raw.berkas b ON b.kode_badan = t.kode_badan"
                " AND b.berkas_sha256 = t.berkas_sha256 WHERE t.berkas <> b.berkas"
            ) == [(0,)], table

    # the refresh skips every landing file by its hash and rebuilds core from the purged raw
    # rows: identical, row for row
    _load(url, settings, "run-2")
    assert _snapshot(url) == core_before
    assert _paths(url) == paths_after
    with connect(url) as wh:
        assert (
            wh.query("SELECT COUNT(DISTINCT pemohon_id) FROM core.permohonan WHERE tahun = 2023")[
                0
            ][0]
            == distinct_before
        )
        again = publish_release(wh, 2023, out, "pub-2", documents=_no_reports)
        log = wh.query(
            "SELECT kode_badan, tabel, tahun, baris, retensi_bulan FROM raw.retensi"
            " WHERE run_id = 'purge-1' ORDER BY kode_badan"
        )
    assert (again.new_revision, again.status) == (False, "final")
    assert (again.revision, again.checksum) == (final.revision, final.checksum)
    assert again.total_requests == final.total_requests
    by_table = {t: sum(r[3] for r in log if r[1] == t) for t in {r[1] for r in log}}
    assert by_table["raw.formulir"] == len(expected - changed)
    assert by_table["raw.pesan"] == len(
        moved - {k for k in early_pesan if early_pesan[k] != pesan_before[k]}
    )
    assert by_table["raw.berkas"] == len(renamed) - sum(
        p.baris for p in early if p.tabel == "raw.berkas"
    )
    assert {(r[1], r[2], r[4]) for r in log} == {
        ("raw.formulir", 2023, 24),
        ("raw.pesan", 2023, 24),
        ("raw.berkas", 2023, 24),
    }

    # a second purge is a no-op: nothing rewritten, nothing renamed, nothing recorded
    with connect(url) as wh:
        assert purge(wh, KEY, PURGE_AT, 24, "purge-2", desks) == []
        assert wh.query("SELECT COUNT(*) FROM raw.retensi WHERE run_id = 'purge-2'") == [(0,)]
    assert (_formulir(url), _pesan(url), _paths(url)) == (raw_after, pesan_after, paths_after)

    # years later: the quarantine excerpts go too; 2022 and 2024 are still not final
    later = datetime.now(WIB).replace(microsecond=0)
    later = later.replace(year=later.year + 3)
    with connect(url) as wh:
        excerpts = wh.query("SELECT COUNT(*) FROM raw.karantina WHERE cuplikan IS NOT NULL")[0][0]
        dropped = purge(wh, KEY, later, 24, "purge-3", desks)
        assert wh.query("SELECT COUNT(*) FROM raw.karantina WHERE cuplikan IS NOT NULL") == [(0,)]
    assert excerpts > 0
    assert {p.tabel for p in dropped} <= {"raw.karantina", "raw.berkas"}
    assert sum(p.baris for p in dropped if p.tabel == "raw.karantina") == excerpts
    assert (_formulir(url), _pesan(url)) == (raw_after, pesan_after)
    _load(url, settings, "run-3")
    assert _snapshot(url) == core_before


def test_months_before_clamps_to_the_month_end() -> None:
    assert months_before(datetime(2026, 3, 31, 4, tzinfo=WIB), 1) == datetime(
        2026, 2, 28, 4, tzinfo=WIB
    )
    assert months_before(datetime(2026, 6, 1, tzinfo=WIB), 24) == datetime(2024, 6, 1, tzinfo=WIB)


def _row(**fields: str | None) -> FormRow:
    base = dict(
        saluran="buku_tamu",
        baris=3,
        record_key="k",
        jenis="permohonan",
        diterima_pada=datetime(2023, 3, 6, tzinfo=WIB),
    )
    return FormRow(**{**base, **fields})


def test_a_purged_form_keeps_its_requester_and_purges_to_itself() -> None:
    row = _row(
        nama="Siti Rahmawati",
        nik="6171010101010001",
        kontak="WA 0812-3456-7890",
        alamat="Jl. Ahmad Yani No. 5",
        rincian="Data UMKM 2023 (hubungi Siti Rahmawati WA08123456789)",
    )
    purged = purged_form(row, KEY)
    assert purged == {
        "nama": "[nama]",
        "nik": "[nik]",
        "kontak": f"[pemohon:{pseudonymise('+6281234567890', KEY)}]",
        "alamat": "[alamat]",
        "keperluan": None,
        "rincian": "Data UMKM 2023 (hubungi [nama] WA[nomor])",
        "tujuan": None,
        "keputusan_teks": None,
        "alasan_teks": None,
    }
    again = purged_form(dataclasses.replace(row, **purged), KEY)
    assert again == purged
    # no contact: the name was the identity, and it carries the mark; blanks stay blank
    by_name = purged_form(_row(nama="Budi Santoso", kontak=" "), KEY)
    assert by_name["nama"] == f"[pemohon:{pseudonymise('budi santoso', KEY)}]"
    assert by_name["kontak"] == " "


DESK = Desk("dinsos", emails=frozenset({"ppid@dinsos.kalbarprov.go.id"}),
            whatsapp_names=frozenset({"PPID Dinsos Kalbar"}))  # fmt: skip


def _msg(when: datetime, sender: str, text: str, n: int, **fields: str | None) -> Message:
    return Message(
        saluran=fields.pop("saluran", None) or "whatsapp",
        baris=n,
        message_key=f"m{n}",
        thread_hint=fields.pop("thread_hint", None) or "Sari Dewi Lestari",
        dikirim_pada=when,
        pengirim=sender,
        teks=text,
        **fields,
    )


@pytest.mark.parametrize(
    ("sender", "contact"),
    [
        ("Sari Dewi Lestari", "No. HP: 0812-7000-1234\n"),  # the form's contact
        ("+62 812-7000-1234", ""),  # the sender's own number
        ("Sari Dewi Lestari", ""),  # no contact: the name
    ],
)
def test_a_purged_message_reads_back_the_same_request_and_purges_to_itself(
    sender: str, contact: str
) -> None:
    form = (
        "Berikut permohonan saya:\nNama: Sari Dewi Lestari\nNIK: 6171015507900002\n"
        "Alamat: Jl. Merdeka 9,\nKel. Darat Sekip, Pontianak\n" + contact + "Rincian informasi "
        "yang dibutuhkan: Jumlah penerima bansos 2022 (kirim ke sari.dl@contoh.id)\n"
        "Tujuan penggunaan informasi: Penelitian\n\nHormat saya,\nSari Dewi Lestari"
    )
    thread = [
        _msg(datetime(2023, 3, 1, 9, 15, tzinfo=WIB), sender, "Selamat pagi, min", 1),
        _msg(datetime(2023, 3, 1, 9, 17, tzinfo=WIB), sender, form, 2, lampiran_nama="KTP S.jpg"),
        _msg(datetime(2023, 3, 6, 10, 0, tzinfo=WIB), "PPID Dinsos Kalbar",
             "Yth. Sari Dewi Lestari, Nomor Pendaftaran: 010/PPID-DINSOS/III/2023\n"
             "Keputusan: Dikabulkan seluruhnya\nInformasi telah disampaikan.", 3),
    ]  # fmt: skip
    names = ["Sari Dewi Lestari"]
    purged = [dataclasses.replace(m, **purged_message(m, DESK, KEY, names)) for m in thread]
    source = "dinsos/whatsapp/chat.txt"
    assert conform_messages("dinsos", [(source, m) for m in purged], DESK, KEY) == conform_messages(
        "dinsos", [(source, m) for m in thread], DESK, KEY
    )
    text = " | ".join(f"{m.pengirim} {m.thread_hint} {m.teks} {m.lampiran_nama}" for m in purged)
    for gone in ("Sari", "0812", "6171015507900002", "Merdeka", "Darat Sekip", "sari.dl@"):
        assert gone not in text
    assert "Nama: [" in purged[1].teks and "Rincian informasi yang dibutuhkan: Jumlah" in text
    assert purged[1].lampiran_nama == "[lampiran].jpg"
    assert purged[2].pengirim == "PPID Dinsos Kalbar" and "Dikabulkan seluruhnya" in purged[2].teks
    again = [dataclasses.replace(m, **purged_message(m, DESK, KEY, [])) for m in purged]
    assert again == purged


def test_a_purged_subject_still_joins_its_thread_and_only_it() -> None:
    def purged(subject: str) -> str | None:
        msg = _msg(PURGE_AT, "budi@contoh.id", "x", 1, saluran="email", subjek=subject)
        return purged_message(msg, DESK, KEY, ["Budi Santoso"])["subjek"]

    a = purged("Permohonan Informasi - Budi Santoso")
    assert a is not None and "Budi" not in a and a.startswith("Permohonan Informasi - [nama]")
    assert subject_key(a) == subject_key(purged("Re:  permohonan informasi - budi santoso"))
    assert subject_key(a) != subject_key(purged("Permohonan Informasi - Ani Wijaya"))
    assert subject_key(a) != subject_key("Permohonan Informasi - [nama]")
    keberatan = purged("Keberatan - Nomor 045/PPID-DINSOS/III/2023")
    assert keberatan is not None and keberatan.startswith(
        "Keberatan - Nomor 045/PPID-DINSOS/III/2023 "
    )


def test_neutral_path_keeps_body_and_source() -> None:
    sha = "ab" * 32
    assert neutral_path("dinsos/whatsapp/Chat WhatsApp dengan +62 812-7000-1234.txt", sha) == (
        f"dinsos/whatsapp/{sha}.txt"
    )
    assert (
        neutral_path(
            "dinsos/facebook/your_facebook_activity/messages/inbox/sari_123/message_1.json", sha, 2
        )
        == f"dinsos/facebook/002-{sha}.json"
    )
    assert neutral_path("dinsos/email/imap/INBOX/7-12", sha) == f"dinsos/email/{sha}"


# --- a hand-written landing zone --------------------------------------------------------------

ONGOING = """\
01/03/23 09.15 - Sari Dewi Lestari: Selamat pagi, saya mau mengajukan permohonan informasi
01/03/23 09.17 - Sari Dewi Lestari: Nama: Sari Dewi Lestari
NIK: 6171015507900002
Alamat: Jl. Merdeka 9, Pontianak
No. HP: 0812-7000-1234
Rincian informasi yang dibutuhkan: Jumlah penerima bantuan sosial tahun 2022
Tujuan penggunaan informasi: Penelitian
Cara memperoleh informasi: mendapatkan salinan (softcopy)
06/03/23 10.00 - PPID Dinsos Kalbar: Pemberitahuan tertulis:
Nomor Pendaftaran: 010/PPID-DINSOS/III/2023
Keputusan: Dikabulkan seluruhnya
Informasi telah disampaikan melalui WhatsApp.
02/10/23 08.00 - Sari Dewi Lestari: Terima kasih, datanya sudah saya terima.
"""
CLOSED = """\
14/02/23 13.02 - +62 813-4500-9876: Selamat siang admin
14/02/23 13.05 - +62 813-4500-9876: Nama: Yohanes Ginting
Alamat: Jl. Sultan Abdurrahman 21, Pontianak
Rincian informasi yang dibutuhkan: Data panti sosial di Kalimantan Barat tahun 2022
Tujuan penggunaan informasi: Tugas kuliah
20/02/23 08.30 - PPID Dinsos Kalbar: Yth. Bapak Yohanes Ginting,
Nomor Pendaftaran: 006/PPID-DINSOS/II/2023
Keputusan: Dikabulkan seluruhnya
Informasi telah disampaikan melalui WhatsApp.
"""
PEOPLE = {
    "Sari Dewi Lestari": "Chat WhatsApp dengan Sari Dewi Lestari.txt",
    "Yohanes Ginting": "Chat WhatsApp dengan +62 813-4500-9876.txt",
    "Dedi Kurniawan": None,
    "Agus Salim": None,
    "Rina Marlina": None,
    "Budi Hartono": None,
}


@pytest.fixture
def handmade(warehouse_url: str, tmp_path: Path):
    """Objections by web form answered by e-mail (tests/fixtures/keberatan), one answer naming
    the objector, and two WhatsApp chats: one closed in February 2023, one that goes on in
    October 2023. 2023 published and marked final."""
    landing = tmp_path / "landing"
    shutil.copytree(KEBERATAN, landing)
    mbox = landing / "dinsos" / "email" / "keberatan_2023.mbox"
    mbox.write_text(
        mbox.read_text(encoding="utf-8").replace(
            "Tanggapan Atasan PPID: Keberatan ditolak;",
            "Tanggapan Atasan PPID: Keberatan Sdr. Dedi Kurniawan ditolak;",
        ),
        encoding="utf-8",
    )
    chats = landing / "dinsos" / "whatsapp"
    chats.mkdir()
    (chats / PEOPLE["Sari Dewi Lestari"]).write_text(ONGOING, encoding="utf-8")
    (chats / PEOPLE["Yohanes Ginting"]).write_text(CLOSED, encoding="utf-8")
    out = tmp_path / "out"
    settings = dataclasses.replace(Settings.from_env(), landing_root=landing, output_dir=out)
    _load(warehouse_url, settings, "run-1")
    with connect(warehouse_url) as wh:
        publish_release(wh, 2023, out, "pub-1", documents=_no_reports)
        mark_final(wh, 2023, out, "Kepala Dinas", "fin-1", documents=_no_reports)
    return warehouse_url, settings, landing


def _dinsos(url: str) -> tuple[dict[tuple, tuple], dict[str, tuple], dict[str, str]]:
    """The body's messages, its web rows by submission id, its files' paths by hash."""
    with connect(url) as wh:
        forms = {
            r[0]: r[1:]
            for r in wh.query(
                "SELECT record_key, nama, kontak, keperluan, keputusan_teks FROM raw.formulir"
                " WHERE kode_badan = 'dinsos'"
            )
        }
        files = dict(
            wh.query("SELECT berkas_sha256, berkas FROM raw.berkas WHERE kode_badan = 'dinsos'")
        )
    pesan = {k[1:]: v for k, v in _pesan(url).items() if k[0] == "dinsos"}
    return pesan, forms, files


def test_objections_wait_for_their_answer_and_a_chat_for_its_last_message(handmade) -> None:
    url, settings, landing = handmade
    desks = load_desks(landing)
    core_before = _snapshot(url)
    with connect(url) as wh:
        answer = wh.query(
            "SELECT k.tanggapan FROM core.keberatan k WHERE k.nomor_pendaftaran ="
            " '1/PPID-DINSOS/VII/2023' AND k.saluran = 'web'"
        )
    masked = (
        "Keberatan Sdr. [nama] ditolak; menguatkan keputusan PPID berdasarkan Pasal 17 huruf h."
    )
    assert answer == [(masked,)]
    pesan, forms, files = _dinsos(url)
    sari = {k for k, v in pesan.items() if v[1] == "Sari Dewi Lestari"}
    yohanes = {k for k, v in pesan.items() if v[1] == "+62 813-4500-9876"}
    assert len(sari) == 4 and len(yohanes) == 3

    # cut-off 1 September 2023: the closed chat goes; the chat that goes on in October stays
    # whole, and so do the web objections answered by e-mail in late September
    with connect(url) as wh:
        purge(wh, KEY, datetime(2025, 9, 1, 4, tzinfo=WIB), 24, "purge-1", desks)
    pesan_1, forms_1, files_1 = _dinsos(url)
    assert all(pesan_1[k] == pesan[k] for k in sari)
    assert all(pesan_1[k] != pesan[k] for k in yohanes)
    assert all(forms_1[key] == forms[key] for key in ("WEB-2023-0004", "WEB-2023-0005"))
    assert forms_1["WEB-2023-0001"] != forms["WEB-2023-0001"]  # a request, before it
    renamed = {sha for sha in files if files[sha] != files_1[sha]}
    assert {files[sha].rpartition("/")[2] for sha in renamed} == {PEOPLE["Yohanes Ginting"]}
    _load(url, settings, "run-2")
    assert _snapshot(url) == core_before

    # cut-off 1 January 2024: everything of 2023 goes, the answer stays masked in core
    with connect(url) as wh:
        done = purge(wh, KEY, datetime(2026, 1, 1, 4, tzinfo=WIB), 24, "purge-2", desks)
    assert {p.tabel for p in done} == {"raw.pesan", "raw.formulir", "raw.berkas"}
    pesan_2, forms_2, files_2 = _dinsos(url)
    rows = [*pesan_2.values(), *forms_2.values(), files_2.values()]
    text = " | ".join("" if v is None else str(v) for values in rows for v in values)
    leaks = find_in_text(text, set(PEOPLE), "dinsos", desk_contacts(landing))
    assert leaks == []
    for gone in ("0812", "0813", "6171015507900002", "contoh.id", "Merdeka", "Sultan"):
        assert gone not in text
    assert all(NEUTRAL.fullmatch(p) for p in files_2.values())
    assert "Nomor Pendaftaran: 010/PPID-DINSOS/III/2023" in text and "Dikabulkan seluruhnya" in text
    _load(url, settings, "run-3")
    assert _snapshot(url) == core_before
    with connect(url) as wh:
        assert purge(wh, KEY, datetime(2026, 1, 1, 4, tzinfo=WIB), 24, "purge-3", desks) == []
    assert _dinsos(url) == (pesan_2, forms_2, files_2)
