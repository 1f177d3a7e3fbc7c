// Package processor projects the JetStream event log into ClickHouse.
//
// A Runner keeps one durable JetStream consumer per Projection. It fetches
// a batch, decodes it through schema/event, hands it to the projection's
// Apply, and acknowledges the messages only after Apply returned nil, that
// is after ClickHouse has the rows. Transient failures are retried with
// bounded, jittered backoff while the messages are kept in progress; events
// a projection can never apply go to the dead-letter stream with the reason
// and do not stop the flow.
//
// Projections are idempotent by construction: every row's key comes from
// the event and the stream sequence is the row version, so redelivery and
// replay do not change any number.
//
// The operator's tools live here too, beside what they coordinate with:
// Runner.Replay rebuilds projections while processors run (replay.go),
// ListDeadLetters and RetryDeadLetter handle the dead letters, which each
// Runner applies through the projection (dead_letter_retry.go), and Verify
// reconciles projections that implement Verifier with the log (verify.go).
// docs/operations.md describes them; docs/durability.md the guarantees.
//
// The package imports schema/... and its client libraries (nats.go,
// clickhouse-go, Prometheus), never the collector.
package processor
