"""The seed body's report prose (sections A, B, E, F, preface, closing) as a desk would keep it
beside its landing data: `<kode>/laporan/narasi-<tahun>.yaml` (format in
transforms/report/narasi.py). The text is the seed report's (Laporan Tahunan PPID Dinas
Koperasi UKM Kalbar 2023), so the demo's diskopukm report reads like it. The budget item (B.3)
is not in the seed's text and is left out: the report shows its placeholder.
"""

from __future__ import annotations

from pathlib import Path

from transforms.sample_data.generator import STRICT_CODE, STRICT_YEAR

SEED_NARASI = """\
# Narasi Laporan Tahunan Layanan Informasi Publik: bagian yang bukan data.
# Angka bagian C dan D diisi otomatis dari gudang data; berkas ini hanya berisi teks.
# Paragraf dipisah baris kosong; "- " untuk butir, "1. " untuk nomor, **tebal**.

nama_singkat: Dinas Koperasi UKM Provinsi Kalimantan Barat
sebutan_ppid: PPID Dinas Koperasi UKM Prov. Kalbar
alamat: Jl. Sutan Syahrir No. 5
telepon:
  - "+62811573245"
  - (0561) 732771
email: diskopukm@kalbarprov.go.id
media_sosial: "Instagram: diskopukmprovkalbar"
situs_web: https://diskopukm.kalbarprov.go.id/
tempat_tanggal: Pontianak, Januari 2024
penandatangan_jabatan: |
  Kepala Dinas Koperasi, Usaha Kecil dan Menengah
  Provinsi Kalimantan Barat
penandatangan_nama: Drs. Junaidi, MM

kata_pengantar: |
  Segala puji dan syukur kita panjatkan kepada Tuhan Yang Maha Esa atas nikmat, rahmat serta
  karunia-Nya yang telah diberikan, sehingga Laporan Layanan Informasi Publik PPID Tahun 2023
  dapat diselesaikan tepat pada waktunya.

  Adapun maksud dan tujuan dibuatnya Laporan ini adalah sebagai salah satu bentuk keterbukaan
  informasi yang ada di Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Kalimantan Barat sesuai
  dengan Undang- Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik.

  Laporan ini dibuat sebagai salah satu wujud dari penyelenggaraan Layanan Informasi Publik yang
  terbuka dan transparan, sesuai dengan Moto Dinas Koperasi, Usaha Kecil dan Menengah Provinsi
  Kalimantan Barat sehingga terpenuhi hak publik untuk memperoleh informasi melalui segala jenis
  saluran yang tersedia pada Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Kalimantan Barat.

  Laporan tahunan ini adalah rekapitulasi pelayanan informasi publik tahun 2023, yang telah
  dikelola oleh Pejabat Pengelola Informasi Daerah pada Dinas Koperasi Usaha Kecil dan Menengah
  Provinsi Kalimantan Barat.

  Demikian laporan ini dibuat. Semoga bermanfaat untuk semua pihak serta kami membuka diri untuk
  segala jenis saran dan masukan yang bersifat membangun agar pelayanan informasi publik yang
  akan kami lakukan lebih baik ke depannya.

a_kebijakan: |
  Keterbukaan Informasi Publik dalam Undang-Undang No. 14 tahun 2008 merupakan salah satu wujud
  dari penyelenggaraan layanan publik yang terbuka dan transparan, merupakan hak publik untuk
  memperoleh informasi dengan menggunakan segala jenis saluran yang tersedia dan dijamin oleh
  Undang-Undang. Setiap badan publik mempunyai kewajiban untuk membuka akses terhadap informasi
  publik yang berkaitan dengan badan publik tersebut bagi masyarakat luas.

  Guna menjamin hak masyarakat untuk memperoleh informasi yang berkaitan dengan Koperasi dan UMKM
  serta untuk mewujudkan penyelenggaraan pemerintah yang transparan, efektif dan efisien pada
  Dinas Koperasi Usaha Kecil dan Menengah Provinsi Kalimantan Barat., maka tahun 2023 telah
  dibentuk Pejabat Pengelola Informasi Derah (PPID) Pembantu Dinas Koperasi, Usaha Kecil dan
  Menengah Provinsi Kalimantan Barat melalui Surat Keputusan Kepala Dinas Koperasi, Usaha Kecil
  dan Menengah Provinsi Kalimantan Barat Nomor 20/DISKOPUKM/2023 dan perubahan Surat Keputusan
  Kepala Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Kalimantan Barat Nomor
  630/DISKOPUKM/2023 atas Perubahan Lampiran SK Nomor 20/DISKOPUKM/2023 Tentang Pembentukan Tim
  Pejabat Pengelola Informasi Publik Dan Dokumentasi (PPID-Pembantu) Dinas Koperasi Usaha Kecil
  Dan Menengah Provinsi Kalimantan Barat. Sebagai dinas yang melaksanakan pembinaan bagi koperasi
  dan UKM yang ada di Kalimantan Barat, kebijakan pelayanan informasi publik melalui PPID Pembantu
  ini semakin memudahkan akses bagi masyarakat terutama koperasi dan UKM untuk memperoleh
  layanan, data dan informasi di bidang perkoperasian dan UKM.

  Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Kalimantan Barat memiliki motto pelayanan
  “ **INOVASI, INTEGRITAS DAN TRANSPARAN**” dengan maklumat pelayanan PPID Diskopukm Prov. Kalbar
  bahwa **Sanggup Menyelenggarakan Pelayanan Publik dan Pelayanan Yang Telah Ditetapkan dan
  Apabila Tidak Menepati Janji, Maka Siap Menerima Sanksi Sesuai Ketentuan Peraturan
  Perundang-Undangan Yang Berlaku.**

  Laporan Pelayanan Keterbukaan Informasi Publik yang disusun dengan sederhana agar mudah dipahami
  oleh seluruh pengguna informasi namun tetap tidak mengurangi inti dan esensi dari pelayanan
  keterbukaan informasi publik selama tahun 2023.

b1_sarana: |
  Untuk melaksanakan pelayanan informasi publik yang ada di PPID, maka dilengkapi dengan sarana
  dan prasarana antara lain:

  - Ruangan PPID
  - Meja informasi,
  - Banner alur pelayanan informasi
  - Situs web PPID DISKOPUKM PROV.KALBAR, pengisian form pengajuan keberatan, survey kepuasan
    layanan / form usulan bimbingan teknis / kegiatan lainnya, form promosi dan pemetaan produk /
    jasa koperasi, form pengajuan nomor catatan usaha Online Data System Terintegrasi Kementerian
    Koperasi UKM, form pelaporan triwulan koperasi sector jasa keuangan, akses download (form
    tanda bukti penerimaan keberatan, tanda bukti permohonan informasi, form pendirian koperasi,
    format standar izin operasional kantor cabang, cabang pembantu dan kantor kas koperasi simpan
    pinjam, format standar izin usaha simpan pinjam), media informasi dan pengaduan.
  - Whatsapp maupun email,facebook, Instagram
  - Formulir-formulir, brosur-brosur pelayanan,
  - Kelengkapan antara meja kursi rapat PPID, meja kursi pelayanan, meja display produk UMKM,
    pendingin ruangan dan computer.
  - Mesin Pelayanan

b2_sdm: |
  Untuk melaksanakan pelayanan informasi publik PPID Dinas Koperasi UKM Prov. Kalbar di dukung
  dengan sumber daya manusia (SDM) yang ditetapkan dengan Surat Keputusan Kepala Dinas Koperasi,
  Usaha Kecil dan Menengah Provinsi Kalimantan Barat Nomor 20/DISKOPUKM/2023 dan perubahan Surat
  Keputusan Kepala Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Kalimantan Barat Nomor
  630/DISKOPUKM/2023 atas Perubahan Lampiran SK Nomor 20/DISKOPUKM/2023, Tentang Pembentukan Tim
  Pejabat Pengelola Informasi Publik Dan Dokumentasi (PPID- Pembantu) Dinas Koperasi Usaha Kecil
  Dan Menengah Provinsi Kalimantan Barat, sebagaimana terlampir pada laporan ini

e1_eksternal: |
  Adapun kendala eksternal yang dihadapi adanya pemohon informasi antara lain:

  ✓ tidak melengkapi pengisian syarat permohonan informasi sesuai SOP
  ✓ tidak menyertakan detail informasi yang diajukan, sehingga menghambat pemberian layanan
    informasi yang dimaksud
  ✓ kurangnya pemahaman dari masyarakat terkait pengisian kuisioner.

e2_internal: |
  Pelaksanaan pelayanan publik periode tahun 2023 secara internal antara lain:

  ✓ kendala kurang tersedianya SDM PPID Pelaksana yang memang khusus menangani tugas pelayanan
    informasi publik, dikarenakan petugas yang ada saat ini merupakan ASN dengan tupoksi dan beban
    kerja pada bidang teknis lain di Dinas Koperasi UKM Prov. Kalbar. Perlu menjadi pertimbangan
    dalam rekrutmen pegawai untuk petugas fungsional khusus menangani PPID.
  ✓ minimnya anggaran pada kegiatan pelayanan informasi publik
  ✓ kurangnya pemahaman OPD terhadap peran dari PPID pelaksanaan dalam melakukan informasi publik.

f1_rekomendasi: |
  Layanan PPID penting untuk didukung SDM yang mampu dan terampil dalam memberikan layanan dan
  mampu menguasai informasi secara komprehensif. Perlu adanya penambahan petugas khusus dengan
  kompetensi pelayanan mumpuni, selain itu sangat penting diadakannya pelatihan atau bimbingan
  teknis terkait Budaya Pelayanan Prima bagi Tim PPID dan secara konkret dianggarkan pada anggaran
  tahun berjalan berikutnya. Hal ini akan meningkatkan kualitas SDM dan tentunya kualitas
  pelayanan. Monitoring dan Evaluasi terhadap kinerja PPID juga terus dilakukan sebagai alat
  pemantauan dan pengendalian atas kinerja PPID.

  Dinas Koperasi UKM Prov. Kalbar terutama melalui Tim PPID akan terus melakukan review atas
  informasi berkala secara update, melakukan rekap informasi penting sebagai bahan perencanaan,
  pelaksanaan dan dukungan capaian kinerja Dinas Koperasi UKM Prov. Kalbar, terutama dengan
  mendorong kebijakan teknis pelayanan prima.

  Layanan yang baik dan benar dilihat dari bagaimana memberikan layanan informasi sesuai aturan
  dan standar yang berlaku dengan dukungan fasilitas optimal terhadap penyelenggaraan pelayanan
  informasi publik seperti pemanfaatan media teknologi yang ada sebagai fasilitas pendukung.

  PPID Dinas Koperasi UKM Prov. Kalbar juga mendorong stakeholder terkait koperasi UMKM untuk
  turut memberikan akses kemudahan informasi publik bagi masyarakat terutama bagi pelaku koperasi
  dan UMKM.

f2_rencana_tindak_lanjut: |
  Rencana Tindak Lanjut yang diharapkan adalah:

  1. Adanya bagian humas yang langsung dapat menangani permohonan informasi dari masyarakat.
  2. Mempertahankan keterbukaan informasi publik yang sudah diperoleh dengan terus meningkatkan
     pelayanan publik.
  3. Peningkatan kapasitas SDM pengelola informasi dan dokumentasi.
  4. Akan lebih aktif menyampaikan informasi ataupun kewajiban terbaru terkait dengan pelayanan
     informasi publik

penutup: |
  Demikian laporan ini dibuat untuk dipergunakan dalam pengambilan kebijakan berikutnya terutama
  yang berkaitan dengan pelaksanaan pengembangan berkelanjutan PPID Dinas Koperasi Usaha, Kecil
  dan Menengah Provinsi Kalimantan Barat.
"""


def write_narasi(
    root: Path, kode: str, years: tuple[int, ...], month: int | None = None
) -> list[Path]:
    """The seed body's prose for the seed year; other bodies keep none (placeholders show).
    A monthly delivery carries none (the prose belongs to the annual report)."""
    if kode != STRICT_CODE or STRICT_YEAR not in years or month:
        return []
    path = root / kode / "laporan" / f"narasi-{STRICT_YEAR}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(SEED_NARASI.encode("utf-8"))
    return [path]
