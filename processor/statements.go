package processor

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/profile"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// Statements projects statement events into the statements table, one row
// per statement, and keeps voiding exact whatever order the voiding and the
// voided statement arrive in, also with several appliers on one consumer
// (see voidedMeanwhile). It also writes the LRS read model the
// collector queries: lrs_statements (what the statement filters match) and
// lrs_activities (Activity definitions for the Activities resource); see
// lrs.go.
type Statements struct {
	conn driver.Conn
	// beforeInsert, when set (tests only), runs just before a batch's rows
	// are written: the window in which a concurrent applier may record a
	// void of one of them.
	beforeInsert func()
}

// NewStatements returns the statements projection writing through conn,
// whose default database holds the schema.
func NewStatements(conn driver.Conn) *Statements { return &Statements{conn: conn} }

// Name implements Projection.
func (*Statements) Name() string { return "statements" }

// Subjects implements Projection.
func (*Statements) Subjects() []string { return filterSubjects(event.KindStatement) }

// Reset implements Projection.
func (s *Statements) Reset(ctx context.Context) error {
	for _, t := range []string{"statements", "statement_voids", "lrs_statements", "lrs_activities"} {
		if err := s.conn.Exec(ctx, "TRUNCATE TABLE "+t); err != nil {
			return fmt.Errorf("reset statements projection: truncate %s: %w", t, err)
		}
	}
	return nil
}

// statementRow is one row of the statements table.
type statementRow struct {
	Tenant        string    `ch:"tenant"`
	StatementID   string    `ch:"statement_id"`
	VerbID        string    `ch:"verb_id"`
	ActorIFI      string    `ch:"actor_ifi"`
	ObjectType    string    `ch:"object_type"`
	ObjectID      string    `ch:"object_id"`
	Registration  *string   `ch:"registration"`
	Timestamp     time.Time `ch:"timestamp"`
	TimestampMs   int64     `ch:"timestamp_ms"`
	Stored        time.Time `ch:"stored"`
	StoredMs      int64     `ch:"stored_ms"`
	Voided        uint8     `ch:"voided"`
	VoidingTarget *string   `ch:"voiding_target"`
	Client        string    `ch:"client"`
	Raw           string    `ch:"raw"`
	Seq           uint64    `ch:"seq"`
}

const statementColumns = "tenant, statement_id, verb_id, actor_ifi, object_type, object_id, registration, timestamp, timestamp_ms, stored, stored_ms, voided, voiding_target, client, raw, seq"

func (r *statementRow) values() []any {
	return []any{r.Tenant, r.StatementID, r.VerbID, r.ActorIFI, r.ObjectType, r.ObjectID, r.Registration,
		r.Timestamp, r.TimestampMs, r.Stored, r.StoredMs, r.Voided, r.VoidingTarget, r.Client, r.Raw, r.Seq}
}

// DateTime columns hold 1970-01-01 to 2105; statements may claim any time.
// The exact instant stays in the _ms column.
var (
	minDateTime = time.Unix(0, 0).UTC()
	maxDateTime = time.Date(2105, 12, 31, 23, 59, 59, 0, time.UTC)
)

func clampDateTime(t time.Time) time.Time {
	switch {
	case t.Before(minDateTime):
		return minDateTime
	case t.After(maxDateTime):
		return maxDateTime
	}
	return t.UTC().Truncate(time.Second)
}

// row builds the statements row of a statement event.
func statementRowOf(env *event.Envelope) (statementRow, *xapi.Statement, error) {
	st, err := xapi.Decode(env.Body)
	if err != nil {
		return statementRow{}, nil, err
	}
	ts := st.Timestamp
	if ts.IsZero() {
		ts = env.Stored
	}
	r := statementRow{
		Tenant:      env.Tenant,
		StatementID: env.ID,
		VerbID:      st.Verb.ID,
		ActorIFI:    st.Actor.IFI(),
		Timestamp:   clampDateTime(ts),
		TimestampMs: ts.UnixMilli(),
		Stored:      clampDateTime(env.Stored),
		StoredMs:    env.Stored.UnixMilli(),
		Client:      env.Client,
		Raw:         string(env.Body),
		Seq:         env.Seq,
	}
	r.ObjectType, r.ObjectID = objectKey(&st.Object)
	if st.Context != nil && st.Context.Registration != "" {
		reg := strings.ToLower(st.Context.Registration)
		r.Registration = &reg
	}
	if st.Verb.ID == profile.VerbVoided && r.ObjectType == xapi.TypeStatementRef {
		target := strings.ToLower(r.ObjectID)
		r.VoidingTarget = &target
	}
	return r, st, nil
}

// objectKey is the object's type and identifier as stored in the row.
func objectKey(o *xapi.Object) (string, string) {
	t := o.Kind()
	switch t {
	case xapi.TypeAgent, xapi.TypeGroup:
		a := o.Agent()
		return t, a.IFI()
	case xapi.TypeSubStatement:
		return t, ""
	}
	return t, o.ID
}

type voidRow struct {
	tenant, target, voiding string
	seq                     uint64
}

// Apply implements Projection.
func (s *Statements) Apply(ctx context.Context, batch []event.Envelope) error {
	rows := make([]statementRow, 0, len(batch))
	lrs := make([]lrsRow, 0, len(batch))
	var defs []activityRow
	var voids []voidRow
	for i := range batch {
		r, st, err := statementRowOf(&batch[i])
		if err != nil {
			return &PoisonError{Seq: batch[i].Seq, Reason: "statement body does not decode: " + err.Error()}
		}
		if r.VoidingTarget != nil {
			voids = append(voids, voidRow{tenant: r.Tenant, target: *r.VoidingTarget, voiding: r.StatementID, seq: r.Seq})
		}
		rows = append(rows, r)
		lrs = append(lrs, lrsRowOf(&batch[i], st))
		defs = appendActivityRows(defs, &batch[i], st)
	}
	if len(voids) > 0 {
		if err := s.insertVoids(ctx, voids); err != nil {
			return err
		}
	}
	// Which statements of this batch are voided, by voids in this batch or
	// recorded earlier (the voiding statement arrived first)? Looked up
	// before the rows are written so that they are written right the first
	// time; voidedMeanwhile looks again afterwards.
	voidSeq, err := s.voidsFor(ctx, rows)
	if err != nil {
		return err
	}
	for i := range rows {
		// A voiding statement cannot be voided (Data 2.3.2).
		if vs, ok := voidSeq[key(rows[i].Tenant, rows[i].StatementID)]; ok && rows[i].VoidingTarget == nil {
			rows[i].Voided = 1
			rows[i].Seq = max(rows[i].Seq, vs)
		}
	}
	// Voids whose target was projected in an earlier batch: write the
	// target again, voided, with the voiding event's sequence as version.
	if len(voids) > 0 {
		inBatch := make(map[string]bool, len(rows))
		for i := range rows {
			inBatch[key(rows[i].Tenant, rows[i].StatementID)] = true
		}
		earlier, err := s.voidedEarlierRows(ctx, voids, inBatch)
		if err != nil {
			return err
		}
		rows = append(rows, earlier...)
	}
	if s.beforeInsert != nil {
		s.beforeInsert()
	}
	if err := s.insertRows(ctx, rows); err != nil {
		return err
	}
	if err := s.voidedMeanwhile(ctx, rows); err != nil {
		return err
	}
	if err := s.insertLRS(ctx, lrs); err != nil {
		return err
	}
	return s.insertActivities(ctx, defs)
}

func key(tenant, id string) string { return tenant + "/" + id }

// voidedMeanwhile closes the race between appliers of this projection on
// one durable consumer (several processor instances): one applying a
// statement, another its void. Each writes first and reads second: the
// void's applier records the void and then reads the target (Apply,
// voidedEarlierRows); the statement's applier writes the row and then,
// here, reads the voids again. Whichever reads last sees the other's
// write, so the target ends up voided in every interleaving. Rows found
// voided now are written again, voided, versioned by the higher of the two
// sequences; ReplacingMergeTree keeps the later insert when versions are
// equal (a void that came first on the log), on 18.16 as on current
// ClickHouse.
func (s *Statements) voidedMeanwhile(ctx context.Context, rows []statementRow) error {
	open := make([]statementRow, 0, len(rows))
	for i := range rows {
		if rows[i].Voided == 0 && rows[i].VoidingTarget == nil {
			open = append(open, rows[i])
		}
	}
	if len(open) == 0 {
		return nil
	}
	voidSeq, err := s.voidsFor(ctx, open)
	if err != nil {
		return err
	}
	if len(voidSeq) == 0 {
		return nil
	}
	var again []statementRow
	for _, r := range open {
		if vs, ok := voidSeq[key(r.Tenant, r.StatementID)]; ok {
			r.Voided = 1
			r.Seq = max(r.Seq, vs)
			again = append(again, r)
		}
	}
	return s.insertRows(ctx, again)
}

func (s *Statements) insertRows(ctx context.Context, rows []statementRow) error {
	b, err := s.conn.PrepareBatch(ctx, "INSERT INTO statements ("+statementColumns+")")
	if err != nil {
		return fmt.Errorf("prepare insert into statements: %w", err)
	}
	defer b.Abort()
	for i := range rows {
		if err := b.Append(rows[i].values()...); err != nil {
			return &PoisonError{Seq: rows[i].Seq, Reason: "row does not fit the statements table: " + err.Error()}
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert %d rows into statements: %w", len(rows), err)
	}
	return nil
}

func (s *Statements) insertVoids(ctx context.Context, voids []voidRow) error {
	b, err := s.conn.PrepareBatch(ctx, "INSERT INTO statement_voids (tenant, target_id, voiding_id, seq)")
	if err != nil {
		return fmt.Errorf("prepare insert into statement_voids: %w", err)
	}
	defer b.Abort()
	for _, v := range voids {
		if err := b.Append(v.tenant, v.target, v.voiding, v.seq); err != nil {
			return &PoisonError{Seq: v.seq, Reason: "void does not fit the statement_voids table: " + err.Error()}
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert %d rows into statement_voids: %w", len(voids), err)
	}
	return nil
}

// idsByTenant groups statement ids by tenant for IN lists.
func idsByTenant[T any](items []T, tenantID func(T) (string, string)) map[string][]any {
	out := map[string][]any{}
	for _, it := range items {
		t, id := tenantID(it)
		out[t] = append(out[t], id)
	}
	return out
}

// voidsFor returns, for the rows that are voided by a recorded void, the
// highest voiding sequence, keyed by tenant/statement id.
func (s *Statements) voidsFor(ctx context.Context, rows []statementRow) (map[string]uint64, error) {
	out := map[string]uint64{}
	byTenant := idsByTenant(rows, func(r statementRow) (string, string) { return r.Tenant, r.StatementID })
	for tenant, all := range byTenant {
		// IN lists are chunked: a batch's ids in one query would exceed
		// ClickHouse's max_query_size (256 KiB) at about 6,500 ids.
		for _, ids := range chunks(all, idsPerQuery) {
			var found []struct {
				Target string `ch:"target"`
				Seq    uint64 `ch:"seq"`
			}
			err := s.conn.Select(ctx, &found,
				"SELECT toString(target_id) AS target, max(seq) AS seq FROM statement_voids WHERE tenant = ? AND toString(target_id) IN ? GROUP BY target_id",
				tenant, clickhouse.GroupSet{Value: ids})
			if err != nil {
				return nil, fmt.Errorf("read statement_voids: %w", err)
			}
			for _, f := range found {
				out[key(tenant, f.Target)] = f.Seq
			}
		}
	}
	return out, nil
}

// voidedEarlierRows reads the targets of voids that are not in this batch
// and returns them voided, versioned by the voiding sequence.
func (s *Statements) voidedEarlierRows(ctx context.Context, voids []voidRow, inBatch map[string]bool) ([]statementRow, error) {
	var pending []voidRow
	seqOf := map[string]uint64{}
	for _, v := range voids {
		k := key(v.tenant, v.target)
		if inBatch[k] {
			continue
		}
		if seqOf[k] == 0 {
			pending = append(pending, v)
		}
		seqOf[k] = max(seqOf[k], v.seq)
	}
	var out []statementRow
	byTenant := idsByTenant(pending, func(v voidRow) (string, string) { return v.tenant, v.target })
	for tenant, all := range byTenant {
		for _, ids := range chunks(all, idsPerQuery) {
			var found []statementRow
			err := s.conn.Select(ctx, &found,
				"SELECT tenant, toString(statement_id) AS statement_id, verb_id, actor_ifi, object_type, object_id, "+
					"if(isNull(registration), NULL, toString(registration)) AS registration, timestamp, timestamp_ms, stored, stored_ms, voided, "+
					"if(isNull(voiding_target), NULL, toString(voiding_target)) AS voiding_target, client, raw, seq "+
					"FROM statements FINAL WHERE tenant = ? AND toString(statement_id) IN ?",
				tenant, clickhouse.GroupSet{Value: ids})
			if err != nil {
				return nil, fmt.Errorf("read voided statements: %w", err)
			}
			for _, r := range found {
				if r.VoidingTarget != nil {
					continue // a voiding statement cannot be voided
				}
				r.Voided = 1
				r.Seq = max(r.Seq, seqOf[key(tenant, r.StatementID)])
				out = append(out, r)
			}
		}
	}
	return out, nil
}
