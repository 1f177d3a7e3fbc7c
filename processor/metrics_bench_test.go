package processor_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/ddl"
	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/profile"
)

// benchLog is a month of one tenant's learning: learners people in the
// directory, statements statements (a registration with a cost, launches,
// lessons with durations, completions) and the budgets of their org units.
func benchLog(learners, statements int) []event.Envelope {
	var out []event.Envelope
	add := func(e event.Envelope) {
		e.Seq = uint64(len(out) + 1)
		out = append(out, e)
	}
	add(settingsEv("bench", `{}`))
	for u := range 10 {
		add(budgetEv("bench", fmt.Sprintf("b-%d", u), utc("2026-01-01 00:00"),
			fmt.Sprintf(`{"name":"b","org_unit":"Acme/Unit %d","period_start":"2026-01-01","period_end":"2026-12-31","amount":"100000.00","currency":"EUR"}`, u)))
	}
	for l := range learners {
		add(personEv("bench", fmt.Sprintf("p-%d", l), simplePerson(fmt.Sprintf("l%d@x.test", l), fmt.Sprintf("Acme/Unit %d", l%10), "50.00", "", "", "2026-01-01")))
	}
	verbs := []string{profile.VerbLaunched, "http://adlnet.gov/expapi/verbs/experienced", profile.VerbProgressed, profile.VerbCompleted}
	start := utc("2026-03-02 08:00")
	for i := range statements {
		l := i % learners
		reg := fmt.Sprintf("f0000000-0000-4000-8000-%012d", l*10+i/(learners*20))
		s := xs{id: fmt.Sprintf("b0000000-0000-4000-8000-%012d", i), actor: fmt.Sprintf("l%d@x.test", l), reg: reg,
			object: fmt.Sprintf("https://lms.example.com/course/%d/lesson/%d", l%50, i%7), parent: fmt.Sprintf("https://lms.example.com/course/%d", l%50),
			at: start.Add(time.Duration(i) * 13 * time.Second), form: profile.FormFormal}
		switch i % 20 {
		case 0:
			s.verb, s.object, s.parent, s.cost = profile.VerbRegistered, s.parent, "", "250.00 EUR"
		default:
			s.verb = verbs[i%len(verbs)]
			if i%3 == 0 {
				s.duration = "PT25M"
			}
		}
		add(s.env("bench", 0))
	}
	return out
}

// BenchmarkMetricProjectionsApply applies batches of 5,000 events, as the
// Runner fetches them, to each statement-reading projection and reports
// statements per second; "together" runs them one after another on the
// same batches, which is what they must sustain in sum (each has its own
// consumer and could also run in parallel).
func BenchmarkMetricProjectionsApply(b *testing.B) {
	const learners, statements, batch = 2000, 50_000, 5000
	events := benchLog(learners, statements)
	var refs, stmts []event.Envelope
	for _, e := range events {
		if e.Kind == event.KindStatement {
			stmts = append(stmts, e)
		} else {
			refs = append(refs, e)
		}
	}
	for _, name := range []string{"learning", "timeoff", "learning+timeoff", "learning||timeoff", "statements", "together", "together||"} {
		b.Run(name, func(b *testing.B) {
			db := testenv.ClickHouse(b)
			mctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			if err := ddl.Migrate(mctx, db.Conn, nil); err != nil {
				b.Fatal(err)
			}
			cancel()
			all := append(metricProjections(db.Conn), processor.NewStatements(db.Conn))
			var ps []processor.Projection
			for _, p := range all {
				switch {
				case name == p.Name(),
					strings.HasPrefix(name, "together") && p.Name() != "directory" && p.Name() != "budget",
					strings.HasPrefix(name, "learning") && strings.Contains(name, "timeoff") && (p.Name() == "learning" || p.Name() == "timeoff"):
					ps = append(ps, p)
				}
			}
			ctx := context.Background()
			for _, p := range ps {
				var mine []event.Envelope
				for _, e := range refs {
					if reads(p, &e) {
						mine = append(mine, e)
					}
				}
				if len(mine) > 0 {
					if err := p.Apply(ctx, mine); err != nil {
						b.Fatal(err)
					}
				}
			}
			// "a+b" applies each batch to one projection after the other;
			// "a||b" runs each projection on its own goroutine, as the
			// Runner's consumers do.
			run := func(p processor.Projection) error {
				for i := 0; i < len(stmts); i += batch {
					if err := p.Apply(ctx, stmts[i:min(i+batch, len(stmts))]); err != nil {
						return err
					}
				}
				return nil
			}
			b.ResetTimer()
			for range b.N {
				if !strings.Contains(name, "||") {
					for i := 0; i < len(stmts); i += batch {
						for _, p := range ps {
							if err := p.Apply(ctx, stmts[i:min(i+batch, len(stmts))]); err != nil {
								b.Fatal(err)
							}
						}
					}
					continue
				}
				var g errgroup.Group
				for _, p := range ps {
					g.Go(func() error { return run(p) })
				}
				if err := g.Wait(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*len(stmts))/b.Elapsed().Seconds(), "statements/s")
		})
	}
}

// BenchmarkMetricViews reads every view of the contract over a month of one
// tenant (2,000 learners, 200,000 statements), the cost of resolving
// reference data at query time (docs/adr/0008).
func BenchmarkMetricViews(b *testing.B) {
	db := testenv.ClickHouse(b)
	ctx := context.Background()
	mctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	if err := ddl.Migrate(mctx, db.Conn, nil); err != nil {
		b.Fatal(err)
	}
	events := benchLog(2000, 200_000)
	for _, p := range metricProjections(db.Conn) {
		var mine []event.Envelope
		for i := range events {
			if reads(p, &events[i]) {
				mine = append(mine, events[i])
			}
		}
		for i := 0; i < len(mine); i += 10_000 {
			if err := p.Apply(ctx, mine[i:min(i+10_000, len(mine))]); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, v := range metricViews {
		b.Run(v, func(b *testing.B) {
			var rows uint64
			for range b.N {
				if err := db.Conn.QueryRow(ctx, "SELECT count() FROM (SELECT * FROM "+v+" WHERE tenant = 'bench')").Scan(&rows); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows), "rows")
		})
	}
}
