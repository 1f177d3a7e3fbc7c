package event

import (
	"fmt"
	"strings"
	"time"
)

// Stream and bucket names.
const (
	// Stream is the event log: every statement and reference-data change,
	// kept forever. It is the source of truth for every projection.
	Stream = "LEERLIJN_EVENTS"
	// DeadLetterStream holds copies of events a projection could not apply,
	// with the reason, so that they can be inspected and retried.
	DeadLetterStream = "LEERLIJN_DEADLETTERS"
	// ClientsBucket is the JetStream key-value bucket of xAPI clients
	// (credentials hashed, never in plain text).
	ClientsBucket = "LEERLIJN_CLIENTS"
)

// StreamSettings are the settings of one stream, independent of the NATS
// client library so that this package stays free of it. The event log opener
// turns them into a jetstream.StreamConfig.
type StreamSettings struct {
	Name        string
	Description string
	Subjects    []string
	// Replicas is 1 on a single node and 3 in a cluster (R3).
	Replicas int
	// MaxAge of zero keeps messages forever.
	MaxAge time.Duration
	// Duplicates is the window in which a repeated Nats-Msg-Id is dropped.
	Duplicates time.Duration
	// MaxMsgSize bounds one event (a statement or a batch member).
	MaxMsgSize int32
	// AllowAtomicPublish enables JetStream's all-or-nothing batches.
	AllowAtomicPublish bool
	// AllowDirect lets any server holding the stream answer reads by
	// subject, including one request for the last message of many subjects
	// (the collector's duplicate check of a batch).
	AllowDirect bool
	// DenyDelete and DenyPurge protect the log: projections are rebuilt
	// from it, so nothing may be removed from it by API.
	DenyDelete bool
	DenyPurge  bool
}

// LogSettings returns the settings of the event log for the given replica
// count (1 for a single server, 3 for a cluster).
func LogSettings(replicas int) StreamSettings {
	return StreamSettings{
		Name:               Stream,
		Description:        "Leerlijn event log: xAPI statements and reference data, the source of truth",
		Subjects:           []string{subjectRoot + ".>"},
		Replicas:           replicas,
		Duplicates:         2 * time.Minute,
		MaxMsgSize:         4 << 20,
		AllowAtomicPublish: true,
		AllowDirect:        true,
		DenyDelete:         true,
		DenyPurge:          true,
	}
}

// DeadLetterSettings returns the settings of the dead-letter stream.
func DeadLetterSettings(replicas int) StreamSettings {
	return StreamSettings{
		Name:        DeadLetterStream,
		Description: "Leerlijn dead letters: events a projection could not apply, with the reason, and the retries of them",
		Subjects:    []string{deadLetterRoot + ".>", retryRoot + ".>"},
		Replicas:    replicas,
		Duplicates:  2 * time.Minute,
		MaxMsgSize:  4 << 20,
	}
}

const (
	deadLetterRoot = "leerlijn-deadletter"
	retryRoot      = "leerlijn-retry"
)

// DeadLetterSubject is where projection's dead letters for tenant go.
func DeadLetterSubject(projection, tenant string) string {
	return deadLetterRoot + "." + projection + "." + tenant
}

// DeadLetterFilter matches the dead letters of one projection, or of all
// projections when projection is empty.
func DeadLetterFilter(projection string) string {
	if projection == "" {
		return deadLetterRoot + ".>"
	}
	return deadLetterRoot + "." + projection + ".>"
}

// DeadLetterTenantFilter matches the dead letters of one projection and one
// tenant; an empty projection or tenant matches any.
func DeadLetterTenantFilter(projection, tenant string) string {
	if tenant == "" {
		return DeadLetterFilter(projection)
	}
	if projection == "" {
		projection = "*"
	}
	return deadLetterRoot + "." + projection + "." + tenant
}

// ParseDeadLetterSubject returns the projection and tenant of a dead
// letter's subject.
func ParseDeadLetterSubject(subject string) (projection, tenant string, err error) {
	parts := strings.Split(subject, ".")
	if len(parts) != 3 || parts[0] != deadLetterRoot || parts[1] == "" || parts[2] == "" {
		return "", "", fmt.Errorf("parse subject %q: not a dead-letter subject", subject)
	}
	return parts[1], parts[2], nil
}

// RetrySubject is where a dead letter of projection is sent to be applied
// again (leerlijn deadletters retry). It lives on the dead-letter stream,
// not on the event log: a retry is an operator's request, not an event.
func RetrySubject(projection, tenant string) string {
	return retryRoot + "." + projection + "." + tenant
}

// RetryFilter matches the retries of one projection.
func RetryFilter(projection string) string {
	return retryRoot + "." + projection + ".>"
}

// ConsumerName is the durable JetStream consumer of a projection. The
// collector reads the statements projection's consumer to tell clients how
// far the statement queries are consistent (X-Experience-API-Consistent-
// Through), so the name is part of the contract.
func ConsumerName(projection string) string { return "leerlijn-" + projection }

// StatementsProjection is the name of the projection that serves the
// statement queries of the LRS.
const StatementsProjection = "statements"
