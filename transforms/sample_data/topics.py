"""What requesters ask for: per-body request topics and usual purposes.

Placeholders: {y} the year before the request, {t} the request's year, {kab} a regency/city.
"""

from __future__ import annotations

# fmt: off
GENERIC = (
    "Rencana Strategis (Renstra) {sing} tahun 2019-2023",
    "Dokumen Pelaksanaan Anggaran (DPA) {sing} tahun {t}",
    "Laporan Kinerja Instansi Pemerintah (LKjIP) tahun {y}",
    "Laporan realisasi anggaran tahun {y}",
    "Struktur organisasi dan daftar pejabat {sing}",
    "Daftar pengadaan barang dan jasa tahun {t}",
    "Standar Operasional Prosedur pelayanan {sing}",
    "Rencana Kerja (Renja) {sing} tahun {t}",
    "Jumlah pegawai ASN dan non-ASN per golongan tahun {y}",
    "Daftar Informasi Publik (DIP) {sing} tahun {t}",
    "Laporan Harta Kekayaan pejabat eselon II (ringkasan)",
    "Data capaian indikator kinerja utama tahun {y}",
)

BY_BODY: dict[str, tuple[str, ...]] = {
    "diskopukm": (
        "Data koperasi aktif di {kab} tahun {y}",
        "Jumlah UMKM binaan per kabupaten/kota tahun {y}",
        "Daftar koperasi yang sudah melaksanakan RAT tahun {y}",
        "Data penerima bantuan modal usaha UMKM tahun {y}",
        "Prosedur dan persyaratan pendirian koperasi",
        "Data Nomor Induk Koperasi (NIK) koperasi di {kab}",
        "Daftar pelatihan dan bimbingan teknis UMKM tahun {t}",
        "Data produk unggulan UMKM {kab}",
        "Persyaratan izin usaha simpan pinjam koperasi",
        "Data koperasi simpan pinjam yang dibubarkan tahun {y}",
        "Jumlah tenaga kerja yang diserap UMKM binaan tahun {y}",
        "Daftar UMKM yang telah memiliki sertifikat halal di {kab}",
        "Data kurasi produk UMKM untuk pameran tahun {t}",
        "Data pendamping koperasi dan UMKM (PLUT-KUMKM) tahun {t}",
        "Laporan Kinerja (LKjIP) Dinas Koperasi UKM tahun {y}",
        "Rencana Strategis Dinas Koperasi UKM 2019-2023",
        "Data omzet UMKM binaan per sektor tahun {y}",
        "Daftar koperasi berprestasi tingkat provinsi tahun {y}",
        "Data volume usaha dan SHU koperasi di {kab} tahun {y}",
        "Data UMKM yang terdaftar di Online Data System (ODS) tahun {t}",
    ),
    "diskominfo": (
        "Daftar Informasi Publik seluruh OPD Provinsi Kalimantan Barat tahun {t}",
        "Data titik akses internet gratis (wifi publik) di {kab}",
        "Data menara telekomunikasi (BTS) di {kab} tahun {y}",
        "Hasil monitoring dan evaluasi keterbukaan informasi badan publik tahun {y}",
        "Daftar aplikasi pemerintah daerah yang dikelola Diskominfo",
        "Anggaran belanja iklan dan publikasi media tahun {y}",
        "Data desa blank spot sinyal seluler di {kab}",
        "Laporan tahunan layanan informasi publik PPID Utama tahun {y}",
        "Daftar media massa yang bekerja sama dengan Pemprov tahun {t}",
        "Indeks SPBE Provinsi Kalimantan Barat tahun {y}",
    ),
    "dinkes": (
        "Data kasus stunting per kabupaten/kota tahun {y}",
        "Jumlah kasus demam berdarah di {kab} tahun {y}",
        "Data cakupan imunisasi dasar lengkap tahun {y}",
        "Daftar puskesmas dan fasilitas kesehatan di {kab}",
        "Data angka kematian ibu dan bayi tahun {y}",
        "Data kasus malaria di {kab} tahun {y}",
        "Jumlah tenaga kesehatan per kabupaten/kota tahun {y}",
        "Realisasi anggaran Bantuan Operasional Kesehatan tahun {y}",
        "Data kasus TBC di {kab} tahun {y}",
        "Profil Kesehatan Provinsi Kalimantan Barat tahun {y}",
        "Rekam medis pasien atas nama keluarga saya",
    ),
    "disdik": (
        "Data jumlah siswa SMA/SMK per kabupaten/kota tahun ajaran {y}/{t}",
        "Daftar penerima Beasiswa Kalbar Cerdas tahun {y}",
        "Data guru honorer SMA/SMK di {kab}",
        "Realisasi dana BOS SMA/SMK tahun {y}",
        "Petunjuk teknis PPDB SMA/SMK tahun {t}",
        "Data sekolah rusak berat di {kab}",
        "Nilai rata-rata asesmen nasional per kabupaten tahun {y}",
        "Daftar cagar budaya di {kab}",
    ),
    "bappeda": (
        "RPJMD Provinsi Kalimantan Barat 2018-2023",
        "Dokumen RKPD tahun {t}",
        "Data indeks pembangunan manusia per kabupaten tahun {y}",
        "Hasil musrenbang provinsi tahun {t}",
        "Data kemiskinan ekstrem per kabupaten/kota tahun {y}",
    ),
    "dpmptsp": (
        "Data izin usaha yang terbit di {kab} tahun {y}",
        "Realisasi investasi PMA dan PMDN tahun {y}",
        "Daftar perusahaan perkebunan yang memiliki izin di {kab}",
        "Persyaratan perizinan berusaha berbasis risiko (OSS RBA)",
        "Dokumen izin lingkungan PT Sawit Lestari Khatulistiwa",
        "Data NIB yang terbit per sektor tahun {y}",
    ),
    "dlhk": (
        "Dokumen AMDAL perusahaan tambang di {kab}",
        "Data titik panas (hotspot) dan kebakaran hutan tahun {y}",
        "Data kualitas air sungai Kapuas tahun {y}",
        "Daftar izin perhutanan sosial di {kab}",
        "Data tutupan hutan Kalimantan Barat tahun {y}",
    ),
    "pupr": (
        "Data kondisi jalan provinsi di {kab} tahun {y}",
        "Daftar paket pekerjaan konstruksi tahun {t}",
        "Dokumen kontrak pembangunan jembatan di {kab}",
        "Peta Rencana Tata Ruang Wilayah Provinsi",
    ),
    "dinsos": (
        "Data penerima bantuan sosial di {kab} tahun {y}",
        "Data Terpadu Kesejahteraan Sosial (DTKS) {kab}",
        "Daftar panti sosial di Kalimantan Barat",
        "Jumlah penyandang disabilitas per kabupaten tahun {y}",
    ),
    "disnakertrans": (
        "Data pencari kerja terdaftar di {kab} tahun {y}",
        "Upah minimum kabupaten/kota tahun {t}",
        "Data kasus perselisihan hubungan industrial tahun {y}",
        "Data pekerja migran asal Kalimantan Barat tahun {y}",
    ),
    "bkd": (
        "Formasi CPNS dan PPPK Pemprov Kalbar tahun {t}",
        "Data jumlah ASN per golongan dan unit kerja tahun {y}",
        "Hasil seleksi terbuka jabatan pimpinan tinggi pratama tahun {y}",
        "Salinan SK kenaikan pangkat atas nama saya",
    ),
}

TUJUAN = (
    "Penelitian skripsi", "Penelitian skripsi", "Bahan tesis", "Penelitian", "Bahan tugas kuliah",
    "Bahan pemberitaan", "Kajian kebijakan", "Referensi usaha", "Pengembangan usaha",
    "Bahan laporan kegiatan LSM", "Pengawasan pembangunan", "Kepentingan pribadi",
    "Bahan perencanaan koperasi", "Bahan presentasi", "Pengajuan proposal bantuan",
)
CARA_MEMPEROLEH = (
    "mendapatkan salinan (softcopy)", "mendapatkan salinan (softcopy)", "melihat/membaca",
    "mendapatkan salinan (hardcopy)",
)
CARA_SALINAN = ("e-mail", "e-mail", "WhatsApp", "mengambil langsung", "kurir", "pos")
KEPERLUAN_REQUEST = (
    "Permohonan informasi", "Permohonan informasi", "Permohonan Informasi", "Meminta data",
    "Meminta data", "permohonan informasi", "Meminta Data ", "Permohonan informasi publik",
)
KEPERLUAN_VISIT = (
    "Koordinasi", "Koordinasi", "Konsultasi", "Konsultasi", "Audiensi", "Rapat",
    "Koordinasi kegiatan", "Konsultasi layanan",
)
KASUS_POSISI = (
    "Sebagian data dihitamkan tanpa penjelasan yang cukup.",
    "Permohonan ditolak padahal informasi tersebut seharusnya terbuka.",
    "Sudah lewat jangka waktu namun belum ada jawaban dari PPID.",
    "Informasi yang diberikan tidak sesuai dengan yang diminta.",
)
# fmt: on
