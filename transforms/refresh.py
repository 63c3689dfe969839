"""Refresh one body: read its new landing files into `raw`, validate, and rebuild its `core`
rows, all in one transaction so a killed run leaves nothing half-loaded."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

from transforms.landing import LandingFile, discover, is_supported
from transforms.lifecycle import lifecycle
from transforms.models import FileRejected, FormRow, Message, QuarantineItem, Request
from transforms.sources import (
    CORE_BUILDERS,
    RAW_TABLES,
    SOURCES,
    CoreBuilder,
    import_target,
    raw_table_for,
)
from transforms.stages import stage
from transforms.validation import BatchInvalid, Outcome, Validator
from transforms.warehouse import Warehouse

log = logging.getLogger(__name__)
WIB = ZoneInfo("Asia/Pontianak")
_EXCERPT = 200

MESSAGE_COLUMNS = [f.name for f in dataclasses.fields(Message)]
REQUEST_FIELDS = [f.name for f in dataclasses.fields(Request)]
FORM_COLUMNS = [f.name for f in dataclasses.fields(FormRow)]
LINEAGE = ["kode_badan", "berkas_sha256", "berkas"]
KEY = ["kode_badan", "berkas_sha256", "baris"]


@dataclass
class BodyContext:
    """What a body's refresh needs besides the warehouse; all plain values."""

    kode_badan: str
    desk: Any  # transforms.models.Desk
    key: bytes
    calendar: Any  # transforms.calendar.WorkCalendar
    status_per: date
    run_id: str
    # what several core builders read within one refresh (the body's messages), cleared at
    # the start of every refresh
    memo: dict[str, Any] = field(default_factory=dict)


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
    run_id: str
    table: str | None = None  # a registered raw table (transforms.sources.RAW_TABLES)
    # the parsed rows as plain tuples: a DataFrame per file cost more than parsing a chat
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    quarantined: list[QuarantineItem] = field(default_factory=list)
    tahap: dict[int | None, str] = field(default_factory=dict)
    validation: tuple[str, int, int, str | None] | None = None  # suite, rows, failed, names


class BodyFailed(RuntimeError):
    """A body's refresh failed; the message names the body for the officer and the engineer."""

    def __init__(self, kode_badan: str, error: BaseException) -> None:
        super().__init__(f"body {kode_badan!r}: {type(error).__name__}: {error}")
        self.kode_badan = kode_badan


@contextmanager
def _for_body(kode_badan: str) -> Iterator[None]:
    try:
        yield
    except BodyFailed:
        raise
    except Exception as exc:
        raise BodyFailed(kode_badan, exc) from exc


def refresh_body(
    wh: Warehouse, landing_root: Any, ctx: BodyContext, validator: Validator
) -> BodySummary:
    return refresh_batch(wh, landing_root, [ctx], validator)[0]


def refresh_batch(
    wh: Warehouse, landing_root: Any, contexts: list[BodyContext], validator: Validator
) -> list[BodySummary]:
    """Refresh a batch of bodies in one transaction (advisory lock per body).

    Files are read one at a time; validation runs once per suite for the whole batch, because
    a Great Expectations call costs ~0.2 s whatever its size, and a province has hundreds of
    bodies. Everything is written in one transaction, so a killed run leaves nothing behind.
    """
    summaries = [BodySummary(ctx.kode_badan) for ctx in contexts]
    for ctx in contexts:
        ctx.memo.clear()
    loads = [
        _read_new(wh, landing_root, ctx, sm) for ctx, sm in zip(contexts, summaries, strict=True)
    ]
    _validate([ld for body in loads for ld in body], validator)

    now = datetime.now(UTC)
    with wh.transaction(lock=[f"ppid:body:{ctx.kode_badan}" for ctx in contexts]):
        for ctx, body_loads, summary in zip(contexts, loads, summaries, strict=True):
            with _for_body(ctx.kode_badan):
                _write_raw(wh, ctx, body_loads, now, summary)
        for builder in CORE_BUILDERS:
            build_core(wh, builder, contexts, summaries, validator, now)
    for summary in summaries:
        summary.permohonan = summary.inti.get("permohonan", 0)
    return summaries


def _read_new(
    wh: Warehouse, landing_root: Any, ctx: BodyContext, summary: BodySummary
) -> list[_FileLoad]:
    files = discover(landing_root, ctx.kode_badan)
    known = _known_hashes(wh, ctx.kode_badan)
    loads: list[_FileLoad] = []
    seen: set[str] = set()
    for f in files:
        if f.sha256 in known or f.sha256 in seen:
            summary.berkas_sudah_ada += 1
            continue
        seen.add(f.sha256)
        with stage(f"extract:{f.sumber}") as st:
            load = _read(f, ctx)
            st.rows = len(load.rows)
        loads.append(load)
    return loads


def _known_hashes(wh: Warehouse, kode: str) -> set[str]:
    rows = wh.query("SELECT berkas_sha256 FROM raw.berkas WHERE kode_badan = ?", [kode])
    return {r[0] for r in rows}


def _read(f: LandingFile, ctx: BodyContext) -> _FileLoad:
    """Parse one file; any failure becomes a quarantine reason, never a crashed run."""
    load = _FileLoad(f, ctx.run_id)
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
        load.columns = [f.name for f in dataclasses.fields(result.rows[0])]
        load.rows = [tuple(getattr(r, n) for n in load.columns) for r in result.rows]
    return load


def validate_named(
    validator: Validator, suite: str, frame: pd.DataFrame, key: list[str]
) -> Outcome:
    """Validate a batch of bodies at once; when the batch itself is invalid, find and name
    the body whose rows make it so (a parser or schema bug), since that is what to fix."""
    try:
        return validator.validate(suite, frame, key)
    except BatchInvalid as exc:
        for kode, part in frame.groupby("kode_badan", sort=True):
            with _for_body(str(kode)):
                validator.validate(suite, part, key)
        raise exc


def raw_columns(loads: list[_FileLoad]) -> list[str]:
    return [*LINEAGE, *loads[0].columns, "run_id"]


def raw_rows(loads: list[_FileLoad]) -> Iterator[tuple[Any, ...]]:
    """The files' rows (all of one raw table) with their lineage columns, as `raw_columns`."""
    for ld in loads:
        lineage = (ld.file.kode_badan, ld.file.sha256, ld.file.rel)
        for row in ld.rows:
            yield (*lineage, *row, ld.run_id)


def raw_frame(loads: list[_FileLoad]) -> pd.DataFrame:
    """One frame of the files' rows (all of one raw table), with their lineage columns."""
    return pd.DataFrame.from_records(list(raw_rows(loads)), columns=raw_columns(loads))


def _validate(loads: list[_FileLoad], validator: Validator) -> None:
    """Run each source suite once on all new rows of the batch; drop and quarantine failures."""
    for rt in RAW_TABLES:
        table, suite = rt.table, rt.suite
        group = [ld for ld in loads if ld.table == table and ld.rows]
        if not group:
            continue
        frame = raw_frame(group)
        with stage("validate:raw", rows=len(frame)):
            outcome = validate_named(validator, suite, frame, KEY)
        failed_names = ", ".join(sorted(set(outcome.failed_expectations))) or None
        failing: dict[tuple[str, str], set[int]] = {}
        for kode, sha, baris in outcome.row_reasons:
            failing.setdefault((kode, sha), set()).add(baris)
        for ld in group:
            ident = (ld.file.kode_badan, ld.file.sha256)
            bad = failing.get(ident, set())
            at = ld.columns.index("baris")
            for row in ld.rows:
                if row[at] not in bad:
                    continue
                record = dict(zip(ld.columns, row, strict=True))
                text = next((record.get(c) for c in rt.excerpt if _none(record.get(c))), None)
                excerpt = str(text or "")[:_EXCERPT] or None
                reasons = outcome.row_reasons[(*ident, row[at])]
                ld.quarantined.append(
                    QuarantineItem(int(row[at]), f"baris {row[at]}: " + "; ".join(reasons), excerpt)
                )
                ld.tahap[int(row[at])] = "validasi"
            ld.validation = (suite, len(ld.rows), len(bad), failed_names if bad else None)
            if bad:
                ld.rows = [row for row in ld.rows if row[at] not in bad]


def _write_raw(
    wh: Warehouse, ctx: BodyContext, loads: list[_FileLoad], now: datetime, summary: BodySummary
) -> None:
    """Write the body's new files: their rows (one COPY per raw table), their `raw.berkas`
    record, quarantine and validation rows. A file another run loaded meanwhile is skipped."""
    known = _known_hashes(wh, ctx.kode_badan)
    summary.berkas_sudah_ada += sum(ld.file.sha256 in known for ld in loads)
    loads = [ld for ld in loads if ld.file.sha256 not in known]
    berkas, karantina, validasi = [], [], []
    rows_of: dict[str, int] = {}
    with stage("load:raw") as st:
        for rt in RAW_TABLES:
            group = [ld for ld in loads if ld.table == rt.table and ld.rows]
            if group:
                st.rows += wh.copy_rows(rt.table, raw_columns(group), raw_rows(group))
        for ld in loads:
            f = ld.file
            rows = len(ld.rows)
            rows_of[f.sha256] = rows
            file_rejected = any(q.baris is None for q in ld.quarantined)
            row_faults = sum(q.baris is not None for q in ld.quarantined)
            berkas.append(
                {
                    "kode_badan": ctx.kode_badan,
                    "berkas_sha256": f.sha256,
                    "sumber": f.sumber,
                    "berkas": f.rel,
                    "ukuran_byte": f.size,
                    "status": "dikarantina" if file_rejected else "dimuat",
                    "baris_dimuat": rows,
                    "baris_dikarantina": row_faults,
                    "run_id": ctx.run_id,
                    "dimuat_pada": now,
                }
            )
            for q in ld.quarantined:
                karantina.append(
                    {
                        "kode_badan": ctx.kode_badan,
                        "sumber": f.sumber,
                        "berkas": f.rel,
                        "berkas_sha256": f.sha256,
                        "baris": q.baris,
                        "tahap": ld.tahap.get(q.baris, "baca"),
                        "alasan": q.alasan,
                        "cuplikan": q.cuplikan,
                        "run_id": ctx.run_id,
                        "dicatat_pada": now,
                    }
                )
                summary.karantina.append(f"{f.rel}: {q.alasan}")
            if ld.validation:
                suite, n_rows, n_failed, failed_names = ld.validation
                validasi.append(
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
                )
            summary.berkas_baru += 1
            summary.berkas_dikarantina += int(file_rejected)
            summary.baris_dimuat += rows
            summary.baris_dikarantina += row_faults
        if berkas:
            wh.insert_frame("raw.berkas", pd.DataFrame(berkas))
        if karantina:  # file-level reasons have no line: keep `baris` an integer column
            wh.insert_frame("raw.karantina", pd.DataFrame(karantina).astype({"baris": "Int64"}))
        if validasi:
            wh.insert_frame("raw.validasi", pd.DataFrame(validasi))


def build_core(
    wh: Warehouse,
    builder: CoreBuilder,
    contexts: list[BodyContext],
    summaries: list[BodySummary],
    validator: Validator,
    now: datetime,
) -> None:
    """Rebuild one core table for every body of the batch: conform per body, validate the
    batch once, then replace each body's rows and keep its quarantine in step."""
    frames = []
    for ctx in contexts:
        with _for_body(ctx.kode_badan), stage(f"transform:{builder.name}") as st:
            frame = import_target(builder.build)(wh, ctx)
            st.rows = len(frame)
        frames.append(frame)
    present = [f for f in frames if not f.empty]
    bad: dict[Any, list[str]] = {}
    if present:
        whole = pd.concat(present, ignore_index=True)
        with stage("validate:core", rows=len(whole)):
            outcome = validate_named(validator, builder.suite, whole, [builder.id_column])
        bad = {k[0]: reasons for k, reasons in outcome.row_reasons.items()}
    columns = import_target(builder.columns)
    key = builder.id_column
    kept_frames = []
    for ctx, summary, frame in zip(contexts, summaries, frames, strict=True):
        with _for_body(ctx.kode_badan):
            failed = frame[frame[key].isin(bad)][[key, "sumber_berkas", "sumber_baris"]]
            sync_core_quarantine(wh, ctx, builder.tahap, failed, bad, now, summary)
        kept = frame[~frame[key].isin(bad)]
        if not kept.empty:
            kept_frames.append(kept[columns])
        summary.inti[builder.name] = len(kept)
    # one DELETE and one COPY for the whole batch: per body, the statements' round trips and
    # the frame conversions cost more than the rows themselves
    codes = [ctx.kode_badan for ctx in contexts]
    with stage("load:core") as st:
        wh.execute(f"DELETE FROM {builder.table} WHERE kode_badan IN ({_marks(codes)})", codes)
        if kept_frames:
            st.rows = insert_core(wh, codes, builder.table, pd.concat(kept_frames))


def _marks(values: list[Any]) -> str:
    return ", ".join("?" * len(values))


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


def build_permohonan(wh: Warehouse, ctx: BodyContext) -> pd.DataFrame:
    """The body's core.permohonan rows from a fresh conformance of all its raw rows (core
    builder). Deterministic: the same raw rows and `status_per` give the same rows, so re-runs
    change nothing and corrections delivered later flow through without special cases."""
    return requests_frame(conform_body(wh, ctx), ctx)


def insert_core(wh: Warehouse, codes: list[str], table: str, frame: pd.DataFrame) -> int:
    """Write a core builder's rows with lineage that names no one: `sumber_berkas` becomes
    `<body>/<source>/<SHA-256 of the file>` instead of the landing path, because exports are
    named after people (`Chat WhatsApp dengan +62 812-…`). raw.berkas maps it back to the path
    for those allowed to read raw."""
    if frame.empty:
        return 0
    sha = dict(
        wh.query(
            f"SELECT berkas, berkas_sha256 FROM raw.berkas WHERE kode_badan IN ({_marks(codes)})",
            codes,
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
    messages = body_messages(wh, ctx)
    for saluran in sorted({msg.saluran for _, msg in messages}):
        items = [(path, msg) for path, msg in messages if msg.saluran == saluran]
        requests += conform_messages(ctx.kode_badan, items, ctx.desk, ctx.key)
    forms = wh.frame(
        "SELECT * FROM raw.formulir WHERE kode_badan = ? ORDER BY berkas, baris", [ctx.kode_badan]
    )
    for _saluran, group in forms.groupby("saluran", sort=True):
        items = [(r["berkas"], form_row_from_record(r)) for r in group.to_dict("records")]
        requests += conform_form_rows(ctx.kode_badan, items, ctx.key)
    return requests


def body_messages(wh: Warehouse, ctx: BodyContext) -> list[tuple[str, Message]]:
    """All the body's messages as (landing path, Message), in time order; read once per
    refresh and shared by the core builders that need them (requests, objections)."""
    if "pesan" not in ctx.memo:
        records = wh.dicts(
            "SELECT * FROM raw.pesan WHERE kode_badan = ? ORDER BY dikirim_pada, berkas, baris",
            [ctx.kode_badan],
        )
        ctx.memo["pesan"] = [(r["berkas"], message_from_record(r)) for r in records]
    return ctx.memo["pesan"]


def requests_frame(requests: list[Request], ctx: BodyContext) -> pd.DataFrame:
    records = []
    for req in requests:
        rec = {n: getattr(req, n) for n in REQUEST_FIELDS}
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
    if type(value) is datetime and value.tzinfo is not None:  # PostgreSQL's rows: fast path
        return value.astimezone(WIB)
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
    if value is pd.NaT:  # a date to isinstance, yet missing
        return None
    if value is None or isinstance(value, str | int | date):  # the common cases, cheaply
        return value
    return None if pd.isna(value) else value


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
