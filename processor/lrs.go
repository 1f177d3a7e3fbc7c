package processor

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// The LRS read model (migrations 0020 and 0021) is written by the
// statements projection in the same Apply as the fact table, so that one
// durable consumer's acknowledgement floor tells the collector how far
// statement queries are consistent.

// lrsRow is one row of lrs_statements.
type lrsRow struct {
	tenant            string
	storedMs          int64
	statementID       string
	verbID            string
	objectType        string
	objectID          string
	refTarget         string
	voiding           uint8
	registration      string
	agents            []string
	relatedAgents     []string
	relatedActivities []string
	client            string
	raw               string
	seq               uint64
}

const lrsColumns = "tenant, stored, stored_ms, statement_id, verb_id, object_type, object_id, ref_target, voiding, registration, agents, related_agents, related_activities, client, raw, seq"

func lrsRowOf(env *event.Envelope, st *xapi.Statement) lrsRow {
	x := st.Index()
	r := lrsRow{
		tenant:            env.Tenant,
		storedMs:          env.Stored.UnixMilli(),
		statementID:       env.ID,
		verbID:            st.Verb.ID,
		refTarget:         x.RefTarget,
		registration:      "",
		agents:            nonNil(x.Agents),
		relatedAgents:     nonNil(x.RelatedAgents),
		relatedActivities: nonNil(x.RelatedActivities),
		client:            env.Client,
		raw:               string(env.Body),
		seq:               env.Seq,
	}
	r.objectType, r.objectID = objectKey(&st.Object)
	if x.Voiding {
		r.voiding = 1
	}
	if st.Context != nil {
		r.registration = lower(st.Context.Registration)
	}
	return r
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func (s *Statements) insertLRS(ctx context.Context, rows []lrsRow) error {
	b, err := s.conn.PrepareBatch(ctx, "INSERT INTO lrs_statements ("+lrsColumns+")")
	if err != nil {
		return fmt.Errorf("prepare insert into lrs_statements: %w", err)
	}
	defer b.Abort()
	for i := range rows {
		r := &rows[i]
		stored := clampDateTime(time.UnixMilli(r.storedMs))
		if err := b.Append(r.tenant, stored, r.storedMs, r.statementID, r.verbID, r.objectType, r.objectID, r.refTarget,
			r.voiding, r.registration, r.agents, r.relatedAgents, r.relatedActivities, r.client, r.raw, r.seq); err != nil {
			return &PoisonError{Seq: r.seq, Reason: "row does not fit the lrs_statements table: " + err.Error()}
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert %d rows into lrs_statements: %w", len(rows), err)
	}
	return nil
}

// activityRow is one row of lrs_activities: a definition an Activity had in
// one statement.
type activityRow struct {
	tenant, activityID, hash, definition string
	storedMs                             int64
	seq                                  uint64
}

// appendActivityRows appends the definitions of the statement's Activities
// (object, context activities, sub-statement), unless the statement's
// client lacks the define scope.
func appendActivityRows(dst []activityRow, env *event.Envelope, st *xapi.Statement) []activityRow {
	if env.NoDefine {
		return dst // the client may not (re)define Activities (scope define)
	}
	for _, a := range st.Activities() {
		def, err := json.Marshal(a.Definition)
		if err != nil {
			continue // cannot happen for a decoded definition
		}
		sum := sha256.Sum256(def)
		dst = append(dst, activityRow{
			tenant: env.Tenant, activityID: a.ID, hash: hex.EncodeToString(sum[:]), definition: string(def),
			storedMs: env.Stored.UnixMilli(), seq: env.Seq,
		})
	}
	return dst
}

func (s *Statements) insertActivities(ctx context.Context, rows []activityRow) error {
	if len(rows) == 0 {
		return nil
	}
	b, err := s.conn.PrepareBatch(ctx, "INSERT INTO lrs_activities (tenant, activity_id, definition_hash, definition, stored_ms, seq)")
	if err != nil {
		return fmt.Errorf("prepare insert into lrs_activities: %w", err)
	}
	defer b.Abort()
	for _, r := range rows {
		if err := b.Append(r.tenant, r.activityID, r.hash, r.definition, r.storedMs, r.seq); err != nil {
			return &PoisonError{Seq: r.seq, Reason: "row does not fit the lrs_activities table: " + err.Error()}
		}
	}
	if err := b.Send(); err != nil {
		return fmt.Errorf("insert %d rows into lrs_activities: %w", len(rows), err)
	}
	return nil
}
