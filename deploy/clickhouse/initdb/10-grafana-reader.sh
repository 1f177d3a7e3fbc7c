#!/bin/bash
# Creates the read-only ClickHouse user Grafana's datasource uses. Runs once,
# on the first start of the clickhouse container (docker-entrypoint-initdb.d).
# Per-tenant readers (one Grafana organisation per tenant) are described in
# docs/dashboards.md.
set -euo pipefail
clickhouse client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --multiquery <<SQL
CREATE USER IF NOT EXISTS grafana_reader IDENTIFIED WITH sha256_password BY '${CLICKHOUSE_GRAFANA_PASSWORD}'
    SETTINGS readonly = 2;
GRANT SELECT ON ${CLICKHOUSE_DB}.* TO grafana_reader;
SQL
