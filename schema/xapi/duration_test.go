package xapi_test

import (
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

func TestParseDuration(t *testing.T) {
	t.Parallel()
	day := 24 * time.Hour
	for _, tc := range []struct {
		in   string
		want time.Duration
	}{
		{"PT1H30M", 90 * time.Minute},
		{"PT4.5S", 4500 * time.Millisecond},
		{"PT0,5S", 500 * time.Millisecond},
		{"P1DT2H", day + 2*time.Hour},
		{"P2W", 14 * day},
		{"PT0S", 0},
		{"PT1234S", 1234 * time.Second},
		{"PT4H35M59.14S", 4*time.Hour + 35*time.Minute + 59140*time.Millisecond},
		{"PT0.000000001S", 1},
		{"PT1.9999999999S", 1999999999},
		{"P1Y", 365 * day},
		{"P1M", 30 * day},
		{"P3Y1M29DT4H35M59.14S", (3*365+30+29)*day + 4*time.Hour + 35*time.Minute + 59140*time.Millisecond},
		{"P1.5D", 36 * time.Hour},
		{"PT0.5H", 30 * time.Minute},
		{"P0D", 0},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, err := xapi.ParseDuration(tc.in)
			if err != nil || got != tc.want {
				t.Errorf("ParseDuration(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
		})
	}
	for _, in := range []string{
		"", "P", "PT", "T1H", "1H", "PT1H30", "P4W1D", "P1YT", "PA1H0M0S", "should fail",
		"-PT1S", "P-1D", "PT1.S", "PT.5S", "PT1.5H30M", "P1DT1H1H", "PT1M1H", "P1M1Y",
		"P16559.14S", "P0003-01-29T04:35:59", "pt1h", "PT1h", "P1W1W", "PT1S ", " PT1S",
	} {
		t.Run("Err/"+in, func(t *testing.T) {
			if d, err := xapi.ParseDuration(in); err == nil {
				t.Errorf("ParseDuration(%q) = %v, want an error", in, d)
			}
		})
	}
	t.Run("ErrRange", func(t *testing.T) {
		for _, in := range []string{"P300Y", "PT99999999999999999999S", "P9999999999999999999D"} {
			if _, err := xapi.ParseDuration(in); err == nil {
				t.Errorf("ParseDuration(%q): want a range error", in)
			}
		}
	})
}
