// This file routes the embedded NATS servers' log lines to the test log.

package testenv

import (
	"fmt"
	"sync"
	"testing"
)

// serverLog is a nats-server Logger writing through tb.Log. It goes quiet
// once closed, because logging to a finished test panics and server
// goroutines may still log while they wind down.
type serverLog struct {
	mu     sync.Mutex
	tb     testing.TB
	prefix string
	closed bool
}

func newServerLog(tb testing.TB, prefix string) *serverLog {
	return &serverLog{tb: tb, prefix: prefix}
}

func (l *serverLog) logf(level, format string, v ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	l.tb.Logf("%s %s %s", l.prefix, level, fmt.Sprintf(format, v...))
}

// close stops forwarding; later log lines are dropped.
func (l *serverLog) close() {
	l.mu.Lock()
	l.closed = true
	l.mu.Unlock()
}

func (l *serverLog) Noticef(format string, v ...any) { l.logf("[INF]", format, v...) }
func (l *serverLog) Warnf(format string, v ...any)   { l.logf("[WRN]", format, v...) }
func (l *serverLog) Errorf(format string, v ...any)  { l.logf("[ERR]", format, v...) }
func (l *serverLog) Debugf(format string, v ...any)  { l.logf("[DBG]", format, v...) }
func (l *serverLog) Tracef(format string, v ...any)  { l.logf("[TRC]", format, v...) }

// Fatalf only logs: the server reports a fatal start error and stops by
// itself, and the caller notices that it never becomes ready.
func (l *serverLog) Fatalf(format string, v ...any) { l.logf("[FTL]", format, v...) }
