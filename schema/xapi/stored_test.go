package xapi_test

import (
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
