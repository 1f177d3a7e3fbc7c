package progress

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// MeterOptions configure a Meter.
type MeterOptions struct {
	// Label names the job: "import budgets".
	Label string
	// Unit names what is counted: "rows".
	Unit string
	// Total is the size of the job; 0 means unknown (no bar, no ETA).
	Total int64
	// Terminal redraws one line in place; otherwise each update is a line
	// of its own. The caller decides (a terminal check on the writer).
	Terminal bool
	// Interval is the time between updates: default 200ms on a terminal
	// and 5s otherwise.
	Interval time.Duration
	// Now is the clock; default time.Now. Tests set it.
	Now func() time.Time
}

// Meter counts the steps of a job and shows the count, the rate, the ETA
// and the failures:
//
//	import budgets [=====>                        ]  19%  1900/10000 rows  312/s  ETA 26s  3 failed
//
// Add, Fail and SetTotal may be called from any goroutine.
type Meter struct {
	w    io.Writer
	o    MeterOptions
	from time.Time

	total, done, failed atomic.Int64

	mu      sync.Mutex
	width   int
	closed  bool
	started bool
	quit    chan struct{}
	exited  chan struct{}
}

// NewMeter returns a meter writing to w; Start draws it periodically and
// Stop ends it.
func NewMeter(w io.Writer, o MeterOptions) *Meter {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Interval <= 0 {
		o.Interval = 5 * time.Second
		if o.Terminal {
			o.Interval = 200 * time.Millisecond
		}
	}
	m := &Meter{w: w, o: o, from: o.Now(), quit: make(chan struct{}), exited: make(chan struct{})}
	m.total.Store(o.Total)
	return m
}

// SetTotal sets the size of the job once it is known.
func (m *Meter) SetTotal(n int64) { m.total.Store(n) }

// Add counts n steps done.
func (m *Meter) Add(n int64) { m.done.Add(n) }

// Fail counts n steps done that failed.
func (m *Meter) Fail(n int64) {
	m.failed.Add(n)
	m.done.Add(n)
}

// MeterState is what a meter shows at one moment.
type MeterState struct {
	Label, Unit         string
	Done, Total, Failed int64
	Elapsed             time.Duration
}

// State returns the meter's current state.
func (m *Meter) State() MeterState {
	return MeterState{
		Label: m.o.Label, Unit: m.o.Unit,
		Done: m.done.Load(), Total: m.total.Load(), Failed: m.failed.Load(),
		Elapsed: m.o.Now().Sub(m.from),
	}
}

// Rate is the average steps per second since the start.
func (s MeterState) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Done) / s.Elapsed.Seconds()
}

// ETA estimates the time left at the average rate so far; ok is false
// when the total or the rate is unknown, or the job is done.
func (s MeterState) ETA() (time.Duration, bool) {
	r := s.Rate()
	if s.Total <= 0 || r <= 0 || s.Done >= s.Total {
		return 0, false
	}
	return time.Duration(float64(s.Total-s.Done) / r * float64(time.Second)), true
}

// String is the meter's line: the bar of Render when the total is known,
// then rate, ETA and failures.
func (s MeterState) String() string {
	var b strings.Builder
	if s.Total > 0 {
		b.WriteString(Render(s.Label, uint64(max(s.Done, 0)), uint64(s.Total), s.Unit))
	} else {
		if s.Label != "" {
			b.WriteString(s.Label + " ")
		}
		fmt.Fprintf(&b, "%d", s.Done)
		if s.Unit != "" {
			b.WriteString(" " + s.Unit)
		}
	}
	b.WriteString("  " + formatRate(s.Rate()))
	if eta, ok := s.ETA(); ok {
		b.WriteString("  ETA " + FormatDuration(eta))
	}
	if s.Failed > 0 {
		fmt.Fprintf(&b, "  %d failed", s.Failed)
	}
	return b.String()
}

func formatRate(r float64) string {
	switch {
	case r >= 100:
		return fmt.Sprintf("%.0f/s", r)
	case r >= 10:
		return fmt.Sprintf("%.1f/s", r)
	default:
		return fmt.Sprintf("%.2f/s", r)
	}
}

// FormatDuration writes d briefly: "850ms", "12s", "3m04s", "2h05m".
func FormatDuration(d time.Duration) string {
	if d < time.Second {
		return fmt.Sprintf("%dms", d.Milliseconds())
	}
	if d = d.Round(time.Second); d < time.Hour {
		if d < time.Minute {
			return fmt.Sprintf("%ds", int(d.Seconds()))
		}
		return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	d = d.Round(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

// Start draws the meter every Interval until Stop.
func (m *Meter) Start() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.started || m.closed {
		return
	}
	m.started = true
	go func() {
		defer close(m.exited)
		t := time.NewTicker(m.o.Interval)
		defer t.Stop()
		for {
			select {
			case <-m.quit:
				return
			case <-t.C:
				m.Draw()
			}
		}
	}()
}

// Draw writes the current state now: on a terminal over the previous line,
// otherwise as a line of its own.
func (m *Meter) Draw() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.closed {
		m.draw()
	}
}

func (m *Meter) draw() {
	line := m.State().String()
	if !m.o.Terminal {
		fmt.Fprintln(m.w, line)
		return
	}
	n := len([]rune(line))
	pad := ""
	if m.width > n {
		pad = strings.Repeat(" ", m.width-n)
	}
	m.width = n
	fmt.Fprint(m.w, "\r"+line+pad)
}

// Stop draws the final state, ends the line and stops the updates. Only
// the first call draws; the updates have ended when it returns.
func (m *Meter) Stop() {
	m.mu.Lock()
	if m.closed {
		m.mu.Unlock()
		return
	}
	m.draw()
	if m.o.Terminal {
		fmt.Fprintln(m.w)
	}
	m.closed = true
	close(m.quit)
	started := m.started
	m.mu.Unlock()
	if started {
		<-m.exited
	}
}
