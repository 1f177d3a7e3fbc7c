package collector_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// TestVoidMarkerRepairedOnRetry simulates a crash between storing a voiding
// statement and its void marker (they are two publishes): the client got
// no answer and retries. The retry finds the statement stored, identical,
// and must store the missing marker, or reading the voided statement by
// voidedStatementId would fail for good.
func TestVoidMarkerRepairedOnRetry(t *testing.T) {
	l := newLRS(t)
	target, voider := "7a0e0000-0000-4000-8000-000000000001", "7a0e0000-0000-4000-8000-000000000002"
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement(target, verbCompleted)), http.StatusOK)

	body := fmt.Appendf(nil, `{"id":%q,"actor":{"mbox":"mailto:admin@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided","display":{"en-US":"voided"}},"object":{"objectType":"StatementRef","id":%q}}`, voider, target)
	parsed, _, err := xapi.Parse(body, xapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The voiding statement as the collector stores it, without its marker.
	env := event.Envelope{Tenant: "acme", Kind: event.KindStatement, ID: voider, Stored: time.Now().UTC(), Hash: parsed[0].Hash, Client: "acme-lms", XAPIVersion: "1.0.3", Body: body}
	subj, err := env.Subject()
	if err != nil {
		t.Fatal(err)
	}
	m := &nats.Msg{Subject: subj, Header: nats.Header(env.Header()), Data: body}
	m.Header.Set("Nats-Expected-Last-Subject-Sequence", "0")
	if _, err := l.js.PublishMsg(t.Context(), m); err != nil {
		t.Fatal(err)
	}

	// The client's retry.
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", body), http.StatusOK)
	wantStatus(t, l.do(http.MethodGet, "/xapi/statements?voidedStatementId="+target, "acme-lms", nil), http.StatusOK)
	wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId="+target, "acme-lms", nil), http.StatusNotFound)
	// A second retry stores nothing more.
	before := l.messages()
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", body), http.StatusOK)
	if after := l.messages(); after != before {
		t.Fatalf("an identical re-post stored %d messages", after-before)
	}
}
