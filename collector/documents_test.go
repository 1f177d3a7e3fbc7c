package collector_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/collector"
)

// send is do with a body content type and extra headers.
func (l *lrs) send(method, path, key, ctype string, body []byte, hdr map[string]string) *http.Response {
	l.t.Helper()
	req, err := http.NewRequest(method, l.http.URL+path, bytes.NewReader(body))
	if err != nil {
		l.t.Fatal(err)
	}
	req.SetBasicAuth(key, secret)
	req.Header.Set("X-Experience-API-Version", l.version)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		l.t.Fatal(err)
	}
	l.t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func docPath(resource string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Set(kv[i], kv[i+1])
	}
	return "/xapi/" + resource + "?" + q.Encode()
}

const (
	annAgent   = `{"mbox":"mailto:ann@example.com"}`
	courseIRI  = "http://example.com/course/1"
	jsonType   = "application/json"
	etagFormat = `^"[0-9a-f]{40}"$`
)

func TestStateResource(t *testing.T) {
	l := newLRS(t)
	l.addClient("no-state", "acme", collector.ScopeStatementsWrite)
	state := func(kv ...string) string {
		return docPath("activities/state", append([]string{"activityId", courseIRI, "agent", annAgent}, kv...)...)
	}
	one := state("stateId", "bookmark")

	// Store, read back with ETag and Last-Modified.
	wantStatus(t, l.send(http.MethodPut, one, "acme-lms", jsonType, []byte(`{"page":1,"x":"a"}`), nil), http.StatusNoContent)
	resp := l.send(http.MethodGet, one, "acme-lms", "", nil, nil)
	if body := wantStatus(t, resp, http.StatusOK); body != `{"page":1,"x":"a"}` {
		t.Fatalf("GET = %s", body)
	}
	etag := resp.Header.Get("ETag")
	if !regexp.MustCompile(etagFormat).MatchString(etag) || resp.Header.Get("Last-Modified") == "" || resp.Header.Get("Content-Type") != jsonType {
		t.Fatalf("headers %v", resp.Header)
	}

	t.Run("POST merges top-level properties of JSON objects", func(t *testing.T) {
		wantStatus(t, l.send(http.MethodPost, one, "acme-lms", jsonType, []byte(`{"page":2,"y":{"z":1}}`), nil), http.StatusNoContent)
		var doc map[string]any
		if err := json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, one, "acme-lms", "", nil, nil), http.StatusOK)), &doc); err != nil {
			t.Fatal(err)
		}
		if doc["page"] != 2.0 || doc["x"] != "a" || doc["y"].(map[string]any)["z"] != 1.0 {
			t.Fatalf("merged = %v", doc)
		}
		body := wantStatus(t, l.send(http.MethodPost, one, "acme-lms", "text/plain", []byte(`abc`), nil), http.StatusBadRequest)
		if !strings.Contains(body, `"path":"Content-Type"`) {
			t.Fatalf("400 does not name the field: %s", body)
		}
	})

	t.Run("preconditions", func(t *testing.T) {
		resp := l.send(http.MethodGet, one, "acme-lms", "", nil, nil)
		wantStatus(t, resp, http.StatusOK)
		cur := resp.Header.Get("ETag")
		bad := `"1111111111111111111111111111111111111111"`
		for _, m := range []string{http.MethodPut, http.MethodPost, http.MethodDelete} {
			body := wantStatus(t, l.send(m, one, "acme-lms", jsonType, []byte(`{"a":1}`), map[string]string{"If-Match": bad}), http.StatusPreconditionFailed)
			if !strings.Contains(body, "If-Match") {
				t.Fatalf("%s 412 body: %s", m, body)
			}
		}
		wantStatus(t, l.send(http.MethodPut, one, "acme-lms", jsonType, []byte(`{"a":1}`), map[string]string{"If-None-Match": "*"}), http.StatusPreconditionFailed)
		if got := l.send(http.MethodGet, one, "acme-lms", "", nil, nil).Header.Get("ETag"); got != cur {
			t.Fatal("a failed precondition changed the document")
		}
		wantStatus(t, l.send(http.MethodPut, one, "acme-lms", jsonType, []byte(`{"a":1}`), map[string]string{"If-Match": cur}), http.StatusNoContent)
		wantStatus(t, l.send(http.MethodPut, state("stateId", "fresh"), "acme-lms", jsonType, []byte(`{}`), map[string]string{"If-None-Match": "*"}), http.StatusNoContent)
		// Without a precondition, xAPI 1.0.x overwrites a state document;
		// xAPI 2.0 wants If-Match (409).
		wantStatus(t, l.send(http.MethodPut, one, "acme-lms", jsonType, []byte(`{"b":1}`), nil), http.StatusNoContent)
		l.version = "2.0.0"
		body := wantStatus(t, l.send(http.MethodPut, one, "acme-lms", jsonType, []byte(`{"c":1}`), nil), http.StatusConflict)
		l.version = "1.0.3"
		if !strings.Contains(body, "If-Match") {
			t.Fatalf("409 does not explain: %s", body)
		}
	})

	t.Run("registration scopes a document; ids list them with since", func(t *testing.T) {
		reg := "0a0b0c0d-0000-4000-8000-000000000001"
		before := time.Now().UTC().Add(-time.Second).Format(time.RFC3339Nano)
		wantStatus(t, l.send(http.MethodPut, state("stateId", "in-reg", "registration", reg), "acme-lms", "text/plain", []byte("r"), nil), http.StatusNoContent)
		wantStatus(t, l.send(http.MethodGet, state("stateId", "in-reg"), "acme-lms", "", nil, nil), http.StatusNotFound)
		var ids []string
		_ = json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, state("registration", reg), "acme-lms", "", nil, nil), http.StatusOK)), &ids)
		if !slices.Equal(ids, []string{"in-reg"}) {
			t.Fatalf("ids in registration = %v", ids)
		}
		_ = json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, state(), "acme-lms", "", nil, nil), http.StatusOK)), &ids)
		if !slices.Equal(ids, []string{"bookmark", "fresh", "in-reg"}) {
			t.Fatalf("all ids = %v", ids)
		}
		future := time.Now().UTC().Add(time.Hour).Format(time.RFC3339Nano)
		_ = json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, state("since", future), "acme-lms", "", nil, nil), http.StatusOK)), &ids)
		if len(ids) != 0 {
			t.Fatalf("ids since the future = %v", ids)
		}
		_ = json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, state("since", before, "registration", reg), "acme-lms", "", nil, nil), http.StatusOK)), &ids)
		if !slices.Equal(ids, []string{"in-reg"}) {
			t.Fatalf("ids since before = %v", ids)
		}
	})

	t.Run("tenants are isolated", func(t *testing.T) {
		wantStatus(t, l.send(http.MethodGet, one, "globex-lms", "", nil, nil), http.StatusNotFound)
		var ids []string
		_ = json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, state(), "globex-lms", "", nil, nil), http.StatusOK)), &ids)
		if len(ids) != 0 {
			t.Fatalf("globex lists acme's states: %v", ids)
		}
		wantStatus(t, l.send(http.MethodDelete, state(), "globex-lms", "", nil, nil), http.StatusNoContent)
		wantStatus(t, l.send(http.MethodGet, one, "acme-lms", "", nil, nil), http.StatusOK)
	})

	t.Run("DELETE one, then all of a context", func(t *testing.T) {
		wantStatus(t, l.send(http.MethodDelete, one, "acme-lms", "", nil, nil), http.StatusNoContent)
		wantStatus(t, l.send(http.MethodGet, one, "acme-lms", "", nil, nil), http.StatusNotFound)
		wantStatus(t, l.send(http.MethodDelete, state(), "acme-lms", "", nil, nil), http.StatusNoContent)
		var ids []string
		_ = json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, state(), "acme-lms", "", nil, nil), http.StatusOK)), &ids)
		if len(ids) != 0 {
			t.Fatalf("ids after DELETE of all = %v", ids)
		}
	})

	t.Run("bad requests name the parameter", func(t *testing.T) {
		for _, c := range []struct{ path, field string }{
			{docPath("activities/state", "agent", annAgent, "stateId", "x"), "activityId"},
			{docPath("activities/state", "activityId", courseIRI, "stateId", "x"), "agent"},
			{docPath("activities/state", "activityId", courseIRI, "agent", `{"mbox":"ann"}`, "stateId", "x"), "agent.mbox"},
			{docPath("activities/state", "activityId", "not an iri", "agent", annAgent, "stateId", "x"), "activityId"},
			{state("stateId", "x", "registration", "12"), "registration"},
			{state("stateId", "x", "since", "2026-01-01T00:00:00Z"), "since"},
			{state("StateId", "x"), "StateId"},
		} {
			body := wantStatus(t, l.send(http.MethodGet, c.path, "acme-lms", "", nil, nil), http.StatusBadRequest)
			if !strings.Contains(body, `"path":"`+c.field+`"`) {
				t.Errorf("%s: body does not name %s: %s", c.path, c.field, body)
			}
		}
		wantStatus(t, l.send(http.MethodPut, state(), "acme-lms", jsonType, []byte(`{}`), nil), http.StatusBadRequest)
		wantStatus(t, l.send(http.MethodGet, one, "no-state", "", nil, nil), http.StatusForbidden)
	})
}

func TestProfileResources(t *testing.T) {
	l := newLRS(t)
	for _, res := range []struct {
		name  string
		scope []string
	}{
		{"activities/profile", []string{"activityId", courseIRI}},
		{"agents/profile", []string{"agent", annAgent}},
	} {
		t.Run(res.name, func(t *testing.T) {
			path := func(kv ...string) string { return docPath(res.name, append(slices.Clone(res.scope), kv...)...) }
			one := path("profileId", "prefs")
			wantStatus(t, l.send(http.MethodPost, one, "acme-lms", jsonType, []byte(`{"a":1}`), nil), http.StatusNoContent)
			wantStatus(t, l.send(http.MethodPost, one, "acme-lms", jsonType, []byte(`{"b":2}`), nil), http.StatusNoContent)
			resp := l.send(http.MethodGet, one, "acme-lms", "", nil, nil)
			var doc map[string]any
			if err := json.Unmarshal([]byte(wantStatus(t, resp, http.StatusOK)), &doc); err != nil || doc["a"] != 1.0 || doc["b"] != 2.0 {
				t.Fatalf("merged = %v (%v)", doc, err)
			}
			etag := resp.Header.Get("ETag")
			// Overwriting needs a precondition (Communication 3.1).
			body := wantStatus(t, l.send(http.MethodPut, one, "acme-lms", jsonType, []byte(`{"c":3}`), nil), http.StatusConflict)
			if !strings.Contains(body, "If-Match") {
				t.Fatalf("409 body: %s", body)
			}
			wantStatus(t, l.send(http.MethodPut, one, "acme-lms", jsonType, []byte(`{"c":3}`), map[string]string{"If-Match": etag}), http.StatusNoContent)
			var ids []string
			_ = json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, path(), "acme-lms", "", nil, nil), http.StatusOK)), &ids)
			if !slices.Equal(ids, []string{"prefs"}) {
				t.Fatalf("ids = %v", ids)
			}
			wantStatus(t, l.send(http.MethodGet, one, "globex-lms", "", nil, nil), http.StatusNotFound)
			// In xAPI 1.0.x a PUT names its precondition even for a new
			// document (ADL conformance suite, XAPI-00273).
			if body := wantStatus(t, l.send(http.MethodPut, one, "globex-lms", jsonType, []byte(`{"x":1}`), nil), http.StatusBadRequest); !strings.Contains(body, "If-None-Match") {
				t.Fatalf("PUT of a new document without a precondition: %s", body)
			}
			wantStatus(t, l.send(http.MethodPut, one, "globex-lms", jsonType, []byte(`{"x":1}`), map[string]string{"If-None-Match": "*"}), http.StatusNoContent)
			// A posted JSON document must be an object, stored or not.
			wantStatus(t, l.send(http.MethodPost, path("profileId", "new"), "acme-lms", jsonType, []byte(`{"a":`), nil), http.StatusBadRequest)
			wantStatus(t, l.send(http.MethodPost, path("profileId", "new"), "acme-lms", jsonType, []byte(`[1]`), nil), http.StatusBadRequest)
			if body := wantStatus(t, l.send(http.MethodGet, one, "acme-lms", "", nil, nil), http.StatusOK); body != `{"c":3}` {
				t.Fatalf("another tenant's write changed the document: %s", body)
			}
			wantStatus(t, l.send(http.MethodDelete, path(), "acme-lms", "", nil, nil), http.StatusBadRequest)
			resp = l.send(http.MethodHead, one, "acme-lms", "", nil, nil)
			if body := wantStatus(t, resp, http.StatusOK); body != "" || resp.Header.Get("ETag") == "" {
				t.Fatalf("HEAD: %q %v", body, resp.Header)
			}
			wantStatus(t, l.send(http.MethodDelete, one, "acme-lms", "", nil, map[string]string{"If-Match": `"0000000000000000000000000000000000000000"`}), http.StatusPreconditionFailed)
			wantStatus(t, l.send(http.MethodDelete, one, "acme-lms", "", nil, nil), http.StatusNoContent)
			wantStatus(t, l.send(http.MethodGet, one, "acme-lms", "", nil, nil), http.StatusNotFound)
		})
	}
}

func TestActivitiesAndAgentsResources(t *testing.T) {
	l := newQueryLRS(t)
	const act = "http://example.com/course/42"
	id1 := l.post("acme-lms", stmtJSON("", agent("ann"), verbCompleted, `{"id":"`+act+`","definition":{"name":{"en-US":"Course 42"},"type":"http://example.com/type/course"}}`, ""))[0]
	id2 := l.post("acme-lms", stmtJSON("", agent("bob"), verbCompleted, `{"id":"`+act+`","definition":{"name":{"nl-NL":"Cursus 42"},"description":{"en-US":"About 42"}}}`, ""))[0]
	l.waitConsistent("acme-lms", id2)

	var a struct {
		ObjectType string
		ID         string
		Definition struct {
			Name        map[string]string
			Description map[string]string
			Type        string
		}
	}
	if err := json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, docPath("activities", "activityId", act), "acme-lms", "", nil, nil), http.StatusOK)), &a); err != nil {
		t.Fatal(err)
	}
	if a.ObjectType != "Activity" || a.ID != act || a.Definition.Name["en-US"] != "Course 42" || a.Definition.Name["nl-NL"] != "Cursus 42" ||
		a.Definition.Description["en-US"] != "About 42" || a.Definition.Type != "http://example.com/type/course" {
		var rows []struct {
			ID string `ch:"activity_id"`
		}
		err := l.ch.Conn.Select(t.Context(), &rows, "SELECT activity_id FROM lrs_activities")
		var st []struct {
			ID string `ch:"statement_id"`
		}
		err2 := l.ch.Conn.Select(t.Context(), &st, "SELECT statement_id FROM lrs_statements")
		_, h, _ := l.get("acme-lms", "/xapi/statements?limit=1")
		if c, err := l.js.Consumer(t.Context(), "LEERLIJN_EVENTS", "leerlijn-statements"); err == nil {
			ci := c.CachedInfo()
			t.Logf("consumer: pending %d ackpending %d ackfloor %+v delivered %+v", ci.NumPending, ci.NumAckPending, ci.AckFloor, ci.Delivered)
		} else {
			t.Logf("consumer: %v", err)
		}
		if ds, err := l.js.Stream(t.Context(), "LEERLIJN_DEADLETTERS"); err == nil {
			if m, err := ds.GetMsg(t.Context(), 1); err == nil {
				t.Logf("dead letter: %v", m.Header)
			}
		}
		t.Fatalf("merged activity = %+v; lrs_activities %v (%v), lrs_statements %v (%v), ids %s %s, through %s, now %s",
			a, rows, err, st, err2, id1, id2, h.Get("X-Experience-API-Consistent-Through"), time.Now().UTC())
	}
	// Another tenant has no definition of it, an unknown Activity neither.
	for _, c := range []struct{ key, id string }{{"globex-lms", act}, {"acme-lms", "http://example.com/unknown"}} {
		body := wantStatus(t, l.send(http.MethodGet, docPath("activities", "activityId", c.id), c.key, "", nil, nil), http.StatusOK)
		if body != `{"id":"`+c.id+`","objectType":"Activity"}` {
			t.Errorf("%s %s: %s", c.key, c.id, body)
		}
	}
	wantStatus(t, l.send(http.MethodGet, docPath("activities"), "acme-lms", "", nil, nil), http.StatusBadRequest)

	// A client without the define scope stores statements, but its
	// definitions do not change the canonical one.
	l.addClient("acme-writer", "acme", collector.ScopeStatementsWrite)
	id3 := l.post("acme-writer", stmtJSON("", agent("cy"), verbCompleted, `{"id":"`+act+`","definition":{"name":{"en-US":"Hijacked"},"type":"http://example.com/type/other"}}`, ""))[0]
	l.waitConsistent("acme-lms", id3)
	body := wantStatus(t, l.send(http.MethodGet, docPath("activities", "activityId", act), "acme-lms", "", nil, nil), http.StatusOK)
	if strings.Contains(body, "Hijacked") || strings.Contains(body, "type/other") || !strings.Contains(body, "Course 42") {
		t.Errorf("after a statement from a client without define: %s", body)
	}

	// The canonical statement format gives each Activity that merged
	// definition: the first statement carried only an en-US name, and is
	// answered with the nl-NL one and the description of the second; the
	// third's own definition, from a client without define, is replaced.
	for _, path := range []string{
		"/xapi/statements?format=canonical&statementId=" + id1,
		"/xapi/statements?format=canonical&statementId=" + id3,
		"/xapi/statements?format=canonical&agent=" + url.QueryEscape(`{"mbox":"mailto:ann@example.com"}`),
	} {
		req, _ := http.NewRequest(http.MethodGet, l.http.URL+path, nil)
		req.SetBasicAuth("acme-lms", secret)
		req.Header.Set("X-Experience-API-Version", "1.0.3")
		req.Header.Set("Accept-Language", "nl-NL")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body := wantStatus(t, resp, http.StatusOK)
		if !strings.Contains(body, `"definition":{"description":{"en-US":"About 42"},"name":{"nl-NL":"Cursus 42"},"type":"http://example.com/type/course"}`) {
			t.Errorf("GET %s, canonical in nl-NL: %s", path, body)
		}
	}

	body = wantStatus(t, l.send(http.MethodGet, docPath("agents", "agent", `{"name":"Ann","mbox":"mailto:ann@example.com"}`), "acme-lms", "", nil, nil), http.StatusOK)
	if body != `{"mbox":["mailto:ann@example.com"],"name":["Ann"],"objectType":"Person"}` {
		t.Fatalf("person = %s", body)
	}
	wantStatus(t, l.send(http.MethodGet, docPath("agents", "agent", `{"objectType":"Group","mbox":"mailto:g@example.com"}`), "acme-lms", "", nil, nil), http.StatusBadRequest)
}
