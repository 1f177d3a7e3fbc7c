package main

import (
	"context"
	"fmt"
)

const collectorAbout = `Runs the xAPI collector (the Learning Record Store endpoint) against an
external NATS JetStream: every statement is validated, authenticated and
stored on the event log before it is answered. Statement queries and the
Activities resource are answered from ClickHouse, which the processors fill
(the collector does not apply the schema; the processor does).
/healthz, /readyz and /metrics are served on the collector's listener.`

func runCollector(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "collector", collectorAbout)
	var c common
	var cf collectorFlags
	c.register(fs, false, clickhouseLazily)
	cf.register(fs)
	a, err := c.setup(fs, e, args)
	if a == nil {
		return err
	}
	defer a.close()
	bootstrap, err := cf.bootstrapSpec()
	if err != nil {
		return fmt.Errorf("-collector.bootstrap-client-file: %w", err)
	}
	ccfg, err := cf.config()
	if err != nil {
		return err
	}
	chcfg, err := c.clickhouse.config()
	if err != nil {
		return err
	}
	if err := a.connectNATS(ctx, c.nats, "collector"); err != nil {
		return err
	}
	if err := a.dialClickHouse(chcfg); err != nil {
		return err
	}
	srv, err := a.newCollector(ctx, ccfg, bootstrap)
	if err != nil {
		return err
	}
	e.ready(ReadyInfo{CollectorAddr: srv.Addr(), OpsAddr: srv.Addr()})
	return srv.Run(ctx)
}
