package xapi_test

import (
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	const stored = `{"id":"` + uuidA + `","actor":{"objectType":"Agent","name":"Ann","mbox":"mailto:ann@example.com"},` +
		`"verb":{"id":"http://x.org/v","display":{"en-US":"did","en-GB":"did (GB)","nl":"deed"}},` +
		`"object":{"objectType":"SubStatement","actor":{"objectType":"Group","name":"Team","member":[{"name":"Bob","mbox":"mailto:bob@example.com"}]},` +
		`"verb":{"id":"http://x.org/w","display":{"en-US":"w"}},"object":{"objectType":"Activity","id":"http://x.org/a",` +
		`"definition":{"name":{"en-US":"A","en-GB":"A (GB)"},"type":"http://x.org/t","interactionType":"choice","choices":[{"id":"c1","description":{"en-US":"one","en-GB":"one (GB)"}}]}}},` +
		`"context":{"instructor":{"objectType":"Group","name":"I","mbox":"mailto:i@example.com","member":[{"mbox":"mailto:j@example.com"}]},` +
		`"contextActivities":{"parent":[{"id":"http://x.org/p","definition":{"name":{"en-US":"P","en-GB":"P (GB)"}}}]}},` +
		`"stored":"2026-01-01T00:00:00.000Z","authority":{"objectType":"Agent","name":"lrs","account":{"homePage":"https://lrs.example.org","name":"k"}},"version":"1.0.0"}`
	for _, tc := range []struct {
		name, format, lang, want string
	}{{
		name: "Exact", format: "exact", want: stored,
	}, {
		name: "IDs", format: "ids",
		want: `{"id":"` + uuidA + `","actor":{"objectType":"Agent","mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},` +
			`"object":{"objectType":"SubStatement","actor":{"objectType":"Group","member":[{"mbox":"mailto:bob@example.com"}]},"verb":{"id":"http://x.org/w"},"object":{"id":"http://x.org/a"}},` +
			`"context":{"instructor":{"objectType":"Group","mbox":"mailto:i@example.com"},"contextActivities":{"parent":[{"id":"http://x.org/p"}]}},` +
			`"stored":"2026-01-01T00:00:00.000Z","authority":{"objectType":"Agent","account":{"homePage":"https://lrs.example.org","name":"k"}},"version":"1.0.0"}`,
	}, {
		name: "CanonicalEnGB", format: "canonical", lang: "en-GB",
		want: `{"id":"` + uuidA + `","actor":{"objectType":"Agent","name":"Ann","mbox":"mailto:ann@example.com"},` +
			`"verb":{"id":"http://x.org/v","display":{"en-GB":"did (GB)"}},` +
			`"object":{"objectType":"SubStatement","actor":{"objectType":"Group","name":"Team","member":[{"name":"Bob","mbox":"mailto:bob@example.com"}]},` +
			`"verb":{"id":"http://x.org/w","display":{"en-US":"w"}},"object":{"objectType":"Activity","id":"http://x.org/a",` +
			`"definition":{"name":{"en-GB":"A (GB)"},"type":"http://x.org/t","interactionType":"choice","choices":[{"id":"c1","description":{"en-GB":"one (GB)"}}]}}},` +
			`"context":{"instructor":{"objectType":"Group","name":"I","mbox":"mailto:i@example.com","member":[{"mbox":"mailto:j@example.com"}]},` +
			`"contextActivities":{"parent":[{"id":"http://x.org/p","definition":{"name":{"en-GB":"P (GB)"}}}]}},` +
			`"stored":"2026-01-01T00:00:00.000Z","authority":{"objectType":"Agent","name":"lrs","account":{"homePage":"https://lrs.example.org","name":"k"}},"version":"1.0.0"}`,
	}, {
		name: "CanonicalQualityAndPrefix", format: "canonical", lang: "fr;q=0.9, nl;q=0.5, en;q=0.4",
		want: `"display":{"nl":"deed"}`,
	}, {
		name: "CanonicalNoMatchKeepsFirst", format: "canonical", lang: "de",
		want: `"display":{"en-US":"did"}`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := xapi.Format([]byte(stored), tc.format, xapi.ParseAcceptLanguage(tc.lang))
			if err != nil {
				t.Fatal(err)
			}
			if len(tc.want) > 0 && tc.want[0] == '{' {
				if string(got) != tc.want {
					t.Fatalf("Format %s:\n got %s\nwant %s", tc.format, got, tc.want)
				}
			} else if !strings.Contains(string(got), tc.want) {
				t.Fatalf("Format %s: %s lacks %s", tc.format, got, tc.want)
			}
			var v map[string]any
			decodeJSON(t, got, &v)
		})
	}
}

// TestFormatWithDefinitions: the canonical format gives each Activity the
// LRS's definition, language-reduced, in place of the statement's or where
// it had none; other formats and unknown Activities are unchanged.
func TestFormatWithDefinitions(t *testing.T) {
	t.Parallel()
	const stored = `{"id":"` + uuidA + `","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},` +
		`"object":{"id":"http://x.org/a","definition":{"name":{"en-US":"A"}}},` +
		`"context":{"contextActivities":{"parent":[{"id":"http://x.org/p"}],"grouping":[{"objectType":"Activity","id":"http://x.org/g"}],"other":[{"id":"http://x.org/unknown","definition":{"name":{"en-US":"U","nl":"O"}}}]}}}`
	defs := xapi.Definitions(func(id string) []byte {
		switch id {
		case "http://x.org/a":
			return []byte(`{"name":{"en-US":"A","nl":"Een"},"type":"http://x.org/t"}`)
		case "http://x.org/p", "http://x.org/g":
			return []byte(`{"name":{"en-US":"P","nl":"Pe"}}`)
		}
		return nil
	})
	for _, tc := range []struct {
		name, format, lang, want string
	}{{
		name: "canonical replaces and adds definitions", format: "canonical", lang: "nl",
		want: `{"id":"` + uuidA + `","actor":{"mbox":"mailto:ann@example.com"},"verb":{"id":"http://x.org/v"},` +
			`"object":{"id":"http://x.org/a","definition":{"name":{"nl":"Een"},"type":"http://x.org/t"}},` +
			`"context":{"contextActivities":{"parent":[{"id":"http://x.org/p","definition":{"name":{"nl":"Pe"}}}],"grouping":[{"objectType":"Activity","id":"http://x.org/g","definition":{"name":{"nl":"Pe"}}}],"other":[{"id":"http://x.org/unknown","definition":{"name":{"nl":"O"}}}]}}}`,
	}, {
		name: "exact ignores definitions", format: "exact", want: stored,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := xapi.FormatWith([]byte(stored), tc.format, xapi.ParseAcceptLanguage(tc.lang), defs)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tc.want {
				t.Fatalf("FormatWith %s:\n got %s\nwant %s", tc.format, got, tc.want)
			}
			var v map[string]any
			decodeJSON(t, got, &v)
		})
	}
	t.Run("ids ignores definitions", func(t *testing.T) {
		got, err := xapi.FormatWith([]byte(stored), "ids", nil, defs)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(got), "definition") {
			t.Fatalf("ids format carries a definition: %s", got)
		}
	})
}

func TestActivityIDs(t *testing.T) {
	t.Parallel()
	st, err := xapi.Decode([]byte(`{"actor":{"mbox":"mailto:a@example.com"},"verb":{"id":"http://x.org/v"},` +
		`"object":{"objectType":"SubStatement","actor":{"mbox":"mailto:b@example.com"},"verb":{"id":"http://x.org/w"},"object":{"id":"http://x.org/s"},` +
		`"context":{"contextActivities":{"category":[{"id":"http://x.org/c"}]}}},` +
		`"context":{"contextActivities":{"parent":{"id":"http://x.org/p"},"other":[{"id":"http://x.org/p"},{"id":"http://x.org/o","definition":{}}]}}}`))
	if err != nil {
		t.Fatal(err)
	}
	got := st.ActivityIDs()
	want := []string{"http://x.org/s", "http://x.org/c", "http://x.org/p", "http://x.org/o"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("ActivityIDs = %q, want %q", got, want)
	}
}
