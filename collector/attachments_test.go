package collector_test

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"
)

// part is one attachment part of a multipart/mixed request.
type part struct {
	contentType, hash string
	data              []byte
}

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// multipartBody builds a statement request with attachment parts, the way
// the conformance suite does (CRLF, "Header:value" without a space).
func multipartBody(stmts string, parts ...part) ([]byte, string) {
	const boundary = "-------314159265358979323846"
	var b bytes.Buffer
	b.WriteString("--" + boundary + "\r\nContent-Type:application/json\r\n\r\n" + stmts + "\r\n")
	for _, p := range parts {
		fmt.Fprintf(&b, "--%s\r\nContent-Type:%s\r\nContent-Transfer-Encoding:binary\r\nX-Experience-API-Hash:%s\r\n\r\n", boundary, p.contentType, p.hash)
		b.Write(p.data)
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--")
	return b.Bytes(), "multipart/mixed; boundary=" + boundary
}

func attachmentJSON(usage, ctype string, data []byte, fileURL string) string {
	f := ""
	if fileURL != "" {
		f = fmt.Sprintf(`,"fileUrl":%q`, fileURL)
	}
	return fmt.Sprintf(`{"usageType":%q,"display":{"en-US":"a file"},"contentType":%q,"length":%d,"sha2":%q%s}`, usage, ctype, len(data), sha256Hex(data), f)
}

// readMultipart splits a multipart/mixed answer into its parts.
func readMultipartAnswer(t *testing.T, resp *http.Response) []part {
	t.Helper()
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		t.Fatalf("Content-Type %q, want multipart/mixed", resp.Header.Get("Content-Type"))
	}
	mr := multipart.NewReader(resp.Body, params["boundary"])
	var out []part
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(p)
		out = append(out, part{contentType: p.Header.Get("Content-Type"), hash: p.Header.Get("X-Experience-API-Hash"), data: data})
	}
}

const usageTest = "http://example.com/attachment-usage/test"

func TestAttachments(t *testing.T) {
	l := newQueryLRS(t)
	one, two := []byte("here is a simple attachment"), []byte("here is another attachment\r\nwith a CRLF")
	stmtWith := func(id string, atts ...string) string {
		return stmtJSON(id, agent("ann"), verbCompleted, activityJSON("http://example.com/c"), `,"attachments":[`+strings.Join(atts, ",")+`]`)
	}
	id := uuidN(1)
	body, ctype := multipartBody(stmtWith(id, attachmentJSON(usageTest, "text/plain", one, ""), attachmentJSON(usageTest, "text/plain", two, "")),
		part{"text/plain", sha256Hex(one), one}, part{"text/plain", sha256Hex(two), two})
	wantStatus(t, l.send(http.MethodPost, "/xapi/statements", "acme-lms", ctype, body, nil), http.StatusOK)

	t.Run("GET by id with attachments=true returns the data", func(t *testing.T) {
		resp := l.send(http.MethodGet, "/xapi/statements?attachments=true&statementId="+id, "acme-lms", "", nil, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%d %s", resp.StatusCode, readBody(t, resp))
		}
		parts := readMultipartAnswer(t, resp)
		if len(parts) != 3 || !strings.HasPrefix(parts[0].contentType, "application/json") || !bytes.Contains(parts[0].data, []byte(id)) {
			t.Fatalf("parts %+v", parts)
		}
		for i, want := range [][]byte{one, two} {
			if p := parts[i+1]; p.hash != sha256Hex(want) || !bytes.Equal(p.data, want) {
				t.Errorf("part %d: %q %q", i+1, p.hash, p.data)
			}
		}
		resp = l.send(http.MethodGet, "/xapi/statements?attachments=false&statementId="+id, "acme-lms", "", nil, nil)
		wantStatus(t, resp, http.StatusOK)
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Fatalf("attachments=false: %s", resp.Header.Get("Content-Type"))
		}
	})

	t.Run("a query with attachments=true returns a StatementResult part first", func(t *testing.T) {
		l.waitConsistent("acme-lms", id)
		resp := l.send(http.MethodGet, "/xapi/statements?attachments=true", "acme-lms", "", nil, nil)
		parts := readMultipartAnswer(t, resp)
		var r statementResult
		if err := json.Unmarshal(parts[0].data, &r); err != nil || len(r.Statements) != 1 || len(parts) != 3 {
			t.Fatalf("parts %d, first %s (%v)", len(parts), parts[0].data, err)
		}
	})

	t.Run("attachment data is kept per tenant", func(t *testing.T) {
		gid := uuidN(2)
		wantStatus(t, l.send(http.MethodPost, "/xapi/statements", "globex-lms", jsonType,
			[]byte(stmtWith(gid, attachmentJSON(usageTest, "text/plain", one, "http://example.com/one.txt"))), nil), http.StatusOK)
		resp := l.send(http.MethodGet, "/xapi/statements?attachments=true&statementId="+gid, "globex-lms", "", nil, nil)
		if parts := readMultipartAnswer(t, resp); len(parts) != 1 {
			t.Fatalf("globex got %d parts: another tenant's attachment data leaked", len(parts))
		}
	})

	t.Run("rejected", func(t *testing.T) {
		before := l.messages()
		for _, c := range []struct {
			name  string
			stmt  string
			parts []part
			field string
		}{
			{"attachment without part or fileUrl", stmtWith("", attachmentJSON(usageTest, "text/plain", one, "")), nil, "attachments[0].sha2"},
			{"part that no attachment names", stmtWith("", attachmentJSON(usageTest, "text/plain", one, "")), []part{{"text/plain", sha256Hex(one), one}, {"text/plain", sha256Hex(two), two}}, "X-Experience-API-Hash"},
			{"hash header that does not match the data", stmtWith("", attachmentJSON(usageTest, "text/plain", one, "")), []part{{"text/plain", sha256Hex(one), two}}, "part[1].X-Experience-API-Hash"},
			{"part without hash header", stmtWith("", attachmentJSON(usageTest, "text/plain", one, "")), []part{{"text/plain", "", one}}, "part[1].X-Experience-API-Hash"},
		} {
			t.Run(c.name, func(t *testing.T) {
				body, ctype := multipartBody(c.stmt, c.parts...)
				got := wantStatus(t, l.send(http.MethodPost, "/xapi/statements", "acme-lms", ctype, body, nil), http.StatusBadRequest)
				if !strings.Contains(got, `"path":"`+c.field+`"`) {
					t.Fatalf("400 does not name %s: %s", c.field, got)
				}
			})
		}
		body := wantStatus(t, l.send(http.MethodPost, "/xapi/statements", "acme-lms", jsonType, []byte(stmtWith("", attachmentJSON(usageTest, "text/plain", one, ""))), nil), http.StatusBadRequest)
		if !strings.Contains(body, "fileUrl") {
			t.Fatalf("application/json with an attachment without fileUrl: %s", body)
		}
		if after := l.messages(); after != before {
			t.Fatalf("rejected requests stored %d events", after-before)
		}
	})
}

// signer signs statements as the conformance suite does, with an X.509
// certificate in the JWS header.
type signer struct {
	key  *rsa.PrivateKey
	cert []byte
}

func newSigner(t *testing.T) *signer {
	t.Helper()
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "leerlijn test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	cert, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return &signer{key: key, cert: cert}
}

func (s *signer) jws(t *testing.T, alg string, payload []byte, x5c bool) []byte {
	t.Helper()
	hdr := map[string]any{"alg": alg}
	if x5c {
		hdr["x5c"] = []string{base64.StdEncoding.EncodeToString(s.cert)}
	}
	h, _ := json.Marshal(hdr)
	enc := base64.RawURLEncoding
	input := enc.EncodeToString(h) + "." + enc.EncodeToString(payload)
	sum := sha256.Sum256([]byte(input))
	sig, err := rsa.SignPKCS1v15(rand.Reader, s.key, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	return []byte(input + "." + enc.EncodeToString(sig))
}

func TestSignedStatements(t *testing.T) {
	l := newLRS(t)
	sg := newSigner(t)
	const usageSig = "http://adlnet.gov/expapi/attachments/signature"
	original := stmtJSON(uuidN(10), agent("ann"), verbCompleted, activityJSON("http://example.com/c"), "")
	signed := func(stmt string, jws []byte, ctype string) ([]byte, string) {
		withSig := strings.TrimSuffix(stmt, "}") + `,"attachments":[` + attachmentJSON(usageSig, ctype, jws, "") + `]}`
		return multipartBody(withSig, part{"application/octet-stream", sha256Hex(jws), jws})
	}
	t.Run("valid RS256 with x5c", func(t *testing.T) {
		body, ctype := signed(original, sg.jws(t, "RS256", []byte(original), true), "application/octet-stream")
		wantStatus(t, l.send(http.MethodPost, "/xapi/statements", "acme-lms", ctype, body, nil), http.StatusOK)
	})
	t.Run("valid without x5c, payload re-serialised", func(t *testing.T) {
		var v map[string]any
		_ = json.Unmarshal([]byte(strings.Replace(original, uuidN(10), uuidN(11), 1)), &v)
		payload, _ := json.Marshal(v) // other key order, same statement
		body, ctype := signed(strings.Replace(original, uuidN(10), uuidN(11), 1), sg.jws(t, "RS384", payload, false), "application/octet-stream")
		wantStatus(t, l.send(http.MethodPost, "/xapi/statements", "acme-lms", ctype, body, nil), http.StatusOK)
	})
	changed := strings.Replace(original, "ann@example.com", "mallory@example.com", 1)
	for _, c := range []struct {
		name, stmt, ctype, why string
		jws                    []byte
	}{
		{"algorithm HS256", original, "application/octet-stream", "RS256", sg.jws(t, "HS256", []byte(original), false)},
		{"statement changed after signing", changed, "application/octet-stream", "differs", sg.jws(t, "RS256", []byte(original), false)},
		{"payload not JSON", original, "application/octet-stream", "payload", sg.jws(t, "RS256", []byte(strings.Replace(original, `"`, `'`, 1)), false)},
		{"content type not octet-stream", original, "text/plain; charset=ascii", "octet-stream", sg.jws(t, "RS256", []byte(original), false)},
		{"not a JWS", original, "application/octet-stream", "compact", []byte("not a signature")},
		{"signature bytes wrong", original, "application/octet-stream", "verify", tamper(sg.jws(t, "RS256", []byte(original), true))},
	} {
		t.Run(c.name, func(t *testing.T) {
			body, ctype := signed(c.stmt, c.jws, c.ctype)
			got := wantStatus(t, l.send(http.MethodPost, "/xapi/statements", "acme-lms", ctype, body, nil), http.StatusBadRequest)
			if !strings.Contains(got, c.why) || !strings.Contains(got, `"path":"attachments[0]`) {
				t.Fatalf("400 body %s lacks %q", got, c.why)
			}
		})
	}
}

// tamper changes one character in the middle of a JWS's signature.
func tamper(jws []byte) []byte {
	out := bytes.Clone(jws)
	i := bytes.LastIndexByte(out, '.') + 20
	if out[i] == 'A' {
		out[i] = 'B'
	} else {
		out[i] = 'A'
	}
	return out
}
