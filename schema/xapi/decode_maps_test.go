package xapi_test

import (
	"testing"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestDecodeMaps(t *testing.T) {
	t.Run("language map with escapes", func(t *testing.T) {
		var m xapi.LanguageMap
		if err := json.Unmarshal([]byte(`{"en-US":"a \"b\" \u00e9","n\u006c":"x"}`), &m); err != nil {
			t.Fatal(err)
		}
		if len(m) != 2 || m["en-US"] != `a "b" é` || m["nl"] != "x" {
			t.Fatalf("m = %#v", m)
		}
	})
	t.Run("language map value must be a string", func(t *testing.T) {
		var m xapi.LanguageMap
		if err := json.Unmarshal([]byte(`{"en-US":1}`), &m); err == nil {
			t.Fatal("want an error")
		}
	})
	t.Run("null and empty", func(t *testing.T) {
		var m xapi.LanguageMap
		if err := json.Unmarshal([]byte(`null`), &m); err != nil || m != nil {
			t.Fatalf("null: %v %#v", err, m)
		}
		var e xapi.Extensions
		if err := json.Unmarshal([]byte(`{}`), &e); err != nil || len(e) != 0 {
			t.Fatalf("empty: %v %#v", err, e)
		}
	})
	t.Run("extensions keep each value's bytes", func(t *testing.T) {
		var e xapi.Extensions
		in := `{"https://x.test/a":{"amount":"12.50","list":[1,{"b":null}]},"https://x.test/b":"s","https://x.test/c":true}`
		if err := json.Unmarshal([]byte(in), &e); err != nil {
			t.Fatal(err)
		}
		want := map[string]string{
			"https://x.test/a": `{"amount":"12.50","list":[1,{"b":null}]}`,
			"https://x.test/b": `"s"`,
			"https://x.test/c": `true`,
		}
		for k, v := range want {
			if string(e[k]) != v {
				t.Errorf("%s = %s, want %s", k, e[k], v)
			}
		}
	})
	t.Run("inside a statement", func(t *testing.T) {
		st, err := xapi.Decode([]byte(`{"actor":{"mbox":"mailto:a@b.c"},"verb":{"id":"http://x/v","display":{"en":"did"}},"object":{"id":"http://x/o","definition":{"name":{"en":"O"},"extensions":{"http://x/e":5}}},"context":{"extensions":{"http://x/c":{"k":1}}}}`))
		if err != nil {
			t.Fatal(err)
		}
		if st.Verb.Display["en"] != "did" || string(st.Object.Definition.Extensions["http://x/e"]) != "5" || string(st.Context.Extensions["http://x/c"]) != `{"k":1}` || st.Object.Definition.Name["en"] != "O" {
			t.Fatalf("decoded %+v", st)
		}
	})
}
