"""A refresh task's batch of bodies is one unit: validated together, written in one transaction.

A failure inside any body's part names that body and rolls the whole batch back, so nothing of
the batch is left half-loaded and the retry starts clean; the batch then loads exactly as the
same bodies refreshed one at a time would (tests/test_exactly_once.py covers kills and
concurrent runs)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

import transforms.conform.survei as survei
from transforms.config import Settings
from transforms.tasks import prepare, refresh_bodies
from transforms.warehouse import connect

KEY = b"batch-test-key-0123456789"
STATUS_PER = date(2024, 1, 1)
TABLES = ("raw.berkas", "raw.pesan", "raw.formulir", "core.permohonan", "core.survei_responden")


def _settings(landing: Path, out: Path) -> Settings:
    return dataclasses.replace(Settings.from_env(), landing_root=landing, output_dir=out)


def _counts(url: str, codes: list[str]) -> dict[str, dict[str, int]]:
    with connect(url) as wh:
        return {
            kode: {
                t: wh.query(f"SELECT COUNT(*) FROM {t} WHERE kode_badan = ?", [kode])[0][0]
                for t in TABLES
            }
            for kode in codes
        }


def test_failing_body_is_named_and_its_batch_rolled_back(
    warehouse_url: str, small_landing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _settings(small_landing, tmp_path / "out")
    codes = [c for batch in prepare(warehouse_url, settings, 100) for c in batch][:3]
    assert len(codes) == 3
    broken = codes[1]
    real = survei.build_survei

    def failing(wh, ctx):  # a builder bug in the middle body of the batch
        if ctx.kode_badan == broken:
            raise ValueError("kolom tidak terduga")
        return real(wh, ctx)

    monkeypatch.setattr(survei, "build_survei", failing)
    with pytest.raises(RuntimeError) as err:
        refresh_bodies(warehouse_url, settings, codes, "run-1", STATUS_PER, KEY)
    message = str(err.value)
    assert repr(broken) in message and "kolom tidak terduga" in message
    assert "rolled back" in message
    # nothing of the batch is committed: not the bodies before the failing one either
    assert all(set(c.values()) == {0} for c in _counts(warehouse_url, codes).values())

    monkeypatch.setattr(survei, "build_survei", real)
    together = refresh_bodies(warehouse_url, settings, codes, "run-2", STATUS_PER, KEY)
    loaded = _counts(warehouse_url, codes)
    assert all(c["raw.berkas"] > 0 and c["core.permohonan"] > 0 for c in loaded.values())

    # the same bodies one per batch, on a fresh warehouse, give the same rows and counts
    other = f"duckdb:///{tmp_path / 'alone.duckdb'}"
    prepare(other, settings, 1)
    alone = [r for c in codes for r in refresh_bodies(other, settings, [c], "r", STATUS_PER, KEY)]
    assert _counts(other, codes) == loaded
    assert [r["permohonan"] for r in alone] == [r["permohonan"] for r in together]
