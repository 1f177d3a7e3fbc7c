package refdata_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/leerlijn/leerlijn/schema/refdata"
)

func TestParseScheduleSpec(t *testing.T) {
	day := func(spans ...string) []string { return spans }
	cases := []struct {
		name   string
		spec   string
		want   refdata.Schedule
		reason string // a problem's reason contains it; "" means no error
	}{
		{"empty is the tenant default", "", nil, ""},
		{"blank is the tenant default", "  ", nil, ""},
		{"one day", "mon 09:00-17:00", refdata.Schedule{"mon": day("09:00-17:00")}, ""},
		{"day range, two ranges", "mon-fri 09:00-12:30 13:00-17:00", refdata.Schedule{
			"mon": day("09:00-12:30", "13:00-17:00"), "tue": day("09:00-12:30", "13:00-17:00"), "wed": day("09:00-12:30", "13:00-17:00"),
			"thu": day("09:00-12:30", "13:00-17:00"), "fri": day("09:00-12:30", "13:00-17:00"),
		}, ""},
		{"groups", "mon-fri 09:00-12:30 13:00-17:00; sat 10:00-12:00", refdata.Schedule{
			"mon": day("09:00-12:30", "13:00-17:00"), "tue": day("09:00-12:30", "13:00-17:00"), "wed": day("09:00-12:30", "13:00-17:00"),
			"thu": day("09:00-12:30", "13:00-17:00"), "fri": day("09:00-12:30", "13:00-17:00"), "sat": day("10:00-12:00"),
		}, ""},
		{"day list", "mon,wed,fri 08:30-16:30", refdata.Schedule{"mon": day("08:30-16:30"), "wed": day("08:30-16:30"), "fri": day("08:30-16:30")}, ""},
		{"list with range and spaces", "Mon-Tue, FRI 8:00-12:00,13:00-16:00 ;", refdata.Schedule{
			"mon": day("08:00-12:00", "13:00-16:00"), "tue": day("08:00-12:00", "13:00-16:00"), "fri": day("08:00-12:00", "13:00-16:00"),
		}, ""},
		{"ranges sorted", "tue 13:00-17:00 09:00-12:00", refdata.Schedule{"tue": day("09:00-12:00", "13:00-17:00")}, ""},
		{"until midnight", "sun 20:00-24:00", refdata.Schedule{"sun": day("20:00-24:00")}, ""},
		{"weekend range", "sat-sun 10:00-14:00", refdata.Schedule{"sat": day("10:00-14:00"), "sun": day("10:00-14:00")}, ""},
		{"no ranges", "mon-fri", nil, "give one or more time ranges"},
		{"no days", "09:00-17:00", nil, "start with the days"},
		{"unknown day", "monday 09:00-17:00", nil, `"monday" is not a day`},
		{"backwards day range", "fri-mon 09:00-17:00", nil, "goes backwards"},
		{"hour only", "mon 9-17", nil, `"9-17" is not a time range`},
		{"three-digit hour", "mon 009:00-17:00", nil, "is not a time range"},
		{"minutes out of range", "mon 09:60-17:00", nil, "must be a time range"},
		{"hour out of range", "mon 25:00-26:00", nil, "must be a time range"},
		{"ends before it starts", "mon 17:00-09:00", nil, "must end after it starts"},
		{"empty range", "mon 09:00-09:00", nil, "must end after it starts"},
		{"overlap", "mon 09:00-13:00 12:00-17:00", nil, "overlap"},
		{"day twice", "mon-fri 09:00-17:00; wed 09:00-12:00", nil, "day wed is given twice"},
		{"missing separator", "mon 09:00-12:00 tue 10:00-11:00", nil, "is not a time range"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := refdata.ParseScheduleSpec(c.spec)
			if c.reason == "" {
				if err != nil {
					t.Fatalf("error %v", err)
				}
				if !reflect.DeepEqual(got, c.want) {
					t.Fatalf("got %v, want %v", got, c.want)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, got %v", got)
			}
			if !strings.Contains(err.Error(), c.reason) {
				t.Fatalf("error %q does not say %q", err, c.reason)
			}
			if p := paths(t, err); p[0] != "work_schedule" {
				t.Fatalf("problem paths %q", p)
			}
		})
	}
}

func TestFormatScheduleSpec(t *testing.T) {
	cases := []struct {
		in   refdata.Schedule
		want string
	}{
		{nil, ""},
		{refdata.Schedule{}, ""},
		{refdata.DefaultSettings().WorkSchedule, "mon-fri 09:00-17:00"},
		{refdata.Schedule{"mon": {"09:00-12:00"}, "wed": {"09:00-12:00"}, "sat": {"10:00-12:00", "13:00-14:00"}}, "mon 09:00-12:00; wed 09:00-12:00; sat 10:00-12:00 13:00-14:00"},
		{refdata.Schedule{"sat": {"10:00-12:00"}, "sun": {"10:00-12:00"}}, "sat-sun 10:00-12:00"},
	}
	for _, c := range cases {
		got := refdata.FormatScheduleSpec(c.in)
		if got != c.want {
			t.Errorf("FormatScheduleSpec(%v) = %q, want %q", c.in, got, c.want)
		}
		back, err := refdata.ParseScheduleSpec(got)
		if err != nil || len(back) != len(c.in) || (len(c.in) > 0 && !reflect.DeepEqual(back, c.in)) {
			t.Errorf("ParseScheduleSpec(%q) = %v, %v; want %v", got, back, err, c.in)
		}
	}
}
