"""Refresh one body: read its new landing files into `raw`, validate, and rebuild its `core`
rows, all in one transaction so a killed run leaves nothing half-loaded."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from transforms.landing import LandingFile, discover, is_supported
from transforms.lifecycle import lifecycle
from transforms.models import FileRejected, FormRow, Message, QuarantineItem, Request
from transforms.sources import CORE_BUILDERS, RAW_TABLES, SOURCES, import_target, raw_table_for
from transforms.validation import Validator
from transforms.warehouse import Warehouse

log = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Pontianak")
_EXCERPT = 200

MESSAGE_COLUMNS = [f.name for f in dataclasses.fields(Message)]
FORM_COLUMNS = [f.name for f in dataclasses.fields(FormRow)]
LINEAGE = ["kode_badan", "berkas_sha256", "berkas"]
KEY = ["berkas_sha256", "baris"]


@dataclass
class BodyContext:
    """What a body's refresh needs besides the warehouse; all plain values."""

    kode_badan: str
    desk: Any  # transforms.models.Desk
    key: bytes
    calendar: Any  # transforms.calendar.WorkCalendar
    status_per: date
    run_id: str


@dataclass
class BodySummary:
    kode_badan: str
    berkas_baru: int = 0
    berkas_sudah_ada: int = 0
    berkas_dikarantina: int = 0
    baris_dimuat: int = 0
    baris_dikarantina: int = 0
    permohonan: int = 0
    inti: dict[str, int] = field(default_factory=dict)  # core builder -> rows built
    karantina: list[str] = field(default_factory=list)  # short officer-facing lines


@dataclass
class _FileLoad:
    file: LandingFile
    table: str | None = None  # a registered raw table (transforms.sources.RAW_TABLES)
    frame: pd.DataFrame | None = None
    quarantined: list[QuarantineItem] = field(default_factory=list)
    tahap: dict[int | None, str] = field(default_factory=dict)
    validation: tuple[str, int, int, str | None] | None = None  # suite, rows, failed, names


def refresh_body(
    wh: Warehouse, landing_root: Any, ctx: BodyContext, validator: Validator
) -> BodySummary:
    summary = BodySummary(ctx.kode_badan)
    files = discover(landing_root, ctx.kode_badan)
    known = _known_hashes(wh, ctx.kode_badan)
    loads: list[_FileLoad] = []
    seen: set[str] = set()
    for f in files:
        if f.sha256 in known or f.sha256 in seen:
            summary.berkas_sudah_ada += 1
            continue
        seen.add(f.sha256)
        loads.append(_read(f, ctx))
    _validate(loads, validator)

    now = datetime.now(UTC)
    with wh.transaction(lock=f"ppid:body:{ctx.kode_badan}"):
        known = _known_hashes(wh, ctx.kode_badan)  # a concurrent run may have loaded some
        for load in loads:
            if load.file.sha256 in known:
                summary.berkas_sudah_ada += 1
                continue
            _write(wh, load, ctx, now, summary)
        for target in CORE_BUILDERS:
            summary.inti[target.rpartition(":")[2]] = import_target(target)(
                wh, ctx, validator, now, summary
            )
    return summary


def _known_hashes(wh: Warehouse, kode: str) -> set[str]:
    rows = wh.query("SELECT berkas_sha256 FROM raw.berkas WHERE kode_badan = ?", [kode])
    return {r[0] for r in rows}


def _read(f: LandingFile, ctx: BodyContext) -> _FileLoad:
    """Parse one file; any failure becomes a quarantine reason, never a crashed run."""
    load = _FileLoad(f)
    if not is_supported(f):
        suffix = f.path.suffix or "(tanpa ekstensi)"
        load.quarantined.append(
            QuarantineItem(None, f"jenis berkas {suffix} tidak didukung untuk saluran {f.sumber}")
        )
        return load
    try:
        result = SOURCES[f.sumber].read(f.path)
    except FileRejected as exc:
        load.quarantined.append(QuarantineItem(None, exc.reason))
        return load
    except Exception as exc:  # a parser bug must not stop the other files
        log.exception("parser failed on %s", f.rel)
        load.quarantined.append(
            QuarantineItem(None, f"berkas tidak dapat dibaca ({type(exc).__name__}: {exc})")
        )
        return load
    load.quarantined.extend(result.quarantined)
    if result.rows:
        load.table = raw_table_for(result.rows[0]).table
        frame = pd.DataFrame([dataclasses.asdict(r) for r in result.rows])
        frame.insert(0, "kode_badan", ctx.kode_badan)
        frame.insert(1, "berkas_sha256", f.sha256)
        frame.insert(2, "berkas", f.rel)
        frame["run_id"] = ctx.run_id
        load.frame = frame
    return load


def _validate(loads: list[_FileLoad], validator: Validator) -> None:
    """Run the source suite on all new rows of the body at once; drop and quarantine failures."""
    for rt in RAW_TABLES:
        table, suite = rt.table, rt.suite
        group = [ld for ld in loads if ld.table == table and ld.frame is not None]
        if not group:
            continue
        frame = pd.concat([ld.frame for ld in group], ignore_index=True)
        outcome = validator.validate(suite, frame, KEY)
        failed_names = ", ".join(sorted(set(outcome.failed_expectations))) or None
        for ld in group:
            assert ld.frame is not None
            bad = sorted(k[1] for k in outcome.row_reasons if k[0] == ld.file.sha256)
            for baris in bad:
                row = ld.frame[ld.frame["baris"] == baris].iloc[0]
                text = next((row.get(c) for c in rt.excerpt if _none(row.get(c))), None)
                excerpt = str(text or "")[:_EXCERPT] or None
                reason = f"baris {baris}: " + "; ".join(
                    outcome.row_reasons[(ld.file.sha256, baris)]
                )
                ld.quarantined.append(QuarantineItem(int(baris), reason, excerpt))
                ld.tahap[int(baris)] = "validasi"
            ld.validation = (suite, len(ld.frame), len(bad), failed_names if bad else None)
            if bad:
                ld.frame = ld.frame[~ld.frame["baris"].isin(bad)]


def _write(
    wh: Warehouse, load: _FileLoad, ctx: BodyContext, now: datetime, summary: BodySummary
) -> None:
    f = load.file
    rows = 0 if load.frame is None else wh.insert_frame(load.table or "", load.frame)
    file_rejected = any(q.baris is None for q in load.quarantined)
    status = "dikarantina" if file_rejected else "dimuat"
    wh.execute(
        "INSERT INTO raw.berkas (kode_badan, berkas_sha256, sumber, berkas, ukuran_byte, status,"
        " baris_dimuat, baris_dikarantina, run_id, dimuat_pada) VALUES (?,?,?,?,?,?,?,?,?,?)",
        [
            ctx.kode_badan,
            f.sha256,
            f.sumber,
            f.rel,
            f.size,
            status,
            rows,
            sum(q.baris is not None for q in load.quarantined),
            ctx.run_id,
            now,
        ],
    )
    if load.quarantined:
        wh.insert_frame(
            "raw.karantina",
            pd.DataFrame(
                [
                    {
                        "kode_badan": ctx.kode_badan,
                        "sumber": f.sumber,
                        "berkas": f.rel,
                        "berkas_sha256": f.sha256,
                        "baris": q.baris,
                        "tahap": load.tahap.get(q.baris, "baca"),
                        "alasan": q.alasan,
                        "cuplikan": q.cuplikan,
                        "run_id": ctx.run_id,
                        "dicatat_pada": now,
                    }
                    for q in load.quarantined
                ]
            ),
        )
        for q in load.quarantined:
            summary.karantina.append(f"{f.rel}: {q.alasan}")
    if load.validation:
        suite, n_rows, n_failed, failed_names = load.validation
        wh.insert_frame(
            "raw.validasi",
            pd.DataFrame(
                [
                    {
                        "run_id": ctx.run_id,
                        "kode_badan": ctx.kode_badan,
                        "berkas_sha256": f.sha256,
                        "suite": suite,
                        "sukses": n_failed == 0,
                        "jumlah_baris": n_rows,
                        "jumlah_gagal": n_failed,
                        "harapan_gagal": failed_names,
                        "dievaluasi_pada": now,
                    }
                ]
            ),
        )
    summary.berkas_baru += 1
    summary.berkas_dikarantina += int(file_rejected)
    summary.baris_dimuat += rows
    summary.baris_dikarantina += sum(q.baris is not None for q in load.quarantined)


CORE_COLUMNS = [
    "permohonan_id",
    "kode_badan",
    "saluran",
    "diterima_pada",
    "tanggal_diterima",
    "tahun",
    "bulan",
    "pemohon_id",
    "nomor_pendaftaran",
    "rincian_informasi",
    "tujuan_penggunaan",
    "cara_memperoleh",
    "lengkap",
    "kekurangan",
    "keputusan",
    "alasan_penolakan",
    "tanggal_keputusan",
    "perpanjangan",
    "tanggal_pemberian",
    "tenggat",
    "tenggat_perpanjangan",
    "hari_kerja_keputusan",
    "kelas_waktu",
    "status_per",
    "sumber_berkas",
    "sumber_baris",
]


def rebuild_core(
    wh: Warehouse, ctx: BodyContext, validator: Validator, now: datetime, summary: BodySummary
) -> int:
    """Replace the body's core rows with a fresh conformance of all its raw rows.

    Deterministic: the same raw rows and `status_per` give the same core rows, so re-runs
    change nothing; corrections delivered later flow through without special cases.
    """
    requests = conform_body(wh, ctx)
    frame = requests_frame(requests, ctx)
    outcome = validator.validate("core_permohonan", frame, ["permohonan_id"])
    bad = {k[0]: reasons for k, reasons in outcome.row_reasons.items()}
    sync_core_quarantine(
        wh, ctx, "validasi_core", frame[frame["permohonan_id"].isin(bad)], bad, now, summary
    )
    frame = frame[~frame["permohonan_id"].isin(bad)]
    wh.execute("DELETE FROM core.permohonan WHERE kode_badan = ?", [ctx.kode_badan])
    insert_core(wh, ctx, "core.permohonan", frame[CORE_COLUMNS])
    summary.permohonan = len(frame)
    return len(frame)


def insert_core(wh: Warehouse, ctx: BodyContext, table: str, frame: pd.DataFrame) -> int:
    """Write a core builder's rows with lineage that names no one: `sumber_berkas` becomes
    `<body>/<source>/<SHA-256 of the file>` instead of the landing path, because exports are
    named after people (`Chat WhatsApp dengan +62 812-…`). raw.berkas maps it back to the path
    for those allowed to read raw."""
    if frame.empty:
        return 0
    sha = dict(
        wh.query(
            "SELECT berkas, berkas_sha256 FROM raw.berkas WHERE kode_badan = ?", [ctx.kode_badan]
        )
    )
    frame = frame.copy()
    frame["sumber_berkas"] = [
        lineage_ref(path, sha.get(path, "")) for path in frame["sumber_berkas"]
    ]
    return wh.insert_frame(table, frame)


def lineage_ref(path: str, sha256: str) -> str:
    body, sumber = (path.split("/") + ["", ""])[:2]
    return f"{body}/{sumber}/{sha256 or 'tidak-dikenal'}"


def conform_body(wh: Warehouse, ctx: BodyContext) -> list[Request]:
    from transforms.conform.forms_rows import conform_form_rows
    from transforms.conform.threads import conform_messages

    requests: list[Request] = []
    messages = wh.frame(
        "SELECT * FROM raw.pesan WHERE kode_badan = ? ORDER BY dikirim_pada, berkas, baris",
        [ctx.kode_badan],
    )
    for _saluran, group in messages.groupby("saluran", sort=True):
        items = [(r["berkas"], message_from_record(r)) for r in group.to_dict("records")]
        requests += conform_messages(ctx.kode_badan, items, ctx.desk, ctx.key)
    forms = wh.frame(
        "SELECT * FROM raw.formulir WHERE kode_badan = ? ORDER BY berkas, baris", [ctx.kode_badan]
    )
    for _saluran, group in forms.groupby("saluran", sort=True):
        items = [(r["berkas"], form_row_from_record(r)) for r in group.to_dict("records")]
        requests += conform_form_rows(ctx.kode_badan, items, ctx.key)
    return requests


def requests_frame(requests: list[Request], ctx: BodyContext) -> pd.DataFrame:
    records = []
    for req in requests:
        rec = dataclasses.asdict(req)
        received = req.diterima_pada.astimezone(WIB)
        rec["diterima_pada"] = received
        rec["tanggal_diterima"] = received.date()
        rec["tahun"], rec["bulan"] = received.year, received.month
        rec["status_per"] = ctx.status_per
        rec.update(
            lifecycle(
                ctx.calendar,
                received.date(),
                req.tanggal_keputusan,
                req.keputusan is not None,
                req.perpanjangan,
                ctx.status_per,
            )
        )
        records.append(rec)
    frame = pd.DataFrame(records, columns=CORE_COLUMNS)
    return frame.astype({"hari_kerja_keputusan": "Int64"})


def sync_core_quarantine(
    wh: Warehouse,
    ctx: BodyContext,
    tahap: str,
    failed: pd.DataFrame,
    reasons: dict[Any, list[str]],
    now: datetime,
    summary: BodySummary,
) -> None:
    """Keep exactly one quarantine row per core record that fails its suite (idempotent).

    `failed` has the record's id first among its columns plus `sumber_berkas` and
    `sumber_baris`; `reasons` maps the id to the failed expectations' reasons. Each core
    table uses its own `tahap`, so one builder never clears another's rows."""
    id_col = failed.columns[0]
    wanted = {
        (r["sumber_berkas"], int(r["sumber_baris"]), "; ".join(reasons[r[id_col]]))
        for r in failed.to_dict("records")
    }
    existing = {
        (b, n, a)
        for b, n, a in wh.query(
            "SELECT berkas, baris, alasan FROM raw.karantina WHERE kode_badan = ? AND tahap = ?",
            [ctx.kode_badan, tahap],
        )
    }
    for berkas, baris, alasan in existing - wanted:
        wh.execute(
            "DELETE FROM raw.karantina WHERE kode_badan = ? AND tahap = ? AND berkas = ?"
            " AND baris = ? AND alasan = ?",
            [ctx.kode_badan, tahap, berkas, baris, alasan],
        )
    new = sorted(wanted - existing)
    if new:
        sha = dict(
            wh.query(
                "SELECT berkas, berkas_sha256 FROM raw.berkas WHERE kode_badan = ?",
                [ctx.kode_badan],
            )
        )
        wh.insert_frame(
            "raw.karantina",
            pd.DataFrame(
                [
                    {
                        "kode_badan": ctx.kode_badan,
                        "sumber": berkas.split("/")[1],
                        "berkas": berkas,
                        "berkas_sha256": sha.get(berkas, ""),
                        "baris": baris,
                        "tahap": tahap,
                        "alasan": alasan,
                        "cuplikan": None,
                        "run_id": ctx.run_id,
                        "dicatat_pada": now,
                    }
                    for berkas, baris, alasan in new
                ]
            ),
        )
    summary.karantina += [f"{b} baris {n}: {a}" for b, n, a in sorted(wanted)]


def _ts(value: Any) -> datetime:
    ts = pd.Timestamp(value)
    if ts.tzinfo is None:
        ts = ts.tz_localize(UTC)
    return ts.tz_convert(WIB).to_pydatetime()


def _day(value: Any) -> date | None:
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return pd.Timestamp(value).date()


def _none(value: Any) -> Any:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else value


def message_from_record(r: dict[str, Any]) -> Message:
    values = {c: _none(r.get(c)) for c in MESSAGE_COLUMNS}
    values["dikirim_pada"] = _ts(r["dikirim_pada"])
    values["baris"] = int(r["baris"])
    values["lampiran"] = int(r["lampiran"])
    return Message(**values)


def form_row_from_record(r: dict[str, Any]) -> FormRow:
    values = {c: _none(r.get(c)) for c in FORM_COLUMNS}
    values["diterima_pada"] = _ts(r["diterima_pada"])
    values["baris"] = int(r["baris"])
    values["tanggal_keputusan"] = _day(r.get("tanggal_keputusan"))
    values["tanggal_pemberian"] = _day(r.get("tanggal_pemberian"))
    return FormRow(**values)
