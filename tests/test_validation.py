"""The Great Expectations suites can fail: bad rows are singled out with an officer's reason,
and a batch with the wrong shape stops the load."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest

from transforms.validation import BatchInvalid, Validator


@pytest.fixture(scope="module")
def validator() -> Validator:
    return Validator()


def _messages(**overrides) -> pd.DataFrame:
    row = {
        "kode_badan": "diskopukm",
        "berkas_sha256": "abc",
        "berkas": "diskopukm/whatsapp/x.txt",
        "baris": 1,
        "saluran": "whatsapp",
        "message_key": "k1",
        "thread_hint": "Budi",
        "dikirim_pada": datetime(2023, 3, 14, 2, 12, tzinfo=UTC),
        "pengirim": "Budi",
        "subjek": None,
        "teks": "halo",
        "lampiran": 0,
        "in_reply_to": None,
        "referensi": None,
        "lampiran_nama": None,
        "run_id": "r",
    }
    frame = pd.DataFrame([row, {**row, "baris": 2, "message_key": "k2"}])
    for col, value in overrides.items():
        frame.loc[1, col] = value
    return frame


def test_suites_are_loaded_from_the_repository(validator: Validator) -> None:
    assert {"raw_pesan", "raw_formulir", "core_permohonan"} <= set(validator.suites)


def test_clean_batch_passes(validator: Validator) -> None:
    outcome = validator.validate("raw_pesan", _messages(), ["berkas_sha256", "baris"])
    assert outcome.success and outcome.row_reasons == {}


def test_future_date_quarantines_only_that_row(validator: Validator) -> None:
    frame = _messages(dikirim_pada=datetime(2203, 1, 1, tzinfo=UTC))
    outcome = validator.validate("raw_pesan", frame, ["berkas_sha256", "baris"])
    assert not outcome.success
    assert list(outcome.row_reasons) == [("abc", 2)]
    assert "tidak masuk akal" in outcome.row_reasons[("abc", 2)][0]
    assert "2203" in outcome.row_reasons[("abc", 2)][0]


def test_wrong_columns_fail_the_batch(validator: Validator) -> None:
    with pytest.raises(BatchInvalid, match="skema raw.pesan"):
        validator.validate(
            "raw_pesan", _messages().drop(columns=["teks"]), ["berkas_sha256", "baris"]
        )


def test_duplicate_lineage_fails_the_batch(validator: Validator) -> None:
    with pytest.raises(BatchInvalid, match="baris ganda"):
        validator.validate("raw_pesan", _messages(baris=1), ["berkas_sha256", "baris"])
