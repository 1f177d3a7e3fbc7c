package xapi_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestStored(t *testing.T) {
	t.Parallel()
	const (
		newID  = "f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f"
		stored = `"stored":"2026-11-23T13:01:02.345Z"`
		auth   = `"authority":` + testAuthority
	)
	parent := `{ "id" : "http://example.com/course" }`
	for _, tc := range []struct {
		name string
		body string
		want string
	}{{
		name: "AppendsEverything",
		body: `{"actor":{"mbox":"mailto:ann@example.com"}, "verb":{"id":"http://x.org/v"},` + "\n\t" + `"object":{"id":"http://x.org/a"}}`,
		want: `{"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},"object":{"id":"http://x.org/a"},"id":"` + newID + `","timestamp":"2026-11-23T13:01:02.345Z",` + stored + `,` + auth + `,"version":"1.0.0"}`,
	}, {
		name: "KeepsClientIDTimestampVersion",
		body: `{"version":"1.0.3","id":"A4F1E6B2-5C3D-4E7F-8A9B-0C1D2E3F4001","timestamp":"2026-01-01T01:00:00+01:00","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},"object":{"id":"http://x.org/a"}}`,
		want: `{"version":"1.0.3","id":"A4F1E6B2-5C3D-4E7F-8A9B-0C1D2E3F4001","timestamp":"2026-01-01T01:00:00+01:00","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},"object":{"id":"http://x.org/a"},` + stored + `,` + auth + `}`,
	}, {
		name: "DropsClientStoredAndAuthority",
		body: `{"stored":"2000-01-01T00:00:00Z","actor":{"mbox":"mailto:ann@example.com"},"authority":{"mbox":"mailto:me@example.com"},"verb":{"id":"http://x.org/v"},"object":{"id":"http://x.org/a"},"timestamp":"2026-01-01T00:00:00Z","id":"` + uuidA + `"}`,
		want: `{"actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},"object":{"id":"http://x.org/a"},"timestamp":"2026-01-01T00:00:00Z","id":"` + uuidA + `",` + stored + `,` + auth + `,"version":"1.0.0"}`,
	}, {
		name: "WrapsSingleContextActivities",
		body: `{"id":"` + uuidA + `","timestamp":"2026-01-01T00:00:00Z","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:b@example.com"},"verb":{"id":"http://x.org/v"},"object":{"id":"http://x.org/a"},"context":{"contextActivities":{"other":` + parent + `}}},"context":{"contextActivities":{"parent":` + parent + `, "grouping":[` + parent + `],"category" :` + parent + `}}}`,
		want: `{"id":"` + uuidA + `","timestamp":"2026-01-01T00:00:00Z","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:b@example.com"},"verb":{"id":"http://x.org/v"},"object":{"id":"http://x.org/a"},"context":{"contextActivities":{"other":[` + parent + `]}}},"context":{"contextActivities":{"parent":[` + parent + `], "grouping":[` + parent + `],"category" :[` + parent + `]}},` + stored + `,` + auth + `,"version":"1.0.0"}`,
	}, {
		name: "KeepsMemberBytes",
		body: "{\"id\":\"" + uuidA + "\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"actor\" :\t{ \"mbox\" : \"mailto:ann@example.com\" } ,\"verb\":{\"id\":\"http://x.org/\\u0076\"},\"object\":{\"id\":\"http://x.org/a\",\"definition\":{\"name\":{\"en\":\"caf\\u00e9 \\\"x\\\"\"}}},\"result\":{\"score\":{\"raw\":1.50}}}",
		want: "{\"id\":\"" + uuidA + "\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"actor\" :\t{ \"mbox\" : \"mailto:ann@example.com\" },\"verb\":{\"id\":\"http://x.org/\\u0076\"},\"object\":{\"id\":\"http://x.org/a\",\"definition\":{\"name\":{\"en\":\"caf\\u00e9 \\\"x\\\"\"}}},\"result\":{\"score\":{\"raw\":1.50}}," + stored + "," + auth + ",\"version\":\"1.0.0\"}",
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := mustParse(t, tc.body, xapi.Options{})[0]
			id := newID
			if p.ID != "" {
				id = p.ID
			}
			got := p.Stored(id, testStored, []byte(testAuthority))
			if string(got) != tc.want {
				t.Errorf("Stored:\n got %s\nwant %s", got, tc.want)
			}
			// The stored form is valid JSON that Parse accepts.
			var v map[string]any
			decodeJSON(t, got, &v)
			q := mustParse(t, string(got), xapi.Options{})[0]
			if p.ID != "" && q.Hash != p.Hash {
				t.Errorf("stored form hashes differently: %s vs %s", q.Hash, p.Hash)
			}
		})
	}
}

func TestStoredInBatch(t *testing.T) {
	t.Parallel()
	body := "[" + st("id", `"`+uuidA+`"`) + ",\n" + st("context", `{"contextActivities":{"parent":{"id":"http://x.org/p"}}}`) + "]"
	stmts := mustParse(t, body, xapi.Options{})
	out := stmts[1].Stored(uuidB, testStored.In(time.FixedZone("CET", 3600)), nil)
	want := `,"context":{"contextActivities":{"parent":[{"id":"http://x.org/p"}]}},"id":"` + uuidB + `","timestamp":"2026-11-23T13:01:02.345Z","stored":"2026-11-23T13:01:02.345Z","version":"1.0.0"}`
	if !strings.HasSuffix(string(out), want) || strings.Contains(string(out), "authority") {
		t.Errorf("Stored = %s, want suffix %s and no authority", out, want)
	}
	// A client id wins over the id argument.
	if out := stmts[0].Stored(uuidB, testStored, nil); strings.Contains(string(out), uuidB) {
		t.Errorf("Stored replaced the client's id: %s", out)
	}
}

func TestHash(t *testing.T) {
	t.Parallel()
	base := `{"id":"` + uuidA + `","actor":{"mbox":"mailto:ann@example.com","name":"Ann"},"verb":{"id":"http://x.org/v","display":{"en":"did"}},"object":{"objectType":"StatementRef","id":"` + uuidB + `"},"context":{"registration":"` + uuidB + `","statement":{"objectType":"StatementRef","id":"` + uuidA + `"},"contextActivities":{"parent":[{"id":"http://x.org/p"}]},"extensions":{"http://x.org/e":{"b":1,"a":[true,null]}}},"result":{"score":{"raw":1.5},"response":"café"},"timestamp":"2026-11-23T13:00:00Z"}`
	hash := func(body string) string {
		t.Helper()
		return mustParse(t, body, xapi.Options{})[0].Hash
	}
	h := hash(base)
	up := strings.ToUpper
	for _, tc := range []struct{ name, body string }{
		{"Whitespace", indent(t, base)},
		{"KeyOrder", `{"timestamp":"2026-11-23T13:00:00Z","result":{"response":"café","score":{"raw":1.5}},"context":{"extensions":{"http://x.org/e":{"a":[true,null],"b":1}},"contextActivities":{"parent":[{"id":"http://x.org/p"}]},"statement":{"id":"` + uuidA + `","objectType":"StatementRef"},"registration":"` + uuidB + `"},"object":{"id":"` + uuidB + `","objectType":"StatementRef"},"verb":{"display":{"en":"did"},"id":"http://x.org/v"},"actor":{"name":"Ann","mbox":"mailto:ann@example.com"},"id":"` + uuidA + `"}`},
		{"UppercaseUUIDs", strings.NewReplacer(uuidA, up(uuidA), uuidB, up(uuidB)).Replace(base)},
		{"OtherOffset", strings.Replace(base, "2026-11-23T13:00:00Z", "2026-11-23T14:00:00.000+01:00", 1)},
		{"BasicFormat", strings.Replace(base, "2026-11-23T13:00:00Z", "20261123T130000Z", 1)},
		{"StoredAuthorityVersion", strings.Replace(base, `"timestamp"`, `"stored":"2027-01-01T00:00:00Z","authority":{"mbox":"mailto:x@example.com"},"version":"1.0.0","timestamp"`, 1)},
		{"SingleContextActivity", strings.Replace(base, `"parent":[{"id":"http://x.org/p"}]`, `"parent":{"id":"http://x.org/p"}`, 1)},
		{"Escapes", strings.NewReplacer(`"café"`, `"caf\u00e9"`, `"Ann"`, `"\u0041nn"`, `"name"`, `"n\u0061me"`).Replace(base)},
	} {
		t.Run("Same/"+tc.name, func(t *testing.T) {
			if got := hash(tc.body); got != h {
				t.Errorf("hash differs from the base statement's")
			}
		})
	}
	for _, tc := range []struct{ name, old, new string }{
		{"Name", `"Ann"`, `"Anna"`},
		{"Mbox", `mailto:ann@`, `mailto:Ann@`},
		{"Verb", `http://x.org/v"`, `http://x.org/w"`},
		{"Display", `"did"`, `"done"`},
		{"Instant", "13:00:00Z", "13:00:01Z"},
		{"Number", `1.5`, `1.50`},
		{"Extension", `"b":1`, `"b":2`},
		{"ArrayOrder", `[true,null]`, `[null,true]`},
		{"Response", `"café"`, `"cafe"`},
		{"DropMember", `,"timestamp":"2026-11-23T13:00:00Z"`, ``},
	} {
		t.Run("Differs/"+tc.name, func(t *testing.T) {
			body := strings.Replace(base, tc.old, tc.new, 1)
			if body == base {
				t.Fatalf("replacement %q did not apply", tc.old)
			}
			if got := hash(body); got == h {
				t.Errorf("hash equals the base statement's")
			}
		})
	}
}

// indent re-indents a JSON text: the same statement with other whitespace.
func indent(tb testing.TB, s string) string {
	tb.Helper()
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "\t", "    "); err != nil {
		tb.Fatalf("indent: %v", err)
	}
	return " \r\n" + buf.String() + "\n"
}
