package progress_test

import (
	"strings"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/internal/progress"
)

// clock is a fake clock the test moves.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func TestMeterState(t *testing.T) {
	cases := []struct {
		name  string
		state progress.MeterState
		want  string
	}{
		{"start", progress.MeterState{Label: "import", Unit: "rows", Total: 200}, "import [>                             ]   0%  0/200 rows  0.00/s"},
		{"running", progress.MeterState{Label: "import", Unit: "rows", Done: 50, Total: 200, Elapsed: 10 * time.Second}, "import [=======>                      ]  25%  50/200 rows  5.00/s  ETA 30s"},
		{"fast, with failures", progress.MeterState{Unit: "rows", Done: 5000, Total: 20000, Failed: 3, Elapsed: 10 * time.Second}, "[=======>                      ]  25%  5000/20000 rows  500/s  ETA 30s  3 failed"},
		{"done", progress.MeterState{Label: "import", Unit: "rows", Done: 200, Total: 200, Elapsed: 20 * time.Second}, "import [==============================] 100%  200/200 rows  10.0/s"},
		{"total unknown", progress.MeterState{Label: "import", Unit: "rows", Done: 1234, Elapsed: 4 * time.Second}, "import 1234 rows  308/s"},
		{"long ETA", progress.MeterState{Done: 1, Total: 7201, Elapsed: time.Second}, "[>                             ]   0%  1/7201  1.00/s  ETA 2h00m"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.state.String(); got != c.want {
				t.Fatalf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestFormatDuration(t *testing.T) {
	cases := map[time.Duration]string{
		850 * time.Millisecond:                "850ms",
		12 * time.Second:                      "12s",
		59*time.Second + 600*time.Millisecond: "1m00s",
		3*time.Minute + 4*time.Second:         "3m04s",
		2*time.Hour + 5*time.Minute:           "2h05m",
	}
	for d, want := range cases {
		if got := progress.FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%s) = %q, want %q", d, got, want)
		}
	}
}

// On a pipe every update is a plain line; Stop writes the final one.
func TestMeterPlainLines(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	var out strings.Builder
	m := progress.NewMeter(&out, progress.MeterOptions{Label: "import", Unit: "rows", Total: 4, Now: c.now})
	c.t = c.t.Add(time.Second)
	m.Add(1)
	m.Draw()
	c.t = c.t.Add(time.Second)
	m.Add(2)
	m.Fail(1)
	m.Stop()
	m.Stop()
	m.Draw()
	want := "import [=======>                      ]  25%  1/4 rows  1.00/s  ETA 3s\n" +
		"import [==============================] 100%  4/4 rows  2.00/s  1 failed\n"
	if out.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", out.String(), want)
	}
}

// On a terminal the line is redrawn in place, padded over a longer one.
func TestMeterTerminal(t *testing.T) {
	c := &clock{t: time.Unix(0, 0)}
	var out strings.Builder
	m := progress.NewMeter(&out, progress.MeterOptions{Unit: "rows", Terminal: true, Now: c.now})
	c.t = c.t.Add(time.Second)
	m.Add(1500)
	m.Draw()
	c.t = c.t.Add(time.Second)
	m.Stop()
	want := "\r1500 rows  1500/s" + "\r1500 rows  750/s " + "\n"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}

// Start draws until Stop; after Stop returns nothing more is written.
func TestMeterStartStop(t *testing.T) {
	var out syncBuilder
	m := progress.NewMeter(&out, progress.MeterOptions{Label: "x", Interval: time.Millisecond})
	m.Start()
	deadline := time.Now().Add(10 * time.Second)
	for strings.Count(out.String(), "\n") < 3 {
		if time.Now().After(deadline) {
			t.Fatal("no periodic lines")
		}
		time.Sleep(time.Millisecond)
	}
	m.Stop()
	n := out.String()
	time.Sleep(20 * time.Millisecond)
	if out.String() != n {
		t.Fatal("lines written after Stop")
	}
}
