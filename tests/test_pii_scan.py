"""The personal-data scan must be able to fail: it finds what a leak would look like."""

from __future__ import annotations

from pathlib import Path

from tests.pii_scan import find_in_text, scan_files


def test_scan_finds_phones_emails_nik_and_names(tmp_path: Path) -> None:
    (tmp_path / "2023").mkdir()
    (tmp_path / "2023" / "ok.csv").write_text("Kode Badan Publik;Jumlah\ndiskopukm;671\n")
    (tmp_path / "2023" / "bocor.csv").write_text(
        "x;0812-3456-7890;budi.santoso@gmail.com;6171012345678901;Rahmawati Lestari\n"
    )
    found = scan_files(tmp_path, {"Rahmawati Lestari"})
    kinds = sorted(f.split(": ")[1].split(" ")[0] for f in found)
    assert kinds == ["NIK", "e-mail", "nama", "telepon"]
    assert all(f.startswith("2023/bocor.csv") for f in found)


def test_scan_ignores_checksums_and_counts() -> None:
    digest = "08123456789012345678901234567890abcdef0123456789abcdef0123456789"
    assert find_in_text(f"{digest} 671 2023-01-02 +628", set(), "x") == []
    assert find_in_text("hubungi +62 812 3456 7890", set(), "x") != []
