package xapi_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// addCorpusSeeds adds the shared corpus files, when present, as seeds.
func addCorpusSeeds(f *testing.F) {
	for _, sub := range []string{"valid", "invalid"} {
		files, _ := filepath.Glob(filepath.Join("..", "..", "..", "shared", "xapi-corpus", sub, "*", "*.json"))
		for _, name := range files {
			if b, err := os.ReadFile(name); err == nil {
				f.Add(b)
			}
		}
	}
}

func FuzzParse(f *testing.F) {
	addCorpusSeeds(f)
	if b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "xapi", "cmi5-passed.json")); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		st(), "[" + st() + "," + st() + "]", `[]`, `{}`, `null`, `"x"`, `{"actor":`, "[" + st("id", `"`+uuidA+`"`) + "," + st("id", `"`+uuidA+`"`) + "]",
		st("context", `{"contextActivities":{"parent":{"id":"http://x.org/p"}}}`),
		st("object", activityWith(`{"interactionType":"compound"}`)),
		att("fileUrl", "-"),
		`{"a\u0000b":"\ud800"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, opts := range []xapi.Options{{}, {Lenient: true, Multipart: true}} {
			stmts, batch, err := xapi.Parse(body, opts)
			if err != nil {
				var ve *xapi.ValidationError
				if !errors.As(err, &ve) || len(ve.Problems) == 0 {
					t.Fatalf("error %v is not a ValidationError with problems", err)
				}
				syntax := strings.HasPrefix(ve.Problems[0].Reason, "malformed JSON")
				if !json.Valid(body) && !syntax {
					t.Fatalf("invalid JSON without a syntax problem: %v", ve.Problems)
				}
				for _, p := range ve.Problems {
					if p.Reason == "" {
						t.Fatalf("empty reason at %q", p.Path)
					}
				}
				continue
			}
			if !json.Valid(body) {
				t.Fatalf("Parse accepted invalid JSON")
			}
			if len(stmts) == 0 || (!batch && len(stmts) != 1) {
				t.Fatalf("%d statements, batch %v", len(stmts), batch)
			}
			again, _, err := xapi.Parse(body, opts)
			if err != nil || len(again) != len(stmts) {
				t.Fatalf("second Parse differs: %v", err)
			}
			for i, p := range stmts {
				if again[i].Hash != p.Hash || again[i].ID != p.ID || len(p.Hash) != 64 {
					t.Fatalf("statement %d: unstable result", i)
				}
				if !json.Valid(p.Raw) {
					t.Fatalf("statement %d: Raw is not JSON", i)
				}
				if p.ID != "" && (!xapi.ValidUUID(p.ID) || strings.ToLower(p.ID) != p.ID) {
					t.Fatalf("statement %d: ID %q", i, p.ID)
				}
				id := p.ID
				if id == "" {
					id = uuidB
				}
				out := p.Stored(id, testStored, []byte(testAuthority))
				q, _, err := xapi.Parse(out, opts)
				if err != nil {
					t.Fatalf("statement %d: Stored output does not parse: %v\n%s", i, err, out)
				}
				// Stored adds only what the canonical form leaves out, unless it
				// had to fill in the timestamp.
				if p.ID != "" && p.HasTimestamp && q[0].Hash != p.Hash {
					t.Fatalf("statement %d: Stored output hashes differently\n%s\n%s", i, p.Raw, out)
				}
				if _, err := xapi.Decode(p.Raw); err != nil {
					t.Fatalf("statement %d: Decode: %v", i, err)
				}
			}
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{
		"PT1H30M", "PT4.5S", "P1DT2H", "P2W", "P3Y1M29DT4H35M59.14S", "PT16559.14S", "P4W1D", "PA1H0M0S",
		"P", "PT", "P1,5D", "PT0.000000001S", "P300Y", "PT99999999999999999999S", "P1Y2M3DT4H5M6.7S",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := xapi.ParseDuration(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("ParseDuration(%q) = %v, negative", s, d)
		}
		if !strings.HasPrefix(s, "P") || strings.ContainsAny(s, " -+") {
			t.Fatalf("ParseDuration(%q) accepted", s)
		}
		// A duration that parses is a valid result duration.
		body := st("result", `{"duration":`+jsonString(s)+`}`)
		if _, _, err := xapi.Parse([]byte(body), xapi.Options{}); err != nil {
			t.Fatalf("ParseDuration(%q) ok, but Parse: %v", s, err)
		}
	})
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{
		"2026-11-23T13:01:02.345Z", "2026-11-23T14:01:02,345+01:00", "20261123T130102.345+0100",
		"2008-09-15T15:53:00.601-00:00", "2008-09-15T15:53:00.601-0000", "2008-09-15T15:53:00.601-00",
		"01/011/2015", "2024-02-29T23:59:59.999999999-23:59", "2026-11-23T13:01", "0000-01-01T00:00:00Z",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := xapi.ParseTimestamp(s)
		// time.Parse is lenient (it takes one-digit hours), so compare only
		// strings of the strict RFC 3339 shape.
		rfc3339 := len(s) >= 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':'
		if ref, rerr := time.Parse(time.RFC3339Nano, s); rerr == nil && rfc3339 && !strings.HasSuffix(s, "-00:00") &&
			ref.UTC().Year() >= 0 && ref.UTC().Year() <= 9999 {
			// Every RFC 3339 timestamp is an ISO 8601 one.
			if err != nil {
				t.Fatalf("ParseTimestamp(%q): %v, but time.Parse accepts it", s, err)
			}
			if !got.Equal(ref) {
				t.Fatalf("ParseTimestamp(%q) = %v, time.Parse %v", s, got, ref)
			}
		}
		if err != nil {
			return
		}
		if got.Location() != time.UTC {
			t.Fatalf("ParseTimestamp(%q) not in UTC", s)
		}
		// Its UTC form parses back to the same instant.
		back, err := xapi.ParseTimestamp(got.Format("2006-01-02T15:04:05.999999999Z07:00"))
		if err != nil || !back.Equal(got) {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}

func FuzzValidIRI(f *testing.F) {
	for _, s := range []string{
		"http://adlnet.gov/expapi/verbs/attempted", "course-v1:FUN-MOOC+00002+session01", "uuid://x",
		"ab=c://should.fail.com", "http://[::1]:80/a?b#c", "http://example.com/فعل", "mailto:a@b.c", "a:",
		"http://user@host:1/%41", "http://[v1.x]/", "x://a b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !xapi.ValidIRI(s) {
			return
		}
		colon := strings.IndexByte(s, ':')
		if colon < 1 || !utf8.ValidString(s) || strings.ContainsAny(s, " <>\"{}|\\^`\x7f") {
			t.Fatalf("ValidIRI(%q) = true", s)
		}
		for _, r := range s {
			if r < 0x20 {
				t.Fatalf("ValidIRI(%q) = true with a control character", s)
			}
		}
		// An IRI stays one when a path segment is appended before any query.
		if !strings.ContainsAny(s, "?#") && !xapi.ValidIRI(s+"/x") {
			t.Fatalf("ValidIRI(%q) but not with /x appended", s)
		}
	})
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
