// Package collector is Leerlijn's Learning Record Store: the xAPI 1.0.3 and
// 2.0 HTTP API (statements, State, Activity Profile and Agent Profile
// documents, Activities, Agents, About), client authentication, scopes and
// tenants, per-client rate limits, the clients admin API, and
// publish-then-answer onto the JetStream event log. docs/conformance.md
// lists what is implemented and how it is tested.
//
// A statement is answered with 200/204 only after JetStream has stored it.
// Each statement is published to its own subject with
// Nats-Expected-Last-Subject-Sequence 0, so JetStream decides atomically
// whether its id is new; an identical re-post is a no-op and a different
// statement with the same id is a 409. Attachment data goes to a JetStream
// object store first, documents live in JetStream key-value buckets.
//
// A single statement is read back from the log itself; statement queries
// and the Activities resource read the LRS read model in ClickHouse that
// the statements projection writes (ADR 0007), with a signed, stateless
// "more" cursor and an X-Experience-API-Consistent-Through derived from
// that projection's consumer.
//
// The package imports schema/... and its client libraries (nats.go,
// clickhouse-go, Prometheus), never the processor.
package collector
