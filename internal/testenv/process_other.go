//go:build !linux

// This file starts server processes on systems without Pdeathsig: a killed
// test binary may leave its server running there.

package testenv

import (
	"os/exec"
	"syscall"
)

// serverProcAttr leaves the defaults: only Linux can tie the server's life
// to the test binary's.
func serverProcAttr() *syscall.SysProcAttr { return nil }

// killProcessGroup does nothing: the server has no group of its own here.
func killProcessGroup(*exec.Cmd) {}
