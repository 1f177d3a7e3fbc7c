package collector

import (
	"context"
	"errors"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/segmentio/encoding/json"
)

// The clients admin API, /api/v1/clients, does over HTTP what `leerlijn
// clients add|list|revoke` does: it creates, lists, changes and revokes the
// xAPI clients of the caller's tenant. It needs the admin scope, and never
// reaches another tenant's clients: a client of another tenant is "not
// found". A new client's secret is answered once and stored only as a slow
// hash.

// ClientAdmin manages clients; *ClientStore implements it.
type ClientAdmin interface {
	ClientLookup
	Add(ctx context.Context, c Client, secret string) error
	Get(ctx context.Context, key string) (Client, error)
	List(ctx context.Context) ([]Client, error)
	Revoke(ctx context.Context, key string) error
	Update(ctx context.Context, key string, change func(*Client) error) (Client, error)
}

const clientsPrefix = "/api/v1/clients"

// clientView is a client as the API shows it: never the secret hash.
type clientView struct {
	Key        string     `json:"key"`
	Name       string     `json:"name,omitempty"`
	Tenant     string     `json:"tenant"`
	Scopes     []Scope    `json:"scopes"`
	Validation string     `json:"validation"`
	Created    time.Time  `json:"created"`
	Revoked    *time.Time `json:"revoked,omitempty"`
	// Secret is set only in the answer to the POST that created it.
	Secret string `json:"secret,omitempty"`
}

func viewOf(c Client) clientView {
	v := clientView{Key: c.Key, Name: c.Name, Tenant: c.Tenant, Scopes: c.Scopes, Validation: c.Validation, Created: c.Created, Revoked: c.Revoked}
	if v.Validation == "" {
		v.Validation = ValidationStrict
	}
	return v
}

// clientChange is the body of POST and PATCH.
type clientChange struct {
	Key        string   `json:"key"`
	Name       *string  `json:"name"`
	Scopes     []string `json:"scopes"`
	Validation *string  `json:"validation"`
}

func (s *Server) mountClients(mux *http.ServeMux, clients ClientLookup) {
	admin, _ := clients.(ClientAdmin)
	h := func(name string, f func(http.ResponseWriter, *http.Request, *Principal, ClientAdmin) error) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			start := time.Now()
			sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
			err := func() error {
				p, err := s.auth.authenticate(r)
				if err != nil {
					return err
				}
				if err := s.limiter.check(p); err != nil {
					return err
				}
				if !p.Client.Has(ScopeAdmin) {
					return errScope("admin")
				}
				if admin == nil {
					return errorf(http.StatusNotImplemented, "clients_api", "this collector cannot manage clients: use leerlijn clients")
				}
				return f(sw, r, p, admin)
			}()
			if err != nil {
				s.writeError(sw, r, err)
			}
			s.metrics.requests.WithLabelValues(name, strconv.Itoa(sw.status)).Inc()
			s.metrics.duration.WithLabelValues(name).Observe(time.Since(start).Seconds())
		})
	}
	mux.Handle(clientsPrefix, h("api_clients", s.clientsCollection))
	mux.Handle(clientsPrefix+"/{key}", h("api_client", s.clientsItem))
}

func writeClientJSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
	return nil
}

// clientsCollection answers GET (the tenant's clients) and POST (a new
// client, with its secret).
func (s *Server) clientsCollection(w http.ResponseWriter, r *http.Request, p *Principal, admin ClientAdmin) error {
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		all, err := admin.List(r.Context())
		if err != nil {
			return err
		}
		out := []clientView{}
		for _, c := range all {
			if c.Tenant == p.Client.Tenant {
				out = append(out, viewOf(c))
			}
		}
		return writeClientJSON(w, r, http.StatusOK, out)
	case http.MethodPost:
		ch, err := readClientChange(w, r)
		if err != nil {
			return err
		}
		key, secret, err := NewCredentials()
		if err != nil {
			return err
		}
		if ch.Key != "" {
			if !validClientKey(ch.Key) {
				return fieldError("key", "must be 3 to 128 characters of A-Z, a-z, 0-9, '-' and '_'")
			}
			key = ch.Key
		}
		c := Client{Key: key, Tenant: p.Client.Tenant}
		if err := applyChange(&c, ch, true); err != nil {
			return err
		}
		if err := admin.Add(r.Context(), c, secret); errors.Is(err, ErrClientExists) {
			return &Error{Status: http.StatusConflict, Reason: "client_exists", Field: "key", Message: "is taken by another client: choose another key or leave it out"}
		} else if err != nil {
			return err
		}
		stored, err := admin.Get(r.Context(), key)
		if err != nil {
			return err
		}
		v := viewOf(stored)
		v.Secret = secret
		w.Header().Set("Location", clientsPrefix+"/"+key)
		return writeClientJSON(w, r, http.StatusCreated, v)
	}
	return errMethod(r.Method, "GET, HEAD, POST")
}

// clientsItem answers GET, PATCH (name, scopes, validation) and DELETE
// (revoke) of one client of the caller's tenant.
func (s *Server) clientsItem(w http.ResponseWriter, r *http.Request, p *Principal, admin ClientAdmin) error {
	key := r.PathValue("key")
	c, err := admin.Get(r.Context(), key)
	if errors.Is(err, ErrClientNotFound) || err == nil && c.Tenant != p.Client.Tenant {
		return &Error{Status: http.StatusNotFound, Reason: "not_found", Field: "key", Message: "names no client of this tenant"}
	}
	if err != nil {
		return err
	}
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return writeClientJSON(w, r, http.StatusOK, viewOf(c))
	case http.MethodPatch:
		ch, err := readClientChange(w, r)
		if err != nil {
			return err
		}
		if ch.Key != "" && ch.Key != key {
			return fieldError("key", "cannot be changed: add a new client and revoke this one")
		}
		if err := applyChange(&c, ch, false); err != nil {
			return err
		}
		updated, err := admin.Update(r.Context(), key, func(cur *Client) error {
			cur.Name, cur.Scopes, cur.Validation = c.Name, c.Scopes, c.Validation
			return nil
		})
		if err != nil {
			return err
		}
		return writeClientJSON(w, r, http.StatusOK, viewOf(updated))
	case http.MethodDelete:
		if err := admin.Revoke(r.Context(), key); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return errMethod(r.Method, "GET, HEAD, PATCH, DELETE")
}

func fieldError(field, why string) *Error {
	return &Error{Status: http.StatusBadRequest, Reason: "invalid_client", Field: field, Message: why}
}

func readClientChange(w http.ResponseWriter, r *http.Request) (clientChange, error) {
	var ch clientChange
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return ch, &Error{Status: http.StatusUnsupportedMediaType, Reason: "content_type", Field: "Content-Type", Message: "must be application/json"}
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		return ch, fieldError("body", "could not be read, or is larger than 64 KiB")
	}
	if err := json.Unmarshal(b, &ch); err != nil {
		return ch, fieldError("body", "must be a JSON object with name, scopes and validation: "+err.Error())
	}
	return ch, nil
}

// applyChange validates and applies a change; scopes are required for a
// new client.
func applyChange(c *Client, ch clientChange, create bool) error {
	if ch.Name != nil {
		c.Name = *ch.Name
	}
	if ch.Scopes != nil || create {
		if len(ch.Scopes) == 0 {
			return fieldError("scopes", "must list at least one scope (known: "+joinScopes(KnownScopes)+")")
		}
		c.Scopes = c.Scopes[:0:0]
		for i, sc := range ch.Scopes {
			if !slices.Contains(KnownScopes, Scope(sc)) {
				return fieldError("scopes["+strconv.Itoa(i)+"]", "is not a scope: use one of "+joinScopes(KnownScopes))
			}
			c.Scopes = append(c.Scopes, Scope(sc))
		}
	}
	if ch.Validation != nil {
		switch *ch.Validation {
		case ValidationStrict, ValidationLenient:
			c.Validation = *ch.Validation
		default:
			return fieldError("validation", `must be "strict" or "lenient"`)
		}
	}
	return nil
}
