// This file starts single embedded NATS JetStream servers: NATS for a test's
// own server, StartNATS and RestartNATS for durability tests that stop a
// server and start a new one on the same store dir and port.

package testenv

import (
	"fmt"
	"net"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// natsReadyTimeout bounds the wait for a server to accept connections.
const natsReadyTimeout = 10 * time.Second

// NATSOptions are the settings a test may pin when it starts a NATS server
// itself. Zero values mean a fresh temporary store dir and a random port.
type NATSOptions struct {
	// StoreDir is the JetStream store directory (nats-server keeps its data
	// in StoreDir/jetstream). Empty means tb.TempDir().
	StoreDir string
	// Port is the client port on 127.0.0.1. Zero means a random free port.
	Port int
}

// NATS starts a single embedded NATS server with file-backed JetStream on a
// random port of 127.0.0.1, and shuts it down when the test ends. It logs
// through tb.Log only under go test -v.
func NATS(tb testing.TB) *server.Server {
	tb.Helper()
	return StartNATS(tb, NATSOptions{})
}

// StartNATS starts a single embedded NATS JetStream server with the given
// store dir and port, waits until it accepts connections and registers its
// shutdown with tb.Cleanup. Starting a second server on the store dir and
// port of a stopped one brings back its streams: that is how durability
// tests restart a node. Shutting a server down before the cleanup runs is
// fine.
func StartNATS(tb testing.TB, o NATSOptions) *server.Server {
	tb.Helper()
	if o.StoreDir == "" {
		o.StoreDir = tb.TempDir()
	}
	port := o.Port
	if port == 0 {
		port = server.RANDOM_PORT
	}
	opts := &server.Options{
		ServerName: "testenv",
		Host:       "127.0.0.1",
		Port:       port,
		JetStream:  true,
		StoreDir:   o.StoreDir,
		NoSigs:     true,
		NoLog:      !testing.Verbose(),
	}
	log := newServerLog(tb, "nats")
	s, err := runNATS(opts, log)
	if err != nil {
		log.close()
		tb.Fatalf("start nats server (store dir %s, port %d): %v", o.StoreDir, o.Port, err)
	}
	tb.Cleanup(func() {
		s.Shutdown()
		s.WaitForShutdown()
		log.close()
	})
	return s
}

// RestartNATS shuts s down and starts a new server on its store dir and
// port, as a process restart would. s must have been started by NATS or
// StartNATS.
func RestartNATS(tb testing.TB, s *server.Server) *server.Server {
	tb.Helper()
	o, err := natsOptionsOf(s)
	if err != nil {
		tb.Fatalf("restart nats server: %v", err)
	}
	s.Shutdown()
	s.WaitForShutdown()
	return StartNATS(tb, o)
}

// natsOptionsOf reads the store dir and client port of a running server.
func natsOptionsOf(s *server.Server) (NATSOptions, error) {
	js := s.JetStreamConfig()
	if js == nil {
		return NATSOptions{}, fmt.Errorf("server %s has no JetStream (already shut down?)", s.Name())
	}
	addr, ok := s.Addr().(*net.TCPAddr)
	if !ok {
		return NATSOptions{}, fmt.Errorf("server %s has no client listener", s.Name())
	}
	// nats-server stores under StoreDir/jetstream and reports that path.
	dir := js.StoreDir
	if filepath.Base(dir) == server.JetStreamStoreDir {
		dir = filepath.Dir(dir)
	}
	return NATSOptions{StoreDir: dir, Port: addr.Port}, nil
}

// runNATS creates and starts a server and waits until it accepts client
// (and, when clustered, route) connections with JetStream enabled. On
// failure the server is shut down.
func runNATS(opts *server.Options, log *serverLog) (*server.Server, error) {
	s, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("configure: %w", err)
	}
	if !opts.NoLog {
		s.SetLoggerV2(log, false, false, false)
	}
	go s.Start()
	if !s.ReadyForConnections(natsReadyTimeout) {
		s.Shutdown()
		s.WaitForShutdown()
		return nil, fmt.Errorf("not ready for connections after %s (port in use? run with -v for the server log)", natsReadyTimeout)
	}
	if !s.JetStreamEnabled() {
		s.Shutdown()
		s.WaitForShutdown()
		return nil, fmt.Errorf("JetStream did not start (run with -v for the server log)")
	}
	return s, nil
}
