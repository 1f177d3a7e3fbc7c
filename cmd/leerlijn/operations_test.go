package main

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/event"
)

// opsServe runs serve with a NATS password the operator commands share,
// and returns it with the flags and environment those commands need.
func opsServe(t *testing.T, db *testenv.ClickHouseDB) (s *modeRun, natsFlags []string, vars map[string]string) {
	t.Helper()
	vars = chVars(db)
	vars["LEERLIJN_NATS_PASSWORD"] = natsPassword
	s = startMode(t, "serve", append([]string{
		"-data-dir", t.TempDir(),
		"-nats.listen-addr", "127.0.0.1:0",
		"-nats.user", "leerlijn",
		"-collector.listen-addr", "127.0.0.1:0",
		"-processor.max-wait", "50ms",
		"-processor.retry-max", "1s",
		"-processor.lag-interval", "100ms",
	}, chArgs(db)...), vars)
	return s, []string{"-nats.url", s.info.NATSURL, "-nats.user", "leerlijn", "-log.level", "warn"}, vars
}

// postWithVoids posts n statements in batches and voids every fifth with
// a voiding statement; it returns the voided ids.
func postWithVoids(t *testing.T, l *load, n int) (voided []string) {
	t.Helper()
	for n > 0 {
		b := min(n, 50)
		r := l.newReq(b, true)
		if code := l.send(t.Context(), r); code != http.StatusOK {
			t.Fatalf("POST: %d (answers %v)", code, l.answers())
		}
		n -= b
		for i := 0; i < len(r.ids); i += 5 {
			voided = append(voided, r.ids[i])
		}
	}
	for _, target := range voided {
		v := &loadReq{ids: []string{fmt.Sprintf("d0e5a11d-0000-4000-8000-%012d", l.next.Add(1))}}
		v.body = fmt.Appendf(nil, `{"id":%q,"actor":{"mbox":"mailto:admin@example.com"},"verb":{"id":"http://adlnet.gov/expapi/verbs/voided","display":{"en-US":"voided"}},"object":{"objectType":"StatementRef","id":%q}}`, v.ids[0], target)
		l.mu.Lock()
		l.reqs = append(l.reqs, v)
		l.mu.Unlock()
		if code := l.send(t.Context(), v); code != http.StatusOK {
			t.Fatalf("POST voiding statement: %d (answers %v)", code, l.answers())
		}
	}
	return voided
}

type projectedRow struct {
	ID     string `ch:"id"`
	Verb   string `ch:"verb_id"`
	Voided uint8  `ch:"voided"`
	Seq    uint64 `ch:"seq"`
}

func projectedRows(t *testing.T, db *testenv.ClickHouseDB) map[string]projectedRow {
	t.Helper()
	var rs []projectedRow
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := db.Conn.Select(ctx, &rs, "SELECT toString(statement_id) AS id, verb_id, voided, seq FROM statements FINAL"); err != nil {
		t.Fatal(err)
	}
	out := map[string]projectedRow{}
	for _, r := range rs {
		out[r.ID] = r
	}
	return out
}

// TestReplayCommand runs `leerlijn replay -projection all` against a
// running serve while statements keep arriving: the projection ends with
// the rows it had before, voids included, and every statement posted
// during the replay is projected once.
func TestReplayCommand(t *testing.T) {
	db := testenv.ClickHouse(t)
	s, flags, vars := opsServe(t, db)
	l := newLoad(t, s.base(), 6_000_000)
	voided := postWithVoids(t, l, 300)
	waitForIDs(t, db, l.ids())
	before := projectedRows(t, db)

	ctx, stopLoad := context.WithCancel(context.Background())
	wait := l.run(ctx, 1)
	defer func() { stopLoad(); wait() }()
	out, errOut, err := runCommand(t, append(append([]string{"replay", "-projection", "all"}, flags...), chArgs(db)...), vars)
	if err != nil {
		t.Fatalf("replay: %v\n%s\n%s", err, out, errOut)
	}
	if err := containsAll(out+errOut, "replayed statements", "from the start of the log", "100%", "events: done"); err != nil {
		t.Fatalf("replay output:\n%s\n%s", out, errOut)
	}
	after := projectedRows(t, db)
	for id, row := range before {
		if after[id] != row {
			t.Fatalf("statement %s: %+v before the replay, %+v after", id, row, after[id])
		}
	}
	during := l.acked()
	l.waitAcked(during + 20)
	stopLoad()
	wait()
	l.settle()
	l.check()
	waitForIDs(t, db, l.ids())
	checkCountedOnce(t, db, len(l.ids()))
	var n uint64
	if err := db.Conn.QueryRow(t.Context(), "SELECT count() FROM statements FINAL WHERE voided = 1").Scan(&n); err != nil || n != uint64(len(voided)) {
		t.Fatalf("%d voided after the replay (%v), want %d", n, err, len(voided))
	}
}

// TestDeadLettersCommand injects an event the statements projection can
// never apply (its body is not a statement, written around the collector):
// it goes to the dead letters while the rest flows; deadletters list shows
// it with the reason, retry reports that it failed again and replaces it,
// and /metrics counts both.
func TestDeadLettersCommand(t *testing.T) {
	db := testenv.ClickHouse(t)
	s, flags, vars := opsServe(t, db)
	bad := "bad00000-0000-4000-8000-000000000001"
	publishRaw(t, s.info.NATSURL, event.Envelope{Tenant: "default", Kind: event.KindStatement, ID: bad, Stored: time.Now(), Body: []byte(`{"actor":`)})
	l := newLoad(t, s.base(), 7_000_000)
	for range 4 {
		if code := l.send(t.Context(), l.newReq(10, true)); code != http.StatusOK {
			t.Fatalf("POST: %d", code)
		}
	}
	waitForIDs(t, db, l.ids()) // the rest flows

	list := func(extra ...string) string {
		t.Helper()
		out, errOut, err := runCommand(t, append(append([]string{"deadletters", "list"}, extra...), flags...), vars)
		if err != nil {
			t.Fatalf("deadletters list: %v\n%s", err, errOut)
		}
		return out
	}
	var first string
	waitFor(t, func() error {
		first = list("-projection", "statements")
		return containsAll(first, "leerlijn.default.statement."+bad, "statement body does not decode", "statements  default")
	})
	if out := list("-projection", "statements", "-tenant", "acme"); strings.Count(out, "\n") != 1 {
		t.Fatalf("dead letters of tenant acme:\n%s", out)
	}

	out, errOut, err := runCommand(t, append([]string{"deadletters", "retry", "-projection", "statements", "-retry.wait", "1m"}, flags...), vars)
	if err == nil || !strings.Contains(err.Error(), "1 dead letters failed again") || !strings.Contains(out, "failed again: dead letter") {
		t.Fatalf("retry of a dead letter that cannot be applied: %v\n%s\n%s", err, out, errOut)
	}
	second := list("-projection", "statements")
	if second == first || !strings.Contains(second, "statement body does not decode") || strings.Count(second, "\n") != 2 {
		t.Fatalf("after the failed retry, want one new dead letter:\nbefore\n%s\nafter\n%s", first, second)
	}
	waitOps(t, s.base(), func(_ int, _ string, metrics string) error {
		for series, want := range map[string]float64{
			`leerlijn_processor_dead_letters_total{projection="statements"}`:                              1,
			`leerlijn_processor_dead_letters{projection="statements"}`:                                    1,
			`leerlijn_processor_dead_letter_retries_total{outcome="dead_letter",projection="statements"}`: 1,
		} {
			if v := metricValue(metrics, series); v != want {
				return fmt.Errorf("%s = %v, want %v", series, v, want)
			}
		}
		return nil
	})
	if _, _, err := runCommand(t, append(append([]string{"deadletters", "retry"}, flags...), "999999"), vars); err == nil || !strings.Contains(err.Error(), "dead letter 999999") {
		t.Fatalf("retry of an unknown dead letter: %v", err)
	}
}

// publishRaw writes an event straight to the log, around the collector.
func publishRaw(t *testing.T, url string, e event.Envelope) {
	t.Helper()
	nc, err := nats.Connect(url, nats.UserInfo("leerlijn", natsPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	subj, err := e.Subject()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := js.PublishMsg(t.Context(), &nats.Msg{Subject: subj, Header: nats.Header(e.Header()), Data: e.Body}); err != nil {
		t.Fatal(err)
	}
}

// TestVerifyCommand checks that verify agrees with an intact projection,
// and reports the tenant and measures, and exits 1, once rows are deleted
// from ClickHouse.
func TestVerifyCommand(t *testing.T) {
	db := testenv.ClickHouse(t)
	s, flags, vars := opsServe(t, db)
	l := newLoad(t, s.base(), 8_000_000)
	voided := postWithVoids(t, l, 60)
	waitForIDs(t, db, l.ids())
	verify := append(append([]string{"verify", "-verify.wait", "30s"}, flags...), chArgs(db)...)
	out, errOut, err := runCommand(t, verify, vars)
	if err != nil || !strings.Contains(out, "every projection agrees with the log") {
		t.Fatalf("verify of an intact projection: %v\n%s\n%s", err, out, errOut)
	}

	// Lose a voided statement's row in ClickHouse.
	if err := db.Conn.Exec(t.Context(), fmt.Sprintf("ALTER TABLE statements DELETE WHERE statement_id = toUUID('%s')", voided[0])); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() error {
		var n uint64
		if err := db.Conn.QueryRow(t.Context(), "SELECT count() FROM statements FINAL").Scan(&n); err != nil {
			return err
		}
		if n != uint64(len(l.ids())-1) {
			return fmt.Errorf("%d rows, the delete has not run yet", n)
		}
		return nil
	})
	out, errOut, err = runCommand(t, verify, vars)
	if err == nil || !strings.Contains(err.Error(), "2 differences") {
		t.Fatalf("verify after deleting a row: %v\n%s\n%s", err, out, errOut)
	}
	for _, want := range []string{
		fmt.Sprintf(`(?m)^statements +default +statements +%d +%d +-1$`, len(l.ids()), len(l.ids())-1),
		fmt.Sprintf(`(?m)^statements +default +voided statements +%d +%d +-1$`, len(voided), len(voided)-1),
		`(?m)^statements +default +statement ids counted more than once +0 +0 *$`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Fatalf("verify output does not match %s:\n%s", want, out)
		}
	}
}

// TestServeSyncAlways checks that -nats.sync-always really makes the
// embedded server fsync every write, and that without it the server syncs
// on its interval.
func TestServeSyncAlways(t *testing.T) {
	db := testenv.ClickHouse(t)
	for _, c := range []struct {
		flag     []string
		always   bool
		interval time.Duration
	}{
		{nil, false, 2 * time.Minute},
		{[]string{"-nats.sync-always"}, true, 0},
	} {
		t.Run(fmt.Sprint(c.flag), func(t *testing.T) {
			s := startMode(t, "serve", append(append([]string{
				"-data-dir", t.TempDir(),
				"-nats.listen-addr", "127.0.0.1:0",
				"-collector.listen-addr", "127.0.0.1:0",
			}, c.flag...), chArgs(db)...), chVars(db))
			js := s.info.NATS.JetStreamConfig()
			if js == nil {
				t.Fatal("embedded server without JetStream")
			}
			if js.SyncAlways != c.always {
				t.Fatalf("JetStream sync_always = %v, want %v", js.SyncAlways, c.always)
			}
			if !c.always && js.SyncInterval != c.interval {
				t.Fatalf("JetStream sync_interval = %s, want %s", js.SyncInterval, c.interval)
			}
			s.stop()
		})
	}
}

func waitFor(t *testing.T, f func() error) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 1m: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func containsAll(s string, parts ...string) error {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return fmt.Errorf("%q lacks %q", s, p)
		}
	}
	return nil
}
