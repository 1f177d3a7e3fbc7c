package xapi_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

var testStored = time.Date(2026, 11, 23, 13, 1, 2, 345678901, time.UTC)

const testAuthority = `{"objectType":"Agent","account":{"homePage":"https://lrs.example.org","name":"tenant-1"}}`

// decodeJSON decodes with the standard library, as an independent reader.
func decodeJSON(tb testing.TB, b []byte, v any) {
	tb.Helper()
	if err := json.Unmarshal(b, v); err != nil {
		tb.Fatalf("decode JSON: %v\n%s", err, b)
	}
}

// mustParse parses a body that must be valid.
func mustParse(tb testing.TB, body string, opts xapi.Options) []xapi.Parsed {
	tb.Helper()
	stmts, _, err := xapi.Parse([]byte(body), opts)
	if err != nil {
		tb.Fatalf("Parse: %v\n%s", err, body)
	}
	return stmts
}

// problems parses a body that must be invalid and returns its problems.
func problems(tb testing.TB, body string, opts xapi.Options) []xapi.Problem {
	tb.Helper()
	_, _, err := xapi.Parse([]byte(body), opts)
	var ve *xapi.ValidationError
	if !errors.As(err, &ve) {
		tb.Fatalf("Parse: got %v, want a *ValidationError\n%s", err, body)
	}
	if len(ve.Problems) == 0 {
		tb.Fatalf("ValidationError without problems")
	}
	return ve.Problems
}
