"""Public bodies (badan publik) of the sample province, Kalimantan Barat.

Each entry: code, name, short name (used in registration numbers and chat names), regency/city
(empty for provincial bodies), channel weights (a channel missing = the body does not use it),
requests per year around 2023, and the desk's e-mail addresses and WhatsApp display names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

PROV = "Provinsi Kalimantan Barat"


@dataclass(frozen=True)
class Body:
    kode: str
    nama: str
    singkat: str  # short name: "Diskopukm" -> PPID-DISKOPUKM, "PPID Diskopukm Kalbar"
    kabupaten_kota: str = ""
    channels: dict[str, float] = field(default_factory=dict)
    volume: int = 100  # requests in 2023 (other years scale around it)
    emails: tuple[str, ...] = ()
    wa_names: tuple[str, ...] = ()
    jenis: str = "pelaksana"
    induk: str = "diskominfo"


def _prov(
    kode: str,
    nama: str,
    singkat: str,
    channels: dict[str, float],
    volume: int,
    extra_email: str = "",
    extra_wa: str = "",
) -> Body:
    emails = (f"ppid.{kode}@kalbarprov.go.id",) + ((extra_email,) if extra_email else ())
    wa = (f"PPID {singkat} Kalbar",) + ((extra_wa,) if extra_wa else ())
    return Body(
        kode=kode,
        nama=f"{nama} {PROV}",
        singkat=singkat,
        channels=channels,
        volume=volume,
        emails=emails if "email" in channels else (),
        wa_names=wa if "whatsapp" in channels else (),
    )


def _local(
    kode: str, nama: str, singkat: str, kab: str, channels: dict[str, float], volume: int
) -> Body:
    slug = kode.replace("_", "")
    return Body(
        kode=kode,
        nama=nama,
        singkat=singkat,
        kabupaten_kota=kab,
        channels=channels,
        volume=volume,
        emails=(f"ppid@{slug}.example.go.id",) if "email" in channels else (),
        wa_names=(f"PPID {singkat}",) if "whatsapp" in channels else (),
    )


E, W, B, F = "email", "whatsapp", "buku_tamu", "web"

DISKOMINFO = Body(
    kode="diskominfo",
    nama=f"Dinas Komunikasi dan Informatika {PROV}",
    singkat="Diskominfo",
    channels={E: 0.25, W: 0.3, B: 0.15, F: 0.3},
    volume=520,
    emails=("ppid@kalbarprov.go.id", "diskominfo@kalbarprov.go.id"),
    wa_names=("PPID Kalbar", "Admin PPID Utama Kalbar"),
    jenis="utama",
    induk="",
)

DISKOPUKM = Body(
    kode="diskopukm",
    nama=f"Dinas Koperasi, Usaha Kecil dan Menengah {PROV}",
    singkat="Diskopukm",
    channels={E: 121, W: 152, B: 398},
    volume=671,
    emails=("diskopukm@kalbarprov.go.id",),
    wa_names=("PPID Diskopukm Kalbar", "Admin PPID Diskopukm"),
)

BODIES: tuple[Body, ...] = (
    DISKOMINFO,
    DISKOPUKM,
    _prov(
        "dinkes",
        "Dinas Kesehatan",
        "Dinkes",
        {E: 0.3, W: 0.4, B: 0.3},
        430,
        extra_email="ppid.dinkeskalbar@example.com",
    ),
    _prov(
        "disdik",
        "Dinas Pendidikan dan Kebudayaan",
        "Disdikbud",
        {E: 0.3, W: 0.3, B: 0.2, F: 0.2},
        640,
    ),
    _prov(
        "bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda", {E: 0.5, B: 0.2, F: 0.3}, 310
    ),
    _prov("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", {E: 0.6, B: 0.4}, 180),
    _prov(
        "dpmptsp",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        {E: 0.2, W: 0.3, B: 0.2, F: 0.3},
        560,
        extra_wa="Admin PPID DPMPTSP",
    ),
    _prov("dishub", "Dinas Perhubungan", "Dishub", {E: 0.4, W: 0.4, B: 0.2}, 150),
    _prov("dinsos", "Dinas Sosial", "Dinsos", {W: 0.6, B: 0.4}, 390),
    _prov(
        "disnakertrans",
        "Dinas Tenaga Kerja dan Transmigrasi",
        "Disnakertrans",
        {E: 0.3, W: 0.4, B: 0.3},
        280,
    ),
    _prov(
        "dlhk",
        "Dinas Lingkungan Hidup dan Kehutanan",
        "DLHK",
        {E: 0.5, W: 0.2, B: 0.1, F: 0.2},
        240,
    ),
    _prov("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", {E: 0.5, B: 0.3, F: 0.2}, 210),
    _prov(
        "perkim", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Perkim", {E: 0.6, B: 0.4}, 60
    ),
    _prov(
        "disperindag",
        "Dinas Perindustrian dan Perdagangan",
        "Disperindag",
        {E: 0.4, W: 0.4, B: 0.2},
        170,
    ),
    _prov(
        "distanbun",
        "Dinas Pertanian, Peternakan dan Perkebunan",
        "Distanakbun",
        {E: 0.3, W: 0.5, B: 0.2},
        200,
    ),
    _prov("dkp", "Dinas Kelautan dan Perikanan", "DKP", {E: 0.4, W: 0.3, B: 0.3}, 90),
    _prov(
        "disporapar",
        "Dinas Kepemudaan, Olahraga dan Pariwisata",
        "Disporapar",
        {E: 0.3, W: 0.5, F: 0.2},
        120,
    ),
    _prov(
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        {W: 0.5, B: 0.3, F: 0.2},
        330,
    ),
    _prov(
        "dp3ap2kb",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan "
        "Keluarga Berencana",
        "DP3AP2KB",
        {E: 0.4, W: 0.4, B: 0.2},
        80,
    ),
    _prov("bkd", "Badan Kepegawaian Daerah", "BKD", {E: 0.3, W: 0.4, B: 0.3}, 350),
    _prov("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD", {E: 0.4, W: 0.6}, 110),
    _prov("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP", {E: 0.5, B: 0.5}, 30),
    _prov("kesbangpol", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", {E: 0.3, B: 0.7}, 140),
    _prov("bapenda", "Badan Pendapatan Daerah", "Bapenda", {E: 0.3, W: 0.4, F: 0.3}, 260),
    _prov("inspektorat", "Inspektorat", "Inspektorat", {E: 0.7, B: 0.3}, 45),
    _prov("dkpp", "Dinas Ketahanan Pangan dan Hortikultura", "DKPH", {E: 0.5, W: 0.5}, 55),
    _prov("dispusip", "Dinas Perpustakaan dan Kearsipan", "Dispusip", {E: 0.3, B: 0.7}, 70),
    _prov("esdm", "Dinas Energi dan Sumber Daya Mineral", "ESDM", {E: 0.6, W: 0.2, F: 0.2}, 160),
    _prov("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", {E: 0.4, W: 0.4, B: 0.2}, 190),
    _prov("rsud", "RSUD dr. Soedarso", "RSUD Soedarso", {E: 0.3, W: 0.4, B: 0.3}, 300),
    _prov("setwan", "Sekretariat DPRD", "Setwan", {E: 0.5, B: 0.5}, 65),
    _prov(
        "biroekbang",
        "Biro Perekonomian dan Pembangunan Sekretariat Daerah",
        "Biro Ekbang",
        {E: 0.8, B: 0.2},
        25,
    ),
    _local(
        "pontianak",
        "Dinas Komunikasi dan Informatika Kota Pontianak",
        "Kota Pontianak",
        "Kota Pontianak",
        {E: 0.3, W: 0.4, B: 0.1, F: 0.2},
        480,
    ),
    _local(
        "singkawang",
        "Dinas Komunikasi dan Informatika Kota Singkawang",
        "Kota Singkawang",
        "Kota Singkawang",
        {E: 0.3, W: 0.5, B: 0.2},
        150,
    ),
    _local(
        "kuburaya",
        "Dinas Komunikasi dan Informatika Kabupaten Kubu Raya",
        "Kab Kubu Raya",
        "Kabupaten Kubu Raya",
        {E: 0.3, W: 0.5, B: 0.2},
        210,
    ),
    _local(
        "mempawah",
        "Dinas Komunikasi dan Informatika Kabupaten Mempawah",
        "Kab Mempawah",
        "Kabupaten Mempawah",
        {E: 0.4, B: 0.6},
        75,
    ),
    _local(
        "sambas",
        "Dinas Komunikasi dan Informatika Kabupaten Sambas",
        "Kab Sambas",
        "Kabupaten Sambas",
        {E: 0.3, W: 0.4, B: 0.3},
        120,
    ),
    _local(
        "ketapang",
        "Dinas Komunikasi dan Informatika Kabupaten Ketapang",
        "Kab Ketapang",
        "Kabupaten Ketapang",
        {E: 0.4, W: 0.6},
        100,
    ),
    _local(
        "sintang",
        "Dinas Komunikasi dan Informatika Kabupaten Sintang",
        "Kab Sintang",
        "Kabupaten Sintang",
        {W: 0.7, B: 0.3},
        85,
    ),
    _local(
        "sanggau",
        "Dinas Komunikasi dan Informatika Kabupaten Sanggau",
        "Kab Sanggau",
        "Kabupaten Sanggau",
        {E: 0.5, W: 0.3, F: 0.2},
        65,
    ),
)

SMALL_CODES = ("diskominfo", "diskopukm", "dinkes", "pontianak")
BY_CODE = {b.kode: b for b in BODIES}
