package collector

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// Error is an error with an HTTP status and a message for the client.
type Error struct {
	Status  int
	Message string
	// Reason is a short machine-friendly label for the rejection metric.
	Reason string
	// RetryAfter, in seconds, is sent with 429 and 503.
	RetryAfter int
	// Field names the parameter, header or body field at fault; the body
	// then lists it as a problem with Message as the reason.
	Field string
}

func (e *Error) Error() string { return e.Message }

func errorf(status int, reason, msg string) *Error {
	return &Error{Status: status, Reason: reason, Message: msg}
}

// Sentinels that handlers return and writeError maps to statuses.
var (
	// ErrConflict: a statement with this id exists and differs.
	ErrConflict = errors.New("conflict")
	// ErrNotFound: no such statement (or it is voided).
	ErrNotFound = errors.New("not found")
	// ErrUnavailable: JetStream could not store the statement in time.
	ErrUnavailable = errors.New("event log unavailable")
)

type problemJSON struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

type errorBody struct {
	Error struct {
		Status    int           `json:"status"`
		Message   string        `json:"message"`
		Problems  []problemJSON `json:"problems,omitempty"`
		RequestID string        `json:"request_id,omitempty"`
	} `json:"error"`
}

// writeError is the one place that turns an error into a response. It
// returns the rejection reason for the metrics.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) string {
	var body errorBody
	status, reason, retryAfter := http.StatusInternalServerError, "internal", 0
	var ve *xapi.ValidationError
	var e *Error
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &ve):
		status, reason = http.StatusBadRequest, "invalid_statement"
		body.Error.Message = "the statement is not valid xAPI: see problems for each field and why"
		if isReferenceAPI(r) {
			reason, body.Error.Message = "invalid_body", "the request body is not valid: see problems for each field and why"
		}
		for _, p := range ve.Problems {
			body.Error.Problems = append(body.Error.Problems, problemJSON{Path: p.Path, Reason: p.Reason})
		}
	case errors.As(err, &e):
		status, reason, retryAfter = e.Status, e.Reason, e.RetryAfter
		body.Error.Message = e.Message
		if e.Field != "" {
			body.Error.Message = e.Field + ": " + e.Message
			body.Error.Problems = append(body.Error.Problems, problemJSON{Path: e.Field, Reason: e.Message})
		}
	case errors.As(err, &mbe):
		status, reason = http.StatusRequestEntityTooLarge, "too_large"
		body.Error.Message = "request body larger than " + strconv.FormatInt(mbe.Limit, 10) + " bytes: send fewer statements per request"
		body.Error.Problems = []problemJSON{{Path: "body", Reason: "is larger than the limit of " + strconv.FormatInt(mbe.Limit, 10) + " bytes"}}
	case errors.Is(err, ErrConflict):
		status, reason = http.StatusConflict, "conflict"
		body.Error.Message = err.Error()
		body.Error.Problems = []problemJSON{{Path: "id", Reason: err.Error()}}
	case errors.Is(err, ErrNotFound):
		status, reason = http.StatusNotFound, "not_found"
		body.Error.Message = err.Error()
	case errors.Is(err, errReadModel):
		status, reason, retryAfter = http.StatusServiceUnavailable, "query_unavailable", 5
		body.Error.Message = "statement queries cannot be answered right now; the statements are stored: retry after the Retry-After delay"
		s.log.Warn("statement query failed", "err", err)
	case errors.Is(err, ErrUnavailable):
		status, reason, retryAfter = http.StatusServiceUnavailable, "unavailable", 2
		// A publish whose acknowledgement was lost may have been stored:
		// promise only that the same request is safe to repeat.
		body.Error.Message = "the event log did not confirm storing this request in time: retry the same request, with the same statement ids, after the Retry-After delay (what was stored already is not stored twice)"
	case errors.Is(err, errNoCredentials), errors.Is(err, errBadCredentials):
		status, reason = http.StatusUnauthorized, "unauthenticated"
		body.Error.Message = err.Error()
		body.Error.Problems = []problemJSON{{Path: "Authorization", Reason: err.Error()}}
		w.Header().Set("WWW-Authenticate", `Basic realm="xAPI", charset="UTF-8"`)
	case errors.Is(err, errTooManyTries):
		status, reason, retryAfter = http.StatusTooManyRequests, "auth_rate_limited", 60
		body.Error.Message = err.Error()
		body.Error.Problems = []problemJSON{{Path: "Authorization", Reason: err.Error()}}
	default:
		id := requestID()
		body.Error.RequestID = id
		body.Error.Message = "internal error; quote request id " + id + " when reporting it"
		s.log.Error("request failed", "method", r.Method, "path", logPath(r), "request_id", id, "err", err)
	}
	if status < 500 {
		s.log.Debug("request rejected", "method", r.Method, "path", logPath(r), "status", status, "reason", reason, "err", err)
	}
	body.Error.Status = status
	if retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_ = json.NewEncoder(w).Encode(body)
	}
	s.metrics.rejections.WithLabelValues(reason).Inc()
	return reason
}

func requestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
