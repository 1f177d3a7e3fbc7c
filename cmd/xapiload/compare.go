package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"sync"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/nats-io/nuid"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/collector"
	"github.com/leerlijn/leerlijn/internal/chconn"
	"github.com/leerlijn/leerlijn/internal/eventlog"
	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/event"
)

const (
	benchKey    = "xapiload"
	benchSecret = "xapiload-secret"
)

func runCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("xapiload compare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c loadConfig
	var chAddr, chDB string
	var freshRate int
	c.register(fs)
	fs.StringVar(&chAddr, "clickhouse.addr", "", "ClickHouse to run the processors against and measure freshness (empty: skip)")
	fs.StringVar(&chDB, "clickhouse.database", "xapiload", "database for the freshness run (dropped and recreated)")
	fs.IntVar(&freshRate, "freshness-rate", 5000, "statements/s of the freshness run")
	var cpuProfile, natsServer string
	fs.StringVar(&cpuProfile, "cpuprofile", "", "write a CPU profile of the collector run to this file")
	fs.StringVar(&natsServer, "nats-server", "", "run JetStream as this nats-server binary in a process of its own, as docker-compose.yml does (empty: embedded in this process; build one with go build -o nats-server github.com/nats-io/nats-server/v2)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := startStack(ctx, log, natsServer)
	if err != nil {
		return err
	}
	defer st.close()
	fmt.Fprintf(stdout, "machine: %d CPUs (GOMAXPROCS %d), %s; %d connections, %d statement(s) per POST, %s measured after %s warm-up\n\n",
		runtime.NumCPU(), runtime.GOMAXPROCS(0), runtime.Version(), c.connections, c.batch, c.duration, c.warmup)
	header(stdout)

	bare := c
	bare.url, bare.user, bare.pass = "http://"+st.bareAddr+"/xapi", benchKey, benchSecret
	bareRes, err := drive(ctx, bare, nil)
	if err != nil {
		return fmt.Errorf("bare handler: %w", err)
	}
	report(stdout, "bare handler (publish + ack only)", bareRes, nil)

	full := c
	full.url, full.user, full.pass = "http://"+st.collectorAddr+"/xapi", benchKey, benchSecret
	stopProfile, err := startCPUProfile(cpuProfile)
	if err != nil {
		return err
	}
	res, err := drive(ctx, full, nil)
	stopProfile()
	if err != nil {
		return fmt.Errorf("collector: %w", err)
	}
	report(stdout, "collector (validation, auth, dedup, durable ack)", res, bareRes)

	if chAddr == "" {
		return nil
	}
	// The freshness run gets a fresh stack, so the processors do not first
	// work through the backlog of the throughput runs.
	st.close()
	if st, err = startStack(ctx, log, natsServer); err != nil {
		return err
	}
	fresh := full
	fresh.url = "http://" + st.collectorAddr + "/xapi"
	fresh.rate, fresh.sample = freshRate, 20
	if fresh.batch != 1 {
		fresh.sample = 20 * fresh.batch
	}
	p, err := st.startProcessors(ctx, chconn.Config{Addr: chAddr, Database: chDB}, log)
	if err != nil {
		return err
	}
	defer p.stop()
	tracker := newFreshness(p.conn)
	tctx, cancel := context.WithCancel(ctx)
	go tracker.poll(tctx)
	fres, err := drive(ctx, fresh, tracker.acked)
	if err != nil {
		cancel()
		return fmt.Errorf("freshness run: %w", err)
	}
	report(stdout, fmt.Sprintf("collector + processors at %d/s", freshRate), fres, nil)
	tracker.drain(ctx, 30*time.Second)
	cancel()
	fmt.Fprintln(stdout)
	tracker.report(stdout)
	return nil
}

// stack is the in-process system under test.
type stack struct {
	ns            *server.Server // embedded JetStream, or
	proc          *exec.Cmd      // a nats-server process
	nc            *nats.Conn
	js            jetstream.JetStream
	dir           string
	collectorAddr string
	bareAddr      string
	servers       []*http.Server
	closed        bool
}

func startStack(ctx context.Context, log *slog.Logger, natsServer string) (*stack, error) {
	dir, err := os.MkdirTemp("", "xapiload-")
	if err != nil {
		return nil, err
	}
	st := &stack{dir: dir}
	url, err := st.startNATS(natsServer)
	if err != nil {
		st.close()
		return nil, err
	}
	if st.nc, err = nats.Connect(url); err != nil {
		st.close()
		return nil, err
	}
	if st.js, err = jetstream.New(st.nc); err != nil {
		st.close()
		return nil, err
	}
	if err := eventlog.Ensure(ctx, st.js, 1); err != nil {
		st.close()
		return nil, err
	}
	kv, err := eventlog.ClientsBucket(ctx, st.js, 1)
	if err != nil {
		st.close()
		return nil, err
	}
	store := collector.NewClientStore(kv)
	if err := store.Add(ctx, collector.Client{Key: benchKey, Tenant: "default", Scopes: []collector.Scope{collector.ScopeAll}}, benchSecret); err != nil {
		st.close()
		return nil, err
	}
	cfg := collector.DefaultConfig()
	cfg.ListenAddr = ""
	cfg.RateLimit = 1e9 // capacity is measured, not the per-client limit (which still runs)
	srv, err := collector.NewServer(ctx, cfg, collector.Deps{JS: st.js, Clients: store, Logger: log, Registerer: prometheus.NewRegistry()})
	if err != nil {
		st.close()
		return nil, err
	}
	if st.collectorAddr, err = st.serve(srv.Handler()); err != nil {
		st.close()
		return nil, err
	}
	// The bare handler's stream has the event log's settings and its own
	// subjects, so that the processors never see its messages.
	bare := eventlog.StreamConfig(event.LogSettings(1))
	bare.Name, bare.Subjects = "XAPILOAD_BARE", []string{"xapiload.>"}
	if _, err := st.js.CreateStream(ctx, bare); err != nil {
		st.close()
		return nil, err
	}
	if st.bareAddr, err = st.serve(bareHandler(st.js)); err != nil {
		st.close()
		return nil, err
	}
	return st, nil
}

func (st *stack) serve(h http.Handler) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	st.servers = append(st.servers, srv)
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String(), nil
}

// startNATS starts JetStream with file storage under st.dir: embedded,
// or as the nats-server binary at path in a process of its own. It
// returns the client URL.
func (st *stack) startNATS(path string) (string, error) {
	if path == "" {
		ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: server.RANDOM_PORT, JetStream: true, StoreDir: st.dir, NoSigs: true, NoLog: true, MaxPayload: 8 << 20})
		if err != nil {
			return "", err
		}
		go ns.Start()
		st.ns = ns
		if !ns.ReadyForConnections(30 * time.Second) {
			return "", errors.New("embedded nats did not start")
		}
		return ns.ClientURL(), nil
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	port := l.Addr().(*net.TCPAddr).Port
	_ = l.Close()
	conf := filepath.Join(st.dir, "nats.conf")
	cfg := fmt.Sprintf("listen: 127.0.0.1:%d\nmax_payload: 8MB\njetstream { store_dir: %q }\n", port, filepath.Join(st.dir, "js"))
	if err := os.WriteFile(conf, []byte(cfg), 0o600); err != nil {
		return "", err
	}
	st.proc = exec.Command(path, "-c", conf)
	if err := st.proc.Start(); err != nil {
		return "", fmt.Errorf("start %s: %w", path, err)
	}
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if nc, err := nats.Connect(url); err == nil {
			nc.Close()
			return url, nil
		}
	}
	return "", fmt.Errorf("%s did not accept connections on %s within 30s", path, url)
}

func (st *stack) close() {
	if st.closed {
		return
	}
	st.closed = true
	for _, s := range st.servers {
		_ = s.Close()
	}
	if st.nc != nil {
		st.nc.Close()
	}
	if st.ns != nil {
		st.ns.Shutdown()
		st.ns.WaitForShutdown()
	}
	if st.proc != nil && st.proc.Process != nil {
		_ = st.proc.Process.Kill()
		_ = st.proc.Wait()
	}
	os.RemoveAll(st.dir)
}

// bareHandler is the ceiling: it reads the body and publishes it to
// JetStream, waiting for the ack, and nothing else — no authentication,
// no validation, no duplicate check.
func bareHandler(js jetstream.JetStream) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		id := nuid.Next()
		if _, err := js.PublishMsg(r.Context(), &nats.Msg{Subject: "xapiload.bare." + id, Data: body}); err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, "[%q]", id)
	})
}

// processors run every projection for the freshness run.
type processors struct {
	conn   driver.Conn
	cancel context.CancelFunc
	done   chan error
}

func (st *stack) startProcessors(ctx context.Context, cfg chconn.Config, log *slog.Logger) (*processors, error) {
	boot, err := chconn.Open(ctx, chconn.Config{Addr: cfg.Addr, Database: "default"})
	if err != nil {
		return nil, err
	}
	_ = boot.Exec(ctx, "DROP DATABASE IF EXISTS "+cfg.Database)
	boot.Close()
	if err := chconn.Migrate(ctx, cfg, nil); err != nil {
		return nil, err
	}
	conn, err := chconn.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	pcfg := processor.DefaultConfig()
	r, err := processor.NewRunner(pcfg, st.js, processor.All(conn), log, prometheus.NewRegistry())
	if err != nil {
		return nil, err
	}
	rctx, cancel := context.WithCancel(context.Background())
	p := &processors{conn: conn, cancel: cancel, done: make(chan error, 1)}
	go func() { p.done <- r.Run(rctx) }()
	return p, nil
}

func (p *processors) stop() {
	p.cancel()
	<-p.done
	p.conn.Close()
}

// freshness measures, for sampled statements, the time from the POST's
// answer to the row being visible in ClickHouse.
type freshness struct {
	conn    driver.Conn
	mu      sync.Mutex
	pending map[string]time.Time
	delays  []time.Duration
}

func newFreshness(conn driver.Conn) *freshness {
	return &freshness{conn: conn, pending: map[string]time.Time{}}
}

func (f *freshness) acked(id string, at time.Time) {
	f.mu.Lock()
	f.pending[id] = at
	f.mu.Unlock()
}

func (f *freshness) poll(ctx context.Context) {
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			f.check(ctx)
		}
	}
}

func (f *freshness) check(ctx context.Context) int {
	f.mu.Lock()
	ids := make([]any, 0, len(f.pending))
	for id := range f.pending {
		ids = append(ids, id)
	}
	f.mu.Unlock()
	if len(ids) == 0 {
		return 0
	}
	var rows []struct {
		ID string `ch:"id"`
	}
	qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err := f.conn.Select(qctx, &rows, "SELECT toString(statement_id) AS id FROM statements WHERE tenant = 'default' AND timestamp >= now() - 600 AND toString(statement_id) IN ?", clickhouse.GroupSet{Value: ids})
	now := time.Now()
	if err != nil {
		return len(ids)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, r := range rows {
		if at, ok := f.pending[r.ID]; ok {
			f.delays = append(f.delays, now.Sub(at))
			delete(f.pending, r.ID)
		}
	}
	return len(f.pending)
}

func (f *freshness) drain(ctx context.Context, wait time.Duration) {
	deadline := time.Now().Add(wait)
	for time.Now().Before(deadline) && f.check(ctx) > 0 {
		time.Sleep(50 * time.Millisecond)
	}
}

func (f *freshness) report(w io.Writer) {
	f.mu.Lock()
	defer f.mu.Unlock()
	d := append([]time.Duration(nil), f.delays...)
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	if len(d) == 0 {
		fmt.Fprintln(w, "freshness: no sampled statement became visible")
		return
	}
	pct := func(p float64) float64 { return ms(d[int(p*float64(len(d)-1))]) }
	fmt.Fprintf(w, "freshness (POST answered → row visible in ClickHouse), %d samples: p50 %.0f ms, p99 %.0f ms, max %.0f ms; %d samples never became visible\n",
		len(d), pct(0.5), pct(0.99), ms(d[len(d)-1]), len(f.pending))
}

// startCPUProfile profiles this process (load generator and system under
// test together) until the returned function is called.
func startCPUProfile(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}
