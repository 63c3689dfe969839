"""The annual report (Laporan Tahunan Layanan Informasi Publik): the seed body's report says
what the hand-written seed report says, in HTML (read by a real browser) and in PDF, the
province adds up the bodies, and the desk's prose comes from its narasi file or shows a
placeholder naming the file to fill."""

from __future__ import annotations

import dataclasses
import io
import os
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import KEY
from transforms.config import Settings
from transforms.report import render_reports
from transforms.report.data import ReportData, YearFigures, collect_year
from transforms.report.narasi import load_narasi, prose
from transforms.report.text import c2_waktu, c3_dikabulkan, c4_ditolak, d_items, persen
from transforms.tasks import prepare, refresh_bodies
from transforms.warehouse import connect

FIXTURES = Path(__file__).parent / "fixtures" / "report"
YEAR = 2023

# Sentences of sections C and D copied verbatim from the seed report
# (shared/seed-laporan-ppid-diskopukm-kalbar-2023.txt); `_norm` evens out its typography only
# (spaces before punctuation and "%", "informasi(0%)").
SEED_SENTENCES = (
    "Selama Tahun 2023 semua permohonan informasi publik di Dinas Koperasi UKM Provinsi "
    "Kalimantan Barat, dapat dipenuhi dalam kurun waktu yang diamanatkan oleh UU Keterbukaan "
    "Informasi Publik atau dengan kata lain tidak ada permohonan informasi publik yang dilayani "
    "melampaui waktu yang ditentukan, yaitu kurang dari 17 (tujuh belas) hari kerja (semuanya "
    "tepat waktu).",
    "Dari 671 permohonan informasi publik, sejumlah 671 yang permohonannya dikabulkan (100 % "
    "permohonan informasi ditanggapi)",
    "Dari 671 permohonan informasi publik , tidak ada permohonan yang ditolak (100% permintaan "
    "permohonan informasi dipenuhi dengan baik).",
    "Selama Tahun 2023 tidak ada keberatan yang diterima oleh PPID Dinas Koperasi UKM Prov. "
    "Kalbar (0 %).",
    "Tidak Ada tanggapan atas keberatan yang di berikan dan pelaksanaannya (0%)",
    "Tidak Ada permohonan permintaan informasi publik sampai pada sengketa informasi(0%)",
    "Tidak Ada permohonan permintaan informasi publik yang berujung pada mediasi atau keputusan "
    "ajudikasi komisi informasi (0%)",
    "Tidak Ada permohonan permintaan informasi publik yang berujung gugatan ke pengadilan (0%).",
    "Tidak Ada permohonan permintaan informasi publik yang berujung putusan pengadilan "
    "pelaksanaannya oleh badan publik (0%).",
)
# headings of the seed, in its order
SEED_HEADINGS = (
    "KATA PENGANTAR",
    "DAFTAR ISI",
    "A. GAMBARAN UMUM KEBIJAKAN PELAYANAN INFORMASI PUBLIK DI DINAS KOPERASI, USAHA KECIL DAN "
    "MENENGAH PROVINSI KALIMANTAN BARAT",
    "B. GAMBARAN UMUM PELAKSANAAN LAYANAN INFORMASI PUBLIK",
    "1. Sarana dan Prasarana Pelayanan Informasi Publik Yang Dimiliki Beserta Kondisinya",
    "C. RINCIAN LAYANAN INFORMASI PUBLIK",
    "2. Waktu yang Diperlukan dalam Memenuhi Setiap Permintaan Informasi Publik dengan "
    "Klasifikasi Tertentu",
    "3. Jumlah Permintaan Informasi Publik yang Dikabulkan, Baik Sebagian atau Seluruhnya",
    "4. Jumlah Permintaan Informasi Publik yang Ditolak beserta Alasannya",
    "D. RINCIAN PENYELESAIAN SENGKETA INFORMASI PUBLIK",
    "1. Jumlah Keberatan yang Diterima",
    "6. Hasil Putusan Pengadilan dan Pelaksanaannya oleh Badan Publik.",
    "E. KENDALA EKSTERNAL DAN INTERNAL DALAM PELAKSANAAN LAYANAN INFORMASI PUBLIK",
    "F. REKOMENDASI DAN RENCANA TINDAK LANJUT UNTUK MENINGKATKAN KUALITAS LAYANAN INFORMASI PUBLIK",
    "PENUTUP",
)
# the seed body's charts (as pictures in the seed): per channel, all channels, and the others
SEED_CHARTS = {
    "grafik-saluran-email": 121,
    "grafik-saluran-whatsapp": 152,
    "grafik-saluran-buku_tamu": 398,
    "grafik-total": 671,
    "grafik-waktu": 671,
    "grafik-keputusan": 671,
}


def _norm(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r" ([,.)%])", r"\1", text)
    return re.sub(r"(\w)\(", r"\1 (", text).strip()


class _Text(HTMLParser):
    """Visible text of an HTML page (style element left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "script", "title"):
            self._skip += 1
        elif tag in ("p", "li", "h1", "h2", "h3", "h4", "td", "th", "br", "div"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return _norm("".join(parser.parts))


@dataclasses.dataclass
class Rendered:
    landing: Path
    folder: Path
    paths: list[Path]
    figures: YearFigures

    def html(self, name: str) -> str:
        return (self.folder / f"{name}.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rendered(small_landing: Path, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The small sample through prepare/refresh on DuckDB, then every 2023 report, once.
    pontianak gets the hand-written narasi fixture; dinkes has none."""
    root = tmp_path_factory.mktemp("report")
    landing = root / "landing"
    shutil.copytree(small_landing, landing)
    narasi = landing / "pontianak" / "laporan" / f"narasi-{YEAR}.yaml"
    narasi.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "narasi-pontianak-2023.yaml", narasi)
    url = f"duckdb:///{root / 'warehouse.duckdb'}"
    settings = dataclasses.replace(
        Settings.from_env(), landing_root=landing, output_dir=root / "out"
    )
    for batch in prepare(url, settings, bodies_per_task=4):
        refresh_bodies(url, settings, batch, "report-test", date(2025, 1, 1), KEY)
    folder = root / "out" / str(YEAR) / "laporan"
    with connect(url) as wh:
        paths = render_reports(wh, YEAR, folder, landing)
        figures = collect_year(wh, YEAR)
    return Rendered(landing, folder, paths, figures)


def test_every_body_and_the_province_get_html_and_pdf(rendered: Rendered) -> None:
    names = sorted(p.name for p in rendered.paths)
    stems = ["dinkes", "diskominfo", "diskopukm", "pontianak", "provinsi"]
    assert names == sorted(f"{s}.{ext}" for s in stems for ext in ("html", "pdf"))
    assert all(p.stat().st_size > 10_000 for p in rendered.paths)


def test_seed_report_figures(rendered: Rendered) -> None:
    data = rendered.figures.report("diskopukm")
    assert data.c["jumlah_permohonan"] == 671
    assert data.saluran == {"email": 121, "whatsapp": 152, "buku_tamu": 398}
    assert {k: sum(v) for k, v in data.bulanan.items()} == data.saluran
    assert sum(data.total_bulanan) == 671
    assert data.c["dikabulkan_seluruhnya"] == 671 and data.c["dikabulkan_sebagian"] == 0
    assert data.c["tepat_waktu_10_hari_kerja"] == 671
    assert data.c["ditolak"] == data.c["terlambat"] == data.c["lewat_tenggat"] == 0
    assert data.penolakan == []
    assert set(data.d.values()) == {0}
    assert data.skm is not None and data.skm["jumlah_responden"] == 252
    assert [e.unsur for e in data.unsur] == [f"U{i}" for i in range(1, 10)]


def test_seed_report_sentences_and_order_in_html(rendered: Rendered) -> None:
    text = html_text(rendered.html("diskopukm"))
    for sentence in SEED_SENTENCES:
        assert _norm(sentence) in text
    at = 0
    for heading in SEED_HEADINGS:  # each after the one before: the seed's order
        at = text.find(_norm(heading), at)
        assert at >= 0, heading
    # C1 per channel, with shares
    assert (
        "Selama Tahun 2023, PPID Dinas Koperasi UKM Prov. Kalbar menerima 671 permohonan "
        "informasi publik melalui 3 saluran: E-mail 121 permohonan (18,03%), WhatsApp 152 "
        "permohonan (22,65%) dan Buku Tamu 398 permohonan (59,31%)." in text
    )
    # facts for E from the views: no incomplete request, the survey above its minimum sample
    assert "tidak diisi): 0 dari 671 permohonan (0%)" in text
    assert "Responden survei kepuasan masyarakat: 252, sampel minimal 245" in text
    assert "77,99 (nilai IKM 3,1195), mutu pelayanan B dengan kinerja unit pelayanan Baik" in text


def test_sample_narasi_gives_the_seed_prose(rendered: Rendered) -> None:
    text = html_text(rendered.html("diskopukm"))
    assert "Drs. Junaidi, MM" in text
    assert "INOVASI, INTEGRITAS DAN TRANSPARAN" in text
    assert "Adanya bagian humas yang langsung dapat menangani permohonan informasi" in text
    # the seed has no budget prose: its placeholder names the key and the file
    assert (
        "[BELUM DIISI] B.3 Anggaran Layanan Informasi Publik dan Laporan Penggunaannya: isi "
        "kunci b3_anggaran pada berkas diskopukm/laporan/narasi-2023.yaml" in text
    )
    assert text.count("[BELUM DIISI]") == 1


def test_narasi_file_text_appears(rendered: Rendered) -> None:
    html = rendered.html("pontianak")
    text = html_text(html)
    assert "<strong>Standar Layanan Informasi Publik</strong>" in html
    assert "ruang layanan &amp; situs web &lt;ppid.pontianak.go.id&gt;" in html  # escaped
    assert "<li>Komputer pencarian informasi (dua unit, kondisi baik)</li>" in html
    assert "<ol><li>Pemohon tidak mencantumkan nomor kontak</li>" in html
    assert "Dr. Yuliani Ratna, S.Kom., M.Si." in text
    assert "Selama Tahun 2023, PPID Diskominfo Kota Pontianak menerima 52 permohonan" in text
    # the unknown key is reported to the desk, the missing ones show their placeholder
    assert "kunci 'catatan_lain' pada pontianak/laporan/narasi-2023.yaml tidak dikenal" in text
    assert "isi kunci kata_pengantar pada berkas pontianak/laporan/narasi-2023.yaml" in text
    assert "isi kunci b1_sarana" not in text


def test_missing_narasi_shows_placeholders(rendered: Rendered) -> None:
    text = html_text(rendered.html("dinkes"))
    for key in ("kata_pengantar", "a_kebijakan", "b1_sarana", "b2_sdm", "b3_anggaran"):
        assert f"isi kunci {key} pada berkas dinkes/laporan/narasi-2023.yaml" in text
    for key in ("e1_eksternal", "e2_internal", "f1_rekomendasi", "f2_rencana_tindak_lanjut"):
        assert f"isi kunci {key} pada berkas dinkes/laporan/narasi-2023.yaml" in text
    assert "[BELUM DIISI: penandatangan_nama]" in text
    # the data still fills C and D
    assert "Dari 61 permohonan informasi publik" in text


def test_unreadable_narasi_is_reported_not_raised(tmp_path: Path) -> None:
    target = tmp_path / "dinkes" / "laporan" / "narasi-2023.yaml"
    target.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "narasi-rusak.yaml", target)
    narasi = load_narasi(tmp_path, "dinkes", 2023)
    assert narasi.found and set(narasi.bagian.values()) == {None}
    assert narasi.masalah[0].startswith("berkas dinkes/laporan/narasi-2023.yaml tidak dapat dibaca")
    province = load_narasi(tmp_path, None, 2023)
    assert not province.found and province.rel == "_provinsi/laporan/narasi-2023.yaml"


def test_prose_markup() -> None:
    html = prose("Awal **tebal** <b>x</b>\nlanjut.\n\n- satu\n- dua\n  lanjutan\n1. a\n2. b")
    assert html == (
        "<p>Awal <strong>tebal</strong> &lt;b&gt;x&lt;/b&gt; lanjut.</p>"
        "<ul><li>satu</li><li>dua lanjutan</li></ul><ol><li>a</li><li>b</li></ol>"
    )


def test_province_totals_are_the_sum_of_the_bodies(rendered: Rendered) -> None:
    figs = rendered.figures
    bodies = [figs.report(k) for k, _ in figs.bodies()]
    province = figs.report(None)
    assert len(bodies) == 4 and province.c["jumlah_permohonan"] == 835
    for key, value in province.c.items():
        assert value == sum(b.c.get(key, 0) for b in bodies), key
    for key, value in province.d.items():
        assert value == sum(b.d.get(key, 0) for b in bodies), key
    channels = {s for b in bodies for s in b.saluran}
    assert province.saluran == {s: sum(b.saluran.get(s, 0) for b in bodies) for s in channels}
    assert province.total_bulanan == [
        sum(col) for col in zip(*(b.total_bulanan for b in bodies), strict=True)
    ]
    assert sum(n for *_, n in province.penolakan) == sum(n for b in bodies for *_, n in b.penolakan)
    text = html_text(rendered.html("provinsi"))
    assert "Rekapitulasi 4 badan publik" in text
    assert "Selama Tahun 2023, seluruh PPID badan publik menerima 835 permohonan informasi" in text
    assert f"Jumlah (provinsi) 835 {province.c['dikabulkan_seluruhnya']}" in text


def test_rendering_again_gives_the_same_bytes(rendered: Rendered, tmp_path: Path) -> None:
    url = f"duckdb:///{rendered.landing.parent / 'warehouse.duckdb'}"
    with connect(url) as wh:
        again = render_reports(wh, YEAR, tmp_path / "laporan", rendered.landing)
    for first, second in zip(rendered.paths, again, strict=True):
        assert first.name == second.name
        assert first.read_bytes() == second.read_bytes(), first.name


def test_a_pdf_is_rendered_again_only_when_its_html_changed(
    rendered: Rendered, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The previous revision's PDF is copied when the HTML is byte-identical; a changed HTML
    gets a new PDF, and a PDF of other HTML never stays beside it (even if rendering fails)."""
    import transforms.report.render as render_module

    url = f"duckdb:///{rendered.landing.parent / 'warehouse.duckdb'}"
    previous = tmp_path / "revisi-1"
    shutil.copytree(rendered.folder, previous)
    marker = b"%PDF-1.7 dari revisi sebelumnya"
    (previous / "diskominfo.pdf").write_bytes(marker)  # same HTML: these bytes must be copied
    (previous / "dinkes.html").write_text("<html>laporan lama</html>", encoding="utf-8")
    (previous / "dinkes.pdf").write_bytes(b"%PDF-1.7 laporan lama")
    folder = tmp_path / "revisi-2"
    folder.mkdir()
    (folder / "dinkes.html").write_text("<html>laporan lama</html>", encoding="utf-8")
    (folder / "dinkes.pdf").write_bytes(b"%PDF-1.7 laporan lama")

    class Failing(render_module.PdfPool):
        def submit(self, html_path: Path) -> None:
            pass

        def wait(self) -> list[Path]:
            raise RuntimeError("renderer down")

    monkeypatch.setattr(render_module, "PdfPool", Failing)
    with connect(url) as wh, pytest.raises(RuntimeError, match="renderer down"):
        render_reports(wh, YEAR, folder, rendered.landing, reuse=previous)
    assert not (folder / "dinkes.pdf").exists()  # its HTML changed: the old PDF is gone
    monkeypatch.undo()

    with connect(url) as wh:
        paths = render_reports(wh, YEAR, folder, rendered.landing, reuse=previous)
    assert [p.name for p in paths] == [p.name for p in rendered.paths]
    assert (folder / "diskominfo.pdf").read_bytes() == marker
    # rendered anew, as the first time (the same HTML gives the same PDF bytes)
    assert (folder / "dinkes.pdf").read_bytes() == (rendered.folder / "dinkes.pdf").read_bytes()


def test_pdf_text_has_the_figures_and_sentences(rendered: Rendered) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO((rendered.folder / "diskopukm.pdf").read_bytes()))
    assert len(reader.pages) >= 8
    text = _norm(" ".join(page.extract_text() for page in reader.pages))
    for sentence in SEED_SENTENCES:
        assert _norm(sentence) in text
    assert "Rekapitulasi Permintaan Informasi Publik Melalui E-mail Tahun 2023" in text
    assert "Dikabulkan Seluruhnya 671 100%" in text  # the decisions table
    assert "E-mail 9 9 11 6 10 11 10 10 11 14 13 7 121" in text  # the monthly table's row
    assert "Jumlah 48 58 63 34 57 60 56 54 67 69 69 36 671" in text
    assert "Drs. Junaidi, MM" in text


# -- sentences for the cases the seed has not (unit, hand-made figures) --------------------------
def _data(c: dict[str, int], d: dict[str, int] | None = None) -> ReportData:
    return ReportData(
        tahun=2024,
        kode="uji",
        nama="Badan Uji",
        c=c,
        saluran={},
        bulanan={},
        total_bulanan=[0] * 12,
        penolakan=[],
        d=d or {},
        skm=None,
        unsur=[],
        mutu=[],
    )


def test_sentences_with_refusals_late_requests_and_disputes() -> None:
    data = _data(
        {
            "jumlah_permohonan": 40,
            "tepat_waktu_10_hari_kerja": 30,
            "tepat_waktu_perpanjangan": 4,
            "terlambat": 3,
            "lewat_tenggat": 2,
            "belum_selesai": 1,
            "dikabulkan_seluruhnya": 25,
            "dikabulkan_sebagian": 5,
            "ditolak": 4,
            "informasi_tidak_dikuasai": 2,
            "informasi_belum_didokumentasikan": 0,
        },
        {
            "jumlah_keberatan": 3,
            "keberatan_alasan_a": 2,
            "keberatan_alasan_g": 1,
            "keberatan_ditanggapi": 2,
            "keberatan_dikabulkan": 1,
            "keberatan_ditolak": 1,
            "keberatan_belum_ditanggapi": 1,
            "keberatan_dilaksanakan": 1,
            "sengketa_diajukan_ki": 1,
            "mediasi": 1,
            "mediasi_gagal": 1,
            "ajudikasi": 1,
            "ajudikasi_berjalan": 1,
        },
    )
    assert c3_dikabulkan(data) == (
        "Dari 40 permohonan informasi publik, sejumlah 30 yang permohonannya dikabulkan (75%), "
        "terdiri atas 25 dikabulkan seluruhnya dan 5 dikabulkan sebagian."
    )
    assert c4_ditolak(data) == (
        "Dari 40 permohonan informasi publik, sejumlah 6 permohonan ditolak (15%): 4 ditolak "
        "berdasarkan pengecualian informasi (UU 14/2008 Pasal 17 atau Pasal 6) dan 2 tidak dapat "
        "diberikan karena informasi tidak dikuasai. Alasan penolakan dirinci pada tabel berikut."
    )
    first = c2_waktu(data, "Badan Uji", "PPID Uji")[0]
    assert first == (
        "Selama Tahun 2024, dari 40 permohonan informasi publik di Badan Uji, sejumlah 34 dapat "
        "dipenuhi dalam kurun waktu yang diamanatkan oleh UU Keterbukaan Informasi Publik, yaitu "
        "paling lama 17 (tujuh belas) hari kerja (85%); sejumlah 3 dipenuhi melampaui waktu yang "
        "ditentukan (7,5%); sejumlah 1 belum selesai dan masih dalam jangka waktu (2,5%); "
        "sejumlah 2 belum selesai dan telah melampaui waktu yang ditentukan (5%)."
    )
    d = dict(d_items(data, "PPID Uji"))
    assert d["Jumlah Keberatan yang Diterima"] == (
        "Selama Tahun 2024 terdapat 3 keberatan yang diterima oleh PPID Uji (7,5% dari 40 "
        "permohonan informasi publik), dengan alasan (UU 14/2008 Pasal 35 ayat (1)) huruf a, "
        "penolakan berdasarkan Pasal 17: 2; huruf g, penyampaian informasi melebihi waktu yang "
        "diatur: 1."
    )
    assert d["Tanggapan atas Keberatan yang Diberikan dan Pelaksanaannya"].startswith(
        "Dari 3 keberatan yang diterima, sejumlah 2 telah diberikan tanggapan oleh atasan PPID "
        "(66,67%): keberatan diterima: 1; keberatan ditolak: 1; belum ditanggapi dan masih dalam "
        "jangka waktu: 1."
    )
    assert d["Jumlah Permohonan Penyelesaian Sengketa ke Komisi Informasi yang Berwenang"] == (
        "Sejumlah 1 permohonan permintaan informasi publik sampai pada sengketa informasi yang "
        "diajukan ke Komisi Informasi (2,5%)."
    )
    d4 = next(v for k, v in d.items() if k.startswith("Hasil Mediasi"))
    assert d4.startswith(
        "Sejumlah 2 permohonan permintaan informasi publik berujung pada mediasi atau keputusan "
        "ajudikasi komisi informasi (5%): mediasi 1 (gagal: 1) dan ajudikasi 1 (masih berjalan: 1)."
    )
    assert d["Jumlah Gugatan yang Diajukan ke Pengadilan"].startswith("Tidak Ada permohonan")


def test_sentences_for_a_body_without_requests() -> None:
    data = _data({"jumlah_permohonan": 0})
    assert c3_dikabulkan(data) == (
        "Selama Tahun 2024 tidak ada permohonan informasi publik yang diterima, sehingga tidak "
        "ada permohonan yang dikabulkan (0%)."
    )
    assert d_items(data, "PPID Uji")[0][1] == (
        "Selama Tahun 2024 tidak ada keberatan yang diterima oleh PPID Uji (0%)."
    )
    assert persen(2, 3) == "66,67%" and persen(1, 8) == "12,5%" and persen(0, 0) == "0%"


# -- a real browser ------------------------------------------------------------------------------
def _chromium():
    """Headless Chromium through Selenium (Debian's chromium + chromium-driver); in CI a
    missing browser fails the test instead of skipping it."""
    binary, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not binary or not driver:
        message = (
            "chromium and chromium-driver are required (apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1000,1400"):  # fmt: skip
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(executable_path=driver), options=options)


_CHART_STATE = """
return Array.from(document.querySelectorAll('figure')).map(function (fig) {
  var svg = fig.querySelector('svg.chart');
  var box = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
  var marks = svg ? Array.from(svg.querySelectorAll('.mark')) : [];
  return {
    id: svg ? svg.id : null,
    expected: parseInt(fig.dataset.marks, 10),
    width: box.width, height: box.height,
    marks: marks.length,
    total: marks.reduce(function (s, m) { return s + parseFloat(m.dataset.value); }, 0),
    empty: marks.filter(function (m) {
      var b = m.getBoundingClientRect();
      return parseFloat(m.dataset.value) > 0 && (b.width <= 0 || b.height <= 0);
    }).length
  };
});
"""


def test_browser_draws_every_chart_and_shows_the_figures(rendered: Rendered) -> None:
    browser = _chromium()
    try:
        for name in ("diskopukm", "provinsi", "pontianak"):
            browser.get((rendered.folder / f"{name}.html").as_uri())
            charts = {c["id"]: c for c in browser.execute_script(_CHART_STATE)}
            assert {"grafik-total", "grafik-waktu", "grafik-keputusan"} <= set(charts)
            assert "grafik-skm-unsur" in charts and "grafik-ikm" in charts
            for chart in charts.values():
                assert chart["width"] > 300 and chart["height"] > 60, chart
                assert chart["marks"] == chart["expected"] > 0, chart
                assert chart["empty"] == 0, chart
            broken = browser.execute_script(
                "return Array.from(document.images)"
                ".filter(function (i) { return !i.complete || i.naturalWidth === 0; }).length"
            )
            assert broken == 0
            if name == "diskopukm":
                seen = {k: round(charts[k]["total"]) for k in SEED_CHARTS}
                assert seen == SEED_CHARTS
                assert charts["grafik-total"]["marks"] == 36  # 3 channels x 12 months
                assert charts["grafik-skm-unsur"]["marks"] == 9
                text = _norm(browser.find_element("tag name", "body").text)
                for sentence in SEED_SENTENCES:
                    assert _norm(sentence) in text
                assert "Jumlah 48 58 63 34 57 60 56 54 67 69 69 36 671" in text
    finally:
        browser.quit()
