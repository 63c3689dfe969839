#!/usr/bin/env bash
# The main job end to end on the embedded default: install, generate the sample landing zone,
# run the real DAGs through Airflow (`airflow dags test`), and show what was published.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
YEARS=${PPID_DEMO_YEARS:-"2022 2023 2024"}

if [ ! -f "$PPID_LANDING_ROOT/bodies.csv" ]; then
  echo "==> generating the sample landing zone in $PPID_LANDING_ROOT"
  python -m transforms.sample_data --out "$PPID_LANDING_ROOT" --scale "${PPID_DEMO_SCALE:-full}"
fi
echo "==> preparing Airflow metadata (SQLite in $AIRFLOW_HOME)"
mkdir -p "$AIRFLOW_HOME"
airflow db migrate >"$AIRFLOW_HOME/db-migrate.log" 2>&1 || { cat "$AIRFLOW_HOME/db-migrate.log"; exit 1; }
echo "==> airflow dags test ppid_refresh (monthly refresh, all bodies)"
python -m transforms.dagrun ppid_refresh --logical-date 2025-01-01
for year in $YEARS; do
  echo "==> airflow dags test ppid_publish_annual year=$year"
  python -m transforms.dagrun ppid_publish_annual --conf "{\"year\": $year}"
done
python -m transforms.show --year "${PPID_DEMO_SHOW_YEAR:-2023}"
for year in $YEARS; do  # annual reports (transforms/report): one per body and the province
  latest=$(cat "$PPID_OUTPUT_DIR/$year/TERBARU" 2>/dev/null || true)
  echo "==> Laporan Tahunan $year (HTML + PDF): $PPID_OUTPUT_DIR/$year/$latest/laporan/"
done
