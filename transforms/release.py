"""Publishing a year as a release: immutable, versioned revision folders with a change log.

Layout under `<out>/<year>/`:

    revisi-<n>/     one folder per revision, written once (temp folder, then rename), never
                    rewritten: CSV + JSON per table, the xlsx workbook, revisi.json,
                    perubahan.json + perubahan.md (the change log), laporan/ (rendered reports;
                    a large year's missing body PDFs are added after the rename, never
                    replaced: see `report_documents`)
    TERBARU         text file naming the latest revision folder ("revisi-3")
    FINAL           text file naming the revision the desk marked final (once there is one)

Pointers are small text files replaced atomically, not symlinks or a `terbaru/` copy: object
stores and Windows (SMB) shares have no symlinks, and a copied folder cannot be replaced in one
step (a reader could see half old, half new files); a one-line file is a single atomic write
everywhere, and it is written only after the revision is committed in `mart.publikasi`.

A new revision is made only when the figures' checksum changes (figures, not rendered
documents: a PDF with a timestamp never makes a revision). Status: `sementara` until the desk
(PPID Utama) marks the year `final`; figures that change afterwards become a `koreksi`
revision ("koreksi setelah final") that says so prominently and never moves the FINAL pointer.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import shutil
import sys
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from transforms.files import write_atomically
from transforms.labels import LABELS, VALUE_LABELS
from transforms.pseudonym import redact
from transforms.publish import (
    KEY_COLUMNS,
    NAME_COLUMNS,
    TABLES,
    collect,
    figures,
    figures_checksum,
    render,
    workbook,
)
from transforms.warehouse import Warehouse

log = logging.getLogger(__name__)

WIB = ZoneInfo("Asia/Pontianak")
LATEST = "TERBARU"
FINAL = "FINAL"
_REVISION_DIR = re.compile(r"^revisi-(\d+)$")
_TMP_PREFIX = ".tmp-"
_SET_ASIDE_PREFIX = ".batal-"
STATUS_TEXT = {
    "sementara": "Sementara",
    "final": "Final",
    "koreksi": "Koreksi setelah final",
}
# raw table -> the column that identifies the same record across re-exports
_RAW_KEYS = {
    "raw.pesan": "message_key",
    "raw.formulir": "record_key",
    "raw.survei": "record_key",
    "raw.sengketa": "record_key",
}
_CHAT_NAME = re.compile(
    r"^(.*?(?:chat whatsapp dengan|whatsapp chat with|chat with))\s+.+?(\.\w+)?$",
    re.I,
)


class ReleaseError(Exception):
    """A release request that must not be carried out (the message says why, in Indonesian)."""


@dataclass(frozen=True)
class Revision:
    """One row of mart.publikasi."""

    tahun: int
    revisi: int
    checksum: str
    status: str
    jumlah_badan: int
    jumlah_permohonan: int
    folder: str
    run_id: str
    diterbitkan_pada: datetime
    data_per: date | None = None
    berkas_sampai: datetime | None = None
    ditetapkan_oleh: str | None = None
    revisi_final: int | None = None
    alasan: str | None = None


@dataclass
class Publication:
    year: int
    folder: Path
    files: list[Path]
    checksum: str
    revision: int
    new_revision: bool
    total_requests: int
    status: str
    data_per: date | None


# -- folders and pointers ---------------------------------------------------------------------
def revision_folder(output_dir: Path, year: int, revision: int) -> Path:
    return output_dir / str(year) / f"revisi-{revision}"


def _pointer(output_dir: Path, year: int, name: str) -> Path | None:
    path = output_dir / str(year) / name
    if not path.is_file():
        return None
    folder = output_dir / str(year) / path.read_text(encoding="utf-8").strip()
    return folder if folder.is_dir() else None


def latest_folder(output_dir: Path, year: int) -> Path:
    """The folder of the latest published revision of `year` (what readers should open)."""
    folder = _pointer(output_dir, year, LATEST)
    if folder is None:
        raise FileNotFoundError(f"nothing published for {year} in {output_dir / str(year)}")
    return folder


def final_folder(output_dir: Path, year: int) -> Path | None:
    """The revision the desk marked final, or None while the year is provisional."""
    return _pointer(output_dir, year, FINAL)


def _write_pointer(year_dir: Path, name: str, target: str) -> None:
    """Replace a pointer file in one step (a reader sees the old or the new name, never none)."""
    path = year_dir / name
    if path.is_file() and path.read_text(encoding="utf-8").strip() == target:
        return
    write_atomically(path, (target + "\n").encode("utf-8"))


def _point(year_dir: Path, revs: list[Revision]) -> None:
    """Pointers follow the warehouse's log: TERBARU = last revision, FINAL = last final."""
    present = [r for r in revs if (year_dir / f"revisi-{r.revisi}").is_dir()]
    if present:
        _write_pointer(year_dir, LATEST, f"revisi-{present[-1].revisi}")
    finals = [r for r in present if r.status == "final"]
    if finals:
        _write_pointer(year_dir, FINAL, f"revisi-{finals[-1].revisi}")


def _recover(year_dir: Path, revs: list[Revision]) -> None:
    """After a killed publish: drop temp folders, and set aside any revision folder the log
    does not know (renamed but never committed; no pointer ever named it)."""
    if not year_dir.is_dir():
        return
    logged = {r.revisi for r in revs}
    for child in sorted(year_dir.iterdir()):
        if child.name.startswith(_TMP_PREFIX):
            log.warning("removing unfinished publish %s", child)
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        elif (m := _REVISION_DIR.match(child.name)) and int(m.group(1)) not in logged:
            aside = year_dir / f"{_SET_ASIDE_PREFIX}{child.name}-{uuid.uuid4().hex[:8]}"
            log.warning("%s is not in mart.publikasi (killed publish); moved to %s", child, aside)
            child.rename(aside)


# -- warehouse --------------------------------------------------------------------------------
_COLUMNS = (
    "tahun, revisi, checksum, COALESCE(status, 'sementara'), jumlah_badan, jumlah_permohonan,"
    " folder, run_id, diterbitkan_pada, data_per, berkas_sampai, ditetapkan_oleh, revisi_final,"
    " alasan"
)


def revisions(wh: Warehouse, year: int) -> list[Revision]:
    rows = wh.query(
        f"SELECT {_COLUMNS} FROM mart.publikasi WHERE tahun = ? ORDER BY revisi", [year]
    )
    return [Revision(*row) for row in rows]


def _stored(wh: Warehouse, year: int, revision: int) -> dict[str, Any] | None:
    rows = wh.query(
        "SELECT angka, karantina, perubahan FROM mart.publikasi_angka"
        " WHERE tahun = ? AND revisi = ?",
        [year, revision],
    )
    if not rows:
        return None
    angka, karantina, perubahan = rows[0]
    return {
        "angka": json.loads(angka),
        "karantina": json.loads(karantina),
        "perubahan": json.loads(perubahan),
    }


def data_per(wh: Warehouse) -> date | None:
    """The warehouse's status date: the last refresh's `status_per` (end of its interval)."""
    value = wh.query("SELECT MAX(status_per) FROM core.permohonan")[0][0]
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


def running_year(wh: Warehouse) -> int | None:
    """The year the last refresh's data run into (its interval ends the day after)."""
    per = data_per(wh)
    return None if per is None else (per - timedelta(days=1)).year


def _berkas_until(wh: Warehouse) -> datetime | None:
    return wh.query("SELECT MAX(dimuat_pada) FROM raw.berkas")[0][0]


def _quarantine(wh: Warehouse) -> dict[str, int]:
    rows = wh.query(
        "SELECT kode_badan, tahap, COUNT(*) FROM raw.karantina GROUP BY kode_badan, tahap"
    )
    return {f"{kode}|{tahap}": int(n) for kode, tahap, n in sorted(rows)}


# -- change log -------------------------------------------------------------------------------
def public_file_name(path: str, sumber: str) -> str:
    """A landing path fit to publish: a chat export is named after the contact, so the contact
    goes; e-mail addresses and phone numbers anywhere are masked."""
    folder, _, name = path.rpartition("/")
    if sumber == "whatsapp" and (m := _CHAT_NAME.match(name)):
        name = f"{m.group(1)} [kontak]{m.group(2) or ''}"
    masked = redact(name) or name
    return f"{folder}/{masked}" if folder else masked


def _row_key(row: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((c, row[c]) for c in KEY_COLUMNS if c in row)


def diff_figures(
    old: dict[str, list[dict[str, Any]]], new: dict[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """Every figure whose value differs: table, body, detail (channel, month, ...), label,
    old and new value (None where the row did not exist)."""
    changes = []
    for table in TABLES:
        before = {_row_key(r): r for r in old.get(table, [])}
        after = {_row_key(r): r for r in new.get(table, [])}
        for key in sorted(set(before) | set(after), key=repr):
            a, b = before.get(key, {}), after.get(key, {})
            cols = [c for c in {**a, **b} if c not in KEY_COLUMNS and c not in NAME_COLUMNS]
            detail = {
                LABELS.get(c, c): VALUE_LABELS.get(v, v) if isinstance(v, str) else v
                for c, v in key
                if c not in ("kode_badan", "tahun")
            }
            kode = dict(key).get("kode_badan")
            for col in cols:
                if a.get(col) != b.get(col):
                    changes.append(
                        {
                            "tabel": table,
                            "judul": TABLES[table][0],
                            "kode_badan": kode,
                            "nama_badan": (b or a).get("nama_badan"),
                            "rincian": detail,
                            "kolom": col,
                            "label": LABELS.get(col, col),
                            "lama": a.get(col),
                            "baru": b.get(col),
                        }
                    )
    return changes


def _new_files(wh: Warehouse, since: datetime | None, listed: bool = True) -> list[dict[str, Any]]:
    """Files loaded after `since`; without `listed` (the first revision only counts them) the
    public name and load time, which cost a regex and a redaction per file, are left out."""
    sql = (
        "SELECT kode_badan, sumber, berkas, berkas_sha256, status, baris_dimuat,"
        " baris_dikarantina, run_id, dimuat_pada FROM raw.berkas"
    )
    rows = wh.query(sql + " WHERE dimuat_pada > ?", [since]) if since else wh.query(sql)
    files = []
    for kode, sumber, berkas, sha, status, dimuat, dikarantina, run_id, pada in sorted(
        rows, key=lambda r: (r[0], r[1], r[2])
    ):
        files.append(
            {
                "kode_badan": kode,
                "sumber": sumber,
                "berkas": public_file_name(berkas, sumber) if listed else None,
                "sha256": sha,
                "status": status,
                "baris_dimuat": int(dimuat),
                "baris_dikarantina": int(dikarantina),
                "baris_memperbarui": 0,
                "run_id": run_id,
                "dimuat_pada": pada.astimezone(WIB).isoformat() if listed else None,
            }
        )
    return files


def _replaced_rows(wh: Warehouse, since: datetime) -> dict[tuple[str, str], int]:
    """Rows of files loaded after `since` whose record an earlier file already held: the desk
    re-exported or corrected them (the newer file's values win in `core`)."""
    counts: dict[tuple[str, str], int] = {}
    for table, key in _RAW_KEYS.items():
        rows = wh.query(
            f"SELECT n.kode_badan, n.berkas_sha256, COUNT(*) FROM {table} n"
            " JOIN raw.berkas nb ON nb.kode_badan = n.kode_badan"
            " AND nb.berkas_sha256 = n.berkas_sha256"
            " WHERE nb.dimuat_pada > ? AND EXISTS ("
            f"  SELECT 1 FROM {table} o JOIN raw.berkas ob ON ob.kode_badan = o.kode_badan"
            "   AND ob.berkas_sha256 = o.berkas_sha256"
            f"  WHERE o.kode_badan = n.kode_badan AND o.{key} = n.{key}"
            "   AND ob.dimuat_pada <= ?)"
            " GROUP BY n.kode_badan, n.berkas_sha256",
            [since, since],
        )
        for kode, sha, n in rows:
            counts[(kode, sha)] = counts.get((kode, sha), 0) + int(n)
    return counts


def _files_summary(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for f in files:
        g = groups.setdefault(
            (f["kode_badan"], f["sumber"]),
            {"kode_badan": f["kode_badan"], "sumber": f["sumber"], "berkas": 0, "dikarantina": 0},
        )
        g["berkas"] += 1
        g["dikarantina"] += int(f["status"] != "dimuat")
    return [groups[k] for k in sorted(groups)]


def _quarantine_changes(old: dict[str, int], new: dict[str, int]) -> list[dict[str, Any]]:
    out = []
    for key in sorted(set(old) | set(new)):
        if old.get(key, 0) != new.get(key, 0):
            kode, tahap = key.split("|", 1)
            out.append(
                {
                    "kode_badan": kode,
                    "tahap": tahap,
                    "lama": old.get(key, 0),
                    "baru": new.get(key, 0),
                }
            )
    return out


def change_log(
    wh: Warehouse,
    row: Revision,
    previous: Revision | None,
    prev_stored: dict[str, Any] | None,
    final: Revision | None,
    final_stored: dict[str, Any] | None,
    figs: dict[str, list[dict[str, Any]]],
    quarantine: dict[str, int],
) -> dict[str, Any]:
    """What changed since the previous revision and why (new files, corrections, quarantine)."""
    since = previous.berkas_sampai if previous else None
    files = _new_files(wh, since, listed=previous is not None)
    if since is not None:
        replaced = _replaced_rows(wh, since)
        for f in files:
            f["baris_memperbarui"] = replaced.get((f["kode_badan"], f["sha256"]), 0)
    doc: dict[str, Any] = {
        "tahun": row.tahun,
        "revisi": row.revisi,
        "status": row.status,
        "alasan": row.alasan,
        "revisi_sebelumnya": previous.revisi if previous else None,
        "data_per": row.data_per.isoformat() if row.data_per else None,
        "diterbitkan_pada": row.diterbitkan_pada.astimezone(WIB).isoformat(),
        "ditetapkan_oleh": row.ditetapkan_oleh,
        "koreksi_setelah_final": None,
        "angka_sebelumnya_tersedia": prev_stored is not None,
        "angka_berubah": diff_figures(prev_stored["angka"], figs) if prev_stored else [],
        "ringkasan_berkas_baru": _files_summary(files),
        # the first revision holds every file ever loaded: counted above, not listed
        "berkas_baru": files if previous is not None else [],
        "berkas_memperbarui_baris": [f for f in files if f["baris_memperbarui"]]
        if previous is not None
        else [],
        "perubahan_karantina": _quarantine_changes(
            prev_stored["karantina"] if prev_stored else {}, quarantine
        )
        if previous is not None
        else [],
    }
    if row.status == "koreksi" and final is not None:
        versus_final = doc["angka_berubah"]
        if final_stored is not None and (previous is None or final.revisi != previous.revisi):
            versus_final = diff_figures(final_stored["angka"], figs)
        doc["koreksi_setelah_final"] = {
            "revisi_final": final.revisi,
            "ditetapkan_oleh": final.ditetapkan_oleh,
            "ditetapkan_pada": final.diterbitkan_pada.astimezone(WIB).isoformat(),
            "angka_berbeda_dari_final": versus_final,
        }
    return doc


def _value(v: Any) -> str:
    if v is None:
        return "(tidak ada)"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def change_log_markdown(doc: dict[str, Any]) -> str:
    """The change log for people (Indonesian)."""
    lines = [f"# Perubahan angka tahun {doc['tahun']}: revisi {doc['revisi']}", ""]
    kf = doc.get("koreksi_setelah_final")
    if kf:
        lines += [
            "> **KOREKSI SETELAH FINAL.** Angka tahun ini telah ditetapkan final oleh"
            f" {kf['ditetapkan_oleh']} pada {kf['ditetapkan_pada'][:10]} (revisi"
            f" {kf['revisi_final']}). Revisi ini mengubah angka tersebut karena berkas susulan"
            " atau koreksi; rilis final tetap tersedia di folder"
            f" `revisi-{kf['revisi_final']}` (penunjuk `FINAL`)."
            f" Jumlah angka yang berbeda dari rilis final: {len(kf['angka_berbeda_dari_final'])}.",
            "",
        ]
    lines += [
        f"- Status: **{STATUS_TEXT[doc['status']]}**",
        f"- Alasan revisi: {doc['alasan']}",
        f"- Revisi sebelumnya: {doc['revisi_sebelumnya'] or '-'}",
        f"- Keadaan data per: {doc['data_per'] or '-'}",
        f"- Diterbitkan pada: {doc['diterbitkan_pada']}",
    ]
    if doc.get("ditetapkan_oleh"):
        lines.append(f"- Ditetapkan final oleh: {doc['ditetapkan_oleh']}")
    lines += ["", "## Angka yang berubah", ""]
    changes = doc["angka_berubah"]
    if doc["revisi_sebelumnya"] is None:
        lines.append("Rilis pertama tahun ini: belum ada angka sebelumnya.")
    elif not doc["angka_sebelumnya_tersedia"]:
        lines.append("Angka revisi sebelumnya tidak tersimpan (diterbitkan sebelum format rilis).")
    elif not changes:
        lines.append("Tidak ada angka yang berubah.")
    else:
        lines += [
            "| Tabel | Badan publik | Rincian | Angka | Lama | Baru |",
            "|---|---|---|---|---|---|",
        ]
        for c in changes:
            detail = "; ".join(f"{k}: {v}" for k, v in c["rincian"].items()) or "-"
            lines.append(
                f"| {c['tabel']} | {c['kode_badan'] or 'Provinsi'} | {detail} | {c['label']} |"
                f" {_value(c['lama'])} | {_value(c['baru'])} |"
            )
    lines += ["", "## Berkas yang dimuat sejak revisi sebelumnya", ""]
    if not doc["ringkasan_berkas_baru"]:
        lines.append("Tidak ada berkas baru.")
    else:
        lines += ["| Badan publik | Sumber | Berkas | Dikarantina |", "|---|---|---|---|"]
        for g in doc["ringkasan_berkas_baru"]:
            lines.append(
                f"| {g['kode_badan']} | {g['sumber']} | {g['berkas']} | {g['dikarantina']} |"
            )
    if doc["berkas_baru"]:
        lines += [
            "",
            "| Badan publik | Sumber | Berkas | Status | Baris dimuat | Baris"
            " dikarantina | Memperbarui baris lama | Dimuat pada |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for f in doc["berkas_baru"]:
            lines.append(
                f"| {f['kode_badan']} | {f['sumber']} | `{f['berkas']}` ({f['sha256'][:12]}) |"
                f" {f['status']} | {f['baris_dimuat']} | {f['baris_dikarantina']} |"
                f" {f['baris_memperbarui']} | {f['dimuat_pada'][:19]} |"
            )
    lines += ["", "## Koreksi", ""]
    if doc["berkas_memperbarui_baris"]:
        for f in doc["berkas_memperbarui_baris"]:
            lines.append(
                f"- {f['kode_badan']}: `{f['berkas']}` memperbarui {f['baris_memperbarui']}"
                " baris yang sudah dimuat dari berkas sebelumnya"
            )
    else:
        lines.append("Tidak ada berkas yang menggantikan baris yang sudah dimuat.")
    if doc["perubahan_karantina"]:
        lines += ["", "Perubahan karantina (baris/berkas yang tidak dimuat, per tahap):", ""]
        for q in doc["perubahan_karantina"]:
            lines.append(f"- {q['kode_badan']} ({q['tahap']}): {q['lama']} → {q['baru']}")
    return "\n".join(lines) + "\n"


# -- files of a revision ----------------------------------------------------------------------
def status_text(row: Revision) -> str:
    """The status as the Keterangan sheet and revisi.json state it."""
    if row.status == "final":
        return f"Final: ditetapkan oleh {row.ditetapkan_oleh} (PPID Utama)"
    if row.status == "koreksi":
        return (
            f"KOREKSI SETELAH FINAL: mengubah angka rilis final revisi {row.revisi_final};"
            " lihat perubahan.md"
        )
    if row.data_per is not None and row.data_per <= date(row.tahun, 12, 31):
        until = (row.data_per - timedelta(days=1)).isoformat()
        return f"Sementara: tahun berjalan, data sampai dengan {until}; angka dapat berubah"
    return (
        "Sementara: belum ditetapkan final oleh PPID Utama; angka dapat berubah bila ada"
        " berkas susulan"
    )


def _about(row: Revision, checksum: str) -> list[tuple[str, str]]:
    about = [
        ("Judul", "Angka Laporan Tahunan Layanan Informasi Publik (UU 14/2008 Pasal 12)"),
        ("Tahun", str(row.tahun)),
        ("Revisi", str(row.revisi)),
        ("Status", status_text(row)),
        ("Keadaan data per", row.data_per.isoformat() if row.data_per else "-"),
        ("Dibuat pada", row.diterbitkan_pada.astimezone(WIB).strftime("%Y-%m-%d %H:%M:%S WIB")),
        ("Checksum angka (SHA-256)", checksum),
        ("Perubahan", "lihat perubahan.md dan perubahan.json dalam folder rilis ini"),
    ]
    if row.status == "koreksi":
        about.insert(4, ("Rilis final", f"revisi-{row.revisi_final} (penunjuk FINAL)"))
    return about


def release_files(
    frames: dict[str, Any],
    row: Revision,
    changes: dict[str, Any],
    figs: dict[str, list[dict[str, Any]]] | None = None,
) -> dict[str, bytes]:
    """Every file of a revision folder, as bytes (reports are added by the `documents` hook);
    `figs` are `figures(frames)` when the caller has them."""
    files = render(frames, row.tahun, figs)
    files[f"ppid_{row.tahun}_revisi-{row.revisi}.xlsx"] = workbook(
        frames, _about(row, row.checksum), row.diterbitkan_pada.astimezone(WIB)
    )
    meta = {k: _jsonable(v) for k, v in asdict(row).items() if k != "folder"}
    meta["status_keterangan"] = status_text(row)
    files["revisi.json"] = _dump(meta)
    files["perubahan.json"] = _dump(changes)
    files["perubahan.md"] = change_log_markdown(changes).encode("utf-8")
    return files


def _jsonable(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.astimezone(WIB).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


def _dump(doc: Any) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_tmp(
    year_dir: Path,
    revision: int,
    files: dict[str, bytes],
    documents: Callable[[Path], None] | None,
) -> Path:
    tmp = year_dir / f"{_TMP_PREFIX}revisi-{revision}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        if documents is not None:
            documents(tmp / "laporan")
        for path in tmp.rglob("*"):  # durable before the rename makes it visible
            if path.is_file():
                with path.open("rb") as fh:
                    os.fsync(fh.fileno())
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def _place(tmp: Path, target: Path) -> None:
    """Rename the finished folder into place; an existing revision is never overwritten."""
    if target.exists():
        shutil.rmtree(tmp, ignore_errors=True)
        raise ReleaseError(f"{target} sudah ada: folder revisi tidak pernah ditimpa")
    tmp.rename(target)


# -- publishing -------------------------------------------------------------------------------
def publish_release(
    wh: Warehouse,
    year: int,
    output_dir: Path,
    run_id: str,
    documents: Callable[[Path], None] | None = None,
    final_by: str | None = None,
    final_revision: int | None = None,
) -> Publication:
    """Publish `year`: a new revision folder when the figures changed (or when the desk marks
    the year final), else nothing; one transaction per year (the log row and the folder's rename
    commit together; a killed run is cleaned up by the next one)."""
    frames = collect(wh, year)
    figs = figures(frames)
    checksum = figures_checksum(figs)
    per = data_per(wh)
    until = _berkas_until(wh)
    quarantine = _quarantine(wh)
    total = int(sum(r["jumlah_permohonan"] for r in figs["c_provinsi"]))
    n_bodies = len(figs["c_permohonan_per_badan"])
    year_dir = output_dir / str(year)
    year_dir.mkdir(parents=True, exist_ok=True)
    placed: Path | None = None
    tmp: Path | None = None
    try:
        with wh.transaction(lock=f"ppid:publish:{year}"):
            revs = revisions(wh, year)
            _recover(year_dir, revs)
            last = revs[-1] if revs else None
            finals = [r for r in revs if r.status == "final"]
            final = finals[-1] if finals else None
            status, reason = _decide(year, revs, checksum, final_by, final_revision)
            if status is None:
                assert last is not None
                _restore_missing(wh, frames, last, year_dir, documents)
                _point(year_dir, revs)
                return _publication(year_dir, last, checksum, total, new=False)
            n = last.revisi + 1 if last else 1
            target = year_dir / f"revisi-{n}"
            row = Revision(
                tahun=year,
                revisi=n,
                checksum=checksum,
                status=status,
                jumlah_badan=n_bodies,
                jumlah_permohonan=total,
                folder=str(target),
                run_id=run_id,
                diterbitkan_pada=datetime.now(UTC).replace(microsecond=0),
                data_per=per,
                berkas_sampai=until,
                ditetapkan_oleh=final_by if status == "final" else None,
                revisi_final=final.revisi if status == "koreksi" and final else None,
                alasan=reason,
            )
            prev_stored = _stored(wh, year, last.revisi) if last else None
            final_stored = _stored(wh, year, final.revisi) if final else None
            changes = change_log(wh, row, last, prev_stored, final, final_stored, figs, quarantine)
            files = release_files(frames, row, changes, figs)
            tmp = _write_tmp(year_dir, n, files, documents)
            _insert(wh, row, figs, quarantine, changes)
            _place(tmp, target)
            placed = target
    except BaseException:
        if tmp is not None and tmp.exists():  # written, never logged
            shutil.rmtree(tmp, ignore_errors=True)
        if placed is not None and placed.exists():  # renamed, but the commit failed
            placed.rename(year_dir / f"{_SET_ASIDE_PREFIX}{placed.name}-{uuid.uuid4().hex[:8]}")
        raise
    _point(year_dir, [*revs, row])
    if status == "koreksi":
        log.warning(
            "%d: figures changed after the final release (revisi %d): published revisi %d as a"
            " correction (koreksi setelah final); FINAL still names revisi-%d",
            year,
            row.revisi_final,
            n,
            row.revisi_final,
        )
    return _publication(year_dir, row, checksum, total, new=True)


def _decide(
    year: int,
    revs: list[Revision],
    checksum: str,
    final_by: str | None,
    final_revision: int | None,
) -> tuple[str | None, str | None]:
    """(status, reason) of the revision to make, or (None, None) when none is due."""
    last = revs[-1] if revs else None
    has_final = any(r.status == "final" for r in revs)
    if final_by is not None:
        if not final_by.strip():
            raise ReleaseError("penetapan final harus menyebut siapa yang menetapkan (--oleh)")
        if last is None:
            raise ReleaseError(f"belum ada angka {year} yang diterbitkan; terbitkan dulu")
        if final_revision is not None and final_revision != last.revisi:
            raise ReleaseError(
                f"hanya revisi terbaru ({last.revisi}) yang dapat ditetapkan final,"
                f" bukan revisi {final_revision}"
            )
        if last.checksum != checksum:
            raise ReleaseError(
                f"angka {year} di gudang data berubah sejak revisi {last.revisi}; terbitkan"
                " revisi baru, periksa, lalu tetapkan final"
            )
        if last.status == "final":
            return None, None
        return "final", f"penetapan final oleh {final_by}"
    if last is not None and last.checksum == checksum:
        return None, None
    if last is None:
        return "sementara", "rilis pertama"
    if has_final:
        return "koreksi", "koreksi setelah final"
    return "sementara", "data baru"


def _insert(
    wh: Warehouse,
    row: Revision,
    figs: dict[str, Any],
    quarantine: dict[str, int],
    changes: dict[str, Any],
) -> None:
    wh.execute(
        "INSERT INTO mart.publikasi (tahun, revisi, checksum, status, jumlah_badan,"
        " jumlah_permohonan, folder, run_id, diterbitkan_pada, data_per, berkas_sampai,"
        " ditetapkan_oleh, revisi_final, alasan) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            row.tahun,
            row.revisi,
            row.checksum,
            row.status,
            row.jumlah_badan,
            row.jumlah_permohonan,
            row.folder,
            row.run_id,
            row.diterbitkan_pada,
            row.data_per,
            row.berkas_sampai,
            row.ditetapkan_oleh,
            row.revisi_final,
            row.alasan,
        ],
    )
    wh.execute(
        "INSERT INTO mart.publikasi_angka (tahun, revisi, angka, karantina, perubahan)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            row.tahun,
            row.revisi,
            json.dumps(figs, ensure_ascii=False, sort_keys=True),
            json.dumps(quarantine, sort_keys=True),
            json.dumps(changes, ensure_ascii=False),
        ],
    )


def _restore_missing(
    wh: Warehouse,
    frames: dict[str, Any],
    last: Revision,
    year_dir: Path,
    documents: Callable[[Path], None] | None,
) -> None:
    """The latest revision is logged but its folder is gone (output disk replaced): rebuild it
    from the same figures and the stored change log, byte for byte (reports aside)."""
    target = year_dir / f"revisi-{last.revisi}"
    stored = _stored(wh, last.tahun, last.revisi)
    if target.exists() or stored is None:
        return
    row = replace(last, diterbitkan_pada=last.diterbitkan_pada.replace(microsecond=0))
    log.warning("restoring the missing folder of %d revision %d", last.tahun, last.revisi)
    tmp = _write_tmp(
        year_dir, last.revisi, release_files(frames, row, stored["perubahan"]), documents
    )
    _place(tmp, target)


def _publication(
    year_dir: Path, row: Revision, checksum: str, total: int, new: bool
) -> Publication:
    folder = year_dir / f"revisi-{row.revisi}"
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    return Publication(
        year=row.tahun,
        folder=folder,
        files=files,
        checksum=checksum,
        revision=row.revisi,
        new_revision=new,
        total_requests=total,
        status=row.status,
        data_per=row.data_per,
    )


def years_to_publish(wh: Warehouse, previous_year: int) -> list[int]:
    """After a refresh: the year before (annual figures) and the running year (provisional,
    month to date), once each."""
    running = running_year(wh)
    return sorted({previous_year} | ({running} if running is not None else set()))


def report_documents(wh: Warehouse, year: int, landing_root: Path) -> Callable[[Path], None]:
    """The `documents` hook that renders the annual reports (HTML/PDF) into a revision; called
    only when a revision is made: the checksum is over the figures, never over these files.
    A year with more bodies than `PPID_PDF_INLINE_MAX` gets its bodies' PDFs after the
    revision is placed (`transforms.tasks.render_pdfs`), except those copied from the previous
    revision; a revision missing some PDFs is still the same revision (figures unchanged)."""

    def write(folder: Path) -> None:
        from transforms.report import render_reports

        # folder is <year>/<temp revision folder>/laporan: the latest revision's reports are
        # next door, and a body whose HTML did not change keeps its PDF instead of a new one
        render_reports(wh, year, folder, landing_root, reuse=_latest_reports(folder.parent.parent))

    return write


def revision_reports(output_dir: Path, year: int) -> dict[int, Path]:
    """The reports folder (`laporan/`) of every placed revision of `year`, by revision number,
    newest first: where `render_pdfs` looks for missing PDFs and for PDFs to copy."""
    year_dir = output_dir / str(year)
    if not year_dir.is_dir():
        return {}
    found = {
        int(m.group(1)): child / "laporan"
        for child in year_dir.iterdir()
        if (m := _REVISION_DIR.match(child.name)) and (child / "laporan").is_dir()
    }
    return dict(sorted(found.items(), reverse=True))


def _latest_reports(year_dir: Path) -> Path | None:
    """The reports folder of the highest-numbered revision folder present (logged revisions
    only: `_recover` has set any other aside before a revision is written)."""
    numbered = [
        (int(m.group(1)), child)
        for child in year_dir.iterdir()
        if (m := _REVISION_DIR.match(child.name)) and (child / "laporan").is_dir()
    ]
    return max(numbered)[1] / "laporan" if numbered else None


# -- CLI: the desk marks a year final ---------------------------------------------------------
def mark_final(
    wh: Warehouse,
    year: int,
    output_dir: Path,
    by: str,
    run_id: str,
    revision: int | None = None,
    documents: Callable[[Path], None] | None = None,
) -> Publication:
    """Mark the latest revision's figures final (a new `final` revision with the same figures);
    refused when the warehouse's figures differ from what the desk reviewed."""
    return publish_release(
        wh, year, output_dir, run_id, documents=documents, final_by=by, final_revision=revision
    )


def main(argv: list[str] | None = None) -> int:
    from transforms.config import Settings
    from transforms.migrate import migrate
    from transforms.runtime import warehouse_url
    from transforms.warehouse import connect

    ap = argparse.ArgumentParser(description="Releases of the published annual figures")
    sub = ap.add_subparsers(dest="command", required=True)
    fin = sub.add_parser("final", help="mark a year's latest revision final (PPID Utama)")
    fin.add_argument("--year", type=int, required=True)
    fin.add_argument("--oleh", required=True, help="who marks it final (name, position)")
    fin.add_argument("--revisi", type=int, default=None, help="the revision reviewed (latest)")
    show = sub.add_parser("status", help="list the revisions of a year")
    show.add_argument("--year", type=int, required=True)
    args = ap.parse_args(argv)
    settings = Settings.from_env()
    with connect(warehouse_url(settings)) as wh:
        migrate(wh)
        if args.command == "status":
            for r in revisions(wh, args.year):
                print(
                    f"revisi-{r.revisi}\t{r.status}\t{r.data_per}\t{r.diterbitkan_pada}\t{r.alasan}"
                )
            return 0
        run_id = f"final__{datetime.now(UTC):%Y%m%dT%H%M%S}"
        try:
            pub = mark_final(
                wh,
                args.year,
                settings.output_dir,
                args.oleh,
                run_id,
                args.revisi,
                documents=report_documents(wh, args.year, settings.landing_root),
            )
        except ReleaseError as exc:
            print(f"ditolak: {exc}", file=sys.stderr)
            return 2
    state = "ditetapkan final" if pub.new_revision else "sudah final"
    print(f"{args.year} {state}: {pub.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
