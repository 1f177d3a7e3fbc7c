package collector_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"testing"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
)

// api sends a reference-data request as client key (no xAPI headers) and
// returns the status, the outcome header and the body.
func (l *lrs) api(method, path, key, body string) (int, string, string) {
	l.t.Helper()
	var rd *bytes.Reader
	if body != "" {
		rd = bytes.NewReader([]byte(body))
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequest(method, l.http.URL+path, rd)
	if err != nil {
		l.t.Fatal(err)
	}
	if key != "" {
		req.SetBasicAuth(key, secret)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		l.t.Fatal(err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, resp.Header.Get("Leerlijn-Outcome"), readBody(l.t, resp)
}

// mustAPI is api that fails the test unless the status is want.
func (l *lrs) mustAPI(method, path, key, body string, want int) (string, string) {
	l.t.Helper()
	code, outcome, resp := l.api(method, path, key, body)
	if code != want {
		l.t.Fatalf("%s %s as %s: status %d, want %d; body %s", method, path, key, code, want, resp)
	}
	return outcome, resp
}

// lastEvent returns the newest event on subject, or nil.
func (l *lrs) lastEvent(subject string) *jetstream.RawStreamMsg {
	l.t.Helper()
	m, err := l.stream.GetLastMsgForSubject(l.t.Context(), subject)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil
	}
	if err != nil {
		l.t.Fatal(err)
	}
	return m
}

// eventsOn counts the events on subject.
func (l *lrs) eventsOn(subject string) uint64 {
	l.t.Helper()
	info, err := l.stream.Info(l.t.Context(), jetstream.WithSubjectFilter(subject))
	if err != nil {
		l.t.Fatal(err)
	}
	return info.State.Subjects[subject]
}

// checkEnvelope checks an event's headers: it decodes as an envelope of
// kind about key in tenant, written by client, with the body's hash.
func checkEnvelope(t *testing.T, m *jetstream.RawStreamMsg, tenant string, kind event.Kind, key, client string) event.Envelope {
	t.Helper()
	if m == nil {
		t.Fatalf("no %s event %s in %s", kind, key, tenant)
	}
	env, err := event.Decode(m.Subject, event.Header(m.Header), m.Data, m.Sequence)
	if err != nil {
		t.Fatalf("event does not decode: %v", err)
	}
	want, _ := event.Subject(tenant, kind, key)
	h := sha256.Sum256(m.Data)
	switch {
	case m.Subject != want:
		t.Errorf("subject %s, want %s", m.Subject, want)
	case env.Tenant != tenant || env.Kind != kind || env.ID != key:
		t.Errorf("envelope %s/%s/%s, want %s/%s/%s", env.Tenant, env.Kind, env.ID, tenant, kind, key)
	case env.Client != client:
		t.Errorf("client header %q, want %q", env.Client, client)
	case env.Hash != hex.EncodeToString(h[:]):
		t.Errorf("hash header %q is not the body's SHA-256", env.Hash)
	case env.Stored.IsZero():
		t.Errorf("no stored time")
	}
	return env
}

type apiProblem struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// problemPaths reads the problem paths of an error body, sorted.
func problemPaths(t *testing.T, body string) []string {
	t.Helper()
	var e struct {
		Error struct {
			Status   int          `json:"status"`
			Message  string       `json:"message"`
			Problems []apiProblem `json:"problems"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Message == "" {
		t.Fatalf("not a JSON error body (%v): %s", err, body)
	}
	var out []string
	for _, p := range e.Error.Problems {
		if p.Reason == "" {
			t.Errorf("problem %q without a reason", p.Path)
		}
		out = append(out, p.Path)
	}
	slices.Sort(out)
	return out
}

// sameJSON reports whether two JSON texts hold the same value.
func sameJSON(t *testing.T, a, b string) bool {
	t.Helper()
	var x, y any
	if err := json.Unmarshal([]byte(a), &x); err != nil {
		t.Fatalf("%v: %s", err, a)
	}
	if err := json.Unmarshal([]byte(b), &y); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return bytes.Equal(xa, ya)
}

const (
	budgetBody = `{"name":"Team Logistics 2026","org_unit":"Acme / Operations / Logistics","period_start":"2026-01-01","period_end":"2026-12-31","amount":"50000","currency":"EUR"}`
	// budgetStored is budgetBody normalised.
	budgetStored = `{"id":"b-1","name":"Team Logistics 2026","org_unit":"Acme/Operations/Logistics","period_start":"2026-01-01","period_end":"2026-12-31","amount":"50000.00","currency":"EUR"}`
	personBody   = `{"actors":[{"mbox":"mailto:ann@example.com"},{"account":{"homePage":"https://lms.example.com","name":"ann"}}],"org_unit":"Acme/Operations","hourly_cost":"55","timezone":"Europe/Amsterdam","work_schedule":{"mon":["13:00-17:00","09:00-12:30"]},"valid_from":"2026-01-01"}`
	expenseBody  = `{"expense_id":"inv-1","amount":"1200","currency":"EUR","time":"2026-03-02T10:00:00+01:00","description":"Venue"}`
)

func decodeInto(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
}
