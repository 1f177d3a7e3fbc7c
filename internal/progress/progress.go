// Package progress draws progress for long command-line jobs: a Bar for a
// job that reports where it is (a replay: acknowledged of pending events),
// and a Meter for a job that counts steps and wants a rate and an ETA (a
// CSV import, demo data). On a terminal both redraw one line in place;
// elsewhere (a pipe, a log file, CI) they write plain lines now and then.
// It imports only the standard library.
package progress

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
)

// barWidth is the width of the bar between the brackets.
const barWidth = 30

// Render draws a bar line:
//
//	replay [===============>              ]  50%  100/200 events
//
// Done past the total shows a full bar; a total of 0 is a finished job.
func Render(label string, done, total uint64, unit string) string {
	pct := 100
	filled := barWidth
	if total > 0 && done < total {
		pct = int(done * 100 / total)
		filled = int(done * barWidth / total)
	}
	bar := strings.Repeat("=", filled)
	if filled < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-filled-1)
	}
	line := fmt.Sprintf("[%s] %3d%%  %d/%d", bar, pct, done, total)
	if unit != "" {
		line += " " + unit
	}
	if label != "" {
		line = label + " " + line
	}
	return line
}

// Bar shows where a job is. On a terminal every Set redraws the line; on
// anything else a line is written each time the job passes a tenth, so a
// log gets at most a dozen lines.
type Bar struct {
	w     io.Writer
	label string
	tty   bool

	mu       sync.Mutex
	tenth    int // last tenth written to a non-terminal; -1 for none
	width    int // runes of the last line drawn on a terminal
	finished bool
}

// New returns a bar labelled label that writes to w.
func New(w io.Writer, label string) *Bar {
	return &Bar{w: w, label: label, tty: isTerminal(w), tenth: -1}
}

// Set reports the job at done of total units.
func (b *Bar) Set(done, total uint64, unit string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	line := Render(b.label, done, total, unit)
	if b.tty {
		b.redraw(line)
		return
	}
	t := 10
	if total > 0 && done < total {
		t = int(done * 10 / total)
	}
	if t != b.tenth {
		b.tenth = t
		fmt.Fprintln(b.w, line)
	}
}

// Finish draws the final state and ends the line; later calls do nothing.
func (b *Bar) Finish(done, total uint64, unit string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.finished {
		return
	}
	b.finished = true
	line := Render(b.label, done, total, unit)
	if b.tty {
		b.redraw(line)
		fmt.Fprintln(b.w)
		return
	}
	fmt.Fprintln(b.w, line)
}

func (b *Bar) redraw(line string) {
	n := len([]rune(line))
	pad := ""
	if b.width > n {
		pad = strings.Repeat(" ", b.width-n)
	}
	b.width = n
	fmt.Fprint(b.w, "\r"+line+pad)
}

// isTerminal reports whether w is a terminal, where a line can be redrawn.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
