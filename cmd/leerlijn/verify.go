package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/processor"
)

const verifyAbout = `Reconciles every projection with the event log, per tenant, and exits 1 if
any number differs. The log's numbers come from the JetStream server's subject
index (statement events, voided statements); the projections' from ClickHouse
(statements FINAL: rows, voided rows, ids counted twice). Tenants are those
with xAPI clients and those the projections hold; statement events of any
other tenant are reported too.

Numbers compare only once the processors have caught up: verify waits up to
-verify.wait for a moment when no event is pending and the log does not
move, and says so if there was none (the differences may then be lag).`

func runVerify(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "verify", verifyAbout)
	var c common
	var tenant string
	var wait time.Duration
	c.register(fs, false, clickhouseAtStart)
	fs.StringVar(&tenant, "tenant", "", "only this tenant")
	fs.DurationVar(&wait, "verify.wait", 30*time.Second, "how long to wait for the processors to catch up")
	a, err := c.setup(fs, e, args)
	if a == nil {
		return err
	}
	defer a.close()
	chcfg, err := c.clickhouse.config()
	if err != nil {
		return err
	}
	if err := a.connectNATS(ctx, c.nats, "verify"); err != nil {
		return err
	}
	if err := a.connectClickHouse(ctx, chcfg, false, c.chWait); err != nil {
		return err
	}
	var tenants []string
	if tenant != "" {
		tenants = []string{tenant}
	} else {
		kv, err := eventlog.ClientsBucket(ctx, a.js, c.nats.replicas)
		if err != nil {
			return err
		}
		clients, err := collector.NewClientStore(kv).List(ctx)
		if err != nil {
			return fmt.Errorf("list clients: %w", err)
		}
		for _, cl := range clients {
			tenants = append(tenants, cl.Tenant)
		}
	}
	rep, err := processor.Verify(ctx, a.js, a.projections(), tenants, wait)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROJECTION\tTENANT\tMEASURE\tLOG\tPROJECTED\tDIFF")
	var diffs []string
	for _, r := range rep.Rows {
		if tenant != "" && r.Tenant != tenant {
			continue
		}
		mark := ""
		if r.Differs() {
			mark = fmt.Sprintf("%+d", int64(r.Projected)-int64(r.Log))
			diffs = append(diffs, r.String())
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%s\n", r.Projection, r.Tenant, r.Measure, r.Log, r.Projected, mark)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, name := range rep.Unverified {
		fmt.Fprintf(e.stdout, "projection %s cannot be reconciled with the log (it does not implement processor.Verifier)\n", name)
	}
	if !rep.Settled {
		fmt.Fprintf(e.stdout, "events kept arriving or a projection kept lagging for %s: differences may be lag; run verify again when ingest is quiet\n", wait)
	}
	if len(diffs) > 0 {
		return fmt.Errorf("verify: %d differences between the log and the projections: %s", len(diffs), strings.Join(diffs, "; "))
	}
	fmt.Fprintln(e.stdout, "every projection agrees with the log")
	return nil
}
