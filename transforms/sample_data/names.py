"""Word lists for fake but plausible requesters in Kalimantan Barat (no real people)."""

from __future__ import annotations

# fmt: off
FIRST_NAMES_M = (
    "Budi", "Agus", "Andi", "Ahmad", "Muhammad", "Rudi", "Dedi", "Hendra", "Joko", "Yohanes",
    "Fransiskus", "Antonius", "Stefanus", "Gregorius", "Hasan", "Syarif", "Abdul", "Rizky",
    "Fajar", "Dimas", "Bayu", "Eko", "Irfan", "Arif", "Yusuf", "Taufik", "Hendrik", "Markus",
    "Petrus", "Paulus", "Wahyu", "Ridwan", "Firman", "Iwan", "Sutarno", "Sugianto", "Herman",
    "Rahmat", "Zainal", "Ilham", "Aditya", "Reza", "Kevin", "Hendri", "Alexander", "Albertus",
    "Robertus", "Yosef", "Lukas", "Kurniawan", "Nurdin", "Darmawan", "Gusti", "Uray", "Utin",
    "Bong", "Acong", "Alim", "Hamdan", "Usman", "Jumadi", "Syahrul", "Bambang", "Sigit",
)
FIRST_NAMES_F = (
    "Siti", "Dewi", "Sari", "Rina", "Ani", "Nur", "Fitri", "Yuliana", "Maria", "Theresia",
    "Agnes", "Veronika", "Elisabeth", "Rosalia", "Nurul", "Aisyah", "Fatimah", "Indah", "Wulan",
    "Putri", "Ayu", "Desi", "Lestari", "Melati", "Ratna", "Yanti", "Erni", "Herlina", "Susanti",
    "Novita", "Rahmawati", "Kartika", "Anjani", "Dian", "Eka", "Lina", "Mega", "Nadia", "Oktavia",
    "Citra", "Safitri", "Winda", "Yulia", "Marlina", "Lusiana", "Meliana", "Chintya", "Felisia",
    "Sherly", "Juliana", "Hartini", "Sumiati", "Rosmawati", "Dayang", "Syarifah", "Nining",
)
LAST_NAMES = (
    "Santoso", "Wijaya", "Saputra", "Pratama", "Hidayat", "Kurniawan", "Setiawan", "Siregar",
    "Nasution", "Lubis", "Simanjuntak", "Sitompul", "Gultom", "Manurung", "Lim", "Tan", "Wong",
    "Halim", "Gunawan", "Hartono", "Sulaiman", "Rahman", "Hasibuan", "Alkadrie", "Alqadrie",
    "Assegaf", "Syahputra", "Firmansyah", "Ramadhan", "Nugroho", "Wibowo", "Susanto", "Purnomo",
    "Anyang", "Ngadi", "Jalung", "Bujang", "Kayan", "Lawing", "Atan", "Ismail", "Yusuf", "Idris",
    "Mahmud", "Hamid", "Hasyim", "Sembiring", "Tarigan", "Ginting", "Daeng", "Bugis", "Effendi",
    "Suryadi", "Maulana", "Hakim", "Pane", "Putra", "Putri", "Lestari", "Handayani", "Permata",
    "Sinaga", "Silalahi", "Panjaitan", "Batubara", "Lie", "Chandra", "Darmadi", "Akbar", "Noor",
)
TITLES = ("", "", "", "", "", "", "", "Drs. ", "Ir. ", "dr. ", "H. ", "Hj. ")
SUFFIXES = ("", "", "", "", "", "", "", "", ", S.E.", ", S.Pd.", ", S.H.", ", M.Si.", ", S.T.")

# (kabupaten/kota, NIK region code, a few kelurahan/kecamatan)
REGIONS = (
    ("Kota Pontianak", "6171", ("Pontianak Kota", "Pontianak Selatan", "Pontianak Barat",
                                "Pontianak Timur", "Pontianak Utara", "Pontianak Tenggara")),
    ("Kota Singkawang", "6172", ("Singkawang Barat", "Singkawang Tengah", "Singkawang Utara")),
    ("Kabupaten Sambas", "6101", ("Sambas", "Pemangkat", "Tebas", "Jawai")),
    ("Kabupaten Bengkayang", "6102", ("Bengkayang", "Sungai Raya Kepulauan", "Ledo")),
    ("Kabupaten Landak", "6103", ("Ngabang", "Mandor", "Menjalin")),
    ("Kabupaten Mempawah", "6104", ("Mempawah Hilir", "Sungai Pinyuh", "Siantan")),
    ("Kabupaten Sanggau", "6105", ("Kapuas", "Tayan Hilir", "Entikong")),
    ("Kabupaten Ketapang", "6106", ("Delta Pawan", "Benua Kayong", "Kendawangan")),
    ("Kabupaten Sintang", "6107", ("Sintang", "Sepauk", "Kelam Permai")),
    ("Kabupaten Kapuas Hulu", "6108", ("Putussibau Utara", "Putussibau Selatan", "Embaloh Hilir")),
    ("Kabupaten Sekadau", "6109", ("Sekadau Hilir", "Nanga Taman")),
    ("Kabupaten Melawi", "6110", ("Nanga Pinoh", "Belimbing")),
    ("Kabupaten Kayong Utara", "6111", ("Sukadana", "Simpang Hilir")),
    ("Kabupaten Kubu Raya", "6112", ("Sungai Raya", "Sungai Kakap", "Rasau Jaya", "Kuala Mandor")),
)
# Pontianak area is over-represented: most requesters live near the provincial offices.
REGION_WEIGHTS = (30, 6, 5, 3, 3, 4, 4, 5, 4, 2, 2, 2, 2, 14)

STREETS = (
    "Jl. Ahmad Yani", "Jl. Gajah Mada", "Jl. Tanjungpura", "Jl. Sutan Syahrir", "Jl. Imam Bonjol",
    "Jl. Sultan Abdurrahman", "Jl. Karya Baru", "Jl. Purnama", "Jl. Paris II",
    "Jl. Kom. Yos Sudarso", "Jl. Hasanuddin", "Jl. Pahlawan", "Jl. Merdeka", "Jl. Veteran",
    "Jl. Sungai Raya Dalam",
    "Jl. Adisucipto", "Jl. Parit Haji Husin II", "Jl. Reformasi", "Jl. Daya Nasional",
    "Jl. Perdana", "Jl. Ampera", "Jl. Tabrani Ahmad", "Jl. Khatulistiwa", "Jl. Dr. Wahidin",
    "Gg. Kamboja", "Gg. Margodadi", "Gg. Sepakat", "Komp. Bumi Batara", "Jl. Diponegoro",
)

PEKERJAAN = (
    "Mahasiswa", "Mahasiswa", "Mahasiswa", "Wiraswasta", "Wiraswasta", "Karyawan Swasta",
    "PNS", "Peneliti", "Wartawan", "Dosen", "Guru", "Pelaku UMKM", "Pengurus Koperasi",
    "Aktivis LSM", "Petani", "Nelayan", "Ibu Rumah Tangga", "Pelajar", "Konsultan",
    "Pensiunan", "Pedagang", "Advokat", "Perangkat Desa", "Honorer",
)
INSTANSI = (
    "Universitas Tanjungpura", "IAIN Pontianak", "Politeknik Negeri Pontianak",
    "Universitas Muhammadiyah Pontianak", "Universitas Panca Bhakti", "STIE Pontianak",
    "Universitas OSO", "IKIP PGRI Pontianak", "Poltekkes Pontianak",
    "LSM Gemawan", "Forum Masyarakat Peduli", "CV Maju Bersama", "CV Karya Mandiri",
    "PT Sinar Khatulistiwa", "Koperasi Credit Union Harapan", "Koperasi Produsen Sejahtera",
    "KSP Bina Usaha", "Harian Warta Borneo", "Portal Berita Kalbar Terkini",
    "BUMDes Sungai Itik", "Kelompok Tani Subur", "Pemerintah Desa Kuala Dua",
)
EMAIL_DOMAINS = ("example.com", "example.com", "example.org", "example.net", "mail.example.com")
PHONE_PREFIXES = (
    "811", "812", "813", "821", "822", "823", "852", "853", "851", "857", "858", "877", "878",
    "895", "896", "819", "831", "838",
)
PETUGAS = (
    "Rina", "Dedi", "Yuni", "Hendra", "Sri", "Anton", "Wati", "Budi S.", "Maya", "Rahmad",
    "Nita", "Fikri", "Lia", "Agus P.", "Tini",
)
# fmt: on
