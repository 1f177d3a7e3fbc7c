package collector

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/internal/chconn"
	"github.com/leerlijn/leerlijn/schema/xapi"
)

// activitiesWait bounds how long the Activities resource waits for the
// statements stored before the request to be projected.
const activitiesWait = 2 * time.Second

// activities answers GET and HEAD /activities (Communication 2.5): the
// Activity with its canonical definition, merged from the definitions the
// tenant's statements carried, in stored order (lrs_activities, written by
// the statements projection). An Activity the LRS has no definition of is
// still answered, with its id only. Its methods are GET and HEAD (route).
func (s *Server) activities(w http.ResponseWriter, r *http.Request, p *Principal, _ string) error {
	start := time.Now()
	if !p.Client.Has(ScopeAll, ScopeAllRead, ScopeStatementsRead, ScopeDefine, ScopeProfile, ScopeState) {
		return errScope("all/read")
	}
	q := r.URL.Query()
	for name := range q {
		if name != "activityId" {
			return unknownDocParam(name, []string{"activityId"}, "Activities")
		}
	}
	id, err := iriParam(q, "activityId")
	if err != nil {
		return err
	}
	var defs []string
	if s.store != nil {
		// Read your writes: an Activity defined by a statement stored just
		// before is answered with that definition, once the statements
		// projection has it (waiting at most activitiesWait).
		s.consist.waitThrough(r.Context(), start, activitiesWait)
		if defs, err = activityDefinitions(r.Context(), s.store.conn, s.cfg.QueryTimeout, p.Client.Tenant, id); err != nil {
			return fmt.Errorf("%w: %w", errReadModel, err)
		}
	}
	out := map[string]any{"objectType": "Activity", "id": id}
	if def := mergeDefinitions(defs); len(def) > 0 {
		out["definition"] = def
	}
	body, err := json.Marshal(out)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("ETag", `"`+sha1Hex(body)+`"`)
	if r.Method == http.MethodGet {
		_, _ = w.Write(body)
	}
	return nil
}

func activityDefinitions(ctx context.Context, conn driver.Conn, timeout time.Duration, tenant, id string) ([]string, error) {
	defs, err := definitionsOf(ctx, conn, timeout, tenant, []string{id})
	return defs[id], err
}

// definitionsOf reads the definitions the tenant's statements gave each of
// the Activities, oldest first, in one query.
func definitionsOf(ctx context.Context, conn driver.Conn, timeout time.Duration, tenant string, ids []string) (map[string][]string, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rows []struct {
		ID         string `ch:"activity_id"`
		Definition string `ch:"definition"`
	}
	err := conn.Select(ctx, &rows, "SELECT activity_id, definition FROM lrs_activities FINAL WHERE tenant = ? AND activity_id IN ? ORDER BY activity_id, stored_ms, definition_hash",
		tenant, chconn.StringSet(ids))
	if err != nil {
		return nil, fmt.Errorf("read activity definitions: %w", err)
	}
	out := make(map[string][]string, len(ids))
	for _, r := range rows {
		out[r.ID] = append(out[r.ID], r.Definition)
	}
	return out, nil
}

// canonicalDefinitions returns, for the canonical statement format, the
// merged definition (the Activities resource's) of every Activity of the
// statements, read in one query; nil when there is nothing to read or no
// ClickHouse to read it from.
func (s *Server) canonicalDefinitions(ctx context.Context, tenant string, raws [][]byte) (xapi.Definitions, error) {
	if s.store == nil {
		return nil, nil
	}
	var ids []string
	seen := map[string]bool{}
	for _, raw := range raws {
		st, err := xapi.Decode(raw)
		if err != nil {
			return nil, fmt.Errorf("decode stored statement: %w", err)
		}
		for _, id := range st.ActivityIDs() {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	defs, err := definitionsOf(ctx, s.store.conn, s.cfg.QueryTimeout, tenant, ids)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errReadModel, err)
	}
	merged := make(map[string][]byte, len(defs))
	for id, d := range defs {
		if def := mergeDefinitions(d); len(def) > 0 {
			b, err := json.Marshal(def)
			if err != nil {
				return nil, fmt.Errorf("encode the definition of %s: %w", id, err)
			}
			merged[id] = b
		}
	}
	return func(id string) []byte { return merged[id] }, nil
}

// mergeDefinitions merges Activity definitions, oldest first: language
// maps (name, description) are merged language by language, later
// languages replacing earlier ones; every other property is taken from the
// latest definition that has it.
func mergeDefinitions(defs []string) map[string]json.RawMessage {
	merged := map[string]json.RawMessage{}
	for _, d := range defs {
		var def map[string]json.RawMessage
		if json.Unmarshal([]byte(d), &def) != nil {
			continue
		}
		for k, v := range def {
			if k == "name" || k == "description" {
				var old, upd map[string]string
				_ = json.Unmarshal(merged[k], &old)
				if json.Unmarshal(v, &upd) == nil {
					if old == nil {
						old = map[string]string{}
					}
					for lang, text := range upd {
						old[lang] = text
					}
					if b, err := json.Marshal(old); err == nil {
						v = b
					}
				}
			}
			merged[k] = v
		}
	}
	return merged
}
