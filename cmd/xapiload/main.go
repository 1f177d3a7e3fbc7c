// Command xapiload drives load at an xAPI statement endpoint and reports
// throughput and latency; docs/perf.md has its figures.
//
//	xapiload run -url http://localhost:8080/xapi -user KEY -password SECRET
//	    load an LRS that is already running (any LRS)
//	xapiload compare
//	    start, in this process, an embedded JetStream server, Leerlijn's
//	    collector and a bare handler that only publishes each body to
//	    JetStream and waits for the ack, load both the same way, and print
//	    the collector's throughput as a ratio of that ceiling; with
//	    -clickhouse.addr it also runs the processors and measures freshness
//	    (from the POST's answer to the row being visible in ClickHouse)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "xapiload:", err)
		os.Exit(1)
	}
}

const usage = `xapiload — load an xAPI statement endpoint and report throughput and latency.

Usage:
  xapiload run -url URL -user KEY -password SECRET [load flags]
  xapiload compare [load flags] [-clickhouse.addr HOST:PORT]

Run "xapiload run -h" or "xapiload compare -h" for the flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("say run or compare")
	}
	switch args[0] {
	case "run":
		return runLoad(ctx, args[1:], stdout, stderr)
	case "compare":
		return runCompare(ctx, args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", args[0])
}
