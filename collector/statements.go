package collector

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

const consistentThroughHeader = "X-Experience-API-Consistent-Through"

// readStatements reads, parses and validates the request body.
func (s *Server) readStatements(w http.ResponseWriter, r *http.Request, p *Principal, version string) ([]xapi.Parsed, bool, error) {
	ct := r.Header.Get("Content-Type")
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil || mt != "application/json" {
		if strings.HasPrefix(mt, "multipart/") {
			return nil, false, errorf(http.StatusUnsupportedMediaType, "multipart_unsupported",
				"statements with attachments (multipart/mixed) are not accepted yet: send application/json with attachments given by fileUrl")
		}
		return nil, false, errorf(http.StatusBadRequest, "content_type",
			"Content-Type must be application/json, got "+quote(ct))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, false, err
		}
		return nil, false, errorf(http.StatusBadRequest, "read_body", "could not read the request body: "+err.Error())
	}
	stmts, batch, err := xapi.Parse(body, xapi.Options{Version: parseVersion(version), Lenient: p.Client.Lenient()})
	if err != nil {
		return nil, false, err
	}
	if len(stmts) > s.cfg.MaxBatch {
		return nil, false, errorf(http.StatusRequestEntityTooLarge, "batch_too_large",
			fmt.Sprintf("%d statements in one request; this LRS stores at most %d per request, all or nothing: split the batch", len(stmts), s.cfg.MaxBatch))
	}
	return stmts, batch, nil
}

// items turns parsed statements into events: the LRS assigns missing ids
// and sets stored, timestamp (when absent), authority and version.
//
// The stored time is registered as in flight until the caller calls
// s.consist.inflight.done with it, after JetStream answered: statement
// queries must not claim consistency past a statement still on its way.
func (s *Server) items(p *Principal, version string, stmts []xapi.Parsed, putID string) ([]item, time.Time) {
	now := time.Now().UTC()
	s.consist.inflight.add(now)
	items := make([]item, len(stmts))
	for i := range stmts {
		st := &stmts[i]
		id := st.ID
		if putID != "" {
			id = putID
		}
		if id == "" {
			id = uuid.NewString()
		}
		items[i] = item{
			env: event.Envelope{
				Tenant:      p.Client.Tenant,
				Kind:        event.KindStatement,
				ID:          id,
				Stored:      now,
				Hash:        st.Hash,
				Client:      p.Client.Key,
				XAPIVersion: version,
				Warnings:    warnings(st.Warnings),
				Body:        st.Stored(id, now, p.Authority),
			},
			voidTarget: st.VoidTarget,
		}
	}
	return items, now
}

// warnings renders what lenient validation let through for the event
// header: "path: reason; …", clipped so that the header stays small.
func warnings(ws []xapi.Problem) string {
	if len(ws) == 0 {
		return ""
	}
	var sb strings.Builder
	for i, w := range ws {
		if i > 0 {
			sb.WriteString("; ")
		}
		sb.WriteString(w.String())
		if sb.Len() > 2048 {
			sb.WriteString("; …")
			break
		}
	}
	return sb.String()
}

func (s *Server) countStored(dup []bool) {
	var d int
	for _, x := range dup {
		if x {
			d++
		}
	}
	s.metrics.statements.WithLabelValues("duplicate").Add(float64(d))
	s.metrics.statements.WithLabelValues("stored").Add(float64(len(dup) - d))
}

// postStatements stores one statement or a batch and answers with the ids
// (Communication 2.1.2, POST).
func (s *Server) postStatements(w http.ResponseWriter, r *http.Request, p *Principal, version string) error {
	if !p.Client.Has(ScopeStatementsWrite, ScopeAll) {
		return errScope("statements/write")
	}
	stmts, _, err := s.readStatements(w, r, p, version)
	if err != nil {
		return err
	}
	items, now := s.items(p, version, stmts, "")
	dup, err := s.pub.store(r.Context(), items)
	s.consist.inflight.done(now)
	if err != nil {
		return err
	}
	s.countStored(dup)
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].env.ID
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(b)
	return nil
}

// putStatement stores one statement under the id in the query string and
// answers 204 (Communication 2.1.1, PUT).
func (s *Server) putStatement(w http.ResponseWriter, r *http.Request, p *Principal, version string) error {
	if !p.Client.Has(ScopeStatementsWrite, ScopeAll) {
		return errScope("statements/write")
	}
	id := r.URL.Query().Get("statementId")
	if id == "" {
		return errorf(http.StatusBadRequest, "statement_id_missing", "PUT needs the statementId query parameter")
	}
	if !xapi.ValidUUID(id) {
		return errorf(http.StatusBadRequest, "statement_id_invalid", "statementId "+quote(id)+" is not a UUID")
	}
	id = strings.ToLower(id)
	stmts, batch, err := s.readStatements(w, r, p, version)
	if err != nil {
		return err
	}
	if batch {
		return errorf(http.StatusBadRequest, "put_batch", "PUT takes one statement, not an array: POST batches instead")
	}
	if stmts[0].ID != "" && stmts[0].ID != id {
		return errorf(http.StatusBadRequest, "statement_id_mismatch",
			"the statement's id "+quote(stmts[0].ID)+" differs from the statementId parameter "+quote(id))
	}
	items, now := s.items(p, version, stmts, id)
	dup, err := s.pub.store(r.Context(), items)
	s.consist.inflight.done(now)
	if err != nil {
		return err
	}
	s.countStored(dup)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func errScope(need string) error {
	return errorf(http.StatusForbidden, "scope", "this client lacks the scope for this request: it needs "+need+" (or all)")
}
