package processor_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/leerlijn/leerlijn/internal/testenv"
	"github.com/leerlijn/leerlijn/processor"
	"github.com/leerlijn/leerlijn/schema/ddl"
	"github.com/leerlijn/leerlijn/schema/event"
)

// BenchmarkStatementsVsRawInsert compares the statements projection (decode
// each event, build its rows, check voids, insert into statements and the
// LRS read model) with its ceiling: a raw batch insert of the very rows it
// writes, prepared in memory beforehand, into the same tables of the same
// ClickHouse. Batches of 5,000, as the Runner fetches them. docs/perf.md
// reports the ratio of the two statements/s figures.
func BenchmarkStatementsVsRawInsert(b *testing.B) {
	const statements, batch = 50_000, 5000
	var stmts []event.Envelope
	for _, e := range benchLog(2000, statements) {
		if e.Kind == event.KindStatement {
			stmts = append(stmts, e)
		}
	}
	ctx := context.Background()
	tables := []string{"statements", "lrs_statements", "lrs_activities"}

	b.Run("projection", func(b *testing.B) {
		db := migrated(b)
		p := processor.NewStatements(db.Conn)
		b.ResetTimer()
		for range b.N {
			for i := 0; i < len(stmts); i += batch {
				if err := p.Apply(ctx, stmts[i:min(i+batch, len(stmts))]); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.N*len(stmts))/b.Elapsed().Seconds(), "statements/s")
	})

	b.Run("raw-insert", func(b *testing.B) {
		// The rows the projection writes, read back once.
		src := migrated(b)
		if err := processor.NewStatements(src.Conn).Apply(ctx, stmts); err != nil {
			b.Fatal(err)
		}
		rows := map[string]tableRows{}
		for _, t := range tables {
			rows[t] = readTable(b, src.Conn, t)
		}
		db := migrated(b)
		// The same number of inserts per table as the projection makes:
		// each table's rows cut into as many batches as there are batches
		// of statements.
		batches := (len(stmts) + batch - 1) / batch
		b.ResetTimer()
		for range b.N {
			for i := range batches {
				for _, t := range tables {
					r := rows[t]
					per := (len(r.rows) + batches - 1) / batches
					lo, hi := min(i*per, len(r.rows)), min((i+1)*per, len(r.rows))
					if err := insertRows(ctx, db.Conn, t, r.cols, r.rows[lo:hi]); err != nil {
						b.Fatal(err)
					}
				}
			}
		}
		b.ReportMetric(float64(b.N*len(stmts))/b.Elapsed().Seconds(), "statements/s")
	})
}

func migrated(b *testing.B) *testenv.ClickHouseDB {
	db := testenv.ClickHouse(b)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := ddl.Migrate(ctx, db.Conn, nil); err != nil {
		b.Fatal(err)
	}
	return db
}

type tableRows struct {
	cols []string
	rows [][]any
}

// readTable reads every row of table as Go values of the driver's scan
// types, in the order of the table's columns.
func readTable(b *testing.B, conn driver.Conn, table string) tableRows {
	ctx := context.Background()
	rs, err := conn.Query(ctx, "SELECT * FROM "+table+" ORDER BY seq")
	if err != nil {
		b.Fatal(err)
	}
	defer rs.Close()
	cts := rs.ColumnTypes()
	var out tableRows
	for _, ct := range cts {
		out.cols = append(out.cols, ct.Name())
	}
	for rs.Next() {
		ptrs := make([]any, len(cts))
		for i, ct := range cts {
			ptrs[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rs.Scan(ptrs...); err != nil {
			b.Fatal(err)
		}
		vals := make([]any, len(ptrs))
		for i, p := range ptrs {
			vals[i] = reflect.ValueOf(p).Elem().Interface()
		}
		out.rows = append(out.rows, vals)
	}
	if err := rs.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

func insertRows(ctx context.Context, conn driver.Conn, table string, cols []string, rows [][]any) error {
	bt, err := conn.PrepareBatch(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+")")
	if err != nil {
		return err
	}
	for _, r := range rows {
		if err := bt.Append(r...); err != nil {
			return err
		}
	}
	return bt.Send()
}
