package collector

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/schema/event"
)

// Deps are the collector's dependencies.
type Deps struct {
	// JS is a JetStream context on a connection to the event log's server;
	// the event log stream must exist (see internal/eventlog).
	JS jetstream.JetStream
	// Clients resolves client keys; *ClientStore implements it.
	Clients    ClientLookup
	Logger     *slog.Logger
	Registerer prometheus.Registerer
	// Ops, when not nil, is mounted at /healthz, /readyz, /metrics and
	// /debug/pprof/.
	Ops http.Handler
	// Build is reported by /xapi/about.
	Build string
	// ClickHouse, when not nil, serves statement queries and the
	// Activities resource from the LRS read model the statements
	// projection writes (schema/ddl 0020, 0021). Without it those answer
	// 503; statements are still stored and read back by id.
	ClickHouse driver.Conn
}

// Server is the collector: an HTTP handler and, when ListenAddr is set, the
// listener it serves on.
type Server struct {
	cfg     Config
	log     *slog.Logger
	metrics *metrics
	pub     *publisher
	auth    *authenticator
	build   string
	store   *statementStore
	docs    docStores
	objects jetstream.ObjectStore
	cursors *cursorCodec
	consist *consistency
	limiter *rateLimiter
	handler http.Handler
	ln      net.Listener
}

// NewServer builds the collector and, when cfg.ListenAddr is set, binds its
// listener, so that a busy port is a start-up error.
func NewServer(ctx context.Context, cfg Config, d Deps) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if d.JS == nil || d.Clients == nil || d.Logger == nil || d.Registerer == nil {
		return nil, errors.New("new collector: JS, Clients, Logger and Registerer are required")
	}
	stream, err := d.JS.Stream(ctx, event.Stream)
	if err != nil {
		return nil, fmt.Errorf("new collector: open stream %s: %w", event.Stream, err)
	}
	m, err := newMetrics(d.Registerer)
	if err != nil {
		return nil, fmt.Errorf("new collector: register metrics: %w", err)
	}
	s := &Server{
		cfg:     cfg,
		log:     d.Logger.With("component", "collector"),
		metrics: m,
		pub:     newPublisher(d.JS, stream, cfg.PublishTimeout, m),
		auth:    newAuthenticator(d.Clients, cfg.AuthorityHomePage),
		build:   d.Build,
		cursors: newCursorCodec(cfg.CursorSecret, cfg.CursorTTL),
		consist: newConsistency(d.JS, stream, cfg.ConsistencyMargin),
		limiter: newRateLimiter(cfg.RateLimit, cfg.RateBurst),
	}
	if d.ClickHouse != nil {
		s.store = &statementStore{conn: d.ClickHouse, timeout: cfg.QueryTimeout}
	}
	if s.docs, err = openDocStores(ctx, d.JS); err != nil {
		return nil, fmt.Errorf("new collector: %w", err)
	}
	if s.objects, err = d.JS.ObjectStore(ctx, event.AttachmentsStore); err != nil {
		return nil, fmt.Errorf("new collector: open object store %s (created by the event log set-up): %w", event.AttachmentsStore, err)
	}
	mux := http.NewServeMux()
	mux.Handle("/xapi/statements", s.route("statements", "GET, HEAD, PUT, POST", s.statements))
	mux.Handle("/xapi/about", s.route("about", "GET, HEAD", nil))
	for path, res := range s.docResources() {
		mux.Handle(path, s.route(strings.TrimPrefix(path, "/xapi/"), "GET, HEAD, PUT, POST, DELETE", s.documentHandler(res)))
	}
	mux.Handle("/xapi/activities", s.route("activities", "GET, HEAD", s.activities))
	s.mountClients(mux, d.Clients)
	mux.Handle("/xapi/agents", s.route("agents", "GET, HEAD", s.agents))
	if err := s.mountReference(mux, d.Registerer); err != nil { // /api/v1/: reference data
		return nil, fmt.Errorf("new collector: register reference-data metrics: %w", err)
	}
	if d.Ops != nil {
		mux.Handle("/healthz", d.Ops)
		mux.Handle("/readyz", d.Ops)
		mux.Handle("/metrics", d.Ops)
		mux.Handle("/debug/pprof/", d.Ops) // 404 unless -ops.pprof
	}
	s.handler = trimSlash(mux)
	if cfg.ListenAddr != "" {
		ln, err := net.Listen("tcp", cfg.ListenAddr)
		if err != nil {
			return nil, fmt.Errorf("new collector: listen on %s: %w", cfg.ListenAddr, err)
		}
		s.ln = ln
	}
	return s, nil
}

// Handler is the collector's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// Addr is the bound listen address ("" without a listener).
func (s *Server) Addr() string {
	if s.ln == nil {
		return ""
	}
	return s.ln.Addr().String()
}

// Run serves until ctx is done, then stops taking requests and lets those in
// flight finish (each still gets its JetStream acknowledgement and answer)
// within ShutdownTimeout.
func (s *Server) Run(ctx context.Context) error {
	if s.ln == nil {
		return errors.New("run collector: no listener (set -collector.listen-addr)")
	}
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(s.ln) }()
	s.log.Info("collector listening", "addr", s.Addr())
	select {
	case err := <-errc:
		return fmt.Errorf("serve collector: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("collector draining", "timeout", s.cfg.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down collector: %w", err)
	}
	s.log.Info("collector stopped")
	return nil
}

// trimSlash lets "/xapi/statements/" reach "/xapi/statements": some clients
// append a slash to the endpoint.
func trimSlash(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.Path) > 1 && strings.HasSuffix(r.URL.Path, "/") {
			r.URL.Path = strings.TrimSuffix(r.URL.Path, "/")
		}
		h.ServeHTTP(w, r)
	})
}

// resourceFunc handles an authenticated xAPI request of the given version.
type resourceFunc func(w http.ResponseWriter, r *http.Request, p *Principal, version string) error

// route wraps a resource with what every xAPI request gets: CORS, the
// version header on the answer, metrics, and (except for about)
// authentication and the request version check.
// route serves an xAPI resource whose methods are allow (a method not in
// it is answered 405 before authentication, as HTTP servers do).
func (s *Server) route(name, allow string, h resourceFunc) http.Handler {
	methods := strings.Split(allow, ", ")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		s.serve(sw, r, methods, h)
		s.metrics.requests.WithLabelValues(name, strconv.Itoa(sw.status)).Inc()
		s.metrics.duration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	})
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request, methods []string, h resourceFunc) {
	hdr := w.Header()
	setVersionHeader(hdr, answerVersion(r, s.cfg.FallbackVersion))
	setCORS(hdr, r)
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if isAlternate(r) {
		alt, err := alternateRequest(w, r, s.cfg.MaxBodyBytes)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		r = alt
		setVersionHeader(hdr, answerVersion(r, s.cfg.FallbackVersion))
	}
	if !slices.Contains(methods, r.Method) {
		hdr.Set("Allow", strings.Join(methods, ", "))
		s.writeError(w, r, errMethod(r.Method, strings.Join(methods, ", ")))
		return
	}
	if h == nil { // about
		s.about(w, r)
		return
	}
	p, err := s.auth.authenticate(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := s.limiter.check(p); err != nil {
		s.writeError(w, r, err)
		return
	}
	version, err := checkVersion(r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if err := h(w, r, p, version); err != nil {
		s.writeError(w, r, err)
	}
}

func (s *Server) statements(w http.ResponseWriter, r *http.Request, p *Principal, version string) error {
	read := r.Method == http.MethodGet || r.Method == http.MethodHead
	if v := s.consist.header(r.Context(), read); v != nil {
		w.Header()[consistentThroughHeader] = v
	}
	switch r.Method {
	case http.MethodPost:
		return s.postStatements(w, r, p, version)
	case http.MethodPut:
		return s.putStatement(w, r, p, version)
	case http.MethodGet, http.MethodHead:
		return s.getStatements(w, r, p, version)
	default:
		return errMethod(r.Method, "GET, HEAD, POST, PUT")
	}
}

func errMethod(method, allowed string) error {
	return &Error{Status: http.StatusMethodNotAllowed, Reason: "method", Message: "method " + method + " is not allowed here: use " + allowed}
}

// setCORS lets browser-based content (cmi5 AUs, H5P) call the LRS.
func setCORS(h http.Header, r *http.Request) {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return
	}
	h.Set("Access-Control-Allow-Origin", origin)
	h.Set("Vary", "Origin")
	h.Set("Access-Control-Allow-Credentials", "true")
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, DELETE, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match")
	h.Set("Access-Control-Expose-Headers", "ETag, Last-Modified, Retry-After, X-Experience-API-Version, X-Experience-API-Consistent-Through")
}

type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}
