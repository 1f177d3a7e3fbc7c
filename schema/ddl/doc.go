// Package ddl holds Leerlijn's ClickHouse schema: numbered SQL files,
// embedded, applied in order by Migrate, with a record of what was applied
// in the table schema_migrations.
//
// Every file must run on Debian's ClickHouse 18.16 (the test server) and on
// current ClickHouse (production; checked with shared/tools/chdb-sql). The
// files use unqualified table names: Migrate runs them with the target
// database as the connection's default.
//
// The package runs SQL through the small DB interface below, which the
// clickhouse-go connection satisfies, so it does not import the driver.
package ddl
