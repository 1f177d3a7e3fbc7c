// Command leerlijn is Leerlijn's one binary. Its modes share one wiring:
//
//	leerlijn serve       all-in-one: embedded NATS JetStream, collector and processors
//	leerlijn collector   the xAPI endpoint against external NATS
//	leerlijn processor   the ClickHouse projections against external NATS
//	leerlijn migrate     apply the ClickHouse schema
//	leerlijn clients     add, list and revoke xAPI clients
//	leerlijn dashboards  write the generated Grafana dashboards
//	leerlijn replay      rebuild projections from the event log
//	leerlijn deadletters list and retry events projections could not apply
//	leerlijn verify      reconcile the projections with the event log
//
// Run "leerlijn help" or "leerlijn MODE -h" for the flags; every flag can
// also be set as LEERLIJN_<FLAG> in the environment.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], &env{getenv: os.Getenv, stdout: os.Stdout, stderr: os.Stderr})
	stop()
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "leerlijn:", err)
		os.Exit(1)
	}
}
