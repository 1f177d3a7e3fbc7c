package main

import (
	"context"
	"flag"

	"golang.org/x/sync/errgroup"

	"github.com/leerlijn/leerlijn/internal/ops"
	"github.com/leerlijn/leerlijn/processor"
)

const processorAbout = `Runs the processors: one durable JetStream consumer per projection, each
writing its events to ClickHouse in batches and acknowledging them only after
ClickHouse has them. It applies the ClickHouse schema at start.
/healthz, /readyz (with each projection's lag) and /metrics are served on
-ops.listen-addr.`

func runProcessor(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "processor", processorAbout)
	var c common
	var pcfg processor.Config
	var opsAddr string
	c.register(fs, false, clickhouseAtStart)
	pcfg.RegisterFlags(fs)
	registerOps(fs, &opsAddr)
	a, err := c.setup(fs, e, args)
	if a == nil {
		return err
	}
	defer a.close()
	log := a.log
	chcfg, err := c.clickhouse.config()
	if err != nil {
		return err
	}
	if err := a.connectNATS(ctx, c.nats, "processor"); err != nil {
		return err
	}
	if err := a.connectClickHouse(ctx, chcfg, true, c.chWait); err != nil {
		return err
	}
	runner, err := a.newRunner(pcfg)
	if err != nil {
		return err
	}
	osrv, err := ops.Listen(opsAddr, a.ops, log)
	if err != nil {
		return err
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return osrv.Run(gctx) })
	g.Go(func() error { return runner.Run(gctx) })
	e.ready(ReadyInfo{OpsAddr: osrv.Addr()})
	return g.Wait()
}

func registerOps(fs *flag.FlagSet, addr *string) {
	fs.StringVar(addr, "ops.listen-addr", ":8081", "address of /healthz, /readyz and /metrics")
}
