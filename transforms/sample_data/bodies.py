"""Public bodies (badan publik) of the sample province, Kalimantan Barat.

Each entry: code, name, short name (used in registration numbers and chat names), regency/city
(empty for provincial bodies), channel weights (a channel missing = the body does not use it),
requests per year around 2023, and the desk's e-mail addresses and WhatsApp display names.
"""

from __future__ import annotations

import random
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

# --- the regencies' own bodies (scale `province`) -----------------------------------------------

# (name, code slug, short name, size weight, capital's kecamatan, code of its Diskominfo when it
# is one of the 40 bodies above). Kecamatan names as in names.REGIONS.
REGENCIES: tuple[tuple[str, str, str, float, str, str], ...] = (
    ("Kabupaten Sambas", "sambas", "Sambas", 1.2, "Sambas", "sambas"),
    ("Kabupaten Bengkayang", "bengkayang", "Bengkayang", 0.6, "Bengkayang", ""),
    ("Kabupaten Landak", "landak", "Landak", 0.8, "Ngabang", ""),
    ("Kabupaten Mempawah", "mempawah", "Mempawah", 0.7, "Mempawah Hilir", "mempawah"),
    ("Kabupaten Sanggau", "sanggau", "Sanggau", 1.0, "Kapuas", "sanggau"),
    ("Kabupaten Ketapang", "ketapang", "Ketapang", 1.1, "Delta Pawan", "ketapang"),
    ("Kabupaten Sintang", "sintang", "Sintang", 1.0, "Sintang", "sintang"),
    ("Kabupaten Kapuas Hulu", "kapuashulu", "Kapuas Hulu", 0.6, "Putussibau Utara", ""),
    ("Kabupaten Sekadau", "sekadau", "Sekadau", 0.5, "Sekadau Hilir", ""),
    ("Kabupaten Melawi", "melawi", "Melawi", 0.5, "Nanga Pinoh", ""),
    ("Kabupaten Kayong Utara", "kayongutara", "Kayong Utara", 0.35, "Sukadana", ""),
    ("Kabupaten Kubu Raya", "kuburaya", "Kubu Raya", 1.3, "Sungai Raya", "kuburaya"),
    ("Kota Pontianak", "pontianak", "Pontianak", 1.8, "Pontianak Kota", "pontianak"),
    ("Kota Singkawang", "singkawang", "Singkawang", 0.7, "Singkawang Barat", "singkawang"),
)
# A regency's units: (code prefix, name, short name, channel weights, requests a year at size
# 1.0). The first is the regency's own Diskominfo (its PPID); a regency whose Diskominfo is
# among the 40 bodies takes the 40 after it, the others the first 40.
UNIT_TYPES: tuple[tuple[str, str, str, dict[str, float], int], ...] = (
    ("diskominfo", "Dinas Komunikasi dan Informatika", "Diskominfo",
     {E: 0.3, W: 0.4, B: 0.1, F: 0.2}, 200),
    ("dinkes", "Dinas Kesehatan", "Dinkes", {E: 0.3, W: 0.4, B: 0.3}, 220),
    ("disdik", "Dinas Pendidikan dan Kebudayaan", "Disdikbud", {E: 0.3, W: 0.3, B: 0.2, F: 0.2},
     260),
    ("bappeda", "Badan Perencanaan Pembangunan Daerah", "Bappeda", {E: 0.5, B: 0.2, F: 0.3}, 150),
    ("bpkad", "Badan Pengelolaan Keuangan dan Aset Daerah", "BPKAD", {E: 0.6, B: 0.4}, 100),
    ("bapenda", "Badan Pendapatan Daerah", "Bapenda", {E: 0.3, W: 0.4, F: 0.3}, 130),
    ("dpmptsp", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "DPMPTSP",
     {E: 0.2, W: 0.4, B: 0.2, F: 0.2}, 240),
    ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil", "Disdukcapil",
     {W: 0.5, B: 0.3, F: 0.2}, 300),
    ("dinsos", "Dinas Sosial", "Dinsos", {W: 0.6, B: 0.4}, 220),
    ("pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "PUPR", {E: 0.5, B: 0.3, F: 0.2}, 140),
    ("perkim", "Dinas Perumahan Rakyat dan Kawasan Permukiman", "Perkim",
     {E: 0.5, W: 0.3, B: 0.2}, 60),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", {E: 0.5, W: 0.3, B: 0.2}, 110),
    ("dishub", "Dinas Perhubungan", "Dishub", {E: 0.4, W: 0.4, B: 0.2}, 80),
    ("disnakertrans", "Dinas Tenaga Kerja dan Transmigrasi", "Disnakertrans",
     {E: 0.3, W: 0.5, B: 0.2}, 150),
    ("disperindag", "Dinas Perindustrian dan Perdagangan", "Disperindag",
     {E: 0.4, W: 0.4, B: 0.2}, 90),
    ("diskopukm", "Dinas Koperasi, Usaha Kecil dan Menengah", "Diskopukm",
     {E: 0.2, W: 0.4, B: 0.4}, 120),
    ("distan", "Dinas Pertanian dan Peternakan", "Distan", {E: 0.3, W: 0.5, B: 0.2}, 110),
    ("diskan", "Dinas Perikanan", "Diskan", {E: 0.4, W: 0.4, B: 0.2}, 50),
    ("dispangan", "Dinas Ketahanan Pangan", "Dispangan", {E: 0.5, W: 0.5}, 40),
    ("disporapar", "Dinas Pemuda, Olahraga dan Pariwisata", "Disporapar",
     {E: 0.3, W: 0.5, F: 0.2}, 70),
    ("dp3akb", "Dinas Pemberdayaan Perempuan, Perlindungan Anak dan Keluarga Berencana",
     "DP3AKB", {E: 0.4, W: 0.4, B: 0.2}, 60),
    ("bkpsdm", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "BKPSDM",
     {E: 0.3, W: 0.4, B: 0.3}, 200),
    ("bpbd", "Badan Penanggulangan Bencana Daerah", "BPBD", {E: 0.4, W: 0.6}, 60),
    ("satpolpp", "Satuan Polisi Pamong Praja", "Satpol PP", {E: 0.5, B: 0.5}, 20),
    ("kesbangpol", "Badan Kesatuan Bangsa dan Politik", "Kesbangpol", {E: 0.3, B: 0.7}, 70),
    ("inspektorat", "Inspektorat Daerah", "Inspektorat", {E: 0.7, B: 0.3}, 30),
    ("dispusip", "Dinas Perpustakaan dan Kearsipan", "Dispusip", {E: 0.3, B: 0.7}, 40),
    ("dpmd", "Dinas Pemberdayaan Masyarakat dan Desa", "DPMD", {E: 0.4, W: 0.4, B: 0.2}, 150),
    ("rsud", "Rumah Sakit Umum Daerah", "RSUD", {E: 0.3, W: 0.4, B: 0.3}, 180),
    ("setwan", "Sekretariat DPRD", "Setwan", {E: 0.5, B: 0.5}, 40),
    ("setda", "Sekretariat Daerah", "Setda", {E: 0.6, W: 0.2, B: 0.2}, 90),
    ("bagianhukum", "Bagian Hukum Sekretariat Daerah", "Bag Hukum", {E: 0.8, B: 0.2}, 25),
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar", {W: 0.7, B: 0.3}, 20),
    ("perumdaam", "Perumda Air Minum", "Perumda AM", {E: 0.3, W: 0.5, B: 0.2}, 90),
    ("disbun", "Dinas Perkebunan", "Disbun", {E: 0.4, W: 0.4, B: 0.2}, 60),
    ("brida", "Badan Riset dan Inovasi Daerah", "BRIDA", {E: 0.7, F: 0.3}, 20),
    ("disnakkeswan", "Dinas Peternakan dan Kesehatan Hewan", "Disnakkeswan",
     {E: 0.4, W: 0.4, B: 0.2}, 40),
    ("kec", "Kecamatan", "Kec", {W: 0.6, B: 0.4}, 30),
    ("bagianpbj", "Bagian Pengadaan Barang dan Jasa Sekretariat Daerah", "Bag PBJ",
     {E: 0.7, F: 0.3}, 40),
    ("prokopim", "Bagian Protokol dan Komunikasi Pimpinan Sekretariat Daerah", "Prokopim",
     {E: 0.5, W: 0.5}, 30),
    ("kesra", "Bagian Kesejahteraan Rakyat Sekretariat Daerah", "Bag Kesra",
     {E: 0.5, W: 0.3, B: 0.2}, 25),
)  # fmt: skip
UNITS_PER_REGENCY = 40


def _unit(regency: tuple[str, str, str, float, str, str], unit: tuple) -> Body:
    """One regency unit: a stable code (`dinkes-sambas`), a real-looking name, its own desk
    addresses; volume and channels vary per body but follow from the code alone."""
    reg_name, slug, short, size, capital, own = regency
    prefix, name, singkat, channels, base = unit
    kode = f"{prefix}-{slug}"
    rng = random.Random(f"regency-unit:{kode}")
    # regency desks run on WhatsApp more than the provincial offices do
    chans = {c: w * rng.uniform(0.6, 1.4) * (1.6 if c == W else 1.0) for c, w in channels.items()}
    if len(chans) > 2 and rng.random() < 0.2:  # some desks do without one channel
        chans.pop(rng.choice(sorted(c for c in chans if c != W) or sorted(chans)))
    volume = max(8, round(base * size * rng.lognormvariate(0.0, 0.45)))
    if prefix == "kec":
        nama, singkat = f"Kecamatan {capital} {reg_name}", f"Kec {capital}"
    else:
        nama, singkat = f"{name} {reg_name}", f"{singkat} {short}"
    induk = "diskominfo" if prefix == "diskominfo" else (own or f"diskominfo-{slug}")
    handle = prefix.replace("-", "")
    wa = (f"PPID {singkat}",) + ((f"Admin PPID {singkat}",) if rng.random() < 0.3 else ())
    return Body(
        kode=kode,
        nama=nama,
        singkat=singkat,
        kabupaten_kota=reg_name,
        channels={c: round(w, 3) for c, w in chans.items()},
        volume=volume,
        emails=(f"ppid.{handle}@{slug}.example.go.id",) if E in chans else (),
        wa_names=wa if W in chans else (),
        induk=induk,
    )


def _regency_units() -> tuple[Body, ...]:
    """560 units: unit type by unit type, regency by regency, so every prefix of the list has
    each unit's parent (the regency's Diskominfo) before the unit."""
    chosen = {
        reg[1]: UNIT_TYPES[1 : UNITS_PER_REGENCY + 1] if reg[5] else UNIT_TYPES[:UNITS_PER_REGENCY]
        for reg in REGENCIES
    }
    out = []
    for unit in UNIT_TYPES:
        for reg in REGENCIES:
            if unit in chosen[reg[1]]:
                out.append(_unit(reg, unit))
    return tuple(out)


REGENCY_BODIES = _regency_units()
PROVINCE_BODIES = BODIES + REGENCY_BODIES
# Every channel in six bodies; each unit's parent PPID is among them (bodies.csv checks it).
SMOKE_CODES = (
    "diskominfo", "dinkes", "pontianak", "diskominfo-bengkayang", "dinkes-pontianak",
    "disdukcapil-bengkayang",
)  # fmt: skip
BY_CODE = {b.kode: b for b in PROVINCE_BODIES}
assert len(BY_CODE) == len(PROVINCE_BODIES) == 600


def unit_type(kode: str) -> str:
    """`dinkes-sambas` -> `dinkes` (a regency unit's type); other codes unchanged."""
    return kode.split("-", 1)[0]
