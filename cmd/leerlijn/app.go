package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/chconn"
	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/internal/ops"
	"github.com/leerlijn/leerlijn/processor"
)

// app is the one composition every mode shares: it starts or connects to
// NATS, opens ClickHouse, and builds the collector and the processors with
// their dependencies passed in. Modes pick the parts they run.
type app struct {
	log *slog.Logger
	reg *prometheus.Registry
	ops *ops.Handler

	ns       *server.Server // embedded NATS, nil when external
	nc       *nats.Conn
	js       jetstream.JetStream
	replicas int
	ch       driver.Conn
}

func newApp(log *slog.Logger) *app {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return &app{log: log, reg: reg, ops: ops.NewHandler(reg)}
}

// close releases everything in shutdown order: NATS connection (drained),
// ClickHouse, then the embedded NATS server.
func (a *app) close() {
	if a.nc != nil {
		if err := a.nc.Drain(); err != nil {
			a.nc.Close()
		}
		for i := 0; i < 50 && !a.nc.IsClosed(); i++ {
			time.Sleep(20 * time.Millisecond)
		}
	}
	if a.ch != nil {
		_ = a.ch.Close()
	}
	if a.ns != nil {
		a.ns.Shutdown()
		a.ns.WaitForShutdown()
		a.log.Info("embedded nats stopped")
	}
}

// startEmbeddedNATS runs a JetStream server in this process, storing under
// dataDir, and returns its client URL. Clients must authenticate: with the
// given user and password, or a random password only this process knows.
func (a *app) startEmbeddedNATS(o *natsOptions) (string, error) {
	host, portStr, err := net.SplitHostPort(o.listen)
	if err != nil {
		return "", fmt.Errorf("-nats.listen-addr %q: %w", o.listen, err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil {
		return "", fmt.Errorf("-nats.listen-addr %q: bad port", o.listen)
	}
	if port == 0 {
		port = server.RANDOM_PORT
	}
	if o.user == "" {
		o.user = "leerlijn"
	}
	if o.password == "" {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("generate embedded nats password: %w", err)
		}
		o.password = hex.EncodeToString(b)
	}
	opts := &server.Options{
		ServerName: "leerlijn-embedded",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   filepath.Join(o.dataDir, "jetstream"),
		SyncAlways: o.syncAlways,
		NoSigs:     true,
		MaxPayload: 8 << 20,
		Username:   o.user,
		Password:   o.password,
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		return "", fmt.Errorf("configure embedded nats: %w", err)
	}
	ns.SetLoggerV2(&natsLogger{log: a.log.With("component", "nats")}, false, false, false)
	go ns.Start()
	if !ns.ReadyForConnections(30 * time.Second) {
		ns.Shutdown()
		return "", fmt.Errorf("embedded nats did not start within 30s (store %s)", opts.StoreDir)
	}
	a.ns = ns
	a.log.Info("embedded nats started", "url", ns.ClientURL(), "store_dir", opts.StoreDir, "sync_always", o.syncAlways)
	return ns.ClientURL(), nil
}

// connectNATS connects to NATS (starting the embedded server when allowed
// and no URL is given) and makes sure the event log exists.
func (a *app) connectNATS(ctx context.Context, o natsOptions, name string) error {
	if err := o.validate(); err != nil {
		return err
	}
	pw, err := readSecret(o.password, o.passwordFile)
	if err != nil {
		return fmt.Errorf("-nats.password-file: %w", err)
	}
	o.password = pw
	url := o.url
	if url == "" {
		if url, err = a.startEmbeddedNATS(&o); err != nil {
			return err
		}
	}
	log := a.log.With("component", "nats")
	nopts := []nats.Option{
		nats.Name("leerlijn-" + name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.RetryOnFailedConnect(true),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil { // nil: this process closed the connection
				log.Warn("nats disconnected", "err", err)
			}
		}),
		nats.ReconnectHandler(func(c *nats.Conn) { log.Info("nats reconnected", "url", c.ConnectedUrlRedacted()) }),
	}
	if o.user != "" {
		nopts = append(nopts, nats.UserInfo(o.user, o.password))
	}
	nc, err := nats.Connect(url, nopts...)
	if err != nil {
		return fmt.Errorf("connect to nats %s: %w", redactURL(url), err)
	}
	a.nc = nc
	deadline := time.Now().Add(o.connectWait)
	for !nc.IsConnected() {
		if time.Now().After(deadline) {
			return fmt.Errorf("connect to nats %s: not reachable within %s (-nats.connect-wait): %v", redactURL(url), o.connectWait, nc.LastError())
		}
		if !sleepCtx(ctx, 100*time.Millisecond) {
			return ctx.Err()
		}
	}
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("open jetstream: %w", err)
	}
	a.js, a.replicas = js, o.replicas
	for {
		ectx, cancel := context.WithTimeout(ctx, 10*time.Second)
		err = eventlog.Ensure(ectx, js, o.replicas)
		cancel()
		if err == nil {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("set up the event log: %w", err)
		}
		log.Warn("event log not ready, retrying", "err", err)
		if !sleepCtx(ctx, time.Second) {
			return ctx.Err()
		}
	}
	a.ops.AddCheck("nats", func(context.Context) error {
		if !nc.IsConnected() {
			return fmt.Errorf("not connected (status %s)", nc.Status())
		}
		return nil
	})
	a.ops.AddCheck("event_log", func(ctx context.Context) error { return eventlog.Check(ctx, js) })
	return nil
}

func redactURL(u string) string {
	if i := strings.Index(u, "@"); i > 0 {
		if j := strings.Index(u, "://"); j >= 0 && j < i {
			return u[:j+3] + "[redacted]" + u[i:]
		}
	}
	return u
}

// connectClickHouse opens ClickHouse, applying the schema first when
// migrate is set, retrying until wait has passed.
func (a *app) connectClickHouse(ctx context.Context, cfg chconn.Config, migrate bool, wait time.Duration) error {
	deadline := time.Now().Add(wait)
	log := a.log.With("component", "clickhouse")
	for {
		err := func() error {
			cctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			if migrate {
				if err := chconn.Migrate(cctx, cfg, log); err != nil {
					return err
				}
			}
			conn, err := chconn.Open(cctx, cfg)
			if err != nil {
				return err
			}
			a.ch = conn
			return nil
		}()
		if err == nil {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return fmt.Errorf("%w (is ClickHouse running at %s? see -clickhouse.addr)", err, cfg.Addr)
		}
		log.Warn("clickhouse not ready, retrying", "addr", cfg.Addr, "err", err)
		if !sleepCtx(ctx, 2*time.Second) {
			return ctx.Err()
		}
	}
	ch := a.ch
	a.ops.AddCheck("clickhouse", func(ctx context.Context) error { return ch.Ping(ctx) })
	return nil
}

// dialClickHouse opens ClickHouse for a part that can work without it (the
// collector: ingest needs only NATS, statement queries answer 503 while
// ClickHouse is down). It does not wait for the server and adds no
// readiness check, so a ClickHouse outage never makes the collector
// unready for ingest.
func (a *app) dialClickHouse(cfg chconn.Config) error {
	conn, err := chconn.Dial(cfg)
	if err != nil {
		return err
	}
	a.ch = conn
	return nil
}

// newCollector builds the collector, with the client store watching the
// clients bucket and the bootstrap client created if asked for.
func (a *app) newCollector(ctx context.Context, cfg collector.Config, bootstrap string) (*collector.Server, error) {
	kv, err := eventlog.ClientsBucket(ctx, a.js, a.replicas)
	if err != nil {
		return nil, err
	}
	store := collector.NewClientStore(kv)
	if err := store.Watch(ctx); err != nil {
		return nil, err
	}
	if bootstrap != "" {
		if err := ensureBootstrapClient(ctx, store, bootstrap, a.log); err != nil {
			return nil, err
		}
	}
	if cfg.CursorSecret == "" {
		// Every collector instance signs and checks "more" cursors with
		// the same key, kept in JetStream, so paging survives restarts and
		// works across instances.
		if cfg.CursorSecret, err = eventlog.CursorSecret(ctx, a.js); err != nil {
			return nil, err
		}
	}
	return collector.NewServer(ctx, cfg, collector.Deps{
		JS: a.js, Clients: store, Logger: a.log, Registerer: a.reg, Ops: a.ops, Build: buildVersion(),
		ClickHouse: a.ch,
	})
}

// ensureBootstrapClient creates the KEY:SECRET client in tenant "default"
// with full scope if no client has that key.
func ensureBootstrapClient(ctx context.Context, store *collector.ClientStore, spec string, log *slog.Logger) error {
	key, sec, ok := strings.Cut(spec, ":")
	if !ok || key == "" || sec == "" {
		return errors.New("-collector.bootstrap-client must be KEY:SECRET")
	}
	_, err := store.Get(ctx, key)
	if err == nil {
		log.Info("bootstrap client exists; left unchanged", "client", key)
		return nil
	}
	if !errors.Is(err, collector.ErrClientNotFound) {
		return err
	}
	c := collector.Client{Key: key, Name: "bootstrap client", Tenant: "default", Scopes: []collector.Scope{collector.ScopeAll, collector.ScopeAdmin}}
	if err := store.Add(ctx, c, sec); err != nil && !errors.Is(err, collector.ErrClientExists) {
		return fmt.Errorf("create bootstrap client: %w", err)
	}
	log.Info("bootstrap client created", "client", key, "tenant", c.Tenant)
	return nil
}

// projections are every projection, writing through the ClickHouse
// connection. Modes that work on projections (processor, serve, replay,
// verify, deadletters) all take them from here.
func (a *app) projections() []processor.Projection {
	return processor.All(a.ch)
}

// newRunner builds the processor runner with every projection.
func (a *app) newRunner(cfg processor.Config) (*processor.Runner, error) {
	r, err := processor.NewRunner(cfg, a.js, a.projections(), a.log, a.reg)
	if err != nil {
		return nil, err
	}
	a.ops.AddCheck("projections", r.Check)
	return r, nil
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// natsLogger routes the embedded server's log through slog.
type natsLogger struct{ log *slog.Logger }

func (l *natsLogger) Noticef(format string, v ...any) { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l *natsLogger) Warnf(format string, v ...any)   { l.log.Warn(fmt.Sprintf(format, v...)) }
func (l *natsLogger) Fatalf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l *natsLogger) Errorf(format string, v ...any)  { l.log.Error(fmt.Sprintf(format, v...)) }
func (l *natsLogger) Debugf(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
func (l *natsLogger) Tracef(format string, v ...any)  { l.log.Debug(fmt.Sprintf(format, v...)) }
