package testenv

import (
	"errors"
	"net"
	"os"
	"strings"
	"testing"
)

func TestFindServerBinaryMissing(t *testing.T) {
	saved := debianServerBinary
	debianServerBinary = "/nonexistent/clickhouse-server"
	t.Cleanup(func() { debianServerBinary = saved })
	t.Setenv("PATH", t.TempDir())

	_, err := findServerBinary()
	if !errors.Is(err, errServerNotFound) {
		t.Fatalf("findServerBinary() error = %v, want errServerNotFound", err)
	}
	for _, want := range []string{"make test", "CLICKHOUSE_ADDR=host:port"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not mention %q", err, want)
		}
	}
}

// TestStartTakenPort checks that a server whose port is taken reports
// errAddrInUse, so that startServer draws new ports, also when the port
// belongs to another clickhouse-server that would answer our ping.
func TestStartTakenPort(t *testing.T) {
	if addr := os.Getenv(addrEnv); addr != "" {
		t.Skip(addrEnv + "=" + addr + " is set: the tests start no server of their own")
	}
	first, err := startServer()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := first.close(); err != nil {
			t.Error(err)
		}
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()

	for _, tc := range []struct {
		name string
		port int
	}{
		{"OtherServer", first.conf.ports.tcp},
		{"Listener", l.Addr().(*net.TCPAddr).Port},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ports, err := freePorts(2)
			if err != nil {
				t.Fatal(err)
			}
			s := &chServer{argv: first.argv, conf: chConfig{
				dir:    t.TempDir(),
				ports:  chPorts{tcp: tc.port, http: ports[0], interserver: ports[1]},
				id:     randomHex(8),
				legacy: first.conf.legacy,
			}}
			if err := writeServerConfig(s.conf, nil); err != nil {
				t.Fatal(err)
			}
			err = s.start()
			if err == nil {
				_ = s.stop()
				t.Fatalf("server started on taken port %d", tc.port)
			}
			if !errors.Is(err, errAddrInUse) {
				t.Fatalf("start on taken port %d: %v, want errAddrInUse", tc.port, err)
			}
			t.Logf("start on taken port %d: %v", tc.port, err)
			if s.running() {
				t.Fatal("server still running after a failed start")
			}
		})
	}
}
