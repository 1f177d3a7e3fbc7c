package event

import (
	"fmt"
	"strconv"
	"time"
)

// SchemaVersion is the version of the envelope written by this code. Readers
// accept every version up to it.
const SchemaVersion = 1

// Header names of the envelope. The body of a statement event is the
// statement exactly as stored (the bytes GET returns); everything a reader
// needs to route and order the event is in the headers, so nothing is
// re-encoded on the way.
const (
	HeaderSchema = "Leerlijn-Schema"
	HeaderTenant = "Leerlijn-Tenant"
	HeaderKind   = "Leerlijn-Kind"
	HeaderID     = "Leerlijn-Id"
	// HeaderStored is the time the collector accepted the event (RFC 3339,
	// nanoseconds, UTC): the statement's "stored".
	HeaderStored = "Leerlijn-Stored"
	// HeaderHash is the hex SHA-256 of the statement's canonical form as
	// the client sent it; equal hashes mean "the same statement" for the
	// duplicate (no-op) versus conflict (409) decision.
	HeaderHash = "Leerlijn-Hash"
	// HeaderClient is the key of the client that wrote the event.
	HeaderClient = "Leerlijn-Client"
	// HeaderVersion is the xAPI version the client spoke (1.0.3, 2.0.0).
	HeaderVersion = "Leerlijn-Xapi-Version"
	// HeaderWarnings lists what a client in lenient validation mode sent
	// that strict validation rejects ("path: reason; …").
	HeaderWarnings = "Leerlijn-Warnings"
	// HeaderDefine is "no" on a statement whose client lacks the xAPI
	// define scope: its Activity definitions must not update the LRS's
	// canonical definitions. Absent means they may.
	HeaderDefine = "Leerlijn-Define"
	// HeaderDeadLetterReason is set on dead letters.
	HeaderDeadLetterReason = "Leerlijn-Dead-Letter-Reason"
	// HeaderDeadLetterSeq is the stream sequence of the original event.
	HeaderDeadLetterSeq = "Leerlijn-Dead-Letter-Seq"
	// HeaderDeadLetterSubject is the subject of the original event.
	HeaderDeadLetterSubject = "Leerlijn-Dead-Letter-Subject"
	// HeaderRetryOf is set on retries of dead letters: the dead-letter
	// stream sequence of the dead letter being retried.
	HeaderRetryOf = "Leerlijn-Retry-Of"
)

// Header is a message header; it has the shape of nats.Header and
// http.Header, so callers convert without copying.
type Header = map[string][]string

// Envelope is one event: its metadata and its body.
type Envelope struct {
	Tenant string
	Kind   Kind
	// ID is the key of the event: the statement id, budget id, person id.
	ID     string
	Stored time.Time
	// Hash is set for statements (see HeaderHash).
	Hash string
	// Client is the key of the client that wrote the event.
	Client string
	// XAPIVersion is the xAPI version of the request that wrote it.
	XAPIVersion string
	// Warnings is what lenient validation let through, "" for none.
	Warnings string
	// NoDefine marks a statement from a client without the define scope
	// (HeaderDefine).
	NoDefine bool
	// Body is the payload: for statements, the statement as stored.
	Body []byte
	// Seq is the stream sequence, set by Decode from the message metadata;
	// projections use it as the row version.
	Seq uint64
}

// Subject returns the subject the envelope is published to.
func (e *Envelope) Subject() (string, error) {
	return Subject(e.Tenant, e.Kind, e.ID)
}

// Header returns the headers to publish the envelope with.
func (e *Envelope) Header() Header {
	h := Header{
		HeaderSchema: {strconv.Itoa(SchemaVersion)},
		HeaderTenant: {e.Tenant},
		HeaderKind:   {string(e.Kind)},
		HeaderStored: {e.Stored.UTC().Format(time.RFC3339Nano)},
	}
	if e.ID != "" {
		h[HeaderID] = []string{e.ID}
	}
	if e.Hash != "" {
		h[HeaderHash] = []string{e.Hash}
	}
	if e.Client != "" {
		h[HeaderClient] = []string{e.Client}
	}
	if e.XAPIVersion != "" {
		h[HeaderVersion] = []string{e.XAPIVersion}
	}
	if e.Warnings != "" {
		h[HeaderWarnings] = []string{e.Warnings}
	}
	if e.NoDefine {
		h[HeaderDefine] = []string{"no"}
	}
	return h
}

func first(h Header, k string) string {
	if v := h[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Decode reads an envelope from a message's subject, headers, body and
// stream sequence. The subject and the headers must agree.
func Decode(subject string, h Header, body []byte, seq uint64) (Envelope, error) {
	tenant, kind, key, err := ParseSubject(subject)
	if err != nil {
		return Envelope{}, err
	}
	v, err := strconv.Atoi(first(h, HeaderSchema))
	if err != nil || v < 1 || v > SchemaVersion {
		return Envelope{}, fmt.Errorf("decode event %s seq %d: unsupported schema version %q", subject, seq, first(h, HeaderSchema))
	}
	if t := first(h, HeaderTenant); t != tenant {
		return Envelope{}, fmt.Errorf("decode event %s seq %d: tenant header %q does not match subject", subject, seq, t)
	}
	if k := first(h, HeaderKind); k != string(kind) {
		return Envelope{}, fmt.Errorf("decode event %s seq %d: kind header %q does not match subject", subject, seq, k)
	}
	stored, err := time.Parse(time.RFC3339Nano, first(h, HeaderStored))
	if err != nil {
		return Envelope{}, fmt.Errorf("decode event %s seq %d: stored time: %w", subject, seq, err)
	}
	return Envelope{
		Tenant:      tenant,
		Kind:        kind,
		ID:          key,
		Stored:      stored.UTC(),
		Hash:        first(h, HeaderHash),
		Client:      first(h, HeaderClient),
		XAPIVersion: first(h, HeaderVersion),
		Warnings:    first(h, HeaderWarnings),
		NoDefine:    first(h, HeaderDefine) == "no",
		Body:        body,
		Seq:         seq,
	}, nil
}
