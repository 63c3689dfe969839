#!/usr/bin/env bash
# One `ppid_refresh` on a distributed Airflow, on this machine: CeleryExecutor with Redis as the
# broker, PostgreSQL as the metadata database and the warehouse (dedicated databases), and the
# scheduler, API server, DAG processor and two Celery workers as separate processes on loopback.
# Reports which worker ran which mapped `refresh` task and fails unless both workers ran some.
#
# Needs Redis (PPID_DIST_REDIS_URL, default redis://127.0.0.1:6379/0) and PostgreSQL with trust
# auth (PPID_DIST_PG_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres).
# Optional: PPID_LANDING_ROOT (default: the small sample province, generated), the warehouse
# AIRFLOW_CONN_PPID_WAREHOUSE (default: a dedicated database, dropped at the end),
# PPID_BODIES_PER_TASK (default 1), PPID_DIST_TIMEOUT (run timeout, s), PPID_DIST_LOGICAL_DATE
# (the run's logical date, default 2025-01-01), PPID_DIST_EVIDENCE
# (write the evidence JSON there), PPID_DIST_KEEP=1 (keep the temp dir and databases).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
say() { echo "==> [$((SECONDS - started))s] $*"; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ppid-distributed.XXXXXX")
LOGS=$WORK/logs
mkdir -p "$LOGS"
export AIRFLOW_HOME=$WORK/airflow
PIDS=$WORK/pids
: >"$PIDS"
DBS=()
TAG=
BROKER=${PPID_DIST_REDIS_URL:-redis://127.0.0.1:6379/0}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -s "$PIDS" ]; then
    say "stopping the Airflow processes"
    while read -r name pid; do kill -TERM -- "-$pid" 2>/dev/null || true; done <"$PIDS"
    for _ in $(seq 1 30); do
      alive=0
      while read -r name pid; do kill -0 -- "-$pid" 2>/dev/null && alive=1; done <"$PIDS"
      [ "$alive" = 0 ] && break
      sleep 1
    done
    while read -r name pid; do
      if kill -0 -- "-$pid" 2>/dev/null; then
        echo "    $name did not stop in 30s: killed"
        kill -KILL -- "-$pid" 2>/dev/null || true
      fi
    done <"$PIDS"
  fi
  if [ "${PPID_DIST_KEEP:-0}" != 1 ]; then
    for db in "${DBS[@]}"; do python -m transforms.distributed dropdb "$db" || true; done
  fi
  [ -z "$TAG" ] || python -m transforms.distributed forget-queue "$BROKER" "ppid_$TAG" || true
  if [ "$rc" != 0 ]; then
    for f in "$LOGS"/*.log; do
      [ -f "$f" ] || continue
      echo "---- last lines of $f"
      tail -n 40 "$f"
    done
    echo "FAILED (exit $rc) after $((SECONDS - started))s; logs and task logs in $LOGS and $AIRFLOW_HOME/logs"
  elif [ "${PPID_DIST_KEEP:-0}" = 1 ]; then
    say "kept $WORK and the databases ${DBS[*]}"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

export PPID_DATA_DIR=${PPID_DATA_DIR:-$WORK/data}
# shellcheck source=scripts/env.sh
source scripts/env.sh
TAG=$(python -c 'import secrets; print(secrets.token_hex(3))')

# Start a process in its own process group (so stopping it stops its children); `name pid`.
start() {
  local name=$1
  shift
  setsid "$@" >"$LOGS/$name.log" 2>&1 </dev/null &
  echo "$name $!" >>"$PIDS"
}

if [ ! -f "$PPID_LANDING_ROOT/bodies.csv" ]; then
  say "generating the small sample province in $PPID_LANDING_ROOT"
  python -m transforms.sample_data --out "$PPID_LANDING_ROOT" --scale small >"$LOGS/sample.log"
fi

META_DB=ppid_airflow_$TAG
DBS+=("$META_DB")
python -m transforms.distributed createdb "$META_DB"
if [ -z "${AIRFLOW_CONN_PPID_WAREHOUSE:-}" ]; then
  WH_DB=ppid_warehouse_$TAG
  DBS+=("$WH_DB")
  python -m transforms.distributed createdb "$WH_DB"
  export AIRFLOW_CONN_PPID_WAREHOUSE=postgresql://postgres@127.0.0.1:5432/$WH_DB
fi
PORT=$(python -m transforms.distributed free-port)
API=http://127.0.0.1:$PORT

# Shared by every process. The queue and the workers' node names carry the run's tag, so two
# runs on the same Redis never take each other's tasks.
export AIRFLOW__CORE__EXECUTOR=CeleryExecutor
export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=postgresql+psycopg2://postgres@127.0.0.1:5432/$META_DB
export AIRFLOW__CELERY__BROKER_URL=$BROKER
export AIRFLOW__CELERY__RESULT_BACKEND=db+postgresql+psycopg2://postgres@127.0.0.1:5432/$META_DB
export AIRFLOW__CELERY__WORKER_PREFETCH_MULTIPLIER=1
# the workers import the pipeline once, and fork every task from it (transforms/celery_config.py)
export AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS=transforms.celery_config.CELERY_CONFIG
export AIRFLOW__OPERATORS__DEFAULT_QUEUE=ppid_$TAG
export AIRFLOW__CORE__EXECUTION_API_SERVER_URL=$API/execution/
AIRFLOW__API_AUTH__JWT_SECRET=$(python -c 'import secrets; print(secrets.token_urlsafe(32))')
AIRFLOW__API__SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(32))')
export AIRFLOW__API_AUTH__JWT_SECRET AIRFLOW__API__SECRET_KEY
export AIRFLOW__API__HOST=127.0.0.1 AIRFLOW__API__PORT=$PORT
export AIRFLOW__CORE__HOSTNAME_CALLABLE=transforms.runtime.worker_hostname
export AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE=False  # only the triggered run, no scheduled one
export PPID_BODIES_PER_TASK=${PPID_BODIES_PER_TASK:-1}

say "metadata database $META_DB (airflow db migrate); warehouse $AIRFLOW_CONN_PPID_WAREHOUSE"
airflow db migrate >"$LOGS/db-migrate.log" 2>&1

say "starting the API server ($API), scheduler, DAG processor and workers w1, w2 (logs: $LOGS)"
start api-server airflow api-server --host 127.0.0.1 --port "$PORT" --workers 1
start scheduler airflow scheduler --skip-serve-logs
start dag-processor airflow dag-processor
for w in w1 w2; do
  start "worker-$w" env PPID_WORKER_NAME=$w airflow celery worker --celery-hostname "$w-$TAG@%h" \
    --queues "ppid_$TAG" --concurrency 1 --skip-serve-logs --pid "$WORK/$w.pid"
done

python -m transforms.distributed run --api-url "$API" --workers w1,w2 --tag "$TAG" \
  --run-id "distributed__$TAG" --timeout "${PPID_DIST_TIMEOUT:-300}" --pids "$PIDS" \
  ${PPID_DIST_LOGICAL_DATE:+--logical-date "$PPID_DIST_LOGICAL_DATE"} \
  ${PPID_DIST_EVIDENCE:+--evidence "$PPID_DIST_EVIDENCE"}
say "distributed run succeeded in $((SECONDS - started))s"
