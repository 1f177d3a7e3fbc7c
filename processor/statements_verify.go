package processor

import (
	"context"
	"fmt"
)

// Tenants implements Verifier.
func (s *Statements) Tenants(ctx context.Context) ([]string, error) {
	var rows []struct {
		Tenant string `ch:"tenant"`
	}
	if err := s.conn.Select(ctx, &rows, "SELECT DISTINCT toString(tenant) AS tenant FROM statements"); err != nil {
		return nil, fmt.Errorf("read tenants of statements: %w", err)
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.Tenant
	}
	return out, nil
}

// Verify implements Verifier. The projection keeps one row per statement
// event, voiding statements included, and keeps voided statements as rows
// marked voided; so its rows equal the tenant's statement events, its
// voided rows the voided statements the log holds, and no statement id
// may be counted twice.
func (s *Statements) Verify(ctx context.Context, log *LogCounts, tenant string) ([]Count, error) {
	events, err := log.Statements(ctx, tenant)
	if err != nil {
		return nil, err
	}
	voided, err := log.VoidedStatements(ctx, tenant)
	if err != nil {
		return nil, err
	}
	var got struct {
		Rows   uint64 `ch:"rows"`
		IDs    uint64 `ch:"ids"`
		Voided uint64 `ch:"voided"`
	}
	err = s.conn.QueryRow(ctx,
		"SELECT count() AS rows, uniqExact(statement_id) AS ids, toUInt64(sum(voided)) AS voided FROM statements FINAL WHERE tenant = ?",
		tenant).ScanStruct(&got)
	if err != nil {
		return nil, fmt.Errorf("count statements of %s: %w", tenant, err)
	}
	return []Count{
		{Measure: "statements", Log: events, Projected: got.Rows},
		{Measure: "voided statements", Log: voided, Projected: got.Voided},
		{Measure: "statement ids counted more than once", Log: 0, Projected: got.Rows - min(got.Rows, got.IDs)},
	}, nil
}
