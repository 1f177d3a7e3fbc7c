package processor

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// tableBatch collects the rows of one INSERT with an explicit column list
// (18.16 needs it) and remembers which event each row came from, so that
// a row the table refuses names its event.
type tableBatch struct {
	table, columns string
	rows           [][]any
	seqs           []uint64
}

func newTableBatch(table, columns string) *tableBatch {
	return &tableBatch{table: table, columns: columns}
}

func (b *tableBatch) add(seq uint64, values ...any) {
	b.rows = append(b.rows, values)
	b.seqs = append(b.seqs, seq)
}

func (b *tableBatch) len() int { return len(b.rows) }

// send inserts the rows in one batch; it does nothing for no rows.
func (b *tableBatch) send(ctx context.Context, conn driver.Conn) error {
	if len(b.rows) == 0 {
		return nil
	}
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+b.table+" ("+b.columns+")")
	if err != nil {
		return fmt.Errorf("prepare insert into %s: %w", b.table, err)
	}
	defer batch.Abort()
	for i, r := range b.rows {
		if err := batch.Append(r...); err != nil {
			return &PoisonError{Seq: b.seqs[i], Reason: fmt.Sprintf("row does not fit the %s table: %v", b.table, err)}
		}
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("insert %d rows into %s: %w", len(b.rows), b.table, err)
	}
	return nil
}

// truncate empties tables for a replay.
func truncateTables(ctx context.Context, conn driver.Conn, projection string, tables ...string) error {
	for _, t := range tables {
		if err := conn.Exec(ctx, "TRUNCATE TABLE "+t); err != nil {
			return fmt.Errorf("reset %s projection: truncate %s: %w", projection, t, err)
		}
	}
	return nil
}
