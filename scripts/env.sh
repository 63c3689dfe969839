# Source me: the environment the DAGs run in on a laptop (embedded DuckDB warehouse, SQLite
# Airflow metadata under .airflow/). Every value can be overridden before sourcing.
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$REPO_ROOT/.venv/bin:$PATH"
export AIRFLOW_HOME=${AIRFLOW_HOME:-$REPO_ROOT/.airflow}
export AIRFLOW__CORE__DAGS_FOLDER=$REPO_ROOT/dags
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__LOGGING__LOGGING_LEVEL=${AIRFLOW__LOGGING__LOGGING_LEVEL:-INFO}
export GX_ANALYTICS_ENABLED=False
export PPID_DATA_DIR=${PPID_DATA_DIR:-$REPO_ROOT/data}
export PPID_LANDING_ROOT=${PPID_LANDING_ROOT:-$PPID_DATA_DIR/landing}
export PPID_OUTPUT_DIR=${PPID_OUTPUT_DIR:-$PPID_DATA_DIR/published}
# A per-machine pseudonym key, never committed; production sets the ppid_pseudonym_key connection.
if [ -z "${PPID_PSEUDONYM_KEY:-}" ] && [ -z "${AIRFLOW_CONN_PPID_PSEUDONYM_KEY:-}" ]; then
  mkdir -p "$PPID_DATA_DIR"
  keyfile=$PPID_DATA_DIR/.pseudonym_key
  [ -s "$keyfile" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > "$keyfile"
  chmod 600 "$keyfile"
  PPID_PSEUDONYM_KEY=$(cat "$keyfile")
  export PPID_PSEUDONYM_KEY
fi
export PPID_TASK_RETRIES=${PPID_TASK_RETRIES:-0}  # `airflow dags test` would sit out retry delays
