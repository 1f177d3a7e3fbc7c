package collector_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestVersions: a 2.0 request is validated and stored by xAPI 2.0's rules
// and answered as 2.0.0; a 1.0.x request by 1.0.3's.
func TestVersions(t *testing.T) {
	l := newLRS(t)
	ctxAgents := `,"context":{"contextAgents":[{"objectType":"contextAgent","agent":{"mbox":"mailto:coach@example.com"},"relevantTypes":["http://example.com/types/coach"]}]}`
	stmt := func(id, extra string) []byte {
		return []byte(stmtJSON(id, agent("ann"), verbCompleted, activityJSON("http://example.com/c"), extra))
	}
	l.version = "2.0.0"
	id := uuidN(20)
	resp := l.do(http.MethodPost, "/xapi/statements", "acme-lms", stmt(id, ctxAgents+`,"timestamp":"2026-03-02 10:15:00.000+01:00"`))
	wantStatus(t, resp, http.StatusOK)
	if v := resp.Header.Get("X-Experience-API-Version"); v != "2.0.0" {
		t.Fatalf("2.0 answer version %q", v)
	}
	var st struct {
		Version   string
		Timestamp string
	}
	resp = l.do(http.MethodGet, "/xapi/statements?statementId="+id, "acme-lms", nil)
	if err := json.Unmarshal([]byte(wantStatus(t, resp, http.StatusOK)), &st); err != nil || st.Version != "2.0.0" {
		t.Fatalf("stored 2.0 statement version %q (%v)", st.Version, err)
	}
	if resp.Header.Get("Last-Modified") == "" {
		t.Fatal("no Last-Modified on a statement GET")
	}
	// The same statement shapes under 1.0.3's rules.
	l.version = "1.0.3"
	body := wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", stmt("", ctxAgents)), http.StatusBadRequest)
	if !strings.Contains(body, `"path":"context.contextAgents"`) {
		t.Fatalf("contextAgents in 1.0.3: %s", body)
	}
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", stmt("", `,"timestamp":"2026-03-02 10:15:00Z"`)), http.StatusBadRequest)
	l.version = "2.0.0"
	body = wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", stmt("", `,"timestamp":"20260302T101500Z"`)), http.StatusBadRequest)
	if !strings.Contains(body, "RFC 3339") {
		t.Fatalf("ISO basic timestamp in 2.0: %s", body)
	}
	// Statements stored through either version are read through both.
	l.version = "1.0.3"
	wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId="+id, "acme-lms", nil), http.StatusOK)
}
