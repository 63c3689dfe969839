# Developer shortcuts; the pipeline itself runs through Airflow (see README.md).

PYTHON ?= .venv/bin/python
FUZZ_SECONDS ?= 60
BENCH_ARGS ?=

.PHONY: fuzz fuzz-smoke bench bench-smoke

# atheris over every registered parser, FUZZ_SECONDS each, seeded from tests/fixtures and
# tests/hostile; findings (crash, >1 GiB, >10 s per input) land in $$FUZZ_ARTIFACTS (/tmp/ppid-fuzz).
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(PYTHON) bench/fuzz_parsers.py

fuzz-smoke:
	FUZZ_SECONDS=5 $(PYTHON) bench/fuzz_parsers.py

# The warehouse benchmark (docs/benchmark.md): per stage and end to end, wall time, rows/s and
# peak memory, the bare-COPY and no-Airflow reference points and a verdict per target; needs
# PostgreSQL on 127.0.0.1:5432. Extra options via BENCH_ARGS, e.g. BENCH_ARGS="--keep".
bench:
	bash scripts/bootstrap.sh
	$(PYTHON) bench/run.py --scale province $(BENCH_ARGS)

bench-smoke:
	bash scripts/bootstrap.sh
	$(PYTHON) bench/run.py --scale smoke $(BENCH_ARGS)
