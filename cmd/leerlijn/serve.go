package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/processor"
)

// common holds the flags most modes share.
type common struct {
	log         logOptions
	nats        natsOptions
	clickhouse  clickhouseOptions
	chWait      time.Duration
	printConfig bool
	pprof       bool
}

// clickhouseUse is how a mode reaches ClickHouse.
type clickhouseUse int

const (
	// clickhouseAtStart: the mode waits for ClickHouse at start
	// (-clickhouse.connect-wait) and cannot run without it.
	clickhouseAtStart clickhouseUse = iota
	// clickhouseLazily: the mode starts without ClickHouse and connects
	// on first use (the collector: ingest never waits for it).
	clickhouseLazily
)

func (c *common) register(fs *flag.FlagSet, embedded bool, ch clickhouseUse) {
	c.log.register(fs)
	c.nats.register(fs, embedded)
	c.clickhouse.register(fs)
	if ch == clickhouseAtStart {
		fs.DurationVar(&c.chWait, "clickhouse.connect-wait", time.Minute, "how long to keep trying to reach ClickHouse at start")
	}
	fs.BoolVar(&c.printConfig, "print-config", false, "print the effective configuration (secrets redacted) and exit")
	fs.BoolVar(&c.pprof, "ops.pprof", false, "serve Go profiles under /debug/pprof/ beside /metrics (for diagnosis; off in production)")
}

// setup parses the mode's flags and builds its logger and app. It returns
// a nil app, with a nil error, when there is nothing more to do
// (-print-config); the caller closes the app.
func (c *common) setup(fs *flag.FlagSet, e *env, args []string) (*app, error) {
	if err := parse(fs, e, args); err != nil {
		return nil, err
	}
	if c.printConfig {
		printConfig(e.stdout, fs)
		return nil, nil
	}
	log, err := c.log.logger(e.stderr)
	if err != nil {
		return nil, err
	}
	a := newApp(log)
	if c.pprof {
		a.ops.EnablePprof()
	}
	return a, nil
}

// collectorFlags are the collector's flags plus the bootstrap client.
type collectorFlags struct {
	cfg           collector.Config
	bootstrap     string
	bootstrapFile string
	cursorFile    string
}

func (c *collectorFlags) register(fs *flag.FlagSet) {
	c.cfg.RegisterFlags(fs)
	fs.StringVar(&c.bootstrap, "collector.bootstrap-client", "", "KEY:SECRET of a client to create, if absent, with full scope in tenant \"default\" (prefer the environment or -collector.bootstrap-client-file)")
	fs.StringVar(&c.bootstrapFile, "collector.bootstrap-client-file", "", "file holding KEY:SECRET for -collector.bootstrap-client")
	fs.StringVar(&c.cursorFile, "collector.cursor-secret-file", "", "file holding -collector.cursor-secret")
}

func (c *collectorFlags) bootstrapSpec() (string, error) {
	return readSecret(c.bootstrap, c.bootstrapFile)
}

// config returns the collector configuration with the secrets read from
// their files.
func (c *collectorFlags) config() (collector.Config, error) {
	cfg := c.cfg
	sec, err := readSecret(cfg.CursorSecret, c.cursorFile)
	if err != nil {
		return cfg, fmt.Errorf("-collector.cursor-secret-file: %w", err)
	}
	cfg.CursorSecret = sec
	return cfg, nil
}

// printConfig writes every flag's effective value, secrets redacted.
func printConfig(w io.Writer, fs *flag.FlagSet) {
	fs.VisitAll(func(f *flag.Flag) {
		v := f.Value.String()
		if isSecretFlag(f.Name) && v != "" {
			v = "[redacted]"
		}
		fmt.Fprintf(w, "-%s=%s\n", f.Name, v)
	})
}

func isSecretFlag(name string) bool {
	if strings.HasSuffix(name, "-file") {
		return false
	}
	return strings.Contains(name, "password") || strings.Contains(name, "bootstrap-client") || strings.Contains(name, "secret")
}

const serveAbout = `Runs Leerlijn in one process: an embedded NATS JetStream server (storing
under -data-dir) unless -nats.url points at an external one, the xAPI
collector, and the processors that project the event log into ClickHouse.
It applies the ClickHouse schema at start. /healthz, /readyz and /metrics are
served on the collector's listener.`

func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "serve", serveAbout)
	var c common
	var cf collectorFlags
	var pcfg processor.Config
	c.register(fs, true, clickhouseAtStart)
	cf.register(fs)
	pcfg.RegisterFlags(fs)
	a, err := c.setup(fs, e, args)
	if a == nil {
		return err
	}
	defer a.close()
	chcfg, err := c.clickhouse.config()
	if err != nil {
		return err
	}
	bootstrap, err := cf.bootstrapSpec()
	if err != nil {
		return fmt.Errorf("-collector.bootstrap-client-file: %w", err)
	}
	if err := a.connectNATS(ctx, c.nats, "serve"); err != nil {
		return err
	}
	if err := a.connectClickHouse(ctx, chcfg, true, c.chWait); err != nil {
		return err
	}
	ccfg, err := cf.config()
	if err != nil {
		return err
	}
	srv, err := a.newCollector(ctx, ccfg, bootstrap)
	if err != nil {
		return err
	}
	runner, err := a.newRunner(pcfg)
	if err != nil {
		return err
	}
	info := ReadyInfo{CollectorAddr: srv.Addr(), OpsAddr: srv.Addr()}
	if a.ns != nil {
		info.NATSURL, info.NATS = a.ns.ClientURL(), a.ns
	}
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { return srv.Run(gctx) })
	g.Go(func() error { return runner.Run(gctx) })
	e.ready(info)
	return g.Wait()
}
