// Package dashboards generates Leerlijn's Grafana dashboards with the
// Grafana Foundation SDK, and expands their SQL the way Grafana's ClickHouse
// plugin does so that tests can run it.
//
// It holds:
//   - one file per dashboard (overview.go, budget.go, completion.go,
//     timeoff.go, statements.go), each a constructor listed in generate.go,
//     which builds every dashboard (All) and writes them as deterministic
//     JSON, <uid>.json (Write; the checked-in copies under
//     deploy/grafana/dashboards are the golden files);
//   - panels.go: panel defaults, units and thresholds, set explicitly on
//     every panel; variables.go: the selectors the dashboards share;
//     docs.go: the links from panel descriptions to docs/metrics.md;
//   - clickhouse.go: ClickHouseQuery, the plugin's query model as an SDK
//     dataquery, with its builder and runtime registration;
//   - queries/<dashboard>_<panel>.sql and queries/var_<selector>.sql: the
//     panel and variable SQL, embedded and copied into the JSON verbatim,
//     except that a line "-- include: NAME" stands for the shared fragment
//     queries/include/NAME: the selections by the dashboard's selectors
//     that several panels share (budgets, enrolments, time-off days);
//     It reads the analytics contract (docs/metrics.md) and the dashboard
//     views (docs/dashboards.md); the statements dashboard reads the
//     statements table with FINAL. It runs on ClickHouse 18.16 and on
//     current servers;
//   - macros.go, templating.go: the plugin's expansion of macros and
//     template variables (Expand), and the check that SQL uses only macros
//     ClickHouse 18.16 can run.
//
// Every query references the provisioned datasource by its fixed uid
// (DatasourceUID, deploy/grafana/provisioning). Tenants are kept apart by
// that datasource's ClickHouse user, not by the SQL: one Grafana
// organisation per tenant, whose datasource logs in as a user with row
// policies (deploy/grafana/tenants/add-tenant.sh, docs/dashboards.md).
//
// The package depends on the SDK and macropro only; it may import schema/...
// for table and column names, never collector or processor.
package dashboards
