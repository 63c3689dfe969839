#!/usr/bin/env bash
# The test suite: unit tests, the pipeline on DuckDB and PostgreSQL, and both DAGs through
# `airflow dags test`. PostgreSQL is expected on 127.0.0.1:5432 (PPID_TEST_PG_URL to change).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
ruff check .
python -m pytest -q "$@"
