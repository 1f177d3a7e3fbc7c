package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/nats-io/nats-server/v2/server"
)

// env is what a mode gets from outside: the environment and output, and
// for tests a hook that reports the bound addresses once the mode is ready.
type env struct {
	getenv  func(string) string
	stdout  io.Writer
	stderr  io.Writer
	onReady func(ReadyInfo)
}

// ReadyInfo tells a test where a running mode listens.
type ReadyInfo struct {
	CollectorAddr string
	OpsAddr       string
	NATSURL       string
	// NATS is the embedded server in serve mode, so that a test can check
	// how it was configured.
	NATS *server.Server
}

func (e *env) ready(info ReadyInfo) {
	if e.onReady != nil {
		e.onReady(info)
	}
}

type mode struct {
	name    string
	summary string
	run     func(ctx context.Context, e *env, args []string) error
}

func modes() []mode {
	return []mode{
		{"serve", "all-in-one: embedded NATS JetStream, the collector and the processors in one process", runServe},
		{"collector", "the xAPI endpoint (LRS), publishing to an external NATS JetStream", runCollector},
		{"processor", "the ClickHouse projections, consuming an external NATS JetStream", runProcessor},
		{"migrate", "create the ClickHouse database and apply the schema", runMigrate},
		{"clients", "add, list and revoke xAPI clients (credentials)", runClients},
		{"import", "import budgets or people from a CSV file through the reference-data API", runImport},
		{"replay", "rebuild projections from the event log while ingest goes on", runReplay},
		{"deadletters", "list the events projections could not apply, and retry them", runDeadLetters},
		{"verify", "compare every projection with the event log, per tenant", runVerify},
		{"dashboards", "write the generated Grafana dashboards as JSON", runDashboards},
		{"demo", "generate a realistic demo organisation and load it through the collector's APIs", runDemo},
		{"probe", "fetch a URL and exit 0 on 2xx (container health checks)", runProbe},
		{"version", "print the version", runVersion},
	}
}

// run dispatches to a mode; it is main without the process around it, so
// tests can run any mode in-process.
func run(ctx context.Context, args []string, e *env) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "-help" {
		usage(e.stdout)
		if len(args) == 0 {
			return fmt.Errorf("no mode given")
		}
		return nil
	}
	for _, m := range modes() {
		if m.name == args[0] {
			return m.run(ctx, e, args[1:])
		}
	}
	usage(e.stderr)
	return fmt.Errorf("unknown mode %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprint(w, `leerlijn — event-sourced learning analytics: xAPI in, ClickHouse and Grafana out.

Usage: leerlijn MODE [flags]

Modes:
`)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, m := range modes() {
		fmt.Fprintf(tw, "  %s\t%s\n", m.name, m.summary)
	}
	tw.Flush()
	fmt.Fprint(w, strings.TrimLeft(`
Run "leerlijn MODE -h" for a mode's flags. Every flag can also be set in the
environment as LEERLIJN_ followed by the flag name in upper case with '.' and
'-' as '_' (e.g. -clickhouse.addr is LEERLIJN_CLICKHOUSE_ADDR); a flag given
on the command line wins.
`, "\n"))
}
