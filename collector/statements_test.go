package collector_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/collector"
)

const (
	verbCompleted = "http://adlnet.gov/expapi/verbs/completed"
	verbPassed    = "http://adlnet.gov/expapi/verbs/passed"
)

func TestAbout(t *testing.T) {
	l := newLRS(t)
	req, _ := http.NewRequest(http.MethodGet, l.http.URL+"/xapi/about", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := wantStatus(t, resp, http.StatusOK)
	var about struct{ Version []string }
	if err := json.Unmarshal([]byte(body), &about); err != nil || !slices.Contains(about.Version, "1.0.3") || !slices.Contains(about.Version, "2.0.0") {
		t.Fatalf("about = %s (%v), want versions 1.0.3 and 2.0.0", body, err)
	}
	// About needs no version header; without one, the answer names the
	// fallback version (2.0.0 by default, the latest served).
	if v := resp.Header.Get("X-Experience-API-Version"); v != "2.0.0" {
		t.Fatalf("version header %q", v)
	}
	// Asked in xAPI 1.0.x, it lists only 1.0.x versions (Communication
	// 2.8.s5.b1.b1 of 1.0.3).
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body = wantStatus(t, resp, http.StatusOK)
	if err := json.Unmarshal([]byte(body), &about); err != nil || !slices.Equal(about.Version, []string{"1.0.3", "1.0.2", "1.0.1", "1.0.0"}) {
		t.Fatalf("about in 1.0.3 = %s (%v)", body, err)
	}
}

func TestAuthAndVersionRules(t *testing.T) {
	l := newLRS(t)
	l.addClient("reader", "acme", collector.ScopeStatementsRead)
	body := statement("", verbCompleted)
	cases := []struct {
		name    string
		key     string
		secret  string
		version string
		want    int
		reason  string
	}{
		{"no credentials", "", "", "1.0.3", http.StatusUnauthorized, "authentication required"},
		{"wrong secret", "acme-lms", "nope-nope", "1.0.3", http.StatusUnauthorized, "wrong"},
		{"unknown client", "who", secret, "1.0.3", http.StatusUnauthorized, "wrong"},
		{"missing version", "acme-lms", secret, "", http.StatusBadRequest, "header is missing"},
		{"unsupported version", "acme-lms", secret, "0.95", http.StatusBadRequest, "not a version"},
		{"unsupported version 2.1", "acme-lms", secret, "2.1.0", http.StatusBadRequest, "not a version"},
		{"scope lacking", "reader", secret, "1.0.3", http.StatusForbidden, "statements/write"},
		{"accepted 1.0.0", "acme-lms", secret, "1.0.0", http.StatusOK, ""},
		{"accepted 2.0", "acme-lms", secret, "2.0", http.StatusOK, ""},
		{"accepted 2.0.1", "acme-lms", secret, "2.0.1", http.StatusOK, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, l.http.URL+"/xapi/statements", strings.NewReader(string(body)))
			if c.key != "" {
				req.SetBasicAuth(c.key, c.secret)
			}
			if c.version != "" {
				req.Header.Set("X-Experience-API-Version", c.version)
			}
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got := wantStatus(t, resp, c.want)
			if !strings.Contains(got, c.reason) {
				t.Fatalf("body %s does not say %q", got, c.reason)
			}
			// Answers name the served version of the request's version, or
			// the fallback (2.0.0) for requests without one it serves.
			want := "2.0.0"
			if strings.HasPrefix(c.version, "1.0") {
				want = "1.0.3"
			}
			if got := resp.Header.Get("X-Experience-API-Version"); got != want {
				t.Fatalf("version header %q, want %q", got, want)
			}
		})
	}
	t.Run("a method the resource does not have is 405 before authentication", func(t *testing.T) {
		for _, path := range []string{"/xapi/statements", "/xapi/activities", "/xapi/agents", "/xapi/about"} {
			req, _ := http.NewRequest(http.MethodDelete, l.http.URL+path, nil)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") == "" {
				t.Errorf("DELETE %s without credentials: %d, Allow %q; want 405 with Allow", path, resp.StatusCode, resp.Header.Get("Allow"))
			}
		}
	})
	t.Run("revoked client", func(t *testing.T) {
		wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "reader", body), http.StatusForbidden)
		if err := l.store.Revoke(t.Context(), "reader"); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "reader", body), http.StatusUnauthorized)
	})
}

func TestPostStoresAndAnswersIDs(t *testing.T) {
	l := newLRS(t)
	before := l.messages()
	id := "3f1a2b4c-0000-4000-8000-000000000001"
	body := wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement(id, verbCompleted)), http.StatusOK)
	if body != fmt.Sprintf(`[%q]`, id) {
		t.Fatalf("ids = %s", body)
	}
	if got := l.messages(); got != before+1 {
		t.Fatalf("log has %d new events, want 1", got-before)
	}

	// A statement without id gets one.
	body = wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement("", verbCompleted)), http.StatusOK)
	var ids []string
	if err := json.Unmarshal([]byte(body), &ids); err != nil || len(ids) != 1 || len(ids[0]) != 36 {
		t.Fatalf("ids = %s", body)
	}

	// GET by id returns it as stored: stored, authority and version set.
	got := wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId="+strings.ToUpper(id), "acme-lms", nil), http.StatusOK)
	var st map[string]any
	if err := json.Unmarshal([]byte(got), &st); err != nil {
		t.Fatalf("stored statement is not JSON: %v: %s", err, got)
	}
	for _, k := range []string{"stored", "authority", "timestamp", "version", "id"} {
		if _, ok := st[k]; !ok {
			t.Errorf("stored statement lacks %q: %s", k, got)
		}
	}
	auth, _ := st["authority"].(map[string]any)
	if acc, _ := auth["account"].(map[string]any); acc["name"] != "acme-lms" {
		t.Errorf("authority = %v, want the client's account", st["authority"])
	}

	// Another tenant does not see it.
	wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId="+id, "globex-lms", nil), http.StatusNotFound)
	wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId=3f1a2b4c-0000-4000-8000-00000000ffff", "acme-lms", nil), http.StatusNotFound)
}

func TestDuplicatesAndConflicts(t *testing.T) {
	l := newLRS(t)
	id := "3f1a2b4c-0000-4000-8000-000000000002"
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement(id, verbCompleted)), http.StatusOK)
	before := l.messages()

	t.Run("identical re-post is a no-op", func(t *testing.T) {
		wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement(id, verbCompleted)), http.StatusOK)
		wantStatus(t, l.do(http.MethodPut, "/xapi/statements?statementId="+id, "acme-lms", statement(id, verbCompleted)), http.StatusNoContent)
		if got := l.messages(); got != before {
			t.Fatalf("log grew by %d", got-before)
		}
	})
	t.Run("different statement with the same id is 409", func(t *testing.T) {
		body := wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement(id, verbPassed)), http.StatusConflict)
		if !strings.Contains(body, id) {
			t.Fatalf("409 body does not name the id: %s", body)
		}
		wantStatus(t, l.do(http.MethodPut, "/xapi/statements?statementId="+id, "acme-lms", statement(id, verbPassed)), http.StatusConflict)
	})
	t.Run("a batch with one conflict stores nothing", func(t *testing.T) {
		batch := fmt.Sprintf(`[%s,%s]`, statement("3f1a2b4c-0000-4000-8000-000000000003", verbCompleted), statement(id, verbPassed))
		wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", []byte(batch)), http.StatusConflict)
		if got := l.messages(); got != before {
			t.Fatalf("log grew by %d after a rejected batch", got-before)
		}
	})
	t.Run("a batch with an identical duplicate stores the rest", func(t *testing.T) {
		newID := "3f1a2b4c-0000-4000-8000-000000000004"
		batch := fmt.Sprintf(`[%s,%s]`, statement(newID, verbCompleted), statement(id, verbCompleted))
		body := wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", []byte(batch)), http.StatusOK)
		if body != fmt.Sprintf(`[%q,%q]`, newID, id) {
			t.Fatalf("ids = %s", body)
		}
		if got := l.messages(); got != before+1 {
			t.Fatalf("log grew by %d, want 1", got-before)
		}
	})
	t.Run("PUT with the id in the query, re-POST with it in the body", func(t *testing.T) {
		putID := "3f1a2b4c-0000-4000-8000-000000000005"
		wantStatus(t, l.do(http.MethodPut, "/xapi/statements?statementId="+putID, "acme-lms", statement("", verbCompleted)), http.StatusNoContent)
		n := l.messages()
		wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement(strings.ToUpper(putID), verbCompleted)), http.StatusOK)
		if got := l.messages(); got != n {
			t.Fatalf("identical re-post stored %d events", got-n)
		}
	})
	t.Run("the same id in another tenant is another statement", func(t *testing.T) {
		wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "globex-lms", statement(id, verbPassed)), http.StatusOK)
	})
}

func TestPut(t *testing.T) {
	l := newLRS(t)
	id := "3f1a2b4c-0000-4000-8000-000000000010"
	wantStatus(t, l.do(http.MethodPut, "/xapi/statements?statementId="+id, "acme-lms", statement("", verbCompleted)), http.StatusNoContent)
	got := wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId="+id, "acme-lms", nil), http.StatusOK)
	if !strings.Contains(got, id) {
		t.Fatalf("GET after PUT: %s", got)
	}
	cases := []struct {
		name, query string
		body        []byte
		reason      string
	}{
		{"no statementId", "", statement("", verbCompleted), "statementId"},
		{"bad statementId", "?statementId=nope", statement("", verbCompleted), "must be a UUID"},
		{"id differs", "?statementId=" + id, statement("3f1a2b4c-0000-4000-8000-000000000011", verbCompleted), "differs"},
		{"array", "?statementId=" + id, []byte("[" + string(statement("", verbCompleted)) + "]"), "one statement"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			body := wantStatus(t, l.do(http.MethodPut, "/xapi/statements"+c.query, "acme-lms", c.body), http.StatusBadRequest)
			if !strings.Contains(body, c.reason) {
				t.Fatalf("body %s lacks %q", body, c.reason)
			}
		})
	}
}

func TestVoiding(t *testing.T) {
	l := newLRS(t)
	target := "3f1a2b4c-0000-4000-8000-000000000020"
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement(target, verbCompleted)), http.StatusOK)
	void := fmt.Sprintf(`{"actor":{"mbox":"mailto:admin@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided","display":{"en-US":"voided"}},"object":{"objectType":"StatementRef","id":%q}}`, target)
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", []byte(void)), http.StatusOK)
	body := wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId="+target, "acme-lms", nil), http.StatusNotFound)
	if !strings.Contains(body, "voidedStatementId") {
		t.Fatalf("404 does not explain: %s", body)
	}
	got := wantStatus(t, l.do(http.MethodGet, "/xapi/statements?voidedStatementId="+target, "acme-lms", nil), http.StatusOK)
	if !strings.Contains(got, target) {
		t.Fatalf("voided statement: %s", got)
	}
	// A voiding statement cannot be voided (Data 2.3.2): voiding it is
	// stored, but changes nothing.
	voidID := "3f1a2b4c-0000-4000-8000-000000000021"
	wantStatus(t, l.do(http.MethodPut, "/xapi/statements?statementId="+voidID, "acme-lms", []byte(strings.Replace(void, target, "3f1a2b4c-0000-4000-8000-0000000000ff", 1))), http.StatusNoContent)
	voidVoid := strings.Replace(void, target, voidID, 1)
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", []byte(voidVoid)), http.StatusOK)
	wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId="+voidID, "acme-lms", nil), http.StatusOK)
	wantStatus(t, l.do(http.MethodGet, "/xapi/statements?voidedStatementId="+voidID, "acme-lms", nil), http.StatusNotFound)
	// Voiding in one tenant does not void the same id in another.
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "globex-lms", statement(target, verbCompleted)), http.StatusOK)
	wantStatus(t, l.do(http.MethodGet, "/xapi/statements?statementId="+target, "globex-lms", nil), http.StatusOK)
}

func TestRejectsBadInputWithoutPublishing(t *testing.T) {
	l := newLRS(t)
	before := l.messages()
	cases := []struct {
		name   string
		ctype  string
		body   string
		want   int
		reason string
	}{
		{"not JSON", "application/json", `{"actor":`, http.StatusBadRequest, "problems"},
		{"missing verb", "application/json", `{"actor":{"mbox":"mailto:a@b.c"},"object":{"id":"http://x/y"}}`, http.StatusBadRequest, "verb"},
		{"bad mbox in a batch", "application/json", `[` + string(statement("", verbCompleted)) + `,{"actor":{"mbox":"a@b.c"},"verb":{"id":"http://x/v"},"object":{"id":"http://x/y"}}]`, http.StatusBadRequest, "[1].actor.mbox"},
		{"wrong content type", "text/plain", string(statement("", verbCompleted)), http.StatusBadRequest, "Content-Type"},
		{"too large", "application/json", `[` + strings.Repeat(string(statement("", verbCompleted))+",", 70000) + string(statement("", verbCompleted)) + `]`, http.StatusRequestEntityTooLarge, "larger than"},
		{"too many statements", "application/json", `[` + strings.Repeat(string(statement("", verbCompleted))+",", 600) + string(statement("", verbCompleted)) + `]`, http.StatusRequestEntityTooLarge, "at most 500"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, l.http.URL+"/xapi/statements", strings.NewReader(c.body))
			req.SetBasicAuth("acme-lms", secret)
			req.Header.Set("X-Experience-API-Version", "1.0.3")
			req.Header.Set("Content-Type", c.ctype)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body := wantStatus(t, resp, c.want)
			if !strings.Contains(body, c.reason) {
				t.Fatalf("body %s lacks %q", body, c.reason)
			}
		})
	}
	if got := l.messages(); got != before {
		t.Fatalf("rejected requests published %d events", got-before)
	}
}

func TestUnavailableLogAnswers503(t *testing.T) {
	l := newLRS(t)
	wantStatus(t, l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement("", verbCompleted)), http.StatusOK)
	l.ns.Shutdown()
	l.ns.WaitForShutdown()
	resp := l.do(http.MethodPost, "/xapi/statements", "acme-lms", statement("", verbCompleted))
	wantStatus(t, resp, http.StatusServiceUnavailable)
	if resp.Header.Get("Retry-After") == "" {
		t.Fatal("503 without Retry-After")
	}
}
