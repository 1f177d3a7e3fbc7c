package processor_test

import (
	"context"
	"errors"
	"maps"
	"testing"

	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/event"
)

const completed = "http://adlnet.gov/expapi/verbs/completed"

func TestStatementsProjection(t *testing.T) {
	db := schemaDB(t)
	p := processor.NewStatements(db.Conn)
	ctx := t.Context()
	apply := func(batch ...event.Envelope) {
		t.Helper()
		if err := p.Apply(ctx, batch); err != nil {
			t.Fatalf("apply: %v", err)
		}
	}
	s1, s2, s3, v1, v3, other := uuidN(1), uuidN(2), uuidN(3), uuidN(11), uuidN(13), uuidN(99)

	t.Run("given statements, one row each", func(t *testing.T) {
		apply(env("acme", s1, 1, stmt(s1, "ann", completed, "http://x/course/1", 0)),
			env("acme", s2, 2, stmt(s2, "bob", completed, "http://x/course/1", 1)),
			env("globex", other, 3, stmt(other, "cy", completed, "http://x/course/9", 2)))
		got := rows(t, db.Conn, "acme")
		if len(got) != 2 || got[s1].Voided != 0 || got[s2].Verb != completed {
			t.Fatalf("rows = %+v, want s1 and s2 not voided", got)
		}
		if n := len(rows(t, db.Conn, "globex")); n != 1 {
			t.Fatalf("globex rows = %d, want 1 (tenants kept apart)", n)
		}
	})

	t.Run("redelivery does not double count", func(t *testing.T) {
		apply(env("acme", s1, 1, stmt(s1, "ann", completed, "http://x/course/1", 0)),
			env("acme", s2, 2, stmt(s2, "bob", completed, "http://x/course/1", 1)))
		if n := count(t, db.Conn, "SELECT count() FROM statements FINAL WHERE tenant = 'acme'"); n != 2 {
			t.Fatalf("count FINAL = %d, want 2", n)
		}
		if n := count(t, db.Conn, "SELECT count() FROM statements WHERE tenant = 'acme'"); n < 2 {
			t.Fatalf("raw count = %d", n)
		}
	})

	t.Run("voiding a statement projected earlier", func(t *testing.T) {
		apply(env("acme", v1, 10, voiding(v1, s1, 5)))
		got := rows(t, db.Conn, "acme")
		if got[s1].Voided != 1 || got[s1].Seq != 10 {
			t.Fatalf("s1 = %+v, want voided with version 10", got[s1])
		}
		if got[v1].Voided != 0 {
			t.Fatalf("the voiding statement itself is not voided: %+v", got[v1])
		}
	})

	t.Run("voiding arrives before its target", func(t *testing.T) {
		apply(env("acme", v3, 20, voiding(v3, s3, 6)))
		apply(env("acme", s3, 21, stmt(s3, "ann", completed, "http://x/course/2", 3)))
		if got := rows(t, db.Conn, "acme"); got[s3].Voided != 1 {
			t.Fatalf("s3 = %+v, want voided", got[s3])
		}
	})

	t.Run("voiding and target in one batch, and redelivery of the target", func(t *testing.T) {
		s4, v4 := uuidN(4), uuidN(14)
		apply(env("acme", s4, 30, stmt(s4, "bob", completed, "http://x/course/2", 4)),
			env("acme", v4, 31, voiding(v4, s4, 7)))
		apply(env("acme", s4, 30, stmt(s4, "bob", completed, "http://x/course/2", 4)))
		if got := rows(t, db.Conn, "acme"); got[s4].Voided != 1 {
			t.Fatalf("s4 = %+v, want voided after redelivery", got[s4])
		}
	})

	t.Run("voids do not cross tenants", func(t *testing.T) {
		apply(env("globex", uuidN(50), 40, voiding(uuidN(50), s2, 8)))
		if got := rows(t, db.Conn, "acme"); got[s2].Voided != 0 {
			t.Fatalf("acme s2 voided by a globex statement: %+v", got[s2])
		}
	})

	t.Run("replay from zero gives the same rows", func(t *testing.T) {
		before := rows(t, db.Conn, "acme")
		if err := p.Reset(ctx); err != nil {
			t.Fatalf("reset: %v", err)
		}
		if n := count(t, db.Conn, "SELECT count() FROM statements"); n != 0 {
			t.Fatalf("after reset %d rows", n)
		}
		// The log in stream order.
		s4, v4 := uuidN(4), uuidN(14)
		apply(env("acme", s1, 1, stmt(s1, "ann", completed, "http://x/course/1", 0)),
			env("acme", s2, 2, stmt(s2, "bob", completed, "http://x/course/1", 1)),
			env("globex", other, 3, stmt(other, "cy", completed, "http://x/course/9", 2)),
			env("acme", v1, 10, voiding(v1, s1, 5)),
			env("acme", v3, 20, voiding(v3, s3, 6)),
			env("acme", s3, 21, stmt(s3, "ann", completed, "http://x/course/2", 3)),
			env("acme", s4, 30, stmt(s4, "bob", completed, "http://x/course/2", 4)),
			env("acme", v4, 31, voiding(v4, s4, 7)),
			env("globex", uuidN(50), 40, voiding(uuidN(50), s2, 8)))
		after := rows(t, db.Conn, "acme")
		if !maps.Equal(before, after) {
			t.Fatalf("replay differs:\nbefore %+v\nafter  %+v", before, after)
		}
	})

	t.Run("an undecodable body is a poison error naming the event", func(t *testing.T) {
		err := p.Apply(ctx, []event.Envelope{env("acme", uuidN(60), 60, []byte(`{"actor":`))})
		var poison *processor.PoisonError
		if !errors.As(err, &poison) || poison.Seq != 60 {
			t.Fatalf("err = %v, want PoisonError for seq 60", err)
		}
	})
}

func TestStatementsApplyFailsWhenClickHouseRefuses(t *testing.T) {
	db := schemaDB(t)
	p := processor.NewStatements(db.Conn)
	if err := db.Conn.Exec(t.Context(), "DROP TABLE statements"); err != nil {
		t.Fatal(err)
	}
	err := p.Apply(context.Background(), []event.Envelope{env("acme", uuidN(1), 1, stmt(uuidN(1), "ann", completed, "http://x/c", 0))})
	var poison *processor.PoisonError
	if err == nil || errors.As(err, &poison) {
		t.Fatalf("err = %v, want a transient (non-poison) error", err)
	}
}

// TestStatementsLargeBatch applies a batch with more ids than fit in one
// IN list (ClickHouse's max_query_size), voids included.
func TestStatementsLargeBatch(t *testing.T) {
	db := schemaDB(t)
	p := processor.NewStatements(db.Conn)
	const n = 8000
	var batch []event.Envelope
	for i := range n {
		id := uuidN(100000 + i)
		batch = append(batch, env("acme", id, uint64(i+1), stmt(id, "ann", completed, "http://x/course/1", i%600)))
	}
	batch = append(batch, env("acme", uuidN(900001), n+1, voiding(uuidN(900001), uuidN(100000+7999), 700)))
	if err := p.Apply(t.Context(), batch); err != nil {
		t.Fatalf("apply %d statements: %v", n+1, err)
	}
	if got := count(t, db.Conn, "SELECT count() FROM statements FINAL"); got != n+1 {
		t.Fatalf("%d rows, want %d", got, n+1)
	}
	if got := count(t, db.Conn, "SELECT count() FROM statements FINAL WHERE voided = 1"); got != 1 {
		t.Fatalf("%d voided, want 1", got)
	}
	// Redelivered as one batch again: the void lookups now find every id.
	if err := p.Apply(t.Context(), batch); err != nil {
		t.Fatalf("apply again: %v", err)
	}
	if got := count(t, db.Conn, "SELECT count() FROM statements FINAL"); got != n+1 {
		t.Fatalf("after redelivery %d rows, want %d", got, n+1)
	}
}

// TestStatementsConcurrentAppliers is the race between two instances of the
// projection on one durable consumer: one applies a statement and has
// already looked for its voids when the other applies the void, start to
// finish. The target must end up voided, whichever of the two is first on
// the log.
func TestStatementsConcurrentAppliers(t *testing.T) {
	db := schemaDB(t)
	ctx := t.Context()
	for _, tc := range []struct {
		name               string
		targetSeq, voidSeq uint64
		target, voidingID  string
	}{
		{"target first on the log", 100, 101, uuidN(100), uuidN(101)},
		{"void first on the log", 201, 200, uuidN(200), uuidN(201)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := processor.NewStatements(db.Conn), processor.NewStatements(db.Conn)
			processor.SetBeforeInsert(a, func() {
				// a has read the voids (none yet); b applies the void now.
				if err := b.Apply(ctx, []event.Envelope{env("race", tc.voidingID, tc.voidSeq, voiding(tc.voidingID, tc.target, 9))}); err != nil {
					t.Errorf("apply void: %v", err)
				}
			})
			if err := a.Apply(ctx, []event.Envelope{env("race", tc.target, tc.targetSeq, stmt(tc.target, "ann", completed, "http://x/course/race", 1))}); err != nil {
				t.Fatalf("apply target: %v", err)
			}
			got := rows(t, db.Conn, "race")[tc.target]
			if got.Voided != 1 {
				t.Fatalf("target = %+v, want voided", got)
			}
			// Redelivery of the target to either applier keeps it voided.
			processor.SetBeforeInsert(a, nil)
			if err := b.Apply(ctx, []event.Envelope{env("race", tc.target, tc.targetSeq, stmt(tc.target, "ann", completed, "http://x/course/race", 1))}); err != nil {
				t.Fatalf("redeliver target: %v", err)
			}
			if got := rows(t, db.Conn, "race")[tc.target]; got.Voided != 1 {
				t.Fatalf("after redelivery target = %+v, want voided", got)
			}
		})
	}
}
