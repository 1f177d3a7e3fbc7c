package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

// TestClientsMode runs leerlijn clients add, list, update and revoke
// against an embedded JetStream.
func TestClientsMode(t *testing.T) {
	ns := testenv.NATS(t)
	run1 := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		e := &env{getenv: func(string) string { return "" }, stdout: &out, stderr: io.Discard}
		args = append([]string{"clients", args[0], "-nats.url", ns.ClientURL(), "-log.level", "error"}, args[1:]...)
		if err := run(context.Background(), args, e); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, out.String())
		}
		return out.String()
	}
	out := run1("add", "-tenant", "acme", "-key", "h5p-client", "-scopes", "statements/write", "-validation", "lenient")
	if !strings.Contains(out, "secret: ") {
		t.Fatalf("add: %s", out)
	}
	if out := run1("list"); !strings.Contains(out, "h5p-client") || !strings.Contains(out, "lenient") {
		t.Fatalf("list: %s", out)
	}
	if out := run1("update", "-validation", "strict", "-scopes", "statements/write,statements/read/mine", "h5p-client"); !strings.Contains(out, "validation strict") || !strings.Contains(out, "statements/read/mine") {
		t.Fatalf("update: %s", out)
	}
	run1("revoke", "h5p-client")
	if out := run1("list"); !strings.Contains(out, "h5p-client") || !strings.Contains(out, "strict") {
		t.Fatalf("list after revoke: %s", out)
	}
}
