package collector

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// getStatements answers GET and HEAD on the statement resource
// (Communication 2.1.3): one statement by statementId or voidedStatementId,
// read from the event log itself (read-your-writes), or a StatementResult
// of a query or of a "more" cursor, read from ClickHouse.
func (s *Server) getStatements(w http.ResponseWriter, r *http.Request, p *Principal, version string) error {
	if !p.Client.Has(ScopeStatementsRead, ScopeStatementsReadMine, ScopeAllRead, ScopeAll) {
		return errScope("statements/read")
	}
	q := r.URL.Query()
	_, byID := q["statementId"]
	_, byVoided := q["voidedStatementId"]
	_, more := q["more"]
	switch {
	case byID || byVoided:
		return s.getStatement(w, r, p, q, byVoided)
	case more:
		if len(q) != 1 || len(q["more"]) != 1 {
			return paramError("more", "must be the only parameter, given once: use the \"more\" IRL as it is")
		}
		cur, err := s.cursors.decode(q.Get("more"), p.Client.Tenant, time.Now())
		if err != nil {
			return err
		}
		if onlyMine(p) {
			// A cursor issued to a client of the same tenant that reads
			// everything does not widen what this one may read.
			cur.Query.Client = p.Client.Key
		}
		return s.queryStatements(w, r, p, version, cur.Query, &position{StoredMs: cur.StoredMs, ID: cur.ID})
	}
	sq, err := parseStatementQuery(q, s.cfg.MaxQueryLimit)
	if err != nil {
		return err
	}
	if onlyMine(p) {
		sq.Client = p.Client.Key
	}
	return s.queryStatements(w, r, p, version, sq, nil)
}

// onlyMine reports whether the client may read only the statements it
// stored itself (statements/read/mine).
func onlyMine(p *Principal) bool {
	return !p.Client.Has(ScopeStatementsRead, ScopeAllRead, ScopeAll)
}

// queryStatements runs a statement query and writes the StatementResult.
func (s *Server) queryStatements(w http.ResponseWriter, r *http.Request, p *Principal, version string, q statementQuery, after *position) error {
	if s.store == nil {
		return &Error{Status: http.StatusServiceUnavailable, Reason: "queries_unavailable", RetryAfter: 60,
			Message: "statement queries are not served by this collector (it has no ClickHouse connection): GET single statements by statementId"}
	}
	stmts, more, err := s.store.page(r.Context(), p.Client.Tenant, &q, after)
	if err != nil {
		return fmt.Errorf("%w: %w", errReadModel, err)
	}
	langs := xapi.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	var defs xapi.Definitions
	if q.Format == xapi.FormatCanonical {
		raws := make([][]byte, len(stmts))
		for i := range stmts {
			raws[i] = stmts[i].Raw
		}
		if defs, err = s.canonicalDefinitions(r.Context(), p.Client.Tenant, raws); err != nil {
			return err
		}
	}
	body := make([]byte, 0, 256+len(stmts)*1024)
	body = append(body, `{"statements":[`...)
	var last int64
	for i, st := range stmts {
		if i > 0 {
			body = append(body, ',')
		}
		out, err := xapi.FormatWith(st.Raw, q.Format, langs, defs)
		if err != nil {
			return fmt.Errorf("format statement %s: %w", st.ID, err)
		}
		body = append(body, out...)
		last = max(last, st.StoredMs)
	}
	body = append(body, `],"more":`...)
	next := ""
	if more {
		end := stmts[len(stmts)-1]
		next = r.URL.Path + "?more=" + s.cursors.encode(cursor{Tenant: p.Client.Tenant, Query: q, StoredMs: end.StoredMs, ID: end.ID}, time.Now())
	}
	body = strconv.AppendQuote(body, next)
	body = append(body, '}')
	h := w.Header()
	if last > 0 {
		h.Set("Last-Modified", time.UnixMilli(last).UTC().Format(http.TimeFormat))
	}
	if q.Attachments {
		return s.writeWithAttachments(w, r, p, body, stmts)
	}
	h.Set("Content-Type", "application/json")
	if r.Method == http.MethodHead {
		return nil
	}
	_, _ = w.Write(body)
	return nil
}

// errReadModel wraps failures of the ClickHouse read model: the statements
// are safe on the log, the query can be retried.
var errReadModel = errors.New("statement query store unavailable")

// getStatement answers a GET of one statement by statementId or
// voidedStatementId; format and attachments may accompany either.
func (s *Server) getStatement(w http.ResponseWriter, r *http.Request, p *Principal, q url.Values, wantVoided bool) error {
	name := "statementId"
	if wantVoided {
		name = "voidedStatementId"
		if _, both := q["statementId"]; both {
			return paramError("voidedStatementId", "cannot be combined with statementId: send one of them")
		}
	}
	for key := range q {
		switch key {
		case name, "format", "attachments":
		default:
			if queryParams[key] || key == "more" {
				return paramError(key, "cannot be combined with "+name+": a single statement takes only format and attachments")
			}
			return unknownParam(key, "a statement GET")
		}
	}
	id, _, err := single(q, name)
	if err != nil {
		return err
	}
	format, err := formatParam(q)
	if err != nil {
		return err
	}
	attachments, err := boolParam(q, "attachments")
	if err != nil {
		return err
	}
	if !xapi.ValidUUID(id) {
		return paramError(name, "must be a UUID, got "+quote(id))
	}
	id = strings.ToLower(id)
	tenant := p.Client.Tenant
	subj, err := event.StatementSubject(tenant, id)
	if err != nil {
		return err
	}
	m, err := s.pub.lastMsg(r.Context(), subj)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return notFound(name, "names no statement of this tenant: "+id)
	}
	if err != nil {
		return err
	}
	if onlyMine(p) && m.Header.Get(event.HeaderClient) != p.Client.Key {
		// statements/read/mine: only what this client stored.
		return notFound(name, "names no statement of this tenant: "+id)
	}
	isVoided, err := s.isVoided(r, tenant, id, m.Data)
	if err != nil {
		return err
	}
	switch {
	case isVoided && !wantVoided:
		return notFound(name, "names statement "+id+", which is voided: GET it with voidedStatementId")
	case !isVoided && wantVoided:
		return notFound(name, "names statement "+id+", which is not voided: GET it with statementId")
	}
	var defs xapi.Definitions
	if format == xapi.FormatCanonical {
		// A single statement is read from the log; without the read model
		// it keeps the definitions it carried rather than failing.
		if defs, err = s.canonicalDefinitions(r.Context(), tenant, [][]byte{m.Data}); err != nil {
			s.log.Warn("canonical format without the LRS's definitions", "statement", id, "err", err)
			defs = nil
		}
	}
	out, err := xapi.FormatWith(m.Data, format, xapi.ParseAcceptLanguage(r.Header.Get("Accept-Language")), defs)
	if err != nil {
		return fmt.Errorf("format statement %s: %w", id, err)
	}
	if stored, err := time.Parse(time.RFC3339Nano, m.Header.Get(event.HeaderStored)); err == nil {
		w.Header().Set("Last-Modified", stored.UTC().Format(http.TimeFormat))
	}
	if attachments {
		return s.writeWithAttachments(w, r, p, out, []storedStatement{{ID: id, Raw: m.Data}})
	}
	w.Header().Set("Content-Type", "application/json")
	if r.Method == http.MethodHead {
		return nil
	}
	_, _ = w.Write(out)
	return nil
}

// isVoided reports whether the statement with id (stored as raw) is voided:
// a void marker names it and it is not itself a voiding statement, which
// can never be voided (Data 2.3.2).
func (s *Server) isVoided(r *http.Request, tenant, id string, raw []byte) (bool, error) {
	vsubj, err := event.Subject(tenant, event.KindVoid, id)
	if err != nil {
		return false, err
	}
	_, err = s.pub.lastMsg(r.Context(), vsubj)
	if errors.Is(err, jetstream.ErrMsgNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	st, err := xapi.Decode(raw)
	if err != nil {
		return false, fmt.Errorf("decode statement %s: %w", id, err)
	}
	return !st.Index().Voiding, nil
}

// notFound is a 404 naming the parameter whose value names nothing.
func notFound(field, why string) *Error {
	return &Error{Status: http.StatusNotFound, Reason: "not_found", Field: field, Message: why}
}
