#!/usr/bin/env bash
# Fan-out measurement: the same refresh through `airflow dags test`, once with one body per
# mapped task (pure dynamic task mapping) and once with batches of bodies per task.
# Usage: bash bench/fanout.sh [scale: small|full] [batch sizes...]   (default: full 1 8)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
scale=${1:-full}; shift || true
sizes=${*:-1 8}
work=$(mktemp -d /tmp/ppid-fanout.XXXX)
python -m transforms.sample_data --out "$work/landing" --scale "$scale" >/dev/null
export AIRFLOW_HOME=$work/airflow PPID_LANDING_ROOT=$work/landing
mkdir -p "$AIRFLOW_HOME"; airflow db migrate >/dev/null 2>&1
for n in $sizes; do
  export PPID_BODIES_PER_TASK=$n PPID_DATA_DIR=$work/data-$n PPID_OUTPUT_DIR=$work/out-$n
  start=$(date +%s)
  python -m transforms.dagrun ppid_refresh --logical-date 2025-01-01 >/dev/null
  printf 'bodies_per_task=%-3s refresh wall time %s s\n' "$n" "$(( $(date +%s) - start ))"
done
rm -rf "$work"
