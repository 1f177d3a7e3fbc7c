// This file finds the clickhouse-server binary and tells whether it predates
// ClickHouse 19.3, the release that made LowCardinality production ready
// and removed the setting that older servers need for it.

package testenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// errServerNotFound carries the fix in its message: tests fail with it,
// they never skip.
var errServerNotFound = errors.New("clickhouse-server not found: run `make test`, which installs Debian's clickhouse-server, or set " +
	addrEnv + "=host:port")

// debianServerBinary is where Debian's clickhouse-server package puts the
// server (a variable for the tests).
var debianServerBinary = "/usr/sbin/clickhouse-server"

// findServerBinary returns the command that runs a server: Debian's
// /usr/sbin/clickhouse-server, else clickhouse-server or `clickhouse server`
// from PATH.
func findServerBinary() ([]string, error) {
	if st, err := os.Stat(debianServerBinary); err == nil && !st.IsDir() {
		return []string{debianServerBinary}, nil
	}
	if p, err := exec.LookPath("clickhouse-server"); err == nil {
		return []string{p}, nil
	}
	if p, err := exec.LookPath("clickhouse"); err == nil {
		return []string{p, "server"}, nil
	}
	return nil, errServerNotFound
}

var versionRE = regexp.MustCompile(`(?:^|[^0-9.])(\d+)\.(\d+)\.\d+`)

// isLegacyServer reports whether the server is older than 19.3. Current
// servers print their version with --version; 18.x answers "Unknown option
// specified: version", and its Debian package says which version it is.
func isLegacyServer(argv []string) (bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	out, runErr := exec.CommandContext(ctx, argv[0], append(argv[1:], "--version")...).CombinedOutput()
	if major, minor, ok := parseVersion(string(out)); ok {
		return older(major, minor), nil
	}
	if major, minor, ok := debianPackageVersion(argv[0]); ok {
		return older(major, minor), nil
	}
	if strings.Contains(string(out), "Unknown option specified: version") {
		return true, nil // every server that knows LowCardinality without the setting knows --version
	}
	return false, fmt.Errorf("tell the version of %s: --version printed %q (%v) and no Debian package owns it",
		strings.Join(argv, " "), strings.TrimSpace(string(out)), runErr)
}

func older(major, minor int) bool { return major < 19 || major == 19 && minor < 3 }

func parseVersion(s string) (major, minor int, ok bool) {
	m := versionRE.FindStringSubmatch(s)
	if m == nil {
		return 0, 0, false
	}
	major, err1 := strconv.Atoi(m[1])
	minor, err2 := strconv.Atoi(m[2])
	return major, minor, err1 == nil && err2 == nil
}

// debianPackageVersion asks dpkg which package owns the binary and its
// version ("18.16.1+ds-7.3+b2").
func debianPackageVersion(bin string) (major, minor int, ok bool) {
	if resolved, err := filepath.EvalSymlinks(bin); err == nil {
		bin = resolved
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	owner, err := exec.CommandContext(ctx, "dpkg-query", "-S", bin).Output()
	if err != nil {
		return 0, 0, false
	}
	pkg, _, found := strings.Cut(strings.TrimSpace(string(owner)), ":")
	if !found {
		return 0, 0, false
	}
	version, err := exec.CommandContext(ctx, "dpkg-query", "-W", "-f=${Version}", pkg).Output()
	if err != nil {
		return 0, 0, false
	}
	return parseVersion(" " + string(version))
}
