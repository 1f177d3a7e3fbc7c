package main

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// TestGeneratedStatementsAreValid: what the load tool posts passes the
// collector's validation, single and in batches, with the ids it reports.
func TestGeneratedStatementsAreValid(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2026, 11, 23, 9, 0, 0, 123456789, time.UTC)
	for _, n := range []int{1, 2, 100} {
		ids, body := batch(r, n, now)
		stmts, isBatch, err := xapi.Parse(body, xapi.Options{})
		if err != nil {
			t.Fatalf("batch of %d does not validate: %v\n%s", n, err, body)
		}
		if isBatch != (n > 1) || len(stmts) != n || len(ids) != n {
			t.Fatalf("batch of %d: parsed %d statements (batch %v), %d ids", n, len(stmts), isBatch, len(ids))
		}
		seen := map[string]bool{}
		for i, st := range stmts {
			if st.ID != ids[i] || seen[ids[i]] {
				t.Fatalf("statement %d of %d: id %q, reported %q (ids must be fresh)", i, n, st.ID, ids[i])
			}
			seen[ids[i]] = true
		}
	}
}
