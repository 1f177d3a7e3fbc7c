package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/schema/event"
)

const (
	importKey    = "importer"
	importSecret = "importer-secret"
)

// collectorRun is the collector mode running in the test process against
// an embedded NATS server.
type collectorRun struct {
	base   string
	stream jetstream.Stream
	store  *collector.ClientStore
}

func startCollector(t *testing.T) *collectorRun {
	t.Helper()
	ns := testenv.NATS(t)
	// The collector mode reaches ClickHouse for statement queries.
	db := testenv.ClickHouse(t)
	vars := map[string]string{"LEERLIJN_COLLECTOR_BOOTSTRAP_CLIENT": importKey + ":" + importSecret,
		"LEERLIJN_CLICKHOUSE_ADDR": db.Addr, "LEERLIJN_CLICKHOUSE_DATABASE": db.Database,
		"LEERLIJN_CLICKHOUSE_USER": db.User, "LEERLIJN_CLICKHOUSE_PASSWORD": db.Password}
	ready := make(chan ReadyInfo, 1)
	logs := &syncBuffer{}
	e := &env{getenv: func(k string) string { return vars[k] }, stdout: io.Discard, stderr: logs, onReady: func(i ReadyInfo) { ready <- i }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"collector", "-nats.url", ns.ClientURL(), "-collector.listen-addr", "127.0.0.1:0", "-log.format", "text"}, e)
	}()
	c := &collectorRun{}
	select {
	case info := <-ready:
		c.base = "http://" + info.CollectorAddr
	case err := <-done:
		t.Fatalf("collector stopped before it was ready: %v\n%s", err, logs)
	case <-time.After(time.Minute):
		t.Fatalf("collector not ready after 1m\n%s", logs)
	}
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("collector: %v\n%s", err, logs)
			}
		case <-time.After(time.Minute):
			t.Errorf("collector did not stop\n%s", logs)
		}
	})
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if c.stream, err = js.Stream(t.Context(), event.Stream); err != nil {
		t.Fatal(err)
	}
	kv, err := eventlog.ClientsBucket(t.Context(), js, 1)
	if err != nil {
		t.Fatal(err)
	}
	c.store = collector.NewClientStore(kv)
	return c
}

// importFile runs `leerlijn import` in-process and returns its error,
// standard output (the report) and standard error (the progress).
func (c *collectorRun) importFile(t *testing.T, key, kind, csv string) (report, progress string, err error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), kind+".csv")
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	vars := map[string]string{"LEERLIJN_IMPORT_PASSWORD": importSecret}
	var stdout, stderr syncBuffer
	e := &env{getenv: func(k string) string { return vars[k] }, stdout: &stdout, stderr: &stderr}
	err = run(t.Context(), []string{"import", "-url", c.base, "-user", key, "-concurrency", "4", kind, file}, e)
	return stdout.String(), stderr.String(), err
}

func (c *collectorRun) messages(t *testing.T) uint64 {
	t.Helper()
	info, err := c.stream.Info(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}

// body returns the newest event about key in tenant default as a map.
func (c *collectorRun) body(t *testing.T, kind event.Kind, key string) map[string]any {
	t.Helper()
	subj, _ := event.Subject("default", kind, key)
	m, err := c.stream.GetLastMsgForSubject(t.Context(), subj)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.Get(event.HeaderClient) != importKey || m.Header.Get(event.HeaderKind) != string(kind) || m.Header.Get(event.HeaderHash) == "" {
		t.Errorf("event %s headers %v", subj, m.Header)
	}
	var v map[string]any
	if err := json.Unmarshal(m.Data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// wantReport checks that the report has exactly these failure lines, in
// this order, followed by the summary.
func wantReport(t *testing.T, report string, failures []string, summary string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(report), "\n")
	if len(lines) != len(failures)+1 {
		t.Fatalf("report has %d lines, want %d failures and a summary:\n%s", len(lines), len(failures), report)
	}
	for i, want := range failures {
		if !strings.HasPrefix(lines[i], want) {
			t.Errorf("report line %d is %q, want it to start with %q", i+1, lines[i], want)
		}
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, summary) {
		t.Errorf("summary %q does not say %q", last, summary)
	}
}

const budgetsCSV = `id,name,org_unit,person_id,period_start,period_end,amount,currency
b-1,Team Logistics,Acme/Operations/Logistics,,2026-01-01,2026-12-31,50000,EUR
b-2,Ann's budget,,emp-17,2026-01-01,2026-12-31,1500.50,EUR
b-3,Bad amount,Acme,,2026-01-01,2026-12-31,"1.000,50",EUR
,No id,Acme,,2026-01-01,2026-12-31,10,EUR
b-5,Too few
b-6,"Two
lines",Acme,,2026-01-01,2025-12-31,10,eur
b-7,Both owners,Acme,emp-1,2026-01-01,2026-12-31,10,EUR
b-8,Finance, Acme / Finance ,,2026-01-01,2026-12-31,100,EUR
`

func TestImportBudgets(t *testing.T) {
	c := startCollector(t)
	before := c.messages(t)
	report, progress, err := c.importFile(t, importKey, "budgets", budgetsCSV)
	if err == nil || !strings.Contains(err.Error(), "5 of 8 rows failed") {
		t.Fatalf("import error %v, want 5 of 8 rows failed\n%s", err, report)
	}
	wantReport(t, report, []string{
		"line 4, column amount: must be a decimal amount",
		"line 5, column id: is required",
		"line 6: has 2 fields, the header has 8",
		"line 7, column ", // period_end and currency, in the API's order
		"line 7, column ",
		"line 9, column person_id: give org_unit or person_id, not both",
	}, "8 rows in")
	if !strings.Contains(report, "line 7, column currency: must be an ISO 4217 code") || !strings.Contains(report, "line 7, column period_end: must not be before period_start") {
		t.Errorf("line 7 problems missing:\n%s", report)
	}
	if !strings.Contains(report, "3 created, 5 failed") {
		t.Errorf("summary: %s", report)
	}
	if !strings.Contains(progress, "import budgets [") || !strings.Contains(progress, "8/8 rows") || !strings.Contains(progress, "5 failed") {
		t.Errorf("progress output %q", progress)
	}
	if got := c.messages(t) - before; got != 3 {
		t.Fatalf("%d events, want 3", got)
	}
	if b := c.body(t, event.KindBudget, "b-1"); b["amount"] != "50000.00" || b["org_unit"] != "Acme/Operations/Logistics" || b["name"] != "Team Logistics" {
		t.Errorf("b-1 = %v", b)
	}
	if b := c.body(t, event.KindBudget, "b-2"); b["person_id"] != "emp-17" || b["amount"] != "1500.50" {
		t.Errorf("b-2 = %v", b)
	}
	if b := c.body(t, event.KindBudget, "b-8"); b["org_unit"] != "Acme/Finance" {
		t.Errorf("b-8 = %v", b)
	}
	for _, id := range []string{"b-3", "b-5", "b-6", "b-7"} {
		if b := c.body(t, event.KindBudget, id); b != nil {
			t.Errorf("bad row %s was stored: %v", id, b)
		}
	}

	t.Run("again: nothing changes", func(t *testing.T) {
		before := c.messages(t)
		report, _, _ := c.importFile(t, importKey, "budgets", budgetsCSV)
		if !strings.Contains(report, "3 unchanged, 5 failed") {
			t.Fatalf("report %s", report)
		}
		if c.messages(t) != before {
			t.Fatal("a repeated import published events")
		}
	})

	t.Run("a new amount is an update", func(t *testing.T) {
		csv := "currency;amount;id;name;org_unit;period_start;period_end\nEUR;55000,00;b-1;Team Logistics;Acme/Operations/Logistics;2026-01-01;2026-12-31\n"
		report, _, err := c.importFile(t, importKey, "budgets", csv)
		if err != nil || !strings.Contains(report, "1 updated, 0 failed") {
			t.Fatalf("%v: %s", err, report)
		}
		if b := c.body(t, event.KindBudget, "b-1"); b["amount"] != "55000.00" {
			t.Fatalf("b-1 = %v", b)
		}
	})
}

func TestImportPeople(t *testing.T) {
	c := startCollector(t)
	csv := "\uFEFFperson_id;actor_mbox;actor_account_homepage;actor_account_name;org_unit;hourly_cost;timezone;valid_from;work_schedule\r\n" +
		"emp-17;\"ann@example.com;a.smith@example.org\";https://lms.example.com;ann;Acme/Operations;55,50;Europe/Amsterdam;2026-01-01;\"mon-fri 09:00-12:30 13:00-17:00; sat 10:00-12:00\"\r\n" +
		"emp-18;bob@example.com;;;Acme/Finance;;;2026-02-01;\r\n" +
		"emp-19;not-an-address;;;Acme;;;2026-01-01;\r\n" +
		"emp-20;eve@example.com;;;Acme;;;2026-01-01;mon-fri 9-17\r\n" +
		"emp-21;kim@example.com;;;Acme;;Europe/Utrecht;;\r\n" +
		"emp-22;;;kim;Acme;;;2026-01-01;\r\n"
	report, _, err := c.importFile(t, importKey, "people", csv)
	if err == nil || !strings.Contains(err.Error(), "4 of 6 rows failed") {
		t.Fatalf("import error %v\n%s", err, report)
	}
	wantReport(t, report, []string{
		"line 4, column actor_mbox: must be \"mailto:\" followed by an e-mail address",
		"line 5, column work_schedule: in \"mon-fri 9-17\": \"9-17\" is not a time range",
		"line 6, column timezone: must be an IANA time zone",
		"line 6, column valid_from: must be a date",
		"line 7, column actor_account_homepage: is required with actor_account_name",
	}, "6 rows in")
	if !strings.Contains(report, "2 created, 4 failed") {
		t.Errorf("summary: %s", report)
	}
	p := c.body(t, event.KindPerson, "emp-17")
	if p == nil {
		t.Fatalf("emp-17 not stored:\n%s", report)
	}
	b, _ := json.Marshal(p)
	for _, want := range []string{
		`{"account":{"homePage":"https://lms.example.com","name":"ann"}}`,
		`{"mbox":"mailto:a.smith@example.org"}`,
		`{"mbox":"mailto:ann@example.com"}`,
		`"hourly_cost":"55.50"`,
		`"sat":["10:00-12:00"]`,
		`"fri":["09:00-12:30","13:00-17:00"]`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("emp-17 %s lacks %s", b, want)
		}
	}
	if p := c.body(t, event.KindPerson, "emp-18"); p == nil || p["work_schedule"] != nil || p["org_unit"] != "Acme/Finance" {
		t.Errorf("emp-18 = %v", p)
	}
}

func TestImportStops(t *testing.T) {
	c := startCollector(t)
	if err := c.store.Add(t.Context(), collector.Client{Key: "lms-only", Tenant: "default", Scopes: []collector.Scope{collector.ScopeStatementsWrite}}, importSecret); err != nil {
		t.Fatal(err)
	}
	c.waitForClient(t, "lms-only")
	before := c.messages(t)
	cases := []struct {
		name, key, kind, csv, want string
	}{
		{"without the admin scope", "lms-only", "budgets", budgetsCSV, "403"},
		{"wrong secret", "nobody", "budgets", budgetsCSV, "401"},
		{"unknown column", importKey, "budgets", "id,name,org_unit,period_start,period_end,amout,currency\nb-1,x,A,2026-01-01,2026-12-31,1,EUR\n", `unknown column "amout"`},
		{"missing column", importKey, "people", "person_id,actor_mbox,org_unit\np-1,a@x.org,A\n", "missing column valid_from"},
		{"empty file", importKey, "people", "", "header row is missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			report, _, err := c.importFile(t, tc.key, tc.kind, tc.csv)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to say %q\n%s", err, tc.want, report)
			}
		})
	}
	if c.messages(t) != before {
		t.Fatal("a refused import published events")
	}
}

// waitForClient waits until the collector knows a client just added to
// the bucket (its store follows the bucket with a watch).
func (c *collectorRun) waitForClient(t *testing.T, key string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		req, _ := http.NewRequest(http.MethodGet, c.base+"/api/v1/settings", nil)
		req.SetBasicAuth(key, importSecret)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the collector does not know client %s after 30s", key)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
