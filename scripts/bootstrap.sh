#!/usr/bin/env bash
# Create .venv from the lock file (idempotent). Needs only Python 3.11 on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3.11}
command -v "$PY" >/dev/null || PY=python3
if ! "$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "Python 3.11 is required (found $("$PY" --version 2>&1))" >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
if [ ! -x .venv/bin/uv ]; then  # uv is pinned in the lock too, so a sync keeps it
  .venv/bin/python -m pip --version >/dev/null 2>&1 || .venv/bin/python -m ensurepip --upgrade >/dev/null
  .venv/bin/python -m pip install --quiet --disable-pip-version-check uv==0.13.8
fi
stamp=.venv/.lock-sha256
# Bytecode is compiled at install time: machines that set PYTHONDONTWRITEBYTECODE would
# otherwise recompile Airflow and Great Expectations from source in every process (~10 s each).
want=$( (sha256sum requirements.lock pyproject.toml; echo compile-bytecode) | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/uv pip sync --quiet --compile-bytecode --python .venv/bin/python requirements.lock
  .venv/bin/uv pip install --quiet --python .venv/bin/python --no-deps -e .
  echo "$want" > "$stamp"
fi
