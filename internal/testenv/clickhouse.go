// This file gives tests a fresh ClickHouse database each: on the package's
// throwaway clickhouse-server, started on first use and stopped by Main, or
// on the server CLICKHOUSE_ADDR names.

package testenv

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// The environment that points tests at an existing server instead.
const (
	addrEnv     = "CLICKHOUSE_ADDR" // host:port of the native protocol
	userEnv     = "CLICKHOUSE_USER"
	passwordEnv = "CLICKHOUSE_PASSWORD"
)

const (
	// chDialTimeout and chReadTimeout bound every connection, so that a
	// statement the old server mishandles (an INSERT … VALUES through Exec
	// hangs on 18.16) fails a test instead of hanging it.
	chDialTimeout = 10 * time.Second
	chReadTimeout = 60 * time.Second
	// chStatementTimeout bounds testenv's own statements.
	chStatementTimeout = 60 * time.Second
)

// ClickHouseDB is a database of its own for one test.
type ClickHouseDB struct {
	Addr     string // host:port, native protocol
	Database string
	User     string
	Password string
	// Conn is a clickhouse-go native connection whose default database is
	// Database. It is closed when the test ends.
	Conn driver.Conn
}

// clickHouse is the package's server, shared by its tests.
var clickHouse struct {
	mu     sync.Mutex
	inMain bool
	env    *chEnv // nil until first use
	err    error  // why the server could not be started; every caller fails with it
}

// chEnv is where the package's tests find ClickHouse.
type chEnv struct {
	addr, user, password string
	srv                  *chServer // nil when CLICKHOUSE_ADDR is set
}

// Main runs the package's tests and then stops its ClickHouse server, if
// one was started. Call it from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }
func Main(m *testing.M) int {
	clickHouse.mu.Lock()
	clickHouse.inMain = true
	clickHouse.mu.Unlock()

	code := m.Run()

	clickHouse.mu.Lock()
	defer clickHouse.mu.Unlock()
	if env := clickHouse.env; env != nil && env.srv != nil {
		if err := env.srv.close(); err != nil {
			fmt.Fprintf(os.Stderr, "testenv: %v\n", err)
			if code == 0 {
				code = 1
			}
		}
	}
	clickHouse.env, clickHouse.err = nil, nil
	return code
}

// ClickHouse creates a fresh database on the package's ClickHouse server
// (starting the server on first use) and returns it with an open
// connection. The database is dropped when the test ends.
func ClickHouse(tb testing.TB) *ClickHouseDB {
	tb.Helper()
	env := clickHouseEnv(tb)
	name := "t_" + randomHex(8)
	if err := env.exec("CREATE DATABASE " + name); err != nil {
		tb.Fatalf("create database %s on clickhouse %s: %v", name, env.addr, err)
	}
	tb.Cleanup(func() { env.drop(tb, name) })
	conn, err := env.open(name)
	if err != nil {
		tb.Fatalf("connect to database %s on clickhouse %s: %v", name, env.addr, err)
	}
	tb.Cleanup(func() { _ = conn.Close() })
	return &ClickHouseDB{Addr: env.addr, Database: name, User: env.user, Password: env.password, Conn: conn}
}

// ClickHouseServerAddr returns the host:port (native protocol) of the
// package's ClickHouse server, starting it if needed, for tests that hand
// the address to a program. User "default" has no password unless
// CLICKHOUSE_ADDR is set.
func ClickHouseServerAddr(tb testing.TB) string {
	tb.Helper()
	return clickHouseEnv(tb).addr
}

// StopClickHouse stops the package's server, keeping its data and ports,
// until StartClickHouse or the end of the test, whichever comes first. It
// affects every test of the package: don't call it from parallel tests.
// It fails the test when CLICKHOUSE_ADDR is set.
func StopClickHouse(tb testing.TB) {
	tb.Helper()
	env := clickHouseEnv(tb)
	srv := env.ownServer(tb, "stop")
	clickHouse.mu.Lock()
	err := srv.stop()
	clickHouse.mu.Unlock()
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		clickHouse.mu.Lock()
		defer clickHouse.mu.Unlock()
		if err := srv.start(); err != nil {
			clickHouse.err = fmt.Errorf("start clickhouse-server again after %s stopped it: %w", tb.Name(), err)
			tb.Error(clickHouse.err)
		}
	})
}

// StartClickHouse starts the package's server again after StopClickHouse,
// on the same data and ports, and waits until it answers. Connections
// opened before the stop may fail once before they reconnect.
func StartClickHouse(tb testing.TB) {
	tb.Helper()
	env := clickHouseEnv(tb)
	srv := env.ownServer(tb, "start")
	clickHouse.mu.Lock()
	err := srv.start()
	clickHouse.mu.Unlock()
	if err != nil {
		tb.Fatal(err)
	}
}

// clickHouseEnv returns the package's server, starting it on first use.
func clickHouseEnv(tb testing.TB) *chEnv {
	tb.Helper()
	clickHouse.mu.Lock()
	defer clickHouse.mu.Unlock()
	if !clickHouse.inMain {
		tb.Fatal("testenv: the package's ClickHouse server is stopped by testenv.Main; add\n" +
			"\tfunc TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }")
	}
	if clickHouse.env == nil && clickHouse.err == nil {
		clickHouse.env, clickHouse.err = newCHEnv()
	}
	if clickHouse.err != nil {
		tb.Fatal(clickHouse.err)
	}
	return clickHouse.env
}

// newCHEnv uses CLICKHOUSE_ADDR if set, or starts a server.
func newCHEnv() (*chEnv, error) {
	if addr := os.Getenv(addrEnv); addr != "" {
		user := os.Getenv(userEnv)
		if user == "" {
			user = "default"
		}
		return &chEnv{addr: addr, user: user, password: os.Getenv(passwordEnv)}, nil
	}
	srv, err := startServer()
	if err != nil {
		return nil, err
	}
	return &chEnv{addr: srv.addr(), user: "default", srv: srv}, nil
}

// ownServer returns the server testenv started. Against a server named by
// CLICKHOUSE_ADDR it skips the test (a developer's own server is not ours
// to stop), except under CI=true, where a fault test must not go unrun.
func (env *chEnv) ownServer(tb testing.TB, action string) *chServer {
	tb.Helper()
	if env.srv == nil {
		msg := fmt.Sprintf("%s clickhouse: %s=%s is set, and testenv cannot %s a server it did not start; unset it to run this test",
			action, addrEnv, env.addr, action)
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return env.srv
}

// open connects to database on the server and checks that it answers.
func (env *chEnv) open(database string) (driver.Conn, error) {
	conn, err := clickhouse.Open(&clickhouse.Options{
		Addr:        []string{env.addr},
		Auth:        clickhouse.Auth{Database: database, Username: env.user, Password: env.password},
		DialTimeout: chDialTimeout,
		ReadTimeout: chReadTimeout,
	})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), chStatementTimeout)
	defer cancel()
	if err := conn.Ping(ctx); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("ping: %w", err)
	}
	return conn, nil
}

// exec runs one statement on a connection of its own, so that a server
// restart in between cannot hand it a dead pooled connection.
func (env *chEnv) exec(query string) error {
	conn, err := env.open("")
	if err != nil {
		return err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), chStatementTimeout)
	defer cancel()
	return conn.Exec(ctx, query)
}

// drop removes a test's database at the end of the test. A server that the
// test left stopped takes its databases with it when Main removes it.
func (env *chEnv) drop(tb testing.TB, name string) {
	tb.Helper()
	clickHouse.mu.Lock()
	stopped := env.srv != nil && !env.srv.running()
	clickHouse.mu.Unlock()
	if stopped {
		return
	}
	if err := env.exec("DROP DATABASE IF EXISTS " + name); err != nil {
		tb.Errorf("drop database %s on clickhouse %s: %v", name, env.addr, err)
	}
}
