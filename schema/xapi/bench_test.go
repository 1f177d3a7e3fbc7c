package xapi_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	segjson "github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// cmi5Statement is a typical cmi5 "passed" statement with result and
// context (1.6 KB), our own fixture.
func cmi5Statement(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "testdata", "xapi", "cmi5-passed.json"))
	if err != nil {
		tb.Fatalf("read fixture: %v", err)
	}
	return b
}

// batchOf builds a batch of n copies of stmt with distinct ids.
func batchOf(tb testing.TB, stmt []byte, n int) []byte {
	tb.Helper()
	const id = "fd85910e-b4d7-4b33-9859-de1a8104293a"
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(bytes.Replace(stmt, []byte(id), fmt.Appendf(nil, "fd85910e-b4d7-4b33-9859-%012d", i), 1))
	}
	buf.WriteByte(']')
	return buf.Bytes()
}

func TestBenchFixtures(t *testing.T) {
	t.Parallel()
	stmt := cmi5Statement(t)
	mustParse(t, string(stmt), xapi.Options{})
	if got := mustParse(t, string(batchOf(t, stmt, 100)), xapi.Options{}); len(got) != 100 {
		t.Fatalf("batch: %d statements", len(got))
	}
}

// BenchmarkParse measures Parse on a typical statement and a 100-statement
// batch. The ceilings beside them are segmentio's json.Valid (a syntax check
// only, the least any parser must do) and decoding into map[string]any (what
// a generic validator would start from).
func BenchmarkParse(b *testing.B) {
	stmt := cmi5Statement(b)
	batch := batchOf(b, stmt, 100)
	for _, bc := range []struct {
		name string
		body []byte
	}{{"cmi5", stmt}, {"batch100", batch}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.body)))
			for b.Loop() {
				if _, _, err := xapi.Parse(bc.body, xapi.Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(bc.name+"/ceiling-json.Valid", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.body)))
			for b.Loop() {
				if !segjson.Valid(bc.body) {
					b.Fatal("invalid")
				}
			}
		})
		b.Run(bc.name+"/ceiling-map-decode", func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.body)))
			for b.Loop() {
				var v any
				if err := segjson.Unmarshal(bc.body, &v); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkStored(b *testing.B) {
	p := mustParse(b, string(cmi5Statement(b)), xapi.Options{})[0]
	auth := []byte(testAuthority)
	b.ReportAllocs()
	for b.Loop() {
		p.Stored("", testStored, auth)
	}
}

func BenchmarkDecode(b *testing.B) {
	stmt := cmi5Statement(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := xapi.Decode(stmt); err != nil {
			b.Fatal(err)
		}
	}
}
