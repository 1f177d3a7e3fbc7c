package main

import (
	"context"
	"io"
	"sync"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

// modeRun is one mode run inside the test process, as startServe does for
// serve.
type modeRun struct {
	t      *testing.T
	info   ReadyInfo
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
	once   sync.Once
}

// startMode runs `leerlijn MODE args` in-process with vars as its
// environment and waits until it is ready.
func startMode(t *testing.T, mode string, args []string, vars map[string]string) *modeRun {
	t.Helper()
	ready := make(chan ReadyInfo, 1)
	logs := &syncBuffer{}
	e := &env{
		getenv:  func(k string) string { return vars[k] },
		stdout:  io.Discard,
		stderr:  logs,
		onReady: func(i ReadyInfo) { ready <- i },
	}
	ctx, cancel := context.WithCancel(context.Background())
	r := &modeRun{t: t, cancel: cancel, done: make(chan error, 1), logs: logs}
	all := append([]string{mode, "-log.format", "text"}, args...)
	go func() { r.done <- run(ctx, all, e) }()
	select {
	case r.info = <-ready:
	case err := <-r.done:
		t.Fatalf("%s stopped before it was ready: %v\n%s", mode, err, logs)
	case <-time.After(2 * time.Minute):
		t.Fatalf("%s not ready after 2m\n%s", mode, logs)
	}
	t.Cleanup(r.stop)
	return r
}

func (r *modeRun) base() string { return "http://" + r.info.CollectorAddr }

// stop shuts the mode down as SIGTERM would and waits for it.
func (r *modeRun) stop() {
	r.once.Do(func() {
		r.cancel()
		select {
		case err := <-r.done:
			if err != nil {
				r.t.Errorf("mode stopped with %v\n%s", err, r.logs)
			}
		case <-time.After(time.Minute):
			r.t.Errorf("mode did not stop within 1m\n%s", r.logs)
		}
	})
}

// runCommand runs a command mode to completion in-process and returns its
// output and error.
func runCommand(t *testing.T, args []string, vars map[string]string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut syncBuffer
	e := &env{getenv: func(k string) string { return vars[k] }, stdout: &out, stderr: &errOut}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	err = run(ctx, args, e)
	return out.String(), errOut.String(), err
}

// chVars is the environment that gives a mode the test database's
// credentials and the e2e client.
func chVars(db *testenv.ClickHouseDB) map[string]string {
	return map[string]string{
		"LEERLIJN_COLLECTOR_BOOTSTRAP_CLIENT": clientKey + ":" + clientSecret,
		"LEERLIJN_CLICKHOUSE_USER":            db.User,
		"LEERLIJN_CLICKHOUSE_PASSWORD":        db.Password,
	}
}

// chArgs are the flags that point a mode at the test database.
func chArgs(db *testenv.ClickHouseDB) []string {
	return []string{"-clickhouse.addr", db.Addr, "-clickhouse.database", db.Database}
}
