package main

import (
	"os"
	"testing"
	"time"

	"github.com/leerlijn/leerlijn/internal/demo"
	"github.com/leerlijn/leerlijn/internal/testenv"
)

func TestZZDemoMeasure(t *testing.T) {
	if os.Getenv("DEMO_MEASURE") == "" {
		t.Skip("scratch")
	}
	db := testenv.ClickHouse(t)
	s := startServe(t, t.TempDir(), db)
	args := []string{"demo", "-url", s.base, "-user", clientKey, "-year", "2025", "-concurrency", "8", "-batch-size", "500", "-progress", "off", "-log.format", "text"}
	vars := map[string]string{"LEERLIJN_DEMO_PASSWORD": clientSecret}
	t0 := time.Now()
	stdout, stderr, err := runCommand(t, args, vars)
	posted := time.Since(t0)
	if err != nil {
		t.Fatalf("demo: %v\n%s\n%s", err, stdout, stderr)
	}
	t.Logf("demo run %s\n%s\n%s", posted, stdout, stderr)
	want, _ := demo.Generate(demo.Config{Seed: 1, People: 2000, OrgUnits: 40, Activities: 150, Year: 2025})
	ids := make([]string, want.Len())
	for i := range ids {
		ids[i] = want.StatementID(i)
	}
	waitForIDs(t, db, ids)
	t.Logf("all %d in ClickHouse %s after start", len(ids), time.Since(t0))
	t1 := time.Now()
	stdout, _, err = runCommand(t, args, vars)
	t.Logf("second run %s err %v\n%s", time.Since(t1), err, stdout)
}
