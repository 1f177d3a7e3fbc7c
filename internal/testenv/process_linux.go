// This file ties a server process's life to the test binary's on Linux.

package testenv

import (
	"os/exec"
	"syscall"
)

// serverProcAttr puts the server in its own process group (so a terminal's
// Ctrl-C reaches only go test, which then stops it) and has the kernel kill
// it if the test binary dies first, e.g. on a test timeout or SIGKILL.
func serverProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// killProcessGroup kills everything in the server's process group.
func killProcessGroup(cmd *exec.Cmd) {
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
}
