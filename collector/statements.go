package collector

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

const consistentThroughHeader = "X-Experience-API-Consistent-Through"

// readStatements reads, parses and validates the request body: statements
// as application/json, or as the first part of a multipart/mixed request
// whose other parts are attachment data (returned by hash, matched with the
// statements' attachments and signatures verified).
func (s *Server) readStatements(w http.ResponseWriter, r *http.Request, p *Principal, version string) ([]xapi.Parsed, bool, map[string]attachmentPart, error) {
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	multi := err == nil && mt == "multipart/mixed"
	if !multi && (err != nil || mt != "application/json") {
		return nil, false, nil, &Error{Status: http.StatusBadRequest, Reason: "content_type", Field: "Content-Type",
			Message: "must be application/json, or multipart/mixed for statements with attachment data, got " + quote(ct)}
	}
	body := http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes)
	var raw []byte
	var parts map[string]attachmentPart
	if multi {
		if params["boundary"] == "" {
			return nil, false, nil, &Error{Status: http.StatusBadRequest, Reason: "content_type", Field: "Content-Type",
				Message: "multipart/mixed needs a boundary parameter"}
		}
		if raw, parts, err = readMultipart(body, params["boundary"]); err != nil {
			return nil, false, nil, err
		}
	} else if raw, err = io.ReadAll(body); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, false, nil, err
		}
		return nil, false, nil, &Error{Status: http.StatusBadRequest, Reason: "read_body", Field: "body", Message: "could not be read: " + err.Error()}
	}
	xv := parseVersion(version)
	stmts, batch, err := xapi.Parse(raw, xapi.Options{Version: xv, Lenient: p.Client.Lenient(), Multipart: multi})
	if err != nil {
		return nil, false, nil, err
	}
	if len(stmts) > s.cfg.MaxBatch {
		return nil, false, nil, &Error{Status: http.StatusRequestEntityTooLarge, Reason: "batch_too_large", Field: "body",
			Message: fmt.Sprintf("holds %d statements; this LRS stores at most %d per request: split the batch", len(stmts), s.cfg.MaxBatch)}
	}
	if multi {
		if err := matchAttachments(stmts, parts, xv); err != nil {
			return nil, false, nil, err
		}
	}
	return stmts, batch, parts, nil
}

// noParams rejects query parameters on a request that takes none, or only
// the allowed ones (Communication 3.2: unknown parameters are a 400).
func noParams(r *http.Request, what string, allowed ...string) error {
	if r.URL.RawQuery == "" {
		return nil
	}
	for name := range r.URL.Query() {
		if !slices.Contains(allowed, name) {
			if strings.EqualFold(name, "statementId") && len(allowed) > 0 {
				return paramError(name, "is not a parameter of "+what+": parameter names are case-sensitive, use \"statementId\"")
			}
			return paramError(name, "is not a parameter of "+what)
		}
	}
	return nil
}

// items turns parsed statements into events: the LRS assigns missing ids
// and sets stored, timestamp (when absent), authority and version.
//
// The stored time is registered as in flight until the caller calls
// s.consist.inflight.done with it, after JetStream answered: statement
// queries must not claim consistency past a statement still on its way.
func (s *Server) items(p *Principal, version string, stmts []xapi.Parsed, putID string) ([]item, time.Time) {
	now := s.consist.inflight.stamp()
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
				NoDefine:    !p.Client.Has(ScopeDefine, ScopeAll),
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

func (s *Server) countStored(dup []bool, items []item) {
	var d, lenient int
	for i, x := range dup {
		if x {
			d++
		} else if items[i].env.Warnings != "" {
			lenient++
		}
	}
	if lenient > 0 {
		s.metrics.statements.WithLabelValues("stored_lenient").Add(float64(lenient))
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
	if err := noParams(r, "a statement POST"); err != nil {
		return err
	}
	stmts, _, parts, err := s.readStatements(w, r, p, version)
	if err != nil {
		return err
	}
	if len(parts) > 0 {
		if err := s.storeAttachments(r.Context(), p.Client.Tenant, parts); err != nil {
			return err
		}
	}
	items, now := s.items(p, version, stmts, "")
	dup, err := s.pub.store(r.Context(), items)
	s.consist.inflight.done(now)
	if err != nil {
		return err
	}
	s.countStored(dup, items)
	ids := make([]string, len(items))
	for i := range items {
		ids[i] = items[i].env.ID
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
	return nil
}

// putStatement stores one statement under the id in the query string and
// answers 204 (Communication 2.1.1, PUT).
func (s *Server) putStatement(w http.ResponseWriter, r *http.Request, p *Principal, version string) error {
	if !p.Client.Has(ScopeStatementsWrite, ScopeAll) {
		return errScope("statements/write")
	}
	if err := noParams(r, "a statement PUT", "statementId"); err != nil {
		return err
	}
	id, ok, err := single(r.URL.Query(), "statementId")
	if err != nil {
		return err
	}
	if !ok || id == "" {
		return paramError("statementId", "is required: PUT stores the statement under the id given here")
	}
	if !xapi.ValidUUID(id) {
		return paramError("statementId", "must be a UUID, got "+quote(id))
	}
	id = strings.ToLower(id)
	stmts, batch, parts, err := s.readStatements(w, r, p, version)
	if err != nil {
		return err
	}
	if batch {
		return &Error{Status: http.StatusBadRequest, Reason: "put_batch", Field: "body", Message: "must be one statement for PUT, not an array: POST batches instead"}
	}
	if stmts[0].ID != "" && stmts[0].ID != id {
		return &Error{Status: http.StatusBadRequest, Reason: "statement_id_mismatch", Field: "id",
			Message: "the statement's id " + quote(stmts[0].ID) + " differs from the statementId parameter " + quote(id)}
	}
	if len(parts) > 0 {
		if err := s.storeAttachments(r.Context(), p.Client.Tenant, parts); err != nil {
			return err
		}
	}
	items, now := s.items(p, version, stmts, id)
	dup, err := s.pub.store(r.Context(), items)
	s.consist.inflight.done(now)
	if err != nil {
		return err
	}
	s.countStored(dup, items)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func errScope(need string) error {
	return &Error{Status: http.StatusForbidden, Reason: "scope", Field: "Authorization",
		Message: "this client lacks the scope for this request: it needs " + need + " (or all)"}
}
