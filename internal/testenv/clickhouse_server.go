// This file runs the throwaway clickhouse-server process of a test package:
// start on free ports (retrying when another package's server took one),
// wait until it answers, stop it and start it again on the same data.

package testenv

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

const (
	// chReadyTimeout bounds the wait for a started server to answer.
	chReadyTimeout = 60 * time.Second
	// chStopTimeout is how long a server gets to exit after SIGTERM
	// before it is killed.
	chStopTimeout = 30 * time.Second
	// chStartAttempts is how often a new server draws new ports when one
	// of its ports was taken before it could bind it.
	chStartAttempts = 5
)

// errAddrInUse marks a start that failed because a port was taken.
var errAddrInUse = errors.New("address already in use")

// chServer is a clickhouse-server process that testenv started, with its
// config, data and logs in one temp dir.
type chServer struct {
	argv []string // the server command, without the config flag
	conf chConfig
	proc *chProcess // nil while stopped
}

// chProcess is one run of the server.
type chProcess struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // the exit status, set before done is closed
}

// startServer starts a new server in a new temp dir.
func startServer() (*chServer, error) {
	argv, err := findServerBinary()
	if err != nil {
		return nil, err
	}
	legacy, err := isLegacyServer(argv)
	if err != nil {
		return nil, err
	}
	packaged, err := readPackagedConfig()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "leerlijn-clickhouse-")
	if err != nil {
		return nil, fmt.Errorf("make clickhouse-server dir: %w", err)
	}
	s := &chServer{argv: argv, conf: chConfig{dir: dir, id: randomHex(8), legacy: legacy}}
	for attempt := 1; ; attempt++ {
		ports, err := freePorts(3)
		if err == nil {
			s.conf.ports = chPorts{tcp: ports[0], http: ports[1], interserver: ports[2]}
			err = writeServerConfig(s.conf, packaged)
		}
		if err == nil {
			err = s.start()
		}
		if err == nil {
			return s, nil
		}
		if !errors.Is(err, errAddrInUse) || attempt == chStartAttempts {
			_ = os.RemoveAll(dir)
			return nil, err
		}
	}
}

// addr is the server's native protocol address.
func (s *chServer) addr() string {
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.conf.ports.tcp))
}

// running reports whether the server was started and has not exited.
func (s *chServer) running() bool {
	if s.proc == nil {
		return false
	}
	select {
	case <-s.proc.done:
		return false
	default:
		return true
	}
}

// start runs the server on its config and waits until it answers.
func (s *chServer) start() error {
	if s.running() {
		return nil
	}
	for _, d := range []string{s.conf.dataDir(), s.conf.logDir()} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("make clickhouse-server dir: %w", err)
		}
	}
	p, err := s.launch()
	if err != nil {
		return err
	}
	if err := s.waitReady(p); err != nil {
		p.kill()
		return err
	}
	s.proc = p
	return nil
}

// launch starts the process. Pdeathsig fires when the thread that started
// the child exits, not the process (golang/go#27505), so the goroutine that
// starts the server keeps its thread locked and alive until the server
// exits.
func (s *chServer) launch() (*chProcess, error) {
	stderr, err := os.OpenFile(s.conf.stderrLog(), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("open clickhouse-server output: %w", err)
	}
	defer stderr.Close()
	args := append(s.argv[1:len(s.argv):len(s.argv)], "--config-file="+s.conf.configFile())
	cmd := exec.Command(s.argv[0], args...)
	cmd.Dir = s.conf.dir
	cmd.Stdout, cmd.Stderr = stderr, stderr
	cmd.Env = append(os.Environ(), "CLICKHOUSE_WATCHDOG_ENABLE=0") // no forked watchdog parent
	cmd.SysProcAttr = serverProcAttr()
	p := &chProcess{cmd: cmd, done: make(chan struct{})}
	started := make(chan error, 1)
	go func() {
		runtime.LockOSThread() // never unlocked: the thread ends with the server
		if err := cmd.Start(); err != nil {
			started <- err
			return
		}
		started <- nil
		p.err = cmd.Wait()
		close(p.done)
	}()
	if err := <-started; err != nil {
		return nil, fmt.Errorf("run %s: %w", strings.Join(cmd.Args, " "), err)
	}
	return p, nil
}

// waitReady pings the server until it answers, it exits, or the deadline
// passes. The answer must carry our testenv_id macro: on a busy machine a
// port we drew may belong to another package's server by now.
func (s *chServer) waitReady(p *chProcess) error {
	conn, err := clickhouse.Open(&clickhouse.Options{
		Addr:         []string{s.addr()},
		Auth:         clickhouse.Auth{Username: "default"},
		DialTimeout:  time.Second,
		ReadTimeout:  10 * time.Second,
		MaxOpenConns: 1,
	})
	if err != nil {
		return fmt.Errorf("connect to clickhouse-server on %s: %w", s.addr(), err)
	}
	defer conn.Close()
	deadline := time.Now().Add(chReadyTimeout)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		var id string
		err := conn.QueryRow(ctx, "SELECT substitution FROM system.macros WHERE macro = 'testenv_id'").Scan(&id)
		cancel()
		select {
		case <-p.done:
			return s.exitError(p)
		default:
		}
		switch {
		case err == nil && id == s.conf.id:
			return nil
		case err == nil, errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("start clickhouse-server: port %d answers as another server: %w", s.conf.ports.tcp, errAddrInUse)
		case time.Now().After(deadline):
			return fmt.Errorf("start clickhouse-server on %s: no answer after %s: %v%s", s.addr(), chReadyTimeout, err, s.logTail())
		}
		select {
		case <-p.done:
			return s.exitError(p)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// exitError explains why the server exited during start.
func (s *chServer) exitError(p *chProcess) error {
	tail := s.logTail()
	if strings.Contains(tail, "Address already in use") {
		return fmt.Errorf("start clickhouse-server on %s: exited (%v): %w%s", s.addr(), p.err, errAddrInUse, tail)
	}
	return fmt.Errorf("start clickhouse-server on %s: exited (%v)%s", s.addr(), p.err, tail)
}

// stop sends SIGTERM and waits for the server to exit, killing it after
// chStopTimeout. The data stays for the next start.
func (s *chServer) stop() error {
	p := s.proc
	if p == nil {
		return nil
	}
	s.proc = nil
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		p.kill()
		return nil
	}
	select {
	case <-p.done:
		return nil
	case <-time.After(chStopTimeout):
		p.kill()
		return fmt.Errorf("stop clickhouse-server on %s: still running %s after SIGTERM, killed%s", s.addr(), chStopTimeout, s.logTail())
	}
}

// close stops the server and removes its temp dir.
func (s *chServer) close() error {
	err := s.stop()
	if rmErr := os.RemoveAll(s.conf.dir); rmErr != nil {
		err = errors.Join(err, fmt.Errorf("remove clickhouse-server dir: %w", rmErr))
	}
	return err
}

// kill ends the process (and its process group) at once and waits for it.
func (p *chProcess) kill() {
	killProcessGroup(p.cmd)
	_ = p.cmd.Process.Kill()
	<-p.done
}

// logTail returns the end of the server's error log and output, to put in
// a failure message.
func (s *chServer) logTail() string {
	var b strings.Builder
	for _, f := range []string{s.conf.errorLog(), s.conf.stderrLog()} {
		data, err := os.ReadFile(f)
		if err != nil || len(strings.TrimSpace(string(data))) == 0 {
			continue
		}
		const max = 4000
		if len(data) > max {
			data = data[len(data)-max:]
		}
		fmt.Fprintf(&b, "\n--- end of %s ---\n%s", f, strings.TrimRight(string(data), "\n"))
	}
	return b.String()
}
