package collector

import (
	"net/http"
	"strconv"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// Handlers shared by the reference-data resources: store a normalised
// resource as the newest event on its subject, read one back, list them.

// put stores v, a normalised resource, as the newest kind event about key
// and answers with it: 201 with Location when it was created (and created
// is true), else 200; the OutcomeHeader says whether anything was written.
func (a *referenceAPI) put(w http.ResponseWriter, r *http.Request, p *Principal, kind event.Kind, key string, v any, created bool) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	env := event.Envelope{
		Tenant: p.Client.Tenant, Kind: kind, ID: key, Stored: time.Now().UTC(),
		Hash: bodyHash(body), Client: p.Client.Key, Body: body,
	}
	outcome, seq, err := a.s.putLatest(r.Context(), env)
	if err != nil {
		return err
	}
	a.stored(p, kind, outcome, seq)
	status := http.StatusOK
	if outcome == outcomeCreated && created {
		status = http.StatusCreated
		w.Header().Set("Location", r.URL.Path)
	}
	w.Header().Set(OutcomeHeader, outcome)
	writeJSON(w, r, status, body)
	return nil
}

// stored counts and logs a write, without the resource's id or content.
func (a *referenceAPI) stored(p *Principal, kind event.Kind, outcome string, seq uint64) {
	a.events.WithLabelValues(string(kind), outcome).Inc()
	if seq == 0 { // an expense: the publisher does not report it
		a.s.log.Debug("reference data written", "tenant", p.Client.Tenant, "kind", kind, "outcome", outcome)
		return
	}
	a.s.log.Debug("reference data written", "tenant", p.Client.Tenant, "kind", kind, "outcome", outcome, "stream_seq", seq)
}

// getLatest answers with the newest kind event about key.
func (a *referenceAPI) getLatest(w http.ResponseWriter, r *http.Request, p *Principal, kind event.Kind, key string) error {
	m, err := a.s.latest(r.Context(), p.Client.Tenant, kind, key)
	if err != nil {
		return err
	}
	writeMsg(w, r, m)
	return nil
}

// writeMsg answers with an event's body, its hash as ETag and its stored
// time as Last-Modified.
func writeMsg(w http.ResponseWriter, r *http.Request, m *jetstream.RawStreamMsg) {
	if h := m.Header.Get(event.HeaderHash); h != "" {
		w.Header().Set("ETag", strconv.Quote(h))
	}
	if t, err := time.Parse(time.RFC3339Nano, m.Header.Get(event.HeaderStored)); err == nil {
		w.Header().Set("Last-Modified", t.UTC().Format(http.TimeFormat))
	}
	writeJSON(w, r, http.StatusOK, m.Data)
}

// Page sizes of the list resources.
const (
	defaultListLimit = 100
	maxListLimit     = 1000
)

// list answers GET on a collection: {"<field>": [...], "next": "<key>"},
// in key order, limit (1 to 1000, default 100) per page from after on.
func (a *referenceAPI) list(w http.ResponseWriter, r *http.Request, p *Principal, kind event.Kind, field string) error {
	if err := methodIs(r, http.MethodGet); err != nil {
		return err
	}
	q := r.URL.Query()
	var ps []xapi.Problem
	limit := defaultListLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxListLimit {
			ps = append(ps, xapi.Problem{Path: "limit", Reason: "must be a whole number from 1 to " + strconv.Itoa(maxListLimit)})
		}
		limit = n
	}
	after := q.Get("after")
	if after != "" && !refdata.ValidID(after) {
		ps = append(ps, xapi.Problem{Path: "after", Reason: "must be an id, the next value of the previous page"})
	}
	if len(ps) > 0 {
		return &xapi.ValidationError{Problems: ps}
	}
	msgs, next, err := a.s.listLatest(r.Context(), p.Client.Tenant, kind, after, limit)
	if err != nil {
		return err
	}
	items := make([]json.RawMessage, len(msgs))
	for i, m := range msgs {
		items[i] = m.Data
	}
	out := map[string]any{field: items}
	if next != "" {
		out["next"] = next
	}
	body, err := json.Marshal(out)
	if err != nil {
		return err
	}
	writeJSON(w, r, http.StatusOK, body)
	return nil
}
