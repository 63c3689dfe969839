"""Registry of public bodies: read it, and refuse a wrong one with every problem listed."""

from __future__ import annotations

from pathlib import Path

import pytest

from transforms.models import Desk
from transforms.parsers.bodies import Body, load_bodies

FIXTURE = Path(__file__).parent / "fixtures" / "bodies.csv"


def test_load_bodies() -> None:
    bodies = {b.kode: b for b in load_bodies(FIXTURE)}
    assert list(bodies) == ["diskominfo", "diskopukm", "dinkes"]
    utama, pelaksana = bodies["diskominfo"], bodies["diskopukm"]
    assert utama.jenis == "utama" and utama.induk is None and utama.kabupaten_kota is None
    assert pelaksana.induk == "diskominfo"
    assert pelaksana.email == ("ppid.diskopukm@kalbarprov.go.id", "diskopukm@gmail.com")
    assert pelaksana.whatsapp == ("PPID Diskopukm", "Admin PPID Diskopukm")
    assert bodies["dinkes"].email == () and bodies["dinkes"].whatsapp == ()


def test_desk() -> None:
    desk = load_bodies(FIXTURE)[1].desk()
    assert isinstance(desk, Desk) and desk.kode_badan == "diskopukm"
    assert desk.is_desk("PPID Diskopukm <DISKOPUKM@gmail.com>")
    assert desk.is_desk("admin ppid diskopukm")
    assert not desk.is_desk("Budi <budi@example.com>")
    assert Body("x", "X", "utama").desk() == Desk("x")


def test_bad_rows_are_all_listed(tmp_path: Path) -> None:
    path = tmp_path / "bodies.csv"
    path.write_text(
        "kode;nama;jenis;induk;kabupaten_kota;email;whatsapp\n"
        "diskominfo;Diskominfo;utama;;;;\n"
        ";Tanpa Kode;pelaksana;diskominfo;;;\n"
        "dinkes;;pelaksana;diskominfo;;;\n"
        "bpbd;BPBD;pembantu;diskominfo;;;\n"
        "\n"
        "diskominfo;Ganda;pelaksana;;;;\n"
        "Dinas Sosial;Dinsos;pelaksana;diskominfo;;;\n"
        "bappeda;Bappeda;pelaksana;tidakada;;;\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError) as err:
        load_bodies(path)
    message = str(err.value)
    assert "baris 3: kode kosong" in message
    assert "baris 4: nama kosong" in message
    assert "baris 5: jenis 'pembantu' harus 'utama' atau 'pelaksana'" in message
    assert "baris 7: kode 'diskominfo' ganda (sudah ada di baris 2)" in message
    assert "baris 8: kode 'Dinas Sosial'" in message
    assert "baris 9: induk 'tidakada' tidak terdaftar" in message


def test_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "bodies.csv"
    path.write_text("kode,nama\nx,X\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kolom wajib tidak ada: jenis"):
        load_bodies(path)


def test_media_sosial_names_the_desk_on_instagram_and_facebook(tmp_path: Path) -> None:
    path = tmp_path / "bodies.csv"
    path.write_text(
        "kode,nama,jenis,induk,kabupaten_kota,email,whatsapp,media_sosial\n"
        "diskominfo,Diskominfo,utama,,,ppid@kalbarprov.go.id,PPID Kalbar,\n"
        "diskopukm,Diskopukm,pelaksana,diskominfo,,,PPID Diskopukm,"
        "ppid.diskopukm.kalbar; PPID Diskopukm Kalbar\n",
        encoding="utf-8",
    )
    utama, pelaksana = load_bodies(path)
    assert utama.media_sosial == ()
    assert pelaksana.media_sosial == ("ppid.diskopukm.kalbar", "PPID Diskopukm Kalbar")
    desk = pelaksana.desk()
    assert desk.social_names == frozenset({"ppid.diskopukm.kalbar", "PPID Diskopukm Kalbar"})
    assert desk.is_desk("ppid diskopukm kalbar", "instagram")
    assert desk.is_desk("PPID.Diskopukm.Kalbar", "facebook")
    assert not desk.is_desk("PPID Diskopukm", "instagram")  # the WhatsApp name is not the account
    assert not desk.is_desk("PPID Diskopukm Kalbar", "whatsapp")
    assert desk.is_desk("PPID Diskopukm Kalbar")  # no channel given: any of the desk's names
    assert not desk.is_desk("Budi Santoso", "instagram")
