#!/usr/bin/env bash
# One-shot initialisation of the distributed deployment: docker compose's `airflow-init` runs it (as root, in the
# image) and so does the distributed test (tests/distributed/, on local processes). Safe to run again.
#   1. the data folders, owned by the Airflow user (uid AIRFLOW_UID, gid 0, as in Airflow's image) so that every
#      worker can write them whoever created them on the host;
#   2. the metadata database migrated (Airflow's tables and the FAB auth manager's);
#   3. the writer pool (one slot: one task writes the DuckDB warehouse at a time);
#   4. the admin user of the UI and the REST API.
set -euo pipefail

: "${GOV_REPORTS_INPUT:?}" "${GOV_REPORTS_WAREHOUSE:?}" "${GOV_REPORTS_SHARED_DIR:?}" "${AIRFLOW_HOME:?}"
: "${GOV_REPORTS_WRITER_POOL:?}" "${GOV_REPORTS_WRITER_POOL_SLOTS:?}"
: "${_AIRFLOW_WWW_USER_USERNAME:?}" "${_AIRFLOW_WWW_USER_PASSWORD:?}"

folders=("$GOV_REPORTS_INPUT" "$(dirname "$GOV_REPORTS_WAREHOUSE")" "$GOV_REPORTS_SHARED_DIR" "$AIRFLOW_HOME/logs")
mkdir -p "${folders[@]}"
if [ "$(id -u)" = 0 ]; then
    chown -R "${AIRFLOW_UID:-50000}:0" "${folders[@]}"
    chmod -R g+rwX "${folders[@]}"
fi
echo "data folders: ${folders[*]} (owner $(stat -c %u:%g "$GOV_REPORTS_INPUT"))"

airflow db migrate
airflow pools set "$GOV_REPORTS_WRITER_POOL" "$GOV_REPORTS_WRITER_POOL_SLOTS" \
    "the tasks that write the DuckDB warehouse: one at a time"
# `--option=value`: a password may start with "-"
airflow users create --role=Admin --username="$_AIRFLOW_WWW_USER_USERNAME" \
    --password="$_AIRFLOW_WWW_USER_PASSWORD" --firstname=Admin --lastname=User --email=admin@example.org
