"""Objections (keberatan): grounds, the atasan's answer, linking to the request, and the
Pasal 36 deadlines counted by hand on the 2023 calendar (19 July and 17 August are holidays)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from transforms.calendar import WorkCalendar
from transforms.conform.keberatan import (
    OPEN,
    OVERDUE,
    REJECTED,
    UPHELD,
    answer_decision,
    conform_objections,
    ground_arose,
    is_atasan_answer,
    is_objection_message,
    normalise_nomor,
    objection_record,
    parse_atasan_answer,
    parse_grounds,
)
from transforms.conform.threads import conform_messages
from transforms.models import Desk
from transforms.parsers.email import parse_email
from transforms.parsers.web import parse_web

LANDING = Path(__file__).parent / "fixtures" / "keberatan" / "landing" / "dinsos"
KEY = b"test-pseudonym-key-0123456789"
DESK = Desk("dinsos", emails=frozenset({"ppid@dinsos.kalbarprov.go.id"}))


@pytest.mark.parametrize(
    ("text", "grounds"),
    [
        ("Pasal 35 ayat (1) huruf a UU 14/2008", ("a",)),
        ("Pasal 35 ayat 1 huruf c", ("c",)),
        ("huruf c dan g: permohonan tidak ditanggapi", ("c", "g")),
        ("huruf a, d, f", ("a", "d", "f")),
        ("d. ditanggapi tidak sebagaimana diminta\nf. biaya tidak wajar", ("d", "f")),
        ("(b) informasi berkala tidak disediakan", ("b",)),
        # the letter of Pasal 17 is no ground of the objection
        ("ditolak berdasarkan Pasal 17 huruf b", ("a",)),
        ("permohonan saya tidak ditanggapi sampai sekarang", ("c",)),
        ("permintaan ditanggapi tidak sebagaimana yang diminta", ("d",)),
        ("biaya fotokopi tidak wajar dan informasi terlambat", ("f", "g")),
        ("tidak dipenuhinya permintaan informasi", ("e",)),
        ("", ()),
        ("saya keberatan", ()),
    ],
)
def test_grounds(text: str, grounds: tuple[str, ...]) -> None:
    assert parse_grounds(text) == grounds


@pytest.mark.parametrize(
    ("text", "decision"),
    [
        ("Keberatan ditolak; menguatkan keputusan PPID.", REJECTED),
        ("Menguatkan keputusan PPID.", REJECTED),
        ("Keberatan tidak dapat diterima karena melewati jangka waktu.", REJECTED),
        ("Keberatan diterima; PPID diperintahkan memberikan informasi.", UPHELD),
        ("Membatalkan keputusan PPID yang menolak permohonan.", UPHELD),
        ("Keberatan Ibu dikabulkan sebagian.", UPHELD),
        ("Keberatan telah diterima dan akan diproses.", None),
        ("Terima kasih.", None),
    ],
)
def test_answer_decision(text: str, decision: str | None) -> None:
    assert answer_decision(text) == decision


def test_nomor_spacing_case_and_zeros_meet() -> None:
    assert normalise_nomor("002 / ppid-dinsos / vii / 2023") == "2/PPID-DINSOS/VII/2023"
    assert normalise_nomor("002/PPID-DINSOS/VII/2023.") == "2/PPID-DINSOS/VII/2023"
    assert normalise_nomor(None) is None


def test_atasan_answer_with_stated_date_and_execution_note() -> None:
    answer = parse_atasan_answer(
        "Yth. Ibu,\n\nTanggapan Atasan PPID: Keberatan dikabulkan;\nbiaya dibatalkan.\n"
        "Tanggal tanggapan: 4 September 2023\n"
    )
    assert answer is not None
    assert answer.tanggapan == "Keberatan dikabulkan;\nbiaya dibatalkan."
    assert answer.keputusan == UPHELD and answer.tanggal == date(2023, 9, 4)
    assert not answer.dilaksanakan
    note = parse_atasan_answer(
        "Nomor Pendaftaran: 003/PPID-DINSOS/VIII/2023\n"
        "Pelaksanaan Tanggapan Atasan PPID: telah dilaksanakan."
    )
    assert note is not None and note.tanggapan is None and note.dilaksanakan
    assert note.nomor_pendaftaran == "003/PPID-DINSOS/VIII/2023"
    reg = parse_atasan_answer(
        "Nomor Registrasi Keberatan: K-07/2023\nTanggapan Atasan PPID: Keberatan ditolak."
    )
    assert reg is not None and reg.nomor_registrasi == "K-07/2023"
    assert reg.nomor_pendaftaran is None
    assert parse_atasan_answer("Keputusan: Dikabulkan seluruhnya") is None


def test_objection_messages_are_not_requests_nor_notices() -> None:
    messages = [("dinsos/email/keberatan_2023.mbox", m) for m in parse_email(
        LANDING / "email" / "keberatan_2023.mbox"
    ).rows]  # fmt: skip
    requester = [m for _, m in messages if not DESK.is_desk(m.pengirim, m.saluran)]
    desk = [m for _, m in messages if DESK.is_desk(m.pengirim, m.saluran)]
    assert [is_objection_message(m) for m in requester] == [True, True]
    assert [is_atasan_answer(m.teks) for m in desk] == [True] * 4
    assert not any(is_atasan_answer(m.teks) for m in requester)
    # One objection carries "Informasi yang diminta", the other the subject "permohonan
    # informasi": neither may become a request.
    assert conform_messages("dinsos", messages, DESK, KEY) == []


def _objections():
    web = parse_web(LANDING / "web" / "kiriman_2023.csv").rows
    mail = parse_email(LANDING / "email" / "keberatan_2023.mbox").rows
    return conform_objections(
        "dinsos",
        [("dinsos/web/kiriman_2023.csv", r) for r in web],
        [("dinsos/email/keberatan_2023.mbox", m) for m in mail],
        DESK,
        KEY,
    )


def test_conform_objections_from_web_and_email() -> None:
    objections = _objections()
    got = [
        (
            o.saluran,
            o.diterima_pada.date(),
            o.nomor_pendaftaran,
            o.alasan,
            o.keputusan_atasan,
            o.tanggal_tanggapan,
            o.dilaksanakan,
            o.tanggal_pelaksanaan,
        )
        for o in objections
    ]
    assert got == [
        ("web", date(2023, 7, 31), "2/PPID-DINSOS/VII/2023", ("c", "g"), UPHELD,
         date(2023, 9, 20), True, date(2023, 9, 20)),
        ("email", date(2023, 8, 1), "99/PPID-DINSOS/VII/2023", ("c",), None, None, False, None),
        ("web", date(2023, 8, 14), "1/PPID-DINSOS/VII/2023", ("a",), REJECTED,
         date(2023, 9, 26), False, None),
        # answered in the thread without a number; carried out a week later
        ("email", date(2023, 8, 21), "3/PPID-DINSOS/VIII/2023", ("d", "f"), UPHELD,
         date(2023, 9, 4), True, date(2023, 9, 11)),
        ("web", date(2023, 12, 20), "3/PPID-DINSOS/VIII/2023", ("e",), None, None, False, None),
    ]  # fmt: skip
    ids = {o.keberatan_id for o in objections}
    assert len(ids) == 5 and ids == {o.keberatan_id for o in _objections()}  # stable
    # the objector is a pseudonym; the phone number in the case summary is masked
    dedi = objections[2]
    assert dedi.pemohon_id and len(dedi.pemohon_id) == 32
    assert "0812" not in (dedi.kasus_posisi or "") and "[nomor]" in (dedi.kasus_posisi or "")
    assert all("Rina" not in (o.tanggapan or "") for o in objections)


def _request(**kw) -> dict:
    base = {
        "permohonan_id": "r1",
        "keputusan": None,
        "tanggal_keputusan": None,
        "perpanjangan": False,
        "tenggat": date(2023, 7, 20),
        "tenggat_perpanjangan": date(2023, 7, 28),
        "tanggal_pemberian": None,
    }
    return {**base, **kw}


def test_ground_arose_is_decision_or_deadline() -> None:
    assert ground_arose(_request()) == date(2023, 7, 20)
    assert ground_arose(_request(perpanjangan=True)) == date(2023, 7, 28)
    decided = _request(keputusan="ditolak", tanggal_keputusan=date(2023, 7, 10))
    assert ground_arose(decided) == date(2023, 7, 10)
    assert ground_arose(_request(keputusan=float("nan"))) == date(2023, 7, 20)


def test_deadlines_in_working_days_counted_by_hand() -> None:
    cal = WorkCalendar.default()
    by_date = {o.diterima_pada.date(): o for o in _objections()}
    # Decided 10 Jul; filed 14 Aug: 24 working days (19 Jul, Tahun Baru Islam, not counted);
    # 30th working day 23 Aug (17 Aug skipped). Answered 26 Sep = 30th working day: in time.
    rejected = objection_record(
        by_date[date(2023, 8, 14)],
        _request(keputusan="ditolak", tanggal_keputusan=date(2023, 7, 10)),
        cal,
        date(2023, 12, 31),
    )
    assert rejected["hari_kerja_pengajuan"] == 24 and rejected["pengajuan_tepat_waktu"]
    assert rejected["batas_pengajuan"] == date(2023, 8, 23)
    assert rejected["batas_tanggapan"] == date(2023, 9, 26)
    assert rejected["hari_kerja_tanggapan"] == 30 and not rejected["tanggapan_terlambat"]
    assert rejected["hasil"] == "ditolak" and rejected["alasan_a"] and not rejected["alasan_c"]
    # Unanswered request (deadline 20 Jul); filed 31 Jul: 7 working days. Answered 20 Sep:
    # 36 working days after receipt (limit 12 Sep) -> late, but upheld and carried out.
    late = objection_record(by_date[date(2023, 7, 31)], _request(), cal, date(2023, 12, 31))
    assert (late["tanggal_dasar"], late["hari_kerja_pengajuan"]) == (date(2023, 7, 20), 7)
    assert late["batas_tanggapan"] == date(2023, 9, 12)
    assert late["hari_kerja_tanggapan"] == 36 and late["tanggapan_terlambat"]
    assert late["hasil"] == "dikabulkan" and late["dilaksanakan"]
    assert late["alasan"] == "c,g"
    # No request with number 099: flagged, no filing check; unanswered past 13 Sep.
    lost = objection_record(by_date[date(2023, 8, 1)], None, cal, date(2023, 12, 31))
    assert not lost["permohonan_ditemukan"] and lost["permohonan_id"] is None
    assert lost["pengajuan_tepat_waktu"] is None
    assert lost["batas_tanggapan"] == date(2023, 9, 13) and lost["hasil"] == OVERDUE
    assert (
        objection_record(by_date[date(2023, 8, 1)], None, cal, date(2023, 9, 13))["hasil"] == OPEN
    )


def test_upheld_objection_is_carried_out_when_the_request_is_served_after_it() -> None:
    cal = WorkCalendar.default()
    obj = _objections()[3]
    obj.dilaksanakan, obj.tanggal_pelaksanaan = False, None
    served = _request(
        keputusan="dikabulkan_sebagian",
        tanggal_keputusan=date(2023, 8, 8),
        tanggal_pemberian=date(2023, 9, 15),
    )
    rec = objection_record(obj, served, cal, date(2023, 12, 31))
    assert rec["dilaksanakan"] and rec["tanggal_pelaksanaan"] == date(2023, 9, 15)
    early = {**served, "tanggal_pemberian": date(2023, 8, 8)}
    assert not objection_record(obj, early, cal, date(2023, 12, 31))["dilaksanakan"]


def test_linking_picks_the_request_of_the_number(tmp_path: Path) -> None:
    from transforms.conform.keberatan import find_request

    requests = pd.DataFrame(
        [
            {"permohonan_id": "old", "tanggal_diterima": date(2022, 7, 1)},
            {"permohonan_id": "new", "tanggal_diterima": date(2023, 7, 1)},
        ]
    )
    by_number = {"1/PPID-X/VII": requests.to_dict("records")}
    assert find_request(by_number, "1/PPID-X/VII", date(2023, 8, 1))["permohonan_id"] == "new"
    assert find_request(by_number, "1/PPID-X/VII", date(2022, 8, 1))["permohonan_id"] == "old"
    assert find_request(by_number, "2/PPID-X/VII", date(2023, 8, 1)) is None
