// Package collector is Leerlijn's Learning Record Store endpoint: the xAPI
// HTTP API (statements, about; documents in a later issue), client
// authentication, and publish-then-answer onto the JetStream event log.
// It also serves the reference-data API under /api/v1 (budgets, expenses,
// people, settings: reference.go, docs/api.md), stored as events too.
//
// A statement is answered with 200/204 only after JetStream has stored it.
// Each statement is published to its own subject with
// Nats-Expected-Last-Subject-Sequence 0, so JetStream decides atomically
// whether its id is new; an identical re-post is a no-op and a different
// statement with the same id is a 409. Batches are published as JetStream
// atomic batches: all or nothing.
//
// The package imports schema/... and its client libraries (nats.go,
// Prometheus), never the processor.
package collector
