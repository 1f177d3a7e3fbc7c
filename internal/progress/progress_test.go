package progress_test

import (
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/internal/progress"
)

func TestRender(t *testing.T) {
	cases := []struct {
		name        string
		done, total uint64
		want        string
	}{
		{"start", 0, 200, "replay [>                             ]   0%  0/200 events"},
		{"half", 100, 200, "replay [===============>              ]  50%  100/200 events"},
		{"done", 200, 200, "replay [==============================] 100%  200/200 events"},
		{"past the total", 250, 200, "replay [==============================] 100%  250/200 events"},
		{"nothing to do", 0, 0, "replay [==============================] 100%  0/0 events"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := progress.Render("replay", c.done, c.total, "events"); got != c.want {
				t.Fatalf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestBarOnAPipe prints a line per tenth, not per update.
func TestBarOnAPipe(t *testing.T) {
	var out strings.Builder
	b := progress.New(&out, "replay")
	for i := uint64(0); i <= 1000; i++ {
		b.Set(i, 1000, "events")
	}
	b.Finish(1000, 1000, "events, done")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 12 {
		t.Fatalf("%d lines, want 11 tenths and the final line:\n%s", len(lines), out.String())
	}
	if !strings.HasSuffix(lines[11], "100%  1000/1000 events, done") {
		t.Fatalf("last line %q", lines[11])
	}
	b.Set(5, 10, "")
	if strings.Count(out.String(), "\n") != 12 {
		t.Fatal("Set after Finish printed")
	}
}
