// Package dashboards generates Leerlijn's Grafana dashboards with the
// Grafana Foundation SDK, and expands their SQL the way Grafana's ClickHouse
// plugin does so that tests can run it.
//
// It holds:
//   - one file per dashboard (statements.go, …), each a constructor listed in
//     generate.go, which builds every dashboard (All) and writes them as
//     deterministic JSON, <uid>.json (Write; the checked-in copies under
//     deploy/grafana/dashboards are the golden files);
//   - panels.go: panel defaults, set explicitly on every panel;
//   - clickhouse.go: ClickHouseQuery, the plugin's query model as an SDK
//     dataquery, with its builder and runtime registration;
//   - queries/<dashboard>_<panel>.sql: the panel and variable SQL, embedded
//     and copied into the JSON verbatim; it reads the statements table
//     (schema/ddl) with FINAL and leaves voided statements out, and runs on
//     ClickHouse 18.16 and on current servers;
//   - macros.go, templating.go: the plugin's expansion of macros and
//     template variables (Expand), and the check that SQL uses only macros
//     ClickHouse 18.16 can run.
//
// Every query references the provisioned datasource by its fixed uid
// (DatasourceUID, deploy/grafana/provisioning). Tenants are kept apart by
// that datasource's ClickHouse user, not by the SQL.
//
// The package depends on the SDK and macropro only; it may import schema/...
// for table and column names, never collector or processor.
package dashboards
