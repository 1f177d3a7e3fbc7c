package collector_test

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAlternateRequestSyntax: xAPI 1.0.3 clients may send any request as a
// form POST (Communication 1.3); xAPI 2.0 removed it.
func TestAlternateRequestSyntax(t *testing.T) {
	l := newLRS(t)
	auth := "Basic " + base64.StdEncoding.EncodeToString([]byte("acme-lms:"+secret))
	id := "3f1a2b4c-0000-4000-8000-0000000000a1"
	post := func(query string, form url.Values) *http.Response {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, l.http.URL+"/xapi/statements?"+query, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { resp.Body.Close() })
		return resp
	}
	form := url.Values{
		"Authorization": {auth}, "X-Experience-API-Version": {"1.0.3"}, "Content-Type": {"application/json"},
		"statementId": {id}, "content": {string(statement("", verbCompleted))},
	}
	wantStatus(t, post("method=PUT", form), http.StatusNoContent)
	// Without Content-Type in the form the content is JSON (the request's
	// own Content-Type describes the form, not the content).
	noType := url.Values{
		"Authorization": {auth}, "X-Experience-API-Version": {"1.0.3"},
		"statementId": {"3f1a2b4c-0000-4000-8000-0000000000a2"}, "content": {string(statement("", verbCompleted))},
	}
	wantStatus(t, post("method=PUT", noType), http.StatusNoContent)
	get := url.Values{"Authorization": {auth}, "X-Experience-API-Version": {"1.0.3"}, "statementId": {id}}
	if body := wantStatus(t, post("method=GET", get), http.StatusOK); !strings.Contains(body, id) {
		t.Fatalf("GET through the form: %s", body)
	}
	wantStatus(t, post("method=GET&statementId="+id, get), http.StatusBadRequest)
	get.Set("X-Experience-API-Version", "2.0.0")
	body := wantStatus(t, post("method=GET", get), http.StatusBadRequest)
	if !strings.Contains(body, "2.0") {
		t.Fatalf("2.0 alternate syntax: %s", body)
	}
	get.Set("X-Experience-API-Version", "1.0.3")
	get.Del("Authorization")
	wantStatus(t, post("method=GET", get), http.StatusUnauthorized)
}
