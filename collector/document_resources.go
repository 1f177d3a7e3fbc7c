package collector

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/xapi"
)

// docResource is one of the document resources: State, Activity Profile or
// Agent Profile.
type docResource struct {
	name    string // for messages: "state document"
	idParam string // stateId or profileId
	store   *docStore
	read    []Scope
	write   []Scope
	// params are the parameters the resource takes besides idParam and
	// since.
	params []string
	// multiDelete allows DELETE without idParam (State only).
	multiDelete bool
	// putNeedsPrecondition20 and putNeedsPrecondition10 say whether a PUT
	// over an existing document without If-Match or If-None-Match is a 409
	// (Communication 3.1) for xAPI 2.0 and 1.0.x requests.
	putNeedsPrecondition10, putNeedsPrecondition20 bool
	// scope reads the parameters that scope a document: the context
	// (canonical string and key token) and the listing pattern tokens.
	scope func(q url.Values) (docScope, error)
}

// docScope is where a resource's documents live for a request.
type docScope struct {
	context string // canonical form, stored in the metadata
	key     string // key tokens after the tenant, without the id
	list    string // key tokens after the tenant for a multi-document request
}

func (s *Server) docResources() map[string]*docResource {
	state := &docResource{
		name: "state document", idParam: "stateId", store: s.docs.state,
		read:   []Scope{ScopeState, ScopeAll, ScopeAllRead},
		write:  []Scope{ScopeState, ScopeAll},
		params: []string{"activityId", "agent", "registration"}, multiDelete: true,
		putNeedsPrecondition20: true,
		scope: func(q url.Values) (docScope, error) {
			act, err := iriParam(q, "activityId")
			if err != nil {
				return docScope{}, err
			}
			ag, err := agentParam(q, "agent", false)
			if err != nil {
				return docScope{}, err
			}
			reg, ok, err := single(q, "registration")
			if err != nil {
				return docScope{}, err
			}
			if ok && !xapi.ValidUUID(reg) {
				return docScope{}, paramError("registration", "must be a UUID, got "+quote(reg))
			}
			reg = strings.ToLower(reg)
			base := hashToken(act, ag)
			sc := docScope{context: act + "\x00" + ag + "\x00" + reg, key: base + "." + hashToken(reg), list: base + ".*"}
			if ok {
				sc.list = sc.key
			}
			return sc, nil
		},
	}
	activityProfile := &docResource{
		name: "activity profile document", idParam: "profileId", store: s.docs.activityProfile,
		read:                   []Scope{ScopeProfile, ScopeDefine, ScopeAll, ScopeAllRead},
		write:                  []Scope{ScopeProfile, ScopeDefine, ScopeAll},
		params:                 []string{"activityId"},
		putNeedsPrecondition10: true, putNeedsPrecondition20: true,
		scope: func(q url.Values) (docScope, error) {
			act, err := iriParam(q, "activityId")
			if err != nil {
				return docScope{}, err
			}
			h := hashToken(act)
			return docScope{context: act, key: h, list: h}, nil
		},
	}
	agentProfile := &docResource{
		name: "agent profile document", idParam: "profileId", store: s.docs.agentProfile,
		read:                   []Scope{ScopeProfile, ScopeAll, ScopeAllRead},
		write:                  []Scope{ScopeProfile, ScopeAll},
		params:                 []string{"agent"},
		putNeedsPrecondition10: true, putNeedsPrecondition20: true,
		scope: func(q url.Values) (docScope, error) {
			// An identified Group's identifier may be used in an Agent
			// (Communication 2.6), so the agent is taken by its IFI.
			ag, err := agentParam(q, "agent", false)
			if err != nil {
				return docScope{}, err
			}
			h := hashToken(ag)
			return docScope{context: ag, key: h, list: h}, nil
		},
	}
	return map[string]*docResource{
		"/xapi/activities/state":   state,
		"/xapi/activities/profile": activityProfile,
		"/xapi/agents/profile":     agentProfile,
	}
}

// iriParam reads a required IRI parameter.
func iriParam(q url.Values, name string) (string, error) {
	v, ok, err := single(q, name)
	if err != nil {
		return "", err
	}
	if !ok || v == "" {
		return "", paramError(name, "is required")
	}
	if !xapi.ValidIRI(v) {
		return "", paramError(name, "must be an absolute IRI, got "+quote(v))
	}
	return v, nil
}

// agentParam reads a required Agent parameter and returns its IFI.
func agentParam(q url.Values, name string, allowGroup bool) (string, error) {
	v, ok, err := single(q, name)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", paramError(name, "is required: an Agent as JSON, e.g. {\"mbox\":\"mailto:ann@example.com\"}")
	}
	a, err := xapi.ParseAgentParam([]byte(v), name, allowGroup)
	if err != nil {
		return "", err
	}
	return a.IFI(), nil
}

// documentHandler serves one document resource.
func (s *Server) documentHandler(res *docResource) resourceFunc {
	return func(w http.ResponseWriter, r *http.Request, p *Principal, version string) error {
		q := r.URL.Query()
		allowed := append([]string{res.idParam, "since"}, res.params...)
		for name := range q {
			if !slices.Contains(allowed, name) {
				return unknownDocParam(name, allowed, res.name)
			}
		}
		write := r.Method == http.MethodPut || r.Method == http.MethodPost || r.Method == http.MethodDelete
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			if !p.Client.Has(res.read...) {
				return errScope(string(res.read[0]))
			}
		case http.MethodPut, http.MethodPost, http.MethodDelete:
			if !p.Client.Has(res.write...) {
				return errScope(string(res.write[0]))
			}
		default:
			return errMethod(r.Method, "GET, HEAD, PUT, POST, DELETE")
		}
		sc, err := res.scope(q)
		if err != nil {
			return err
		}
		id, hasID, err := single(q, res.idParam)
		if err != nil {
			return err
		}
		_, hasSince := q["since"]
		switch {
		case hasID && id == "":
			return paramError(res.idParam, "must not be empty")
		case hasID && hasSince:
			return paramError("since", "cannot be combined with "+res.idParam+": since lists the ids of several documents")
		case hasSince && r.Method != http.MethodGet && r.Method != http.MethodHead:
			return paramError("since", "is only for GET of several documents")
		case !hasID && write && !(r.Method == http.MethodDelete && res.multiDelete):
			return paramError(res.idParam, "is required for "+r.Method)
		}
		tenant := p.Client.Tenant
		if !hasID {
			return s.documentList(w, r, res, tenant, sc, q)
		}
		key := tenant + "." + sc.key + "." + hashToken(id)
		switch r.Method {
		case http.MethodGet, http.MethodHead:
			d, err := res.store.get(r.Context(), key, sc.context, id)
			if err != nil {
				return err
			}
			if d == nil {
				return notFound(res.idParam, "names no "+res.name+" in this context: "+quote(id))
			}
			h := w.Header()
			h.Set("Content-Type", d.Type)
			h.Set("ETag", d.ETag())
			h.Set("Last-Modified", d.Updated.UTC().Format(http.TimeFormat))
			if r.Method == http.MethodGet {
				_, _ = w.Write(d.Body)
			}
			return nil
		case http.MethodDelete:
			return s.documentDelete(w, r, res, key, sc.context, id)
		}
		return s.documentWrite(w, r, res, version, key, sc.context, id)
	}
}

func unknownDocParam(name string, allowed []string, what string) error {
	for _, a := range allowed {
		if strings.EqualFold(a, name) {
			return paramError(name, "is not a parameter of the "+what+" resource: parameter names are case-sensitive, use "+quote(a))
		}
	}
	return paramError(name, "is not a parameter of the "+what+" resource (it takes "+strings.Join(allowed, ", ")+")")
}

// documentWrite answers PUT (store) and POST (store, or merge JSON).
func (s *Server) documentWrite(w http.ResponseWriter, r *http.Request, res *docResource, version, key, context, id string) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return errorf(http.StatusBadRequest, "read_body", "could not read the request body: "+err.Error())
	}
	ctype := r.Header.Get("Content-Type")
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	merge := r.Method == http.MethodPost
	if merge && (&document{docMeta: docMeta{Type: ctype}}).isJSON() {
		// A posted JSON document is merged, now or later: it must be an
		// object (Communication 2.2.s8), whether or not one is stored yet.
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil || obj == nil {
			return &Error{Status: http.StatusBadRequest, Reason: "merge", Field: "body",
				Message: "a POST of application/json must be a JSON object, which is merged into the stored document: PUT replaces a document of any type"}
		}
	}
	needPrecondition := res.putNeedsPrecondition10
	if isVersion20(version) {
		needPrecondition = res.putNeedsPrecondition20
	}
	// A merge is a read-modify-write; a concurrent write makes it read
	// again, unless the client asked for a precondition.
	for attempt := 0; ; attempt++ {
		cur, err := res.store.get(r.Context(), key, context, id)
		if err != nil {
			return err
		}
		if err := preconditions(r, cur); err != nil {
			return err
		}
		if !merge && needPrecondition && r.Header.Get("If-Match") == "" && r.Header.Get("If-None-Match") == "" {
			if cur != nil {
				return &Error{Status: http.StatusConflict, Reason: "document_exists", Field: "If-Match",
					Message: "is required to overwrite the existing " + res.name + ": GET it, check its current state, and PUT again with If-Match set to its ETag (or use If-None-Match: * to create only)"}
			}
			if !isVersion20(version) {
				// xAPI 1.0.x profile resources: a PUT names its
				// precondition even for a new document (the ADL
				// conformance suite, XAPI-00273).
				return &Error{Status: http.StatusBadRequest, Reason: "precondition_required", Field: "If-None-Match",
					Message: "a PUT to the " + res.name + " needs If-None-Match: * to create the document, or If-Match with the ETag of the one it replaces"}
			}
		}
		doc := docMeta{ID: id, Context: context, Type: ctype, Updated: time.Now().UTC()}
		newBody := body
		if merge && cur != nil {
			if newBody, err = mergeJSON(cur, body, ctype); err != nil {
				return err
			}
			doc.Type = cur.Type
		}
		doc.SHA1 = sha1Hex(newBody)
		err = res.store.put(r.Context(), key, cur, doc, newBody)
		if errors.Is(err, errRevision) {
			if r.Header.Get("If-Match") != "" || r.Header.Get("If-None-Match") != "" || attempt >= 4 {
				return &Error{Status: http.StatusPreconditionFailed, Reason: "precondition", Field: "If-Match",
					Message: "the " + res.name + " changed while this request was handled: GET it again and retry"}
			}
			continue
		}
		if err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
}

// mergeJSON merges a posted JSON object into the stored one: each top-level
// property of the posted object replaces the stored one (Communication
// 2.2.s7). Both must be application/json objects.
func mergeJSON(cur *document, body []byte, ctype string) ([]byte, error) {
	posted := &document{docMeta: docMeta{Type: ctype}}
	if !cur.isJSON() || !posted.isJSON() {
		return nil, &Error{Status: http.StatusBadRequest, Reason: "merge", Field: "Content-Type",
			Message: "a POST to an existing document merges JSON objects: both the stored document and the posted one must be application/json (stored: " + quote(cur.Type) + ", posted: " + quote(ctype) + "); PUT replaces a document of any type"}
	}
	var old, upd map[string]json.RawMessage
	if err := json.Unmarshal(cur.Body, &old); err != nil || old == nil {
		return nil, &Error{Status: http.StatusBadRequest, Reason: "merge", Field: "body",
			Message: "the stored document is not a JSON object, so it cannot be merged with: PUT the whole document instead"}
	}
	if err := json.Unmarshal(body, &upd); err != nil || upd == nil {
		return nil, &Error{Status: http.StatusBadRequest, Reason: "merge", Field: "body",
			Message: "must be a JSON object to be merged into the stored document: PUT replaces the whole document"}
	}
	for k, v := range upd {
		old[k] = v
	}
	return json.Marshal(old)
}

func (s *Server) documentDelete(w http.ResponseWriter, r *http.Request, res *docResource, key, context, id string) error {
	cur, err := res.store.get(r.Context(), key, context, id)
	if err != nil {
		return err
	}
	if err := preconditions(r, cur); err != nil {
		return err
	}
	if cur != nil {
		var at *document
		if r.Header.Get("If-Match") != "" {
			at = cur
		}
		if err := res.store.remove(r.Context(), key, at); errors.Is(err, errRevision) {
			return &Error{Status: http.StatusPreconditionFailed, Reason: "precondition", Field: "If-Match",
				Message: "the " + res.name + " changed while this request was handled: GET it again and retry"}
		} else if err != nil {
			return err
		}
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// documentList answers GET (the ids, optionally since a time) and, for
// State, DELETE of every document in a context.
func (s *Server) documentList(w http.ResponseWriter, r *http.Request, res *docResource, tenant string, sc docScope, q url.Values) error {
	docs, keys, err := res.store.list(r.Context(), tenant+"."+sc.list+".*")
	if err != nil {
		return err
	}
	var since *time.Time
	if v, ok, err := single(q, "since"); err != nil {
		return err
	} else if ok {
		t, err := xapi.ParseTimestamp(v)
		if err != nil {
			return paramError("since", "must be an ISO 8601 timestamp, got "+quote(v))
		}
		since = &t
	}
	// sc.list leaves the registration of a State open; the context of
	// each document still has to match the request's Activity and Agent.
	prefix := sc.context
	if i := strings.LastIndexByte(prefix, 0); i >= 0 && sc.list != sc.key {
		prefix = prefix[:i+1]
	}
	if r.Method == http.MethodDelete {
		for i, d := range docs {
			if strings.HasPrefix(d.Context, prefix) {
				if err := res.store.remove(r.Context(), keys[i], nil); err != nil {
					return err
				}
			}
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	ids := []string{}
	var last time.Time
	for _, d := range docs {
		if !strings.HasPrefix(d.Context, prefix) {
			continue
		}
		if since != nil && !d.Updated.After(*since) {
			continue
		}
		if !slices.Contains(ids, d.ID) {
			ids = append(ids, d.ID)
		}
		if d.Updated.After(last) {
			last = d.Updated
		}
	}
	slices.Sort(ids)
	body, _ := json.Marshal(ids)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("ETag", `"`+sha1Hex(body)+`"`)
	if !last.IsZero() {
		h.Set("Last-Modified", last.UTC().Format(http.TimeFormat))
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method == http.MethodGet {
		_, _ = w.Write(body)
	}
	return nil
}
