// Package event is the contract of Leerlijn's event log on NATS JetStream:
// the stream and bucket settings, the subjects, and the envelope (headers
// plus body) that the collector writes and the processors read.
//
// It is the only place that builds subjects and stream settings, so that
// writers and readers agree on them byte for byte. It imports only the
// standard library.
package event
