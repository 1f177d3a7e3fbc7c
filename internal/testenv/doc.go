// Package testenv starts the real dependencies Leerlijn's tests run against:
// embedded NATS JetStream servers (one node or a cluster), a throwaway
// ClickHouse server per test package (or CLICKHOUSE_ADDR), and the shared
// xAPI corpus. It is imported only from _test.go files.
//
// Missing dependencies fail the test with the fix in the message; only the
// corpus, which is not ours to ship, may be skipped, and not under CI=true.
package testenv
