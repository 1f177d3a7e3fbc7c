package collector

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// statementStore runs statement queries on the LRS read model in ClickHouse
// (lrs_statements, schema/ddl 0020), which the statements projection fills.
type statementStore struct {
	conn    driver.Conn
	timeout time.Duration
}

// position is a keyset position in stored order.
type position struct {
	StoredMs int64
	ID       string
}

// refDepth bounds how many StatementRef hops a filter follows (Communication
// 2.1.3.s3 asks for any depth; chains longer than this are not matched).
const refDepth = 4

// sqlBuilder collects SQL text and its positional arguments.
type sqlBuilder struct {
	sb   strings.Builder
	args []any
}

func (b *sqlBuilder) add(sql string, args ...any) {
	b.sb.WriteString(sql)
	b.args = append(b.args, args...)
}

// filter writes the conditions of q that a statement, or the statement its
// StatementRef targets, must meet: agent, verb, activity, registration.
func (b *sqlBuilder) filter(q *statementQuery) {
	var parts int
	and := func() {
		if parts > 0 {
			b.add(" AND ")
		}
		parts++
	}
	b.add("(")
	if q.Agent != "" {
		and()
		if q.RelatedAgents {
			b.add("has(related_agents, ?)", q.Agent)
		} else {
			b.add("has(agents, ?)", q.Agent)
		}
	}
	if q.Verb != "" {
		and()
		b.add("verb_id = ?", q.Verb)
	}
	if q.Activity != "" {
		and()
		if q.RelatedActivities {
			b.add("has(related_activities, ?)", q.Activity)
		} else {
			b.add("(object_type = 'Activity' AND object_id = ?)", q.Activity)
		}
	}
	if q.Registration != "" {
		and()
		b.add("registration = ?", q.Registration)
	}
	b.add(")")
}

// matchingTargets writes a subquery of the ids of statements that are the
// target of some StatementRef and meet the filter directly or through their
// own target, up to depth hops.
func (b *sqlBuilder) matchingTargets(tenant string, q *statementQuery, depth int) {
	b.add("SELECT statement_id FROM lrs_statements WHERE tenant = ? AND statement_id IN "+
		"(SELECT ref_target FROM lrs_statements WHERE tenant = ? AND ref_target != '') AND (", tenant, tenant)
	b.filter(q)
	if depth > 1 {
		b.add(" OR (ref_target != '' AND ref_target IN (")
		b.matchingTargets(tenant, q, depth-1)
		b.add("))")
	}
	b.add(")")
}

// page returns up to q.Limit statements of the query after pos (nil: from
// the start), in stored order, as stored, and whether more follow.
func (st *statementStore) page(ctx context.Context, tenant string, q *statementQuery, pos *position) ([]storedStatement, bool, error) {
	ctx, cancel := context.WithTimeout(ctx, st.timeout)
	defer cancel()
	query, args := pageSQL(tenant, q, pos)
	var keys []struct {
		ID       string `ch:"statement_id"`
		StoredMs int64  `ch:"stored_ms"`
	}
	if err := st.conn.Select(ctx, &keys, query, args...); err != nil {
		return nil, false, fmt.Errorf("query statements: %w", err)
	}
	more := len(keys) > q.Limit
	if more {
		keys = keys[:q.Limit]
	}
	if len(keys) == 0 {
		return nil, false, nil
	}
	// The bodies, in a second query over the page's key range only.
	lo, hi := keys[0].StoredMs, keys[len(keys)-1].StoredMs
	if lo > hi {
		lo, hi = hi, lo
	}
	ids := make([]any, len(keys))
	for i, k := range keys {
		ids[i] = k.ID
	}
	var bodies []struct {
		ID  string `ch:"statement_id"`
		Raw string `ch:"raw"`
	}
	err := st.conn.Select(ctx, &bodies,
		"SELECT statement_id, any(raw) AS raw FROM lrs_statements WHERE tenant = ? AND stored_ms >= ? AND stored_ms <= ? AND statement_id IN ? GROUP BY statement_id",
		tenant, lo, hi, clickhouse.GroupSet{Value: ids})
	if err != nil {
		return nil, false, fmt.Errorf("read statements: %w", err)
	}
	raw := make(map[string]string, len(bodies))
	for _, r := range bodies {
		raw[r.ID] = r.Raw
	}
	out := make([]storedStatement, 0, len(keys))
	for _, k := range keys {
		if r, ok := raw[k.ID]; ok {
			out = append(out, storedStatement{ID: k.ID, StoredMs: k.StoredMs, Raw: []byte(r)})
		}
	}
	return out, more, nil
}

// pageSQL is the query of the keys of one page: the statements of tenant
// that q selects, after pos, in stored order, one more than the limit.
func pageSQL(tenant string, q *statementQuery, pos *position) (string, []any) {
	var b sqlBuilder
	b.add("SELECT statement_id, stored_ms FROM lrs_statements FINAL WHERE tenant = ?", tenant)
	if q.Since != nil {
		b.add(" AND stored_ms > ?", *q.Since)
	}
	if q.Until != nil {
		b.add(" AND stored_ms <= ?", *q.Until)
	}
	if pos != nil {
		op := "<"
		if q.Ascending {
			op = ">"
		}
		b.add(" AND (stored_ms "+op+" ? OR (stored_ms = ? AND statement_id "+op+" ?))", pos.StoredMs, pos.StoredMs, pos.ID)
	}
	if q.Client != "" {
		b.add(" AND client = ?", q.Client)
	}
	// Voided statements are left out (Communication 2.1.4); a voiding
	// statement is never voided.
	b.add(" AND NOT (voiding = 0 AND statement_id IN (SELECT toString(target_id) FROM statement_voids WHERE tenant = ?))", tenant)
	if q.filtered() {
		b.add(" AND (")
		b.filter(q)
		b.add(" OR (ref_target != '' AND ref_target IN (")
		b.matchingTargets(tenant, q, refDepth)
		b.add(")))")
	}
	dir := "DESC"
	if q.Ascending {
		dir = "ASC"
	}
	b.add(fmt.Sprintf(" ORDER BY stored_ms %s, statement_id %s LIMIT %d", dir, dir, q.Limit+1))
	return b.sb.String(), b.args
}

// storedStatement is a statement as stored, with its keyset position.
type storedStatement struct {
	ID       string
	StoredMs int64
	Raw      []byte
}
