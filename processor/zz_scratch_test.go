//go:build scratch

package processor_test

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

func TestScratchServer(t *testing.T) {
	db := testenv.ClickHouse(t)
	os.WriteFile("/tmp/scratch/addr", []byte(fmt.Sprintf("%s %s\n", db.Addr, db.Database)), 0o644)
	time.Sleep(6 * time.Hour)
}

func TestScratchApply(t *testing.T) {
	b, _ := os.ReadFile("/tmp/scratch/addr")
	f := strings.Fields(string(b))
	conn, err := clickhouse.Open(&clickhouse.Options{Addr: []string{f[0]}, Auth: clickhouse.Auth{Database: f[1]}})
	if err != nil {
		t.Fatal(err)
	}
	ps := metricProjections(conn)
	resetAll(t, ps)
	applyAll(t, ps, scenarioEvents(), 1000)
}
