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

// TestHashDurationPrecision: durations compare to 0.01 s (Data 4.6; xAPI
// 2.0 4.2.7), so a re-post that differs only beyond that is the same
// statement, and one that differs within it is not.
func TestHashDurationPrecision(t *testing.T) {
	t.Parallel()
	hash := func(d string) string {
		t.Helper()
		body := `{"id":"` + uuidA + `","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},"object":{"id":"http://x.org/a"},"result":{"duration":"` + d + `"}}`
		return mustParse(t, body, xapi.Options{})[0].Hash
	}
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"PT1.5S", "PT1.50S", true},
		{"PT1.5S", "PT1.509S", true},
		{"PT1.5S", "PT1.5099S", true},
		{"PT1S", "PT1.0S", true},
		{"PT1S", "PT1.009S", true},
		{"P1DT2H3M4.56S", "P1DT2H3M4.5678S", true},
		{"PT1.5S", "PT1.51S", false},
		{"PT1S", "PT1.01S", false},
		{"PT1S", "PT2S", false},
		{"PT1M", "PT60S", false}, // compared as written, not as an amount of time
	} {
		if got := hash(tc.a) == hash(tc.b); got != tc.same {
			t.Errorf("%s and %s hash the same: %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
}
