package xapi_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

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
