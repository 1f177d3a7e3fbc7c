// Package ops serves the operational endpoints every Leerlijn process has:
// /healthz (the process is alive), /readyz (its dependencies answer) and
// /metrics (Prometheus). The checks and the metrics registry are passed in.
package ops

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// CheckFunc reports whether one dependency is ready.
type CheckFunc func(ctx context.Context) error

// Handler serves /healthz, /readyz and /metrics.
type Handler struct {
	mu      sync.RWMutex
	names   []string
	checks  map[string]CheckFunc
	metrics http.Handler
	timeout time.Duration
	pprof   bool
}

// EnablePprof serves Go's profiles under /debug/pprof/ (heap, CPU,
// goroutines) for diagnosing a running process. Off by default: profiles
// reveal internals and the CPU profile costs CPU while it runs.
func (h *Handler) EnablePprof() { h.pprof = true }

// NewHandler returns a handler that serves the metrics of g.
func NewHandler(g prometheus.Gatherer) *Handler {
	return &Handler{
		checks:  map[string]CheckFunc{},
		metrics: promhttp.HandlerFor(g, promhttp.HandlerOpts{}),
		timeout: 3 * time.Second,
	}
}

// AddCheck adds a readiness check; /readyz answers 200 only when all pass.
func (h *Handler) AddCheck(name string, fn CheckFunc) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.checks[name]; !ok {
		h.names = append(h.names, name)
	}
	h.checks[name] = fn
}

// Ready runs every check and returns the failures by name.
func (h *Handler) Ready(ctx context.Context) map[string]string {
	h.mu.RLock()
	names := append([]string(nil), h.names...)
	checks := make([]CheckFunc, len(names))
	for i, n := range names {
		checks[i] = h.checks[n]
	}
	h.mu.RUnlock()
	failed := map[string]string{}
	for i, fn := range checks {
		cctx, cancel := context.WithTimeout(ctx, h.timeout)
		err := fn(cctx)
		cancel()
		if err != nil {
			failed[names[i]] = err.Error()
		}
	}
	return failed
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/healthz":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	case "/readyz":
		failed := h.Ready(r.Context())
		w.Header().Set("Content-Type", "application/json")
		status := http.StatusOK
		if len(failed) > 0 {
			status = http.StatusServiceUnavailable
		}
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]any{"ready": len(failed) == 0, "failed": failed})
	case "/metrics":
		h.metrics.ServeHTTP(w, r)
	default:
		if h.pprof && strings.HasPrefix(r.URL.Path, "/debug/pprof/") {
			servePprof(w, r)
			return
		}
		http.NotFound(w, r)
	}
}

// Paths are the paths Handler serves, for mounting it on another mux.
var Paths = []string{"/healthz", "/readyz", "/metrics"}

// Server is an HTTP server for the ops endpoints on their own listener.
type Server struct {
	ln  net.Listener
	srv *http.Server
	log *slog.Logger
}

// Listen binds addr now, so that a busy port is a start-up error.
func Listen(addr string, h http.Handler, log *slog.Logger) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen for ops endpoints on %s: %w", addr, err)
	}
	return &Server{ln: ln, srv: &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}, log: log}, nil
}

// Addr is the bound address.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Run serves until ctx is done.
func (s *Server) Run(ctx context.Context) error {
	s.log.Info("ops endpoints listening", "addr", s.Addr())
	errc := make(chan error, 1)
	go func() { errc <- s.srv.Serve(s.ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve ops endpoints: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shut down ops endpoints: %w", err)
	}
	return nil
}

func servePprof(w http.ResponseWriter, r *http.Request) {
	switch name := strings.TrimPrefix(r.URL.Path, "/debug/pprof/"); name {
	case "cmdline":
		pprof.Cmdline(w, r)
	case "profile":
		pprof.Profile(w, r)
	case "symbol":
		pprof.Symbol(w, r)
	case "trace":
		pprof.Trace(w, r)
	default:
		pprof.Index(w, r)
	}
}
