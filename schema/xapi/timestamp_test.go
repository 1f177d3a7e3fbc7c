package xapi_test

import (
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestParseTimestamp(t *testing.T) {
	t.Parallel()
	want := time.Date(2026, 11, 23, 13, 1, 2, 345000000, time.UTC)
	for _, tc := range []struct {
		in   string
		want time.Time
	}{
		{"2026-11-23T13:01:02.345Z", want},
		{"2026-11-23T14:01:02.345+01:00", want},
		{"2026-11-23T14:01:02.345+0100", want},
		{"2026-11-23T14:01:02.345+01", want},
		{"2026-11-23T08:01:02.345-05:00", want},
		{"2026-11-23T13:01:02,345Z", want},
		{"2026-11-23T13:01:02.345000000000Z", want},
		{"2026-11-23T13:01:02.345", want},
		{"20261123T130102.345Z", want},
		{"20261123T140102.345+0100", want},
		{"2026-11-23T13:01:02Z", want.Truncate(time.Second)},
		{"2026-11-23T13:01Z", want.Truncate(time.Minute)},
		{"20261123T1301Z", want.Truncate(time.Minute)},
		{"2026-11-23T13:01:02.123456789Z", time.Date(2026, 11, 23, 13, 1, 2, 123456789, time.UTC)},
		{"2024-02-29T00:00:00Z", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{"2026-01-01T00:30:00+01:00", time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)},
		{"2008-09-15T15:53:00.601+00:00", time.Date(2008, 9, 15, 15, 53, 0, 601000000, time.UTC)},
		{"0000-01-01T00:00:00Z", time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"9999-12-31T23:59:59.999999999Z", time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := xapi.ParseTimestamp(tc.in)
			if err != nil || !got.Equal(tc.want) || got.Location() != time.UTC {
				t.Errorf("ParseTimestamp(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
	for _, in := range []string{
		"", "should fail", "01/011/2015", "2026-11-23", "2026-11-23 13:01:02Z", "2026-11-23t13:01:02z",
		"2008-09-15T15:53:00.601-00", "2008-09-15T15:53:00.601-0000", "2008-09-15T15:53:00.601-00:00",
		"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-31T00:00:00Z",
		"2026-11-23T24:00:00Z", "2026-11-23T23:60:00Z", "2026-11-23T23:59:60Z", "2026-11-23T13:01:02.Z",
		"2026-11-23T13Z", "2026-11-23T13:01:02+24:00", "2026-11-23T13:01:02+01:60", "2026-11-23T13:01:02+1",
		"2026-11-23T13:01:02Z ", "+2026-11-23T13:01:02Z", "26-11-23T13:01:02Z", "2026-1123T13:01:02Z",
		"2026-11-23T13:01:02.345+01:00:00", "2026-11-23T1301:02Z",
		"0000-01-01T00:00:00+00:10", "9999-12-31T23:59:59-01:00",
	} {
		t.Run("Err/"+in, func(t *testing.T) {
			if got, err := xapi.ParseTimestamp(in); err == nil {
				t.Errorf("ParseTimestamp(%q) = %v, want an error", in, got)
			}
		})
	}
}
