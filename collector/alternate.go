package collector

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Alternate Request Syntax (xAPI 1.0.3 Communication 1.3): a client that
// cannot send other methods or set headers (old browsers' cross-domain
// requests) POSTs with the intended method in the "method" query parameter
// and puts headers, query parameters and the content into a form body. The
// collector turns such a request back into the request it stands for
// before authenticating it. xAPI 2.0 removed the syntax: a 2.0 request
// with it is a 400.

// alternateHeaders are the headers a form may carry (Communication
// 1.3.s3.b6).
var alternateHeaders = []string{"Authorization", "X-Experience-API-Version", "Content-Type", "Content-Length", "If-Match", "If-None-Match"}

func isAlternate(r *http.Request) bool {
	return r.Method == http.MethodPost && strings.Contains(r.URL.RawQuery, "method") && r.URL.Query().Has("method")
}

// alternateRequest rewrites an Alternate Request Syntax request.
func alternateRequest(w http.ResponseWriter, r *http.Request, maxBody int64) (*http.Request, error) {
	q := r.URL.Query()
	if len(q) != 1 || len(q["method"]) != 1 {
		return nil, paramError("method", "must be the only query parameter of an alternate-syntax request: put the others into the form body")
	}
	method := q.Get("method")
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodPost, http.MethodDelete:
	default:
		return nil, paramError("method", "must be GET, HEAD, PUT, POST or DELETE, got "+quote(method))
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/x-www-form-urlencoded" {
		return nil, &Error{Status: http.StatusBadRequest, Reason: "alternate_syntax", Field: "Content-Type",
			Message: "an alternate-syntax request must be application/x-www-form-urlencoded, got " + quote(r.Header.Get("Content-Type"))}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, err
	}
	form, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, &Error{Status: http.StatusBadRequest, Reason: "alternate_syntax", Field: "body", Message: "is not a URL-encoded form: " + err.Error()}
	}
	out := r.Clone(r.Context())
	out.Method = method
	// The request's own Content-Type and Content-Length describe the form;
	// the content's come from the form, or are set below.
	out.Header.Del("Content-Type")
	out.Header.Del("Content-Length")
	for _, h := range alternateHeaders {
		if v, ok := form[h]; ok {
			out.Header.Set(h, v[0])
			delete(form, h)
		}
	}
	content := []byte(form.Get("content"))
	delete(form, "content")
	if v := out.Header.Get(VersionHeader); isVersionOf(v, "2.0") {
		return nil, paramError("method", "the alternate request syntax is not part of xAPI 2.0: send the request with its own method and headers")
	}
	if _, ok := form["method"]; ok {
		return nil, paramError("method", "belongs in the query string of an alternate-syntax request, not in its form")
	}
	u := *r.URL
	u.RawQuery = form.Encode()
	out.URL = &u
	out.RequestURI = u.RequestURI()
	out.Body = io.NopCloser(bytes.NewReader(content))
	out.ContentLength = int64(len(content))
	if len(content) == 0 {
		out.Header.Del("Content-Type")
	}
	out.Header.Set("Content-Length", strconv.Itoa(len(content)))
	if out.Header.Get("Content-Type") == "" && len(content) > 0 {
		out.Header.Set("Content-Type", "application/json")
	}
	out.Header.Del("Transfer-Encoding")
	return out, nil
}
