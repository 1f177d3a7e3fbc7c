package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildLeerlijn builds this package's binary into a temporary directory,
// with -race when the tests run with it, so that crash tests can kill a
// real process.
func buildLeerlijn(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the crash tests build leerlijn with the go command, which is not on PATH: %v", err)
	}
	out := filepath.Join(t.TempDir(), "leerlijn")
	args := []string{"build", "-o", out}
	if raceEnabled {
		args = append(args, "-race")
	}
	cmd := exec.Command(goBin, append(args, ".")...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, b)
	}
	return out
}

// proc is a leerlijn process started by a test. It logs JSON to stderr;
// the test waits for log records by message.
type proc struct {
	t    *testing.T
	name string
	cmd  *exec.Cmd
	done chan struct{}

	mu      sync.Mutex
	records []map[string]any
	text    strings.Builder // every stderr line, for failure messages
	changed chan struct{}
}

// startProc runs bin with args and vars in its environment (besides PATH
// and HOME) and kills it when the test ends.
func startProc(t *testing.T, name, bin string, args []string, vars map[string]string) *proc {
	t.Helper()
	cmd := exec.Command(bin, append(args, "-log.format", "json")...)
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME")}
	for k, v := range vars {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = io.Discard
	p := &proc{t: t, name: name, cmd: cmd, done: make(chan struct{}), changed: make(chan struct{})}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go p.read(stderr)
	t.Cleanup(func() {
		p.kill()
		if strings.Contains(p.logs(), "WARNING: DATA RACE") {
			t.Errorf("%s reported a data race:\n%s", name, p.logs())
		}
	})
	return p
}

func (p *proc) read(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		var rec map[string]any
		_ = json.Unmarshal([]byte(line), &rec)
		p.mu.Lock()
		p.text.WriteString(line + "\n")
		if rec != nil {
			p.records = append(p.records, rec)
		}
		close(p.changed)
		p.changed = make(chan struct{})
		p.mu.Unlock()
	}
	_ = p.cmd.Wait()
	close(p.done)
}

func (p *proc) logs() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.text.String()
}

// waitLog waits for the first log record with message msg and returns the
// value of its key attribute.
func (p *proc) waitLog(msg, key string) string {
	p.t.Helper()
	deadline := time.After(2 * time.Minute)
	for {
		p.mu.Lock()
		for _, r := range p.records {
			if r["msg"] == msg {
				p.mu.Unlock()
				return fmt.Sprint(r[key])
			}
		}
		changed := p.changed
		p.mu.Unlock()
		select {
		case <-changed:
		case <-p.done:
			p.t.Fatalf("%s exited (%v) before logging %q:\n%s", p.name, p.cmd.ProcessState, msg, p.logs())
		case <-deadline:
			p.t.Fatalf("%s did not log %q within 2m:\n%s", p.name, msg, p.logs())
		}
	}
}

// kill sends SIGKILL, as a crash or the OOM killer would, and waits.
func (p *proc) kill() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Kill()
	<-p.done
}

// stop sends SIGTERM and waits for a clean exit.
func (p *proc) stop() {
	p.t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(time.Minute):
		p.t.Errorf("%s did not stop within 1m of SIGTERM:\n%s", p.name, p.logs())
		p.kill()
	}
}
