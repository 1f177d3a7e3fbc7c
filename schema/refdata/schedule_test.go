package refdata_test

import (
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/refdata"
)

func mustLoad(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func compile(t *testing.T, s refdata.Schedule) refdata.WorkWeek {
	t.Helper()
	w, err := s.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWorkWeekSplit(t *testing.T) {
	office := refdata.Schedule{}
	for _, d := range []string{"mon", "tue", "wed", "thu", "fri"} {
		office[d] = []string{"13:00-17:00", "09:00-12:30"}
	}
	nightShift := refdata.Schedule{"sat": {"22:00-24:00"}, "sun": {"01:00-04:00", "20:00-24:00"}}
	ams, ny, tokyo := mustLoad(t, "Europe/Amsterdam"), mustLoad(t, "America/New_York"), mustLoad(t, "Asia/Tokyo")
	at := func(loc *time.Location, s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	day := func(s string) time.Time { return at(time.UTC, s+" 00:00") }
	type split = refdata.DaySplit
	m := func(n int) time.Duration { return time.Duration(n) * time.Minute }
	cases := []struct {
		name       string
		sched      refdata.Schedule
		loc        *time.Location
		start, end time.Time
		want       []split
	}{
		{"inside a working morning", office, ams, at(ams, "2026-03-02 10:00"), at(ams, "2026-03-02 11:00"),
			[]split{{day("2026-03-02"), m(60), m(60)}}},
		{"across lunch", office, ams, at(ams, "2026-03-02 12:00"), at(ams, "2026-03-02 14:00"),
			[]split{{day("2026-03-02"), m(120), m(90)}}},
		{"evening", office, ams, at(ams, "2026-03-02 18:00"), at(ams, "2026-03-02 20:00"),
			[]split{{day("2026-03-02"), m(120), 0}}},
		{"friday afternoon into saturday night: midnight and weekend", office, ams, at(ams, "2026-03-06 16:00"), at(ams, "2026-03-07 02:00"),
			[]split{{day("2026-03-06"), m(480), m(60)}, {day("2026-03-07"), m(120), 0}}},
		{"sunday night into monday morning", office, ams, at(ams, "2026-03-08 23:00"), at(ams, "2026-03-09 10:00"),
			[]split{{day("2026-03-08"), m(60), 0}, {day("2026-03-09"), m(600), m(60)}}},
		{"a whole weekend", office, ams, at(ams, "2026-03-07 00:00"), at(ams, "2026-03-09 00:00"),
			[]split{{day("2026-03-07"), m(1440), 0}, {day("2026-03-08"), m(1440), 0}}},
		{"spring forward: the night has an hour less", nightShift, ams, at(ams, "2026-03-28 23:00"), at(ams, "2026-03-29 05:00"),
			[]split{{day("2026-03-28"), m(60), m(60)}, {day("2026-03-29"), m(240), m(120)}}},
		{"fall back: the night has an hour more", nightShift, ams, at(ams, "2026-10-25 00:00"), at(ams, "2026-10-26 00:00"),
			[]split{{day("2026-10-25"), m(1500), m(240 + 240)}}},
		{"until 24:00", nightShift, ams, at(ams, "2026-03-08 23:00"), at(ams, "2026-03-09 01:00"),
			[]split{{day("2026-03-08"), m(60), m(60)}, {day("2026-03-09"), m(60), 0}}},
		{"the same instant is early morning in New York", office, ny, at(time.UTC, "2026-03-02 13:00"), at(time.UTC, "2026-03-02 15:00"),
			[]split{{day("2026-03-02"), m(120), m(60)}}},
		{"and afternoon in Amsterdam", office, ams, at(time.UTC, "2026-03-02 13:00"), at(time.UTC, "2026-03-02 15:00"),
			[]split{{day("2026-03-02"), m(120), m(120)}}},
		{"Tokyo: a UTC evening is the next local morning", office, tokyo, at(time.UTC, "2026-03-02 23:30"), at(time.UTC, "2026-03-03 01:00"),
			[]split{{day("2026-03-03"), m(90), m(60)}}},
		{"no working days at all", refdata.Schedule{}, ams, at(ams, "2026-03-02 10:00"), at(ams, "2026-03-02 11:00"),
			[]split{{day("2026-03-02"), m(60), 0}}},
		{"seconds are kept", office, ams, at(ams, "2026-03-02 16:59").Add(30 * time.Second), at(ams, "2026-03-02 17:01"),
			[]split{{day("2026-03-02"), 90 * time.Second, 30 * time.Second}}},
		{"empty session", office, ams, at(ams, "2026-03-02 10:00"), at(ams, "2026-03-02 10:00"), nil},
		{"end before start", office, ams, at(ams, "2026-03-02 10:00"), at(ams, "2026-03-02 09:00"), nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := compile(t, c.sched)
			got := w.Split(c.start, c.end, c.loc)
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			var total time.Duration
			for i := range got {
				if !got[i].Day.Equal(c.want[i].Day) || got[i].Total != c.want[i].Total || got[i].Work != c.want[i].Work {
					t.Fatalf("day %d: got %v %v %v, want %v %v %v", i, got[i].Day.Format(time.DateOnly), got[i].Total, got[i].Work,
						c.want[i].Day.Format(time.DateOnly), c.want[i].Total, c.want[i].Work)
				}
				total += got[i].Total
			}
			if len(got) > 0 && total != c.end.Sub(c.start) {
				t.Fatalf("days add up to %v, the session lasts %v", total, c.end.Sub(c.start))
			}
		})
	}
}

func TestScheduleCanonical(t *testing.T) {
	cases := []struct {
		name string
		in   refdata.Schedule
		want string
	}{
		{"nil means the tenant's", nil, ""},
		{"empty means no working time", refdata.Schedule{}, "none"},
		{"days without ranges", refdata.Schedule{"sat": {}}, "none"},
		{"week order and sorted ranges", refdata.Schedule{"fri": {"13:00-17:00", "09:00-12:00"}, "mon": {"09:00-17:00"}},
			"mon=09:00-17:00;fri=09:00-12:00,13:00-17:00"},
		{"touching and overlapping ranges merge", refdata.Schedule{"tue": {"09:00-12:00", "12:00-13:00", "12:30-14:00"}}, "tue=09:00-14:00"},
		{"the default", refdata.DefaultSettings().WorkSchedule,
			"mon=09:00-17:00;tue=09:00-17:00;wed=09:00-17:00;thu=09:00-17:00;fri=09:00-17:00"},
		{"until midnight", refdata.Schedule{"sun": {"20:00-24:00"}}, "sun=20:00-24:00"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := refdata.CanonicalSchedule(c.in)
			if err != nil || got != c.want {
				t.Fatalf("got %q, %v; want %q", got, err, c.want)
			}
			if got == "" {
				return
			}
			back, err := refdata.ParseWorkWeek(got)
			if err != nil || back.Canonical() != got {
				t.Fatalf("ParseWorkWeek(%q) = %q, %v", got, back.Canonical(), err)
			}
		})
	}
	for _, bad := range []refdata.Schedule{{"monday": {"09:00-17:00"}}, {"mon": {"9-17"}}, {"mon": {"17:00-09:00"}}} {
		if _, err := refdata.CanonicalSchedule(bad); err == nil {
			t.Errorf("CanonicalSchedule(%v): no error", bad)
		}
	}
	for _, bad := range []string{"", "mon", "mon=9-17", "xyz=09:00-10:00"} {
		if _, err := refdata.ParseWorkWeek(bad); err == nil {
			t.Errorf("ParseWorkWeek(%q): no error", bad)
		}
	}
}

func TestScheduleKey(t *testing.T) {
	key := refdata.ScheduleKey("Asia/Tokyo", "mon=09:00-17:00")
	if key != "Asia/Tokyo|mon=09:00-17:00" {
		t.Fatalf("key %q", key)
	}
	loc, w, err := refdata.ParseScheduleKey(key)
	if err != nil || loc.String() != "Asia/Tokyo" || w.Canonical() != "mon=09:00-17:00" {
		t.Fatalf("ParseScheduleKey = %v, %q, %v", loc, w.Canonical(), err)
	}
	for _, bad := range []string{"no zone", "Mars/Olympus|none", "Europe/Amsterdam|mon=bad"} {
		if _, _, err := refdata.ParseScheduleKey(bad); err == nil {
			t.Errorf("ParseScheduleKey(%q): no error", bad)
		}
	}
}
