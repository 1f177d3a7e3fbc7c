package collector

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// The reference-data API (/api/v1/...): budgets, expenses, people and
// settings, each written as an event on the log and read back from it.
// Clients need the admin or all scope; the tenant is always the client's.

// referencePrefix is where the reference-data API is mounted.
const referencePrefix = "/api/v1/"

// maxReferenceBody bounds a reference-data request body: one budget,
// expense, person version or settings object is small.
const maxReferenceBody = 256 << 10

// OutcomeHeader tells the client what a write did: created, updated,
// unchanged (an identical resource was already stored; nothing was
// written) or duplicate (an identical expense was already stored).
const OutcomeHeader = "Leerlijn-Outcome"

// The outcomes of a reference-data write.
const (
	outcomeCreated   = "created"
	outcomeUpdated   = "updated"
	outcomeUnchanged = "unchanged"
	outcomeDuplicate = "duplicate"
)

// referenceAPI serves /api/v1/.
type referenceAPI struct {
	s      *Server
	events *prometheus.CounterVec
}

// mountReference registers the reference-data API on mux.
func (s *Server) mountReference(mux *http.ServeMux, reg prometheus.Registerer) error {
	a := &referenceAPI{s: s, events: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "leerlijn_collector_reference_events_total",
		Help: "Reference-data writes by kind (budget, expense, person, settings) and outcome (created, updated, unchanged, duplicate).",
	}, []string{"kind", "outcome"})}
	if err := reg.Register(a.events); err != nil {
		return err
	}
	api := http.NewServeMux()
	api.Handle(referencePrefix+"budgets", a.route("api_budgets", a.budgets))
	api.Handle(referencePrefix+"budgets/{id}", a.route("api_budget", a.budget))
	api.Handle(referencePrefix+"budgets/{id}/expenses", a.route("api_expenses", a.expenses))
	api.Handle(referencePrefix+"budgets/{id}/expenses/{expense_id}", a.route("api_expense", a.expense))
	api.Handle(referencePrefix+"people", a.route("api_people", a.people))
	api.Handle(referencePrefix+"people/{id}", a.route("api_person", a.person))
	api.Handle(referencePrefix+"settings", a.route("api_settings", a.settings))
	api.Handle(referencePrefix, a.route("api_unknown", func(http.ResponseWriter, *http.Request, *Principal) error {
		return errorf(http.StatusNotFound, "no_route", "no such resource: see docs/api.md for /api/v1/budgets, /api/v1/people and /api/v1/settings")
	}))
	mux.Handle(referencePrefix, api)
	mux.Handle(strings.TrimSuffix(referencePrefix, "/"), api)
	return nil
}

// apiFunc handles an authenticated reference-data request.
type apiFunc func(w http.ResponseWriter, r *http.Request, p *Principal) error

// route wraps a handler with metrics, authentication and the scope check.
func (a *referenceAPI) route(name string, h apiFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		if err := a.serve(sw, r, h); err != nil {
			a.s.writeError(sw, r, err)
		}
		a.s.metrics.requests.WithLabelValues(name, strconv.Itoa(sw.status)).Inc()
		a.s.metrics.duration.WithLabelValues(name).Observe(time.Since(start).Seconds())
	})
}

func (a *referenceAPI) serve(w http.ResponseWriter, r *http.Request, h apiFunc) error {
	p, err := a.s.auth.authenticate(r)
	if err != nil {
		return err
	}
	if !p.Client.Has(ScopeAdmin, ScopeAll) {
		return errScope("admin")
	}
	return h(w, r, p)
}

// readBody reads a JSON request body of at most maxReferenceBody bytes.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
		return nil, errorf(http.StatusUnsupportedMediaType, "content_type", "Content-Type must be application/json, got "+quote(ct))
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxReferenceBody))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return nil, errorf(http.StatusRequestEntityTooLarge, "too_large",
			"request body larger than "+strconv.Itoa(maxReferenceBody)+" bytes: send one resource per request")
	case err != nil:
		return nil, errorf(http.StatusBadRequest, "read_body", "could not read the request body: "+err.Error())
	}
	return body, nil
}

// writeJSON answers with a JSON body.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// methodIs returns a 405 unless the request's method is one of allowed
// (HEAD is allowed with GET).
func methodIs(r *http.Request, allowed ...string) error {
	for _, m := range allowed {
		if r.Method == m || r.Method == http.MethodHead && m == http.MethodGet {
			return nil
		}
	}
	return errMethod(r.Method, strings.Join(allowed, ", "))
}

// badID is the 400 for an id in the URL that no resource can have.
func badID(field string) error {
	return &xapi.ValidationError{Problems: []xapi.Problem{{Path: field,
		Reason: "must be 1 to 128 characters of letters, digits and _ - ~ : @ + (no dots or spaces)"}}}
}

// pathID returns the URL's path value name if it can be an id.
func pathID(r *http.Request, name, field string) (string, error) {
	id := r.PathValue(name)
	if !refdata.ValidID(id) {
		return "", badID(field)
	}
	return id, nil
}

// bodyHash is the hex SHA-256 of a normalised body: equal hashes mean the
// same resource (event.HeaderHash).
func bodyHash(body []byte) string {
	h := sha256.Sum256(body)
	return hex.EncodeToString(h[:])
}

// isReferenceAPI reports whether r is a reference-data request.
func isReferenceAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, strings.TrimSuffix(referencePrefix, "/"))
}

// logPath is the path to log for r: for the reference-data API the route
// pattern, since ids in the path (person ids) may identify a person.
func logPath(r *http.Request) string {
	if isReferenceAPI(r) {
		if r.Pattern != "" {
			return r.Pattern
		}
		return referencePrefix
	}
	return r.URL.Path
}
