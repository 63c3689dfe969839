"""Bounds on what one landing file may cost to read, in one place.

A desk's export is untrusted: a zip bomb, a 100 MB file without a line break or a sheet that
declares a million rows must never exhaust the worker's memory or time. Every limit here ends
in a `FileRejected` whose reason tells the officer what was exceeded and what to do; the other
files of the run go on (see transforms/refresh.py). Measured costs are in docs/threat-model.md.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from transforms.models import FileRejected

MiB = 1 << 20

# What zipfile raises on a damaged archive (found by bench/fuzz_parsers.py): a bad directory
# seeks outside the file (OSError, ValueError), names are not UTF-8 (UnicodeDecodeError), an
# unknown version or method (NotImplementedError), a bad stream (zlib.error, EOFError).
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)

# Size of a landing file on disk, by suffix. Text files are read whole into memory, so their
# bound is tight; an export .zip of WhatsApp/Instagram/Facebook may carry photos and videos that
# are never decompressed, so only its directory and its text members are read.
MAX_FILE_BYTES_DEFAULT = 64 * MiB
MAX_FILE_BYTES: dict[str, int] = {
    ".mbox": 128 * MiB,
    "": 128 * MiB,  # mbox without an extension
    ".zip": 2048 * MiB,
}

# Zip archives (export .zip and .xlsx alike).
MAX_ZIP_MEMBER_BYTES = 64 * MiB  # uncompressed size of one member that is read
MAX_ZIP_TOTAL_BYTES = 256 * MiB  # uncompressed size of all members read from one archive
MAX_ZIP_MEMBERS = 20_000  # entries in one archive's directory
MAX_COMPRESSION_RATIO = 100  # uncompressed : compressed, checked for members above 1 MiB
RATIO_CHECK_FROM_BYTES = 1 * MiB

# Delimited text and chat exports: a longer line is a damaged or foreign file.
MAX_LINE_BYTES = 1 * MiB

# Spreadsheets: rows iterated per sheet (blank rows included) and cells of a fully loaded sheet.
MAX_SHEET_ROWS = 100_000
MAX_SHEET_CELLS = 5_000_000


def _mb(n: int) -> str:
    return f"{n / MiB:,.0f} MB".replace(",", ".")


def _n(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def max_file_bytes(path: Path) -> int:
    return MAX_FILE_BYTES.get(path.suffix.lower(), MAX_FILE_BYTES_DEFAULT)


def check_file_size(path: Path) -> int:
    """The file's size, or FileRejected when it is above its suffix's bound."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileRejected(f"Berkas '{path.name}' tidak dapat dibuka: {exc.strerror}.") from exc
    limit = max_file_bytes(path)
    if size > limit:
        raise FileRejected(
            f"Berkas '{path.name}' melebihi batas ukuran {_mb(limit)} ({_mb(size)}); "
            "pecah ekspor per bulan atau per percakapan lalu kirim ulang."
        )
    return size


def check_line_length(data: bytes, name: str) -> None:
    """Reject text whose longest line is above MAX_LINE_BYTES, without copying the data."""
    pos, end = 0, len(data)
    line = 1
    while pos < end:
        nl = data.find(b"\n", pos, pos + MAX_LINE_BYTES + 1)
        if nl < 0:
            if end - pos > MAX_LINE_BYTES:
                raise FileRejected(
                    f"Berkas '{name}' baris {line} melebihi batas panjang baris "
                    f"{_mb(MAX_LINE_BYTES)}; berkas rusak atau bukan ekspor teks. Ekspor ulang "
                    "dari aplikasinya."
                )
            return
        pos, line = nl + 1, line + 1


def read_bytes(path: Path) -> bytes:
    """The bytes of a file read whole (a JSON document), within its size bound."""
    check_file_size(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileRejected(f"Berkas '{path.name}' tidak dapat dibuka: {exc.strerror}.") from exc


def read_text_bytes(path: Path) -> bytes:
    """The bytes of a line-based text export, within the size and line-length bounds."""
    data = read_bytes(path)
    check_line_length(data, path.name)
    return data


def unsafe_member(name: str) -> bool:
    """An archive entry that would escape a folder if extracted (`../`, absolute, drive)."""
    norm = name.replace("\\", "/")
    parts = PurePosixPath(norm).parts
    return norm.startswith("/") or ".." in parts or (len(norm) > 1 and norm[1] == ":")


def check_archive(zf: zipfile.ZipFile, name: str, members: list[str] | None = None) -> None:
    """Reject an archive whose directory announces a bomb, before anything is decompressed.

    `members` are the entries that will be read (all when None): their declared sizes and
    ratios are checked; `read_member` re-checks while reading, as declared sizes can lie."""
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise FileRejected(
            f"Arsip '{name}' berisi {_n(len(infos))} berkas, melebihi batas "
            f"{_n(MAX_ZIP_MEMBERS)}; kirim ekspor aslinya tanpa tambahan berkas."
        )
    wanted = set(members) if members is not None else None
    total = 0
    for info in infos:
        if wanted is not None and info.filename not in wanted:
            continue
        _check_member(info, name)
        total += info.file_size
    if total > MAX_ZIP_TOTAL_BYTES:
        raise FileRejected(
            f"Arsip '{name}' melebihi batas ukuran setelah dibuka {_mb(MAX_ZIP_TOTAL_BYTES)} "
            f"({_mb(total)}); arsip mungkin berbahaya (zip bomb) atau terlalu besar, "
            "pecah ekspornya lalu kirim ulang."
        )


def _check_member(info: zipfile.ZipInfo, name: str) -> None:
    if info.file_size > MAX_ZIP_MEMBER_BYTES:
        raise FileRejected(
            f"Arsip '{name}': berkas '{info.filename}' melebihi batas ukuran setelah dibuka "
            f"{_mb(MAX_ZIP_MEMBER_BYTES)} ({_mb(info.file_size)}); pecah ekspornya lalu kirim "
            "ulang."
        )
    if info.file_size > RATIO_CHECK_FROM_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
        info.compress_size, 1
    ):
        raise FileRejected(
            f"Arsip '{name}': berkas '{info.filename}' memampat lebih dari "
            f"{MAX_COMPRESSION_RATIO} kali (zip bomb); arsip ditolak, minta desk mengirim "
            "ekspor asli dari aplikasinya."
        )


def read_member(zf: zipfile.ZipFile, member: str, name: str) -> bytes:
    """One member's bytes, never more than MAX_ZIP_MEMBER_BYTES whatever the header says."""
    info = zf.getinfo(member)
    _check_member(info, name)
    with zf.open(info) as fh:
        data = fh.read(MAX_ZIP_MEMBER_BYTES + 1)
    if len(data) > MAX_ZIP_MEMBER_BYTES:
        raise FileRejected(
            f"Arsip '{name}': berkas '{member}' melebihi batas ukuran setelah dibuka "
            f"{_mb(MAX_ZIP_MEMBER_BYTES)}; pecah ekspornya lalu kirim ulang."
        )
    return data


def sheet_too_long(title: str, rows: int) -> FileRejected:
    return FileRejected(
        f"Lembar '{title}' melebihi batas {_n(MAX_SHEET_ROWS)} baris ({_n(rows)} baris atau "
        "lebih, termasuk baris kosong); hapus baris kosong di bawah data atau pecah berkas per "
        "tahun lalu kirim ulang."
    )


def sheet_too_wide(title: str, rows: int, cols: int) -> FileRejected:
    return FileRejected(
        f"Lembar '{title}' melebihi batas {_n(MAX_SHEET_CELLS)} sel ({_n(rows)} baris x "
        f"{_n(cols)} kolom); hapus isi atau format di kolom kosong di kanan data lalu kirim ulang."
    )
