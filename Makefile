# Developer shortcuts; the pipeline itself runs through Airflow (see README.md).

PYTHON ?= .venv/bin/python
FUZZ_SECONDS ?= 60

.PHONY: fuzz fuzz-smoke

# atheris over every registered parser, FUZZ_SECONDS each, seeded from tests/fixtures and
# tests/hostile; findings (crash, >1 GiB, >10 s per input) land in $$FUZZ_ARTIFACTS (/tmp/ppid-fuzz).
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) $(PYTHON) bench/fuzz_parsers.py

fuzz-smoke:
	FUZZ_SECONDS=5 $(PYTHON) bench/fuzz_parsers.py
