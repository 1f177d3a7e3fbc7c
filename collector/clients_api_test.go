package collector_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/collector"
)

func TestClientsAPI(t *testing.T) {
	l := newLRS(t)
	l.addClient("acme-admin", "acme", collector.ScopeAdmin)
	l.addClient("globex-admin", "globex", collector.ScopeAdmin)

	// Create a lenient client in the admin's tenant; its secret works.
	body := wantStatus(t, l.send(http.MethodPost, "/api/v1/clients", "acme-admin", jsonType,
		[]byte(`{"name":"H5P","scopes":["statements/write","statements/read/mine"],"validation":"lenient"}`), nil), http.StatusCreated)
	var created struct {
		Key, Secret, Tenant, Validation string
		Scopes                          []string
	}
	if err := json.Unmarshal([]byte(body), &created); err != nil || created.Secret == "" || created.Tenant != "acme" || created.Validation != "lenient" {
		t.Fatalf("created = %s (%v)", body, err)
	}
	if strings.Contains(body, "secret_hash") {
		t.Fatalf("the answer shows the secret hash: %s", body)
	}
	req, _ := http.NewRequest(http.MethodPost, l.http.URL+"/xapi/statements", strings.NewReader(string(statement("", verbCompleted))))
	req.SetBasicAuth(created.Key, created.Secret)
	req.Header.Set("X-Experience-API-Version", "1.0.3")
	req.Header.Set("Content-Type", jsonType)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	wantStatus(t, resp, http.StatusOK)
	resp.Body.Close()

	// Listing shows the tenant's clients only.
	var list []struct{ Key, Tenant string }
	_ = json.Unmarshal([]byte(wantStatus(t, l.send(http.MethodGet, "/api/v1/clients", "acme-admin", "", nil, nil), http.StatusOK)), &list)
	for _, c := range list {
		if c.Tenant != "acme" {
			t.Fatalf("acme's admin lists %s of %s", c.Key, c.Tenant)
		}
	}
	if len(list) != 3 { // acme-lms, acme-admin, the new one
		t.Fatalf("list = %+v", list)
	}

	// Another tenant's admin cannot see, change or revoke it.
	for _, m := range []string{http.MethodGet, http.MethodPatch, http.MethodDelete} {
		wantStatus(t, l.send(m, "/api/v1/clients/"+created.Key, "globex-admin", jsonType, []byte(`{"validation":"strict"}`), nil), http.StatusNotFound)
	}
	// Change the validation mode, then revoke.
	body = wantStatus(t, l.send(http.MethodPatch, "/api/v1/clients/"+created.Key, "acme-admin", jsonType, []byte(`{"validation":"strict"}`), nil), http.StatusOK)
	if !strings.Contains(body, `"validation":"strict"`) {
		t.Fatalf("patched = %s", body)
	}
	wantStatus(t, l.send(http.MethodDelete, "/api/v1/clients/"+created.Key, "acme-admin", "", nil, nil), http.StatusNoContent)
	body = wantStatus(t, l.send(http.MethodGet, "/api/v1/clients/"+created.Key, "acme-admin", "", nil, nil), http.StatusOK)
	if !strings.Contains(body, `"revoked"`) {
		t.Fatalf("revoked client = %s", body)
	}

	// Admin scope is required; bad bodies name the field.
	wantStatus(t, l.send(http.MethodGet, "/api/v1/clients", "acme-lms", "", nil, nil), http.StatusForbidden)
	for _, c := range []struct{ body, field string }{
		{`{"scopes":[]}`, "scopes"},
		{`{"scopes":["statements/all"]}`, "scopes[0]"},
		{`{"scopes":["all"],"validation":"loose"}`, "validation"},
		{`{"scopes":["all"],"key":"a b"}`, "key"},
	} {
		got := wantStatus(t, l.send(http.MethodPost, "/api/v1/clients", "acme-admin", jsonType, []byte(c.body), nil), http.StatusBadRequest)
		if !strings.Contains(got, `"path":"`+c.field+`"`) {
			t.Errorf("%s: %s", c.body, got)
		}
	}
	wantStatus(t, l.send(http.MethodPost, "/api/v1/clients", "acme-admin", jsonType, []byte(`{"scopes":["all"],"key":"acme-lms"}`), nil), http.StatusConflict)
}

// TestLenientClient: a lenient client's H5P "compound" statement is stored
// and the log records what was wrong; a strict client's is rejected.
func TestLenientClient(t *testing.T) {
	l := newLRS(t)
	if err := l.store.Add(t.Context(), collector.Client{Key: "h5p", Tenant: "acme", Scopes: []collector.Scope{collector.ScopeAll}, Validation: collector.ValidationLenient}, secret); err != nil {
		t.Fatal(err)
	}
	h5p := `{"id":"3f1a2b4c-0000-4000-8000-0000000000c1","actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/answered"},` +
		`"object":{"id":"http://example.com/h5p/1","definition":{"interactionType":"compound"}}}`
	body := wantStatus(t, l.send(http.MethodPost, "/xapi/statements", "acme-lms", jsonType, []byte(h5p), nil), http.StatusBadRequest)
	if !strings.Contains(body, "object.definition.interactionType") {
		t.Fatalf("strict client: %s", body)
	}
	wantStatus(t, l.send(http.MethodPost, "/xapi/statements", "h5p", jsonType, []byte(h5p), nil), http.StatusOK)
	m, err := l.stream.GetLastMsgForSubject(t.Context(), "leerlijn.acme.statement.3f1a2b4c-0000-4000-8000-0000000000c1")
	if err != nil {
		t.Fatal(err)
	}
	if w := m.Header.Get("Leerlijn-Warnings"); !strings.Contains(w, "object.definition.interactionType") {
		t.Fatalf("warnings header = %q", w)
	}
}
