"""The benchmark's memory sampler sees every stage, however short (bench/measure.py)."""

from __future__ import annotations

from bench.measure import NO_STAGE, RssSampler
from transforms import stages


def test_short_stages_get_a_peak_and_outer_stages_include_inner() -> None:
    # an interval far longer than the test: only the stage boundaries can sample
    with RssSampler(interval=60) as sampler:
        sampler.phase = "task:demo"
        with stages.stage("outer"):
            with stages.stage("inner"):
                ballast = bytearray(64 * 1024 * 1024)  # touched: RSS grows inside `inner`
                ballast[::4096] = b"x" * len(ballast[::4096])
            del ballast
        sampler.phase = None
    peaks = sampler.by_stage
    assert peaks["inner"] > 0 and peaks["outer"] >= peaks["inner"]
    assert peaks["task:demo"] >= peaks["outer"]
    # sampled as `inner` ended, with the ballast still held; outside any stage it was not
    assert peaks["inner"] >= peaks[NO_STAGE] + 32 * 1024 * 1024
    samples = sampler.samples
    with stages.stage("after"):  # the sampler no longer listens
        pass
    assert sampler.samples == samples and "after" not in sampler.by_stage
