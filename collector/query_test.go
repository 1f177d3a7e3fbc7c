package collector_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/collector"
)

// statementResult is a StatementResult as a client reads it.
type statementResult struct {
	Statements []map[string]any `json:"statements"`
	More       string           `json:"more"`
}

func (r statementResult) ids() []string {
	out := make([]string, len(r.Statements))
	for i, s := range r.Statements {
		out[i], _ = s["id"].(string)
	}
	return out
}

// get sends GET path as key and returns the answer's status, headers and
// body.
func (l *lrs) get(key, path string) (int, http.Header, string) {
	l.t.Helper()
	resp := l.do(http.MethodGet, path, key, nil)
	return resp.StatusCode, resp.Header, readBody(l.t, resp)
}

// query runs a statement query that must succeed.
func (l *lrs) query(key string, params url.Values) statementResult {
	l.t.Helper()
	path := "/xapi/statements"
	if len(params) > 0 {
		path += "?" + params.Encode()
	}
	code, _, body := l.get(key, path)
	if code != http.StatusOK {
		l.t.Fatalf("GET %s: %d %s", path, code, body)
	}
	var r statementResult
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		l.t.Fatalf("GET %s: not a StatementResult: %v\n%s", path, err, body)
	}
	return r
}

// post stores statements as key and returns their ids.
func (l *lrs) post(key string, body string) []string {
	l.t.Helper()
	got := wantStatus(l.t, l.do(http.MethodPost, "/xapi/statements", key, []byte(body)), http.StatusOK)
	var ids []string
	if err := json.Unmarshal([]byte(got), &ids); err != nil {
		l.t.Fatalf("POST answer %s: %v", got, err)
	}
	return ids
}

// waitConsistent waits until the statement query store is consistent
// through the stored time of the statement with id, as the collector's
// X-Experience-API-Consistent-Through header says, and checks that the
// header is honest: the statement is then returned by a query.
func (l *lrs) waitConsistent(key, id string) {
	l.t.Helper()
	_, _, body := l.get(key, "/xapi/statements?statementId="+id)
	var st struct{ Stored string }
	if err := json.Unmarshal([]byte(body), &st); err != nil || st.Stored == "" {
		l.t.Fatalf("GET %s: %s", id, body)
	}
	stored, _ := time.Parse(time.RFC3339Nano, st.Stored)
	eventually(l.t, time.Minute, func() error {
		_, h, _ := l.get(key, "/xapi/statements?limit=1")
		through, err := time.Parse(time.RFC3339Nano, h.Get("X-Experience-API-Consistent-Through"))
		if err != nil {
			return fmt.Errorf("consistent-through %q: %v", h.Get("X-Experience-API-Consistent-Through"), err)
		}
		// Statements stored before the header's time are queryable; one
		// stored at that very time is not yet promised.
		if !through.After(stored) {
			return fmt.Errorf("consistent through %s, statement stored %s", through, stored)
		}
		return nil
	})
}

// stmt builds a statement body; extra is spliced into the object.
func stmtJSON(id, actor, verb, object, extra string) string {
	if id != "" {
		id = fmt.Sprintf(`"id":%q,`, id)
	}
	return fmt.Sprintf(`{%s"actor":%s,"verb":{"id":%q,"display":{"en-US":"did","en-GB":"did (GB)"}},"object":%s%s}`, id, actor, verb, object, extra)
}

func agent(name string) string {
	return fmt.Sprintf(`{"mbox":"mailto:%s@example.com","name":%q}`, name, name)
}

func activityJSON(id string) string {
	return fmt.Sprintf(`{"id":%q,"definition":{"name":{"en-US":"Course","en-GB":"Course (GB)"}}}`, id)
}

func uuidN(n int) string { return fmt.Sprintf("3f1a2b4c-0000-4000-8000-%012d", n) }

func TestStatementQueries(t *testing.T) {
	l := newQueryLRS(t)
	l.addClient("acme-reader-mine", "acme", collector.ScopeStatementsReadMine, collector.ScopeStatementsWrite)
	const (
		course  = "http://example.com/course/1"
		course2 = "http://example.com/course/2"
		program = "http://example.com/program"
		reg     = "ABCDEF01-0000-4000-8000-000000000001"
	)
	s1, s2, s3, s4, s5, v1, ref1, ref2 := uuidN(1), uuidN(2), uuidN(3), uuidN(4), uuidN(5), uuidN(6), uuidN(7), uuidN(8)
	// Each POST is its own stored time, in this order.
	l.post("acme-lms", stmtJSON(s1, agent("ann"), verbCompleted, activityJSON(course), `,"context":{"registration":"`+reg+`","instructor":`+agent("teacher")+`,"contextActivities":{"parent":[{"id":"`+program+`"}]}}`))
	l.post("acme-lms", stmtJSON(s2, agent("bob"), verbPassed, activityJSON(course2), ""))
	l.post("acme-lms", stmtJSON(s3, `{"objectType":"Group","member":[`+agent("ann")+`,`+agent("cy")+`]}`, verbCompleted, activityJSON(course2), ""))
	l.post("acme-lms", stmtJSON(s4, agent("dee"), verbPassed, `{"objectType":"Agent","mbox":"mailto:ann@example.com"}`, ""))
	l.post("acme-reader-mine", stmtJSON(s5, agent("eve"), verbPassed, `{"objectType":"SubStatement","actor":`+agent("sub")+`,"verb":{"id":"`+verbCompleted+`"},"object":{"id":"`+program+`"}}`, ""))
	// s2 voided; ref1 targets the voided s2, ref2 targets ref1.
	l.post("acme-lms", stmtJSON(v1, agent("admin"), "http://adlnet.gov/expapi/verbs/voided", `{"objectType":"StatementRef","id":"`+s2+`"}`, ""))
	l.post("acme-lms", stmtJSON(ref1, agent("frank"), "http://example.com/verbs/confirmed", `{"objectType":"StatementRef","id":"`+s2+`"}`, ""))
	l.post("acme-lms", stmtJSON(ref2, agent("gus"), "http://example.com/verbs/noted", `{"objectType":"StatementRef","id":"`+ref1+`"}`, ""))
	l.post("globex-lms", stmtJSON(uuidN(100), agent("ann"), verbCompleted, activityJSON(course), ""))
	l.waitConsistent("acme-lms", ref2)

	all := []string{ref2, ref1, v1, s5, s4, s3, s1} // stored descending; s2 is voided
	q := func(kv ...string) url.Values {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	cases := []struct {
		name   string
		params url.Values
		want   []string
	}{
		{"no filter: all but the voided, newest first", nil, all},
		{"ascending", q("ascending", "true"), []string{s1, s3, s4, s5, v1, ref1, ref2}},
		{"agent as actor, object and group member", q("agent", `{"mbox":"mailto:ann@example.com"}`), []string{s4, s3, s1}},
		{"agent related: instructor", q("agent", `{"mbox":"mailto:teacher@example.com"}`, "related_agents", "true"), []string{s1}},
		{"agent not related: instructor does not match", q("agent", `{"mbox":"mailto:teacher@example.com"}`), nil},
		{"agent related: SubStatement actor", q("agent", `{"mbox":"mailto:sub@example.com"}`, "related_agents", "true"), []string{s5}},
		{"verb, with StatementRefs to a voided match", q("verb", verbPassed), []string{ref2, ref1, v1, s5, s4}},
		{"activity", q("activity", course), []string{s1}},
		{"activity related: context parent and SubStatement object", q("activity", program, "related_activities", "true"), []string{s5, s1}},
		{"activity not related", q("activity", program), nil},
		{"registration, any case", q("registration", strings.ToLower(reg)), []string{s1}},
		{"verb and activity", q("verb", verbCompleted, "activity", course2), []string{s3}},
		{"nothing matches", q("verb", "http://example.com/verbs/none"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := l.query("acme-lms", c.params)
			if !slices.Equal(got.ids(), c.want) || got.More != "" {
				t.Fatalf("ids %v more %q, want %v", got.ids(), got.More, c.want)
			}
		})
	}

	t.Run("since and until bound stored time", func(t *testing.T) {
		r := l.query("acme-lms", q("ascending", "true"))
		stored := func(i int) string { return r.Statements[i]["stored"].(string) }
		since, until := stored(0), stored(len(r.Statements)-1)
		var want []string
		for i := range r.Statements {
			// Stored times are RFC 3339 in UTC with milliseconds: they
			// compare as strings.
			if s := stored(i); s > since && s <= until {
				want = append(want, r.ids()[i])
			}
		}
		got := l.query("acme-lms", q("since", since, "until", until, "ascending", "true"))
		if !slices.Equal(got.ids(), want) || len(want) == 0 {
			t.Fatalf("since %s until %s: %v, want %v", since, until, got.ids(), want)
		}
	})

	t.Run("more pages through everything exactly once", func(t *testing.T) {
		for _, asc := range []string{"false", "true"} {
			var seen []string
			r := l.query("acme-lms", q("limit", "2", "ascending", asc))
			for pages := 1; ; pages++ {
				if len(r.Statements) > 2 {
					t.Fatalf("page of %d statements with limit 2", len(r.Statements))
				}
				seen = append(seen, r.ids()...)
				if r.More == "" {
					break
				}
				if !strings.HasPrefix(r.More, "/xapi/statements?more=") || pages > 10 {
					t.Fatalf("more = %q after %d pages", r.More, pages)
				}
				code, _, body := l.get("acme-lms", r.More)
				if code != http.StatusOK {
					t.Fatalf("GET more: %d %s", code, body)
				}
				r = statementResult{}
				if err := json.Unmarshal([]byte(body), &r); err != nil {
					t.Fatal(err)
				}
			}
			want := all
			if asc == "true" {
				want = slices.Clone(all)
				slices.Reverse(want)
			}
			if !slices.Equal(seen, want) {
				t.Fatalf("ascending=%s: pages gave %v, want %v", asc, seen, want)
			}
		}
	})

	t.Run("a cursor is bound to its tenant and signed", func(t *testing.T) {
		r := l.query("acme-lms", q("limit", "1"))
		if r.More == "" {
			t.Fatal("no more")
		}
		for _, c := range []struct{ key, path, why string }{
			{"globex-lms", r.More, "another tenant"},
			{"acme-lms", r.More[:len(r.More)-3] + "abc", "signature"},
			{"acme-lms", r.More + "&limit=5", "only parameter"},
		} {
			code, _, body := l.get(c.key, c.path)
			if code != http.StatusBadRequest || !strings.Contains(body, `"path":"more"`) {
				t.Errorf("%s: %d %s", c.why, code, body)
			}
		}
	})

	t.Run("formats", func(t *testing.T) {
		r := l.query("acme-lms", q("activity", course, "format", "ids"))
		st := r.Statements[0]
		if len(st["verb"].(map[string]any)) != 1 || len(st["object"].(map[string]any)) != 1 || st["actor"].(map[string]any)["name"] != nil {
			t.Errorf("ids format: %v", st)
		}
		req, _ := http.NewRequest(http.MethodGet, l.http.URL+"/xapi/statements?format=canonical&activity="+url.QueryEscape(course), nil)
		req.SetBasicAuth("acme-lms", secret)
		req.Header.Set("X-Experience-API-Version", "1.0.3")
		req.Header.Set("Accept-Language", "en-GB")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := wantStatus(t, resp, http.StatusOK)
		if !strings.Contains(body, `"display":{"en-GB":"did (GB)"}`) || !strings.Contains(body, `"name":{"en-GB":"Course (GB)"}`) {
			t.Errorf("canonical format with Accept-Language en-GB: %s", body)
		}
	})

	t.Run("tenants are isolated", func(t *testing.T) {
		r := l.query("globex-lms", nil)
		if want := []string{uuidN(100)}; !slices.Equal(r.ids(), want) {
			t.Fatalf("globex sees %v, want %v", r.ids(), want)
		}
	})

	t.Run("statements/read/mine sees its own only", func(t *testing.T) {
		r := l.query("acme-reader-mine", nil)
		if want := []string{s5}; !slices.Equal(r.ids(), want) {
			t.Fatalf("mine sees %v, want %v", r.ids(), want)
		}
		code, _, _ := l.get("acme-reader-mine", "/xapi/statements?statementId="+s1)
		if code != http.StatusNotFound {
			t.Fatalf("mine GET of another client's statement: %d", code)
		}
		// A cursor of a client that reads everything does not widen it.
		more := l.query("acme-lms", q("limit", "1")).More
		code, _, body := l.get("acme-reader-mine", more)
		var r2 statementResult
		_ = json.Unmarshal([]byte(body), &r2)
		if code != http.StatusOK || !slices.Equal(r2.ids(), []string{s5}) {
			t.Fatalf("mine with another client's cursor: %d %v", code, r2.ids())
		}
	})

	t.Run("HEAD answers like GET without a body", func(t *testing.T) {
		resp := l.do(http.MethodHead, "/xapi/statements?verb="+url.QueryEscape(verbPassed), "acme-lms", nil)
		body := wantStatus(t, resp, http.StatusOK)
		if body != "" || resp.Header.Get("X-Experience-API-Consistent-Through") == "" || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("HEAD: body %q headers %v", body, resp.Header)
		}
	})
}

func TestStatementQueryErrors(t *testing.T) {
	l := newQueryLRS(t)
	id := uuidN(1)
	l.post("acme-lms", stmtJSON(id, agent("ann"), verbCompleted, activityJSON("http://example.com/c"), ""))
	cases := []struct{ name, query, path string }{
		{"unknown parameter", "LIMIT=1", "LIMIT"},
		{"parameter in another case", "Verb=http://x.org/v", "Verb"},
		{"agent not JSON", "agent=ann", "agent"},
		{"agent with two IFIs", `agent={"mbox":"mailto:a@b.c","openid":"http://x.org/a"}`, "agent"},
		{"agent with a bad mbox", `agent={"mbox":"a@b.c"}`, "agent.mbox"},
		{"verb not an IRI", "verb=completed", "verb"},
		{"registration not a UUID", "registration=12", "registration"},
		{"since not a timestamp", "since=yesterday", "since"},
		{"limit negative", "limit=-1", "limit"},
		{"format unknown", "format=full", "format"},
		{"ascending not a boolean", "ascending=yes", "ascending"},
		{"statementId with verb", "statementId=" + id + "&verb=http://x.org/v", "verb"},
		{"statementId and voidedStatementId", "statementId=" + id + "&voidedStatementId=" + id, "voidedStatementId"},
		{"statementId not a UUID", "statementId=12", "statementId"},
		{"repeated parameter", "verb=http://x.org/v&verb=http://x.org/w", "verb"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, h, body := l.get("acme-lms", "/xapi/statements?"+strings.ReplaceAll(c.query, `"`, "%22"))
			if code != http.StatusBadRequest {
				t.Fatalf("%d %s", code, body)
			}
			if !strings.Contains(body, `"path":"`+c.path+`"`) {
				t.Errorf("400 body does not name %s: %s", c.path, body)
			}
			if h.Get("X-Experience-API-Consistent-Through") == "" {
				t.Error("no X-Experience-API-Consistent-Through on a 400")
			}
		})
	}
	t.Run("format and attachments go with statementId", func(t *testing.T) {
		code, _, body := l.get("acme-lms", "/xapi/statements?statementId="+id+"&format=ids&attachments=false")
		if code != http.StatusOK || strings.Contains(body, `"display"`) {
			t.Fatalf("%d %s", code, body)
		}
	})
}
