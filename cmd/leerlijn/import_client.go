package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/leerlijn/leerlijn/schema/refdata"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// importClient sends the rows of an import to the reference-data API.
type importClient struct {
	base        string
	user        string
	password    string
	concurrency int
	http        *http.Client
	// backoff is the first wait before retrying a request the collector
	// could not take (503, 429, no connection); it doubles per attempt.
	backoff time.Duration
}

// importAttempts is how often a row is tried when the collector is busy or
// unreachable.
const importAttempts = 4

// errImportFatal marks answers that would fail every row the same way
// (wrong credentials, missing scope, no such API): the import stops.
var errImportFatal = errors.New("the collector refuses every row")

// importRow sends one row. It returns the row's failures (the row was not
// imported), or the outcome the API reported, or an error that stops the
// whole import.
func (c *importClient) importRow(ctx context.Context, kind importKind, row refdata.CSVRow) ([]rowFailure, string, error) {
	path, v, column, err := kind.request(row)
	if err != nil {
		return problemsAt(row.Line, err, func(p string) string { return p }), "", nil
	}
	body, err := json.Marshal(v)
	if err != nil {
		return nil, "", fmt.Errorf("line %d: encode: %w", row.Line, err)
	}
	wait := c.backoff
	for attempt := 1; ; attempt++ {
		status, outcome, answer, err := c.put(ctx, path, body)
		retry := err != nil || status == http.StatusServiceUnavailable || status == http.StatusTooManyRequests || status >= 500
		if !retry {
			return c.interpret(row.Line, status, outcome, answer, column)
		}
		if ctx.Err() != nil {
			return nil, "", ctx.Err()
		}
		if attempt == importAttempts {
			if err != nil {
				return nil, "", fmt.Errorf("cannot reach the collector at %s: %w", c.base, err)
			}
			return []rowFailure{{line: row.Line, reason: fmt.Sprintf("the collector answered %d %d times: %s", status, attempt, errorMessage(answer))}}, "", nil
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, "", ctx.Err()
		case <-t.C:
		}
		wait *= 2
	}
}

// put sends one PUT and returns the status, outcome header and body.
func (c *importClient) put(ctx context.Context, path string, body []byte) (int, string, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, c.base+path, bytes.NewReader(body))
	if err != nil {
		return 0, "", nil, err
	}
	req.SetBasicAuth(c.user, c.password)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "leerlijn-import/"+buildVersion())
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, "", nil, err
	}
	return resp.StatusCode, resp.Header.Get("Leerlijn-Outcome"), answer, nil
}

// interpret turns a final answer into an outcome, row failures or a fatal
// error.
func (c *importClient) interpret(line, status int, outcome string, answer []byte, column func(string) string) ([]rowFailure, string, error) {
	switch {
	case status == http.StatusOK || status == http.StatusCreated:
		if outcome == "" {
			outcome = "updated"
		}
		return nil, outcome, nil
	case status == http.StatusUnauthorized || status == http.StatusForbidden:
		return nil, "", fmt.Errorf("%w: %d %s", errImportFatal, status, errorMessage(answer))
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed:
		return nil, "", fmt.Errorf("%w: %d from %s: is it a Leerlijn collector with the reference-data API? %s", errImportFatal, status, c.base, errorMessage(answer))
	case status == http.StatusBadRequest:
		var e apiError
		if err := json.Unmarshal(answer, &e); err == nil && len(e.Error.Problems) > 0 {
			fails := make([]rowFailure, len(e.Error.Problems))
			for i, p := range e.Error.Problems {
				fails[i] = rowFailure{line: line, column: column(p.Path), reason: p.Reason}
			}
			return fails, "", nil
		}
	}
	return []rowFailure{{line: line, reason: fmt.Sprintf("%d %s", status, errorMessage(answer))}}, "", nil
}

// apiError is the JSON error body of the collector.
type apiError struct {
	Error struct {
		Message  string `json:"message"`
		Problems []struct {
			Path   string `json:"path"`
			Reason string `json:"reason"`
		} `json:"problems"`
	} `json:"error"`
}

func errorMessage(answer []byte) string {
	var e apiError
	if err := json.Unmarshal(answer, &e); err == nil && e.Error.Message != "" {
		return e.Error.Message
	}
	if len(answer) > 200 {
		answer = answer[:200]
	}
	return strconv.Quote(string(answer))
}

// problemsAt turns a validation error of a row into failures.
func problemsAt(line int, err error, column func(string) string) []rowFailure {
	var ve *xapi.ValidationError
	if !errors.As(err, &ve) {
		return []rowFailure{{line: line, reason: err.Error()}}
	}
	fails := make([]rowFailure, len(ve.Problems))
	for i, p := range ve.Problems {
		fails[i] = rowFailure{line: line, column: column(p.Path), reason: p.Reason}
	}
	return fails
}

// checkRowID fails a row whose id column cannot be an id in a URL.
func checkRowID(column, id string) error {
	if id == "" {
		return &xapi.ValidationError{Problems: []xapi.Problem{{Path: column, Reason: "is required"}}}
	}
	if !refdata.ValidID(id) {
		return &xapi.ValidationError{Problems: []xapi.Problem{{Path: column, Reason: "must be 1 to 128 characters of letters, digits and _ - ~ : @ + (no dots or spaces)"}}}
	}
	return nil
}
