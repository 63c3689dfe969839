"""Indonesian labels of published columns, worded as in the annual report (Laporan Tahunan
Layanan Informasi Publik, UU KIP Pasal 12; Perki 1/2021). Column names stay snake_case in SQL."""

from __future__ import annotations

LABELS: dict[str, str] = {
    "kode_badan": "Kode Badan Publik",
    "nama_badan": "Nama Badan Publik",
    "tahun": "Tahun",
    "bulan": "Bulan",
    "saluran": "Saluran Permohonan",
    "jumlah_badan_publik": "Jumlah Badan Publik",
    "jumlah_permohonan": "Jumlah Permohonan Informasi Publik",
    "permohonan_tidak_lengkap": "Permohonan Tidak Lengkap",
    "tepat_waktu_10_hari_kerja": "Dipenuhi dalam 10 Hari Kerja",
    "tepat_waktu_perpanjangan": "Dipenuhi dalam Perpanjangan (17 Hari Kerja)",
    "terlambat": "Dipenuhi Melewati Jangka Waktu",
    "belum_selesai": "Belum Selesai (Masih dalam Jangka Waktu)",
    "lewat_tenggat": "Belum Selesai dan Melewati Jangka Waktu",
    "waktu_tidak_diketahui": "Tanggal Pemberitahuan Tidak Tercatat",
    "dikabulkan_seluruhnya": "Dikabulkan Seluruhnya",
    "dikabulkan_sebagian": "Dikabulkan Sebagian",
    "ditolak": "Ditolak (Pengecualian Pasal 17 / Pasal 6)",
    "informasi_tidak_dikuasai": "Informasi Tidak Dikuasai",
    "informasi_belum_didokumentasikan": "Informasi Belum Didokumentasikan",
    "dengan_perpanjangan": "Dengan Perpanjangan Waktu",
    "email": "E-mail",
    "whatsapp": "WhatsApp",
    "buku_tamu": "Buku Tamu",
    "web": "Situs Web",
    "dikabulkan": "Dikabulkan (Seluruhnya atau Sebagian)",
    "tidak_dikabulkan": "Tidak Dikabulkan",
    "melewati_tenggat": "Melewati Jangka Waktu",
    "keputusan": "Keputusan",
    "alasan_penolakan": "Alasan Penolakan",
    "jumlah": "Jumlah",
}

CHANNEL_LABELS = {
    "email": "E-mail",
    "whatsapp": "WhatsApp",
    "buku_tamu": "Buku Tamu",
    "web": "Situs Web",
}

VALUE_LABELS: dict[str, str] = {
    **CHANNEL_LABELS,
    "ditolak": "Ditolak",
    "tidak_dikuasai": "Informasi tidak dikuasai",
    "belum_didokumentasikan": "Informasi belum didokumentasikan",
    "pasal_6": "Pasal 6 UU 14/2008",
    "pasal_17": "Pasal 17 UU 14/2008 (huruf tidak disebut)",
    "belum_dikuasai": "Belum dikuasai",
    "tidak_disebutkan": "Alasan tidak disebutkan",
    **{f"pasal_17_{h}": f"Pasal 17 huruf {h} UU 14/2008" for h in "abcdefghij"},
}
