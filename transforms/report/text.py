"""The report's sentences for sections C and D, worded as the seed report words them
(Laporan Tahunan PPID Dinas Koperasi UKM Kalbar 2023), with the figures filled in.

Where the seed has a case (all granted, none rejected, no objection ...) its sentence is used
word for word; the other cases (rejections, objections, disputes) keep its phrasing and add the
figures. Numbers use Indonesian notation: 1.234 and 71,15%.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from transforms.labels import CHANNEL_LABELS, VALUE_LABELS
from transforms.report.data import ReportData

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
BULAN_SINGKAT = tuple(b[:3] if b != "Agustus" else "Agt" for b in BULAN)

# every decision that is not a grant (UU KIP Pasal 17 / Pasal 6, not held, not documented)
REFUSALS = ("ditolak", "informasi_tidak_dikuasai", "informasi_belum_didokumentasikan")


def angka(n: int | float) -> str:
    """1234 -> '1.234' (Indonesian thousands separator)."""
    return f"{int(n):,}".replace(",", ".")


def desimal(x: float | None, places: int) -> str:
    """3.028 -> '3,028'; the value is already rounded by the view, this only formats it."""
    if x is None:
        return "-"
    return f"{x:,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def persen(part: int, whole: int) -> str:
    """Share as the report prints it: '100%', '71,15%', '0%' (also for an empty whole)."""
    if not whole:
        return "0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    text = f"{value:f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text}%"


def channel_label(saluran: str) -> str:
    return CHANNEL_LABELS.get(saluran, saluran)


def value_label(code: str) -> str:
    return VALUE_LABELS.get(code, code)


def join_words(parts: list[str]) -> str:
    """'a', 'a dan b', 'a, b dan c'."""
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " dan " + parts[-1]


def granted(data: ReportData) -> int:
    return data.c.get("dikabulkan_seluruhnya", 0) + data.c.get("dikabulkan_sebagian", 0)


def refused(data: ReportData) -> int:
    return sum(data.c.get(k, 0) for k in REFUSALS)


# -- section C ---------------------------------------------------------------------------------
def c1_jumlah(data: ReportData, nama: str, ppid: str) -> str:
    n, y = data.c.get("jumlah_permohonan", 0), data.tahun
    if not n:
        return (
            f"Selama Tahun {y} tidak ada permohonan informasi publik yang diterima oleh "
            f"{ppid} (0%)."
        )
    parts = [
        f"{channel_label(s)} {angka(k)} permohonan ({persen(k, n)})"
        for s, k in data.saluran.items()
    ]
    return (
        f"Selama Tahun {y}, {ppid} menerima {angka(n)} permohonan informasi publik melalui "
        f"{len(parts)} saluran: {join_words(parts)}."
    )


def c2_waktu(data: ReportData, nama: str, ppid: str) -> list[str]:
    c, y = data.c, data.tahun
    n = c.get("jumlah_permohonan", 0)
    on_time = c.get("tepat_waktu_10_hari_kerja", 0) + c.get("tepat_waktu_perpanjangan", 0)
    if not n:
        return [
            f"Selama Tahun {y} tidak ada permohonan informasi publik yang diterima oleh {ppid}, "
            "sehingga tidak ada waktu pemenuhan yang dapat dilaporkan (0%)."
        ]
    if on_time == n:
        first = (
            f"Selama Tahun {y} semua permohonan informasi publik di {nama}, dapat dipenuhi dalam "
            "kurun waktu yang diamanatkan oleh UU Keterbukaan Informasi Publik atau dengan kata "
            "lain tidak ada permohonan informasi publik yang dilayani melampaui waktu yang "
            "ditentukan, yaitu kurang dari 17 (tujuh belas) hari kerja (semuanya tepat waktu)."
        )
    else:
        rest = []
        for key, text in (
            ("terlambat", "dipenuhi melampaui waktu yang ditentukan"),
            ("belum_selesai", "belum selesai dan masih dalam jangka waktu"),
            ("lewat_tenggat", "belum selesai dan telah melampaui waktu yang ditentukan"),
            ("waktu_tidak_diketahui", "tanggal pemberitahuan tertulisnya tidak tercatat"),
        ):
            if c.get(key, 0):
                rest.append(f"sejumlah {angka(c[key])} {text} ({persen(c[key], n)})")
        first = (
            f"Selama Tahun {y}, dari {angka(n)} permohonan informasi publik di {nama}, sejumlah "
            f"{angka(on_time)} dapat dipenuhi dalam kurun waktu yang diamanatkan oleh UU "
            f"Keterbukaan Informasi Publik, yaitu paling lama 17 (tujuh belas) hari kerja "
            f"({persen(on_time, n)}); {'; '.join(rest)}."
        )
    a, b = c.get("tepat_waktu_10_hari_kerja", 0), c.get("tepat_waktu_perpanjangan", 0)
    detail = (
        f"Sejumlah {angka(a)} permohonan ({persen(a, n)}) dipenuhi dalam 10 (sepuluh) hari kerja "
        f"dan {angka(b)} permohonan ({persen(b, n)}) dalam perpanjangan waktu paling lama 17 "
        "(tujuh belas) hari kerja (UU 14/2008 Pasal 22 ayat (7) dan (8))."
    )
    return [first, detail]


def c3_dikabulkan(data: ReportData) -> str:
    c, y = data.c, data.tahun
    n, k = c.get("jumlah_permohonan", 0), granted(data)
    full, part = c.get("dikabulkan_seluruhnya", 0), c.get("dikabulkan_sebagian", 0)
    if not n:
        return (
            f"Selama Tahun {y} tidak ada permohonan informasi publik yang diterima, sehingga "
            "tidak ada permohonan yang dikabulkan (0%)."
        )
    head = (
        f"Dari {angka(n)} permohonan informasi publik, sejumlah {angka(k)} yang permohonannya "
        "dikabulkan"
    )
    share = f"({persen(k, n)} permohonan informasi ditanggapi)" if k == n else f"({persen(k, n)})"
    if not part:
        return f"{head} {share}."
    return (
        f"{head} {share}, terdiri atas {angka(full)} dikabulkan seluruhnya dan {angka(part)} "
        "dikabulkan sebagian."
    )


def c4_ditolak(data: ReportData) -> str:
    c, y = data.c, data.tahun
    n, r = c.get("jumlah_permohonan", 0), refused(data)
    if not n:
        return (
            f"Selama Tahun {y} tidak ada permohonan informasi publik yang diterima, sehingga "
            "tidak ada permohonan yang ditolak (0%)."
        )
    if not r:
        return (
            f"Dari {angka(n)} permohonan informasi publik, tidak ada permohonan yang ditolak "
            f"({persen(granted(data), n)} permintaan permohonan informasi dipenuhi dengan baik)."
        )
    parts = []
    for key, text in (
        (
            "ditolak",
            "ditolak berdasarkan pengecualian informasi (UU 14/2008 Pasal 17 atau Pasal 6)",
        ),
        ("informasi_tidak_dikuasai", "tidak dapat diberikan karena informasi tidak dikuasai"),
        (
            "informasi_belum_didokumentasikan",
            "tidak dapat diberikan karena informasi belum didokumentasikan",
        ),
    ):
        if c.get(key, 0):
            parts.append(f"{angka(c[key])} {text}")
    return (
        f"Dari {angka(n)} permohonan informasi publik, sejumlah {angka(r)} permohonan ditolak "
        f"({persen(r, n)}): {join_words(parts)}. Alasan penolakan dirinci pada tabel berikut."
    )


# -- section D ---------------------------------------------------------------------------------
_KEBERATAN_ALASAN = {
    "keberatan_alasan_a": "huruf a, penolakan berdasarkan Pasal 17",
    "keberatan_alasan_b": "huruf b, tidak disediakannya informasi berkala",
    "keberatan_alasan_c": "huruf c, tidak ditanggapinya permintaan informasi",
    "keberatan_alasan_d": "huruf d, permintaan ditanggapi tidak sebagaimana yang diminta",
    "keberatan_alasan_e": "huruf e, tidak dipenuhinya permintaan informasi",
    "keberatan_alasan_f": "huruf f, pengenaan biaya yang tidak wajar",
    "keberatan_alasan_g": "huruf g, penyampaian informasi melebihi waktu yang diatur",
    "keberatan_alasan_tidak_disebutkan": "alasan tidak disebutkan",
}


def _listed(d: dict[str, int], items: tuple[tuple[str, str], ...]) -> list[str]:
    return [f"{text}: {angka(d[k])}" for k, text in items if d.get(k, 0)]


def d_items(data: ReportData, ppid: str) -> list[tuple[str, str]]:
    """(heading, sentence) of D1-D6, headings as in the seed report."""
    d, y, n = data.d, data.tahun, data.c.get("jumlah_permohonan", 0)
    kb = d.get("jumlah_keberatan", 0)
    items: list[tuple[str, str]] = []

    if not kb:
        d1 = f"Selama Tahun {y} tidak ada keberatan yang diterima oleh {ppid} (0%)."
    else:
        grounds = _listed(d, tuple(_KEBERATAN_ALASAN.items()))
        share = f"{persen(kb, n)} dari {angka(n)} permohonan informasi publik" if n else "-"
        d1 = (
            f"Selama Tahun {y} terdapat {angka(kb)} keberatan yang diterima oleh {ppid} "
            f"({share}), dengan alasan (UU 14/2008 Pasal 35 ayat (1)) {'; '.join(grounds)}."
        )
    items.append(("Jumlah Keberatan yang Diterima", d1))

    answered = d.get("keberatan_ditanggapi", 0)
    if not answered:
        d2 = "Tidak Ada tanggapan atas keberatan yang di berikan dan pelaksanaannya (0%)."
        if kb:
            d2 = (
                f"Dari {angka(kb)} keberatan yang diterima, belum ada tanggapan atas keberatan "
                f"yang diberikan (0%); {angka(d.get('keberatan_belum_ditanggapi', 0))} masih "
                f"dalam jangka waktu dan {angka(d.get('keberatan_lewat_waktu', 0))} telah "
                "melewati 30 (tiga puluh) hari kerja."
            )
    else:
        detail = _listed(
            d,
            (
                ("keberatan_dikabulkan", "keberatan diterima"),
                ("keberatan_ditolak", "keberatan ditolak"),
                ("keberatan_ditanggapi_lain", "keputusan tidak tercatat"),
                ("keberatan_tanggapan_terlambat", "ditanggapi melewati 30 hari kerja"),
                ("keberatan_belum_ditanggapi", "belum ditanggapi dan masih dalam jangka waktu"),
                ("keberatan_lewat_waktu", "belum ditanggapi dan melewati 30 hari kerja"),
            ),
        )
        d2 = (
            f"Dari {angka(kb)} keberatan yang diterima, sejumlah {angka(answered)} telah diberikan "
            f"tanggapan oleh atasan PPID ({persen(answered, kb)}): {'; '.join(detail)}. Tanggapan "
            f"yang telah dilaksanakan oleh badan publik {angka(d.get('keberatan_dilaksanakan', 0))}"
            f", belum dilaksanakan {angka(d.get('keberatan_belum_dilaksanakan', 0))}."
        )
    items.append(("Tanggapan atas Keberatan yang Diberikan dan Pelaksanaannya", d2))

    ki = d.get("sengketa_diajukan_ki", 0)
    d3 = (
        f"Sejumlah {angka(ki)} permohonan permintaan informasi publik sampai pada sengketa "
        f"informasi yang diajukan ke Komisi Informasi ({persen(ki, n)})."
        if ki
        else "Tidak Ada permohonan permintaan informasi publik sampai pada sengketa informasi (0%)."
    )
    items.append(("Jumlah Permohonan Penyelesaian Sengketa ke Komisi Informasi yang Berwenang", d3))

    med, adj = d.get("mediasi", 0), d.get("ajudikasi", 0)
    if not med and not adj:
        d4 = (
            "Tidak Ada permohonan permintaan informasi publik yang berujung pada mediasi atau "
            "keputusan ajudikasi komisi informasi (0%)."
        )
    else:
        m = _listed(
            d,
            (
                ("mediasi_berhasil", "berhasil"),
                ("mediasi_gagal", "gagal"),
                ("mediasi_berjalan", "masih berjalan"),
            ),
        )
        a = _listed(
            d,
            (
                ("ajudikasi_dikabulkan", "dikabulkan seluruhnya atau sebagian"),
                ("ajudikasi_ditolak", "ditolak"),
                ("ajudikasi_lainnya", "tidak dapat diterima, dicabut atau gugur"),
                ("ajudikasi_berjalan", "masih berjalan"),
            ),
        )
        d4 = (
            f"Sejumlah {angka(med + adj)} permohonan permintaan informasi publik berujung pada "
            f"mediasi atau keputusan ajudikasi komisi informasi ({persen(med + adj, n)}): "
            f"mediasi {angka(med)}{' (' + ', '.join(m) + ')' if m else ''} dan ajudikasi "
            f"{angka(adj)}{' (' + ', '.join(a) + ')' if a else ''}. Hasil yang telah dilaksanakan "
            f"oleh badan publik {angka(d.get('putusan_ki_dilaksanakan', 0))}, belum dilaksanakan "
            f"{angka(d.get('putusan_ki_belum_dilaksanakan', 0))}."
        )
    items.append(
        (
            "Hasil Mediasi dan/atau Keputusan Ajudikasi Komisi Informasi yang berwenang dan "
            "Pelaksanaannya oleh Badan Publik",
            d4,
        )
    )

    suits = d.get("gugatan_pengadilan", 0)
    if not suits:
        d5 = (
            "Tidak Ada permohonan permintaan informasi publik yang berujung gugatan ke "
            "pengadilan (0%)."
        )
    else:
        where = _listed(d, (("gugatan_ptun", "PTUN"), ("gugatan_pn", "Pengadilan Negeri")))
        kasasi = d.get("kasasi", 0)
        d5 = (
            f"Sejumlah {angka(suits)} permohonan permintaan informasi publik berujung gugatan ke "
            f"pengadilan ({persen(suits, n)}): {'; '.join(where)}"
            + (f"; permohonan kasasi ke Mahkamah Agung {angka(kasasi)}." if kasasi else ".")
        )
    items.append(("Jumlah Gugatan yang Diajukan ke Pengadilan", d5))

    rulings = d.get("putusan_pengadilan", 0) + d.get("putusan_kasasi", 0)
    if not rulings:
        d6 = (
            "Tidak Ada permohonan permintaan informasi publik yang berujung putusan pengadilan "
            "pelaksanaannya oleh badan publik (0%)."
        )
    else:
        out = _listed(
            d,
            (
                ("putusan_pengadilan_dikabulkan", "putusan pengadilan dikabulkan"),
                ("putusan_pengadilan_ditolak", "putusan pengadilan ditolak"),
                ("putusan_pengadilan_lainnya", "tidak dapat diterima, dicabut atau gugur"),
                ("putusan_kasasi_dikabulkan", "putusan kasasi dikabulkan"),
                ("putusan_kasasi_ditolak", "putusan kasasi ditolak"),
            ),
        )
        d6 = (
            f"Sejumlah {angka(rulings)} permohonan permintaan informasi publik berujung putusan "
            f"pengadilan ({persen(rulings, n)}): {'; '.join(out)}. Putusan yang telah dilaksanakan "
            f"oleh badan publik {angka(d.get('putusan_pengadilan_dilaksanakan', 0))}, belum "
            f"dilaksanakan {angka(d.get('putusan_pengadilan_belum_dilaksanakan', 0))}."
        )
    items.append(("Hasil Putusan Pengadilan dan Pelaksanaannya oleh Badan Publik.", d6))
    return items


# -- facts supporting section E ------------------------------------------------------------------
def e_facts(data: ReportData) -> list[str]:
    """Data the desk can cite among its obstacles: incomplete or late requests, survey size."""
    c, n = data.c, data.c.get("jumlah_permohonan", 0)
    facts = [
        f"Permohonan yang tidak lengkap (identitas, kontak atau rincian informasi tidak diisi): "
        f"{angka(c.get('permohonan_tidak_lengkap', 0))} dari {angka(n)} permohonan "
        f"({persen(c.get('permohonan_tidak_lengkap', 0), n)})."
    ]
    late = c.get("terlambat", 0) + c.get("lewat_tenggat", 0)
    facts.append(
        f"Permohonan yang dilayani atau masih terbuka melampaui waktu yang ditentukan: "
        f"{angka(late)} ({persen(late, n)}); dengan perpanjangan waktu: "
        f"{angka(c.get('dengan_perpanjangan', 0))} ({persen(c.get('dengan_perpanjangan', 0), n)})."
    )
    missing = c.get("informasi_tidak_dikuasai", 0) + c.get("informasi_belum_didokumentasikan", 0)
    facts.append(
        f"Informasi yang diminta tetapi tidak dikuasai atau belum didokumentasikan: "
        f"{angka(missing)} permohonan ({persen(missing, n)})."
    )
    skm = data.skm
    if skm and skm.get("jumlah_responden"):
        below = " (di bawah sampel minimal)" if skm.get("responden_kurang") else ""
        facts.append(
            f"Responden survei kepuasan masyarakat: {angka(skm['jumlah_responden'])}, sampel "
            f"minimal {angka(skm.get('sampel_minimum') or 0)} (Krejcie-Morgan){below}."
        )
    else:
        facts.append(
            f"Survei kepuasan masyarakat Tahun {data.tahun}: belum ada responden tercatat."
        )
    return facts
