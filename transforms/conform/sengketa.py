"""Disputes (sengketa informasi, UU KIP Pasal 37-50) of one body, from its hand-kept register.

A case is the dispute about one request (its Nomor Pendaftaran). It may pass through several
stages, each a row of core.sengketa: mediasi and ajudikasi at the Komisi Informasi, a suit at
court (PTUN for state bodies, PN otherwise) and cassation (kasasi) at the Mahkamah Agung. The
register is re-exported as cases move on, so for each case and stage the row of the latest
delivered file wins (a later export fills in the ruling and its execution).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pandas as pd

from transforms.conform.keberatan import as_date, find_request, normalise_nomor
from transforms.models import request_id

MEDIATION, ADJUDICATION, COURT, CASSATION = "mediasi", "ajudikasi", "pengadilan", "kasasi"
STAGES = (MEDIATION, ADJUDICATION, COURT, CASSATION)  # in the order a case passes them
KI_STAGES = (MEDIATION, ADJUDICATION)
DISPUTE_DAYS = 14  # Pasal 37 ayat (2): working days after the atasan's answer

# hasil codes (core.sengketa.hasil); NULL while the stage is not decided
MEDIATION_OK, MEDIATION_FAILED = "mediasi_berhasil", "mediasi_gagal"
GRANTED, GRANTED_PART, REJECTED = "dikabulkan", "dikabulkan_sebagian", "ditolak"
INADMISSIBLE, WITHDRAWN, LAPSED = "tidak_diterima", "dicabut", "gugur"
RESULTS = (
    MEDIATION_OK,
    MEDIATION_FAILED,
    GRANTED,
    GRANTED_PART,
    REJECTED,
    INADMISSIBLE,
    WITHDRAWN,
    LAPSED,
)

_STAGE_WORDS: tuple[tuple[str, str | None, re.Pattern[str]], ...] = (
    (CASSATION, "MA", re.compile(r"kasasi|mahkamah\s+agung|\bma\b", re.I)),
    (COURT, "PTUN", re.compile(r"\bptun\b|tata\s+usaha\s+negara", re.I)),
    (COURT, "PN", re.compile(r"\bpn\b|pengadilan\s+negeri", re.I)),
    (COURT, None, re.compile(r"pengadilan|gugatan", re.I)),
    (ADJUDICATION, None, re.compile(r"ajudikasi", re.I)),
    (MEDIATION, None, re.compile(r"mediasi", re.I)),
)
_RESULT_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (WITHDRAWN, re.compile(r"dicabut|pencabutan", re.I)),
    (INADMISSIBLE, re.compile(r"tidak\s+dapat\s+diterima|niet\s+ontvankelijk|\bNO\b")),
    (LAPSED, re.compile(r"\bgugur\b", re.I)),
    (MEDIATION_FAILED, re.compile(r"gagal|tidak\s+(?:tercapai|berhasil|sepakat)|deadlock", re.I)),
    (MEDIATION_OK, re.compile(r"berhasil|sepakat|kesepakatan|perdamaian|\bdamai\b", re.I)),
    (GRANTED_PART, re.compile(r"(?:dikabulkan|mengabulkan)[^.;]*sebagian|sebagian", re.I)),
    (GRANTED, re.compile(r"dikabulkan|mengabulkan|diterima", re.I)),
    (REJECTED, re.compile(r"ditolak|menolak", re.I)),
)
_NOT_DONE = re.compile(r"belum|tidak|proses|menunggu", re.I)
_DONE = re.compile(r"sudah|telah|dilaksanakan|selesai|^\s*ya\s*$", re.I)


def normalise_stage(text: str | None) -> tuple[str, str | None]:
    """`PTUN Pontianak` -> ('pengadilan', 'PTUN'); unknown text comes back as typed (lower
    case), so the core suite quarantines it with the officer's own words."""
    for stage, court, regex in _STAGE_WORDS:
        if regex.search(text or ""):
            return stage, court
    return " ".join((text or "").lower().split()), None


def normalise_result(text: str | None) -> str | None:
    """`Mediasi berhasil (kesepakatan)` -> 'mediasi_berhasil'; None when empty (not decided);
    unknown text as typed (quarantined by the core suite)."""
    if not text or not text.strip():
        return None
    for code, regex in _RESULT_WORDS:
        if regex.search(text):
            return code
    return " ".join(text.lower().split())


def normalise_execution(text: str | None) -> bool | None:
    """`Sudah dilaksanakan` -> True, `Belum` -> False, empty -> None (not recorded)."""
    if not text or not text.strip():
        return None
    if _NOT_DONE.search(text):
        return False
    return True if _DONE.search(text) else None


def case_id(kode_badan: str, nomor: str) -> str:
    return request_id(kode_badan, "sengketa", nomor)


CORE_COLUMNS = [
    "sengketa_id",
    "perkara_id",
    "kode_badan",
    "tahap",
    "urutan_tahap",
    "pengadilan",
    "pengajuan_ki",
    "nomor_pendaftaran",
    "nomor_keberatan",
    "nomor_perkara",
    "permohonan_id",
    "keberatan_id",
    "permohonan_ditemukan",
    "keberatan_ditemukan",
    "tanggal_pengajuan",
    "tahun",
    "bulan",
    "hari_kerja_sejak_tanggapan",
    "pengajuan_tepat_waktu",
    "tanggal_putusan",
    "hasil",
    "hasil_teks",
    "dilaksanakan",
    "status_per",
    "sumber_berkas",
    "sumber_baris",
]


def latest_stages(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """One register row per (case, stage): the one of the latest delivered file wins.

    `rows` are raw.sengketa rows with `dimuat_pada` of their file."""
    chosen: dict[tuple[str, str], dict[str, Any]] = {}
    ordered = rows.sort_values(["dimuat_pada", "berkas", "baris"], kind="stable")
    for raw in ordered.to_dict("records"):
        rec = {
            k: None if v is None or v is pd.NaT or v is pd.NA or v != v else v
            for k, v in raw.items()
        }
        nomor = normalise_nomor(rec["nomor_pendaftaran"])
        stage, court = normalise_stage(rec["tahap_teks"])
        chosen[(nomor or "", stage)] = {**rec, "nomor": nomor, "tahap": stage, "pengadilan": court}
    return list(chosen.values())


def _objection(
    objections: pd.DataFrame, nomor_keberatan: str | None, nomor: str, filed: date
) -> dict[str, Any] | None:
    """The objection behind a dispute: by its registration number, else the latest objection
    on the same request filed before the dispute."""
    recs = objections.to_dict("records")
    reg = normalise_nomor(nomor_keberatan)
    if reg:
        match = [o for o in recs if normalise_nomor(o["nomor_registrasi"]) == reg]
        if match:
            return match[0]
    same = [o for o in recs if o["nomor_pendaftaran"] == nomor]
    before = [o for o in same if as_date(o["tanggal_diterima"]) <= filed]
    return (before or same or [None])[-1]


def sengketa_frame(
    rows: pd.DataFrame, requests: pd.DataFrame, objections: pd.DataFrame, ctx: Any
) -> pd.DataFrame:
    by_number: dict[str, list[dict[str, Any]]] = {}
    for rec in requests.sort_values(["tanggal_diterima", "permohonan_id"]).to_dict("records"):
        if nomor := normalise_nomor(rec.get("nomor_pendaftaran")):
            by_number.setdefault(nomor, []).append(rec)
    objections = objections.sort_values(["tanggal_diterima", "keberatan_id"])
    stages = latest_stages(rows)
    first_ki: dict[str, tuple[date, int]] = {}
    for s in stages:
        if s["tahap"] in KI_STAGES:
            key = (as_date(s["tanggal_pengajuan"]), STAGES.index(s["tahap"]))
            first_ki[s["nomor"]] = min(first_ki.get(s["nomor"], key), key)
    records = []
    for s in stages:
        filed = as_date(s["tanggal_pengajuan"])
        perkara = case_id(ctx.kode_badan, s["nomor"])
        request = find_request(by_number, s["nomor"], filed)
        objection = _objection(objections, s.get("nomor_keberatan"), s["nomor"], filed)
        stage_no = STAGES.index(s["tahap"]) + 1 if s["tahap"] in STAGES else 0
        days = None
        if objection is not None and s["tahap"] in KI_STAGES:
            base = as_date(objection["tanggal_tanggapan"]) or as_date(objection["batas_tanggapan"])
            days = ctx.calendar.workdays_between(base, filed)
        records.append(
            {
                "sengketa_id": request_id(
                    ctx.kode_badan, "sengketa", f"{s['nomor']}\x1f{s['tahap']}"
                ),
                "perkara_id": perkara,
                "kode_badan": ctx.kode_badan,
                "tahap": s["tahap"],
                "urutan_tahap": stage_no,
                "pengadilan": s["pengadilan"],
                "pengajuan_ki": s["tahap"] in KI_STAGES
                and first_ki.get(s["nomor"]) == (filed, stage_no - 1),
                "nomor_pendaftaran": s["nomor"],
                "nomor_keberatan": s.get("nomor_keberatan"),
                "nomor_perkara": s.get("nomor_perkara"),
                "permohonan_id": request["permohonan_id"] if request else None,
                "keberatan_id": objection["keberatan_id"] if objection is not None else None,
                "permohonan_ditemukan": request is not None,
                "keberatan_ditemukan": objection is not None,
                "tanggal_pengajuan": filed,
                "tahun": filed.year,
                "bulan": filed.month,
                "hari_kerja_sejak_tanggapan": days,
                "pengajuan_tepat_waktu": None if days is None else days <= DISPUTE_DAYS,
                "tanggal_putusan": as_date(s["tanggal_putusan"]),
                "hasil": normalise_result(s["hasil_teks"]),
                "hasil_teks": s["hasil_teks"],
                "dilaksanakan": normalise_execution(s["pelaksanaan_teks"]),
                "status_per": ctx.status_per,
                "sumber_berkas": s["berkas"],
                "sumber_baris": int(s["baris"]),
            }
        )
    frame = pd.DataFrame(records, columns=CORE_COLUMNS)
    return frame.astype(
        {"hari_kerja_sejak_tanggapan": "Int64", "dilaksanakan": "boolean"}
    ).sort_values(["perkara_id", "urutan_tahap"], ignore_index=True)


def build_sengketa(wh: Any, ctx: Any) -> pd.DataFrame:
    """The body's core.sengketa rows from a fresh conformance (core builder,
    transforms.sources.CORE_BUILDERS): needs the body's core.keberatan rows."""
    rows = wh.frame(
        "SELECT s.*, b.dimuat_pada FROM raw.sengketa s JOIN raw.berkas b"
        " ON b.kode_badan = s.kode_badan AND b.berkas_sha256 = s.berkas_sha256"
        " WHERE s.kode_badan = ?",
        [ctx.kode_badan],
    )
    request_sql = (
        "SELECT permohonan_id, nomor_pendaftaran, tanggal_diterima FROM core.permohonan"
        " WHERE kode_badan = ?"
    )
    objection_sql = (
        "SELECT keberatan_id, nomor_registrasi, nomor_pendaftaran, tanggal_diterima,"
        " tanggal_tanggapan, batas_tanggapan FROM core.keberatan WHERE kode_badan = ?"
    )
    if rows.empty:  # most bodies have no dispute: their requests and objections are not read
        request_sql += " AND FALSE"
        objection_sql += " AND FALSE"
    requests = wh.frame(request_sql, [ctx.kode_badan])
    objections = wh.frame(objection_sql, [ctx.kode_badan])
    return sengketa_frame(rows, requests, objections, ctx)
