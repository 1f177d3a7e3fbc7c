package event

import "time"

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
	// AllowAtomicPublish enables all-or-nothing batches (statement batches).
	AllowAtomicPublish bool
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
		DenyDelete:         true,
		DenyPurge:          true,
	}
}

// DeadLetterSettings returns the settings of the dead-letter stream.
func DeadLetterSettings(replicas int) StreamSettings {
	return StreamSettings{
		Name:        DeadLetterStream,
		Description: "Leerlijn dead letters: events a projection could not apply, with the reason",
		Subjects:    []string{deadLetterRoot + ".>"},
		Replicas:    replicas,
		Duplicates:  2 * time.Minute,
		MaxMsgSize:  4 << 20,
	}
}

const deadLetterRoot = "leerlijn-deadletter"

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
