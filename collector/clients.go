package collector

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/segmentio/encoding/json"

	"github.com/leerlijn/leerlijn/schema/event"
)

// Scope is an xAPI authorization scope (xAPI 1.0.3 Communication 4.2), plus
// Leerlijn's "admin" for the reference-data API.
type Scope string

// The scopes a client can hold.
const (
	ScopeStatementsWrite    Scope = "statements/write"
	ScopeStatementsRead     Scope = "statements/read"
	ScopeStatementsReadMine Scope = "statements/read/mine"
	ScopeAllRead            Scope = "all/read"
	ScopeAll                Scope = "all"
	ScopeState              Scope = "state"
	ScopeDefine             Scope = "define"
	ScopeProfile            Scope = "profile"
	ScopeAdmin              Scope = "admin"
)

// KnownScopes lists every scope in a stable order.
var KnownScopes = []Scope{ScopeStatementsWrite, ScopeStatementsRead, ScopeStatementsReadMine, ScopeAllRead, ScopeAll, ScopeState, ScopeDefine, ScopeProfile, ScopeAdmin}

// ParseScopes parses a comma-separated scope list.
func ParseScopes(s string) ([]Scope, error) {
	var out []Scope
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !slices.Contains(KnownScopes, Scope(part)) {
			return nil, fmt.Errorf("unknown scope %q (known: %s)", part, joinScopes(KnownScopes))
		}
		out = append(out, Scope(part))
	}
	if len(out) == 0 {
		return nil, errors.New("no scope given")
	}
	return out, nil
}

func joinScopes(ss []Scope) string {
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, ",")
}

// Client is an xAPI client (an LMS, LXP or tool) with its credentials.
type Client struct {
	Key        string     `json:"key"`
	Name       string     `json:"name,omitempty"`
	Tenant     string     `json:"tenant"`
	Scopes     []Scope    `json:"scopes"`
	SecretHash string     `json:"secret_hash"`
	Created    time.Time  `json:"created"`
	Revoked    *time.Time `json:"revoked,omitempty"`
	// Validation is ValidationStrict (the default, also for "") or
	// ValidationLenient: accept what real-world emitters commonly get
	// wrong (H5P's "compound" interactionType) and record it with the
	// statement.
	Validation string `json:"validation,omitempty"`
}

// Validation modes of a client.
const (
	ValidationStrict  = "strict"
	ValidationLenient = "lenient"
)

// Lenient reports whether the client's statements are validated leniently.
func (c *Client) Lenient() bool { return c.Validation == ValidationLenient }

// Has reports whether the client holds any of the scopes.
func (c *Client) Has(any ...Scope) bool {
	for _, s := range any {
		if slices.Contains(c.Scopes, s) {
			return true
		}
	}
	return false
}

// ErrClientNotFound is returned for unknown client keys.
var ErrClientNotFound = errors.New("client not found")

// ErrClientExists is returned when adding a key that is taken.
var ErrClientExists = errors.New("client key already exists")

// ClientStore keeps clients in a JetStream key-value bucket (secrets only as
// slow hashes) and an in-memory copy kept current by a watch, so that a
// revocation takes effect in every collector at once.
type ClientStore struct {
	kv jetstream.KeyValue

	mu      sync.RWMutex
	clients map[string]Client
	watcher jetstream.KeyWatcher
	synced  bool
}

// NewClientStore returns a store on the bucket.
func NewClientStore(kv jetstream.KeyValue) *ClientStore {
	return &ClientStore{kv: kv, clients: map[string]Client{}}
}

// Watch loads every client and keeps the in-memory copy current until ctx
// is done. It returns once the initial load is complete.
func (s *ClientStore) Watch(ctx context.Context) error {
	w, err := s.kv.WatchAll(ctx)
	if err != nil {
		return fmt.Errorf("watch bucket %s: %w", event.ClientsBucket, err)
	}
	s.mu.Lock()
	s.watcher = w
	s.mu.Unlock()
	initial := make(chan struct{})
	go func() {
		once := sync.Once{}
		for e := range w.Updates() {
			if e == nil { // end of the initial values
				s.mu.Lock()
				s.synced = true
				s.mu.Unlock()
				once.Do(func() { close(initial) })
				continue
			}
			s.apply(e)
		}
		once.Do(func() { close(initial) })
	}()
	select {
	case <-initial:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *ClientStore) apply(e jetstream.KeyValueEntry) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e.Operation() != jetstream.KeyValuePut {
		delete(s.clients, e.Key())
		return
	}
	var c Client
	if err := json.Unmarshal(e.Value(), &c); err != nil {
		delete(s.clients, e.Key())
		return
	}
	s.clients[e.Key()] = c
}

// Lookup returns the client with key from the in-memory copy, or from the
// bucket when the store is not watching.
func (s *ClientStore) Lookup(ctx context.Context, key string) (Client, error) {
	s.mu.RLock()
	c, ok := s.clients[key]
	synced := s.synced
	s.mu.RUnlock()
	if ok {
		return c, nil
	}
	if synced {
		return Client{}, ErrClientNotFound
	}
	return s.Get(ctx, key)
}

// Get reads a client from the bucket.
func (s *ClientStore) Get(ctx context.Context, key string) (Client, error) {
	if !validClientKey(key) {
		return Client{}, ErrClientNotFound
	}
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return Client{}, ErrClientNotFound
	}
	if err != nil {
		return Client{}, fmt.Errorf("read client %s: %w", key, err)
	}
	var c Client
	if err := json.Unmarshal(e.Value(), &c); err != nil {
		return Client{}, fmt.Errorf("decode client %s: %w", key, err)
	}
	return c, nil
}

// validClientKey reports whether key can be a bucket key and a Basic-auth
// user name.
func validClientKey(key string) bool {
	if len(key) < 3 || len(key) > 128 {
		return false
	}
	for i := 0; i < len(key); i++ {
		c := key[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// Add stores a new client with the given secret (hashed). It fails with
// ErrClientExists if the key is taken.
func (s *ClientStore) Add(ctx context.Context, c Client, secret string) error {
	if !validClientKey(c.Key) {
		return fmt.Errorf("add client %q: key must be 3 to 128 characters of A-Z, a-z, 0-9, '-' and '_'", c.Key)
	}
	if err := event.ValidTenant(c.Tenant); err != nil {
		return fmt.Errorf("add client %s: %w", c.Key, err)
	}
	if len(secret) < 8 {
		return fmt.Errorf("add client %s: secret must be at least 8 characters", c.Key)
	}
	if len(c.Scopes) == 0 {
		return fmt.Errorf("add client %s: no scopes", c.Key)
	}
	if c.Validation != "" && c.Validation != ValidationStrict && c.Validation != ValidationLenient {
		return fmt.Errorf("add client %s: validation must be %q or %q", c.Key, ValidationStrict, ValidationLenient)
	}
	h, err := HashSecret(secret)
	if err != nil {
		return fmt.Errorf("add client %s: %w", c.Key, err)
	}
	c.SecretHash = h
	if c.Created.IsZero() {
		c.Created = time.Now().UTC()
	}
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode client %s: %w", c.Key, err)
	}
	if _, err := s.kv.Create(ctx, c.Key, b); err != nil {
		if errors.Is(err, jetstream.ErrKeyExists) {
			return ErrClientExists
		}
		return fmt.Errorf("store client %s: %w", c.Key, err)
	}
	s.apply(staticEntry{key: c.Key, value: b})
	return nil
}

// Revoke marks a client revoked; its credentials stop working at once.
func (s *ClientStore) Revoke(ctx context.Context, key string) error {
	e, err := s.kv.Get(ctx, key)
	if errors.Is(err, jetstream.ErrKeyNotFound) {
		return ErrClientNotFound
	}
	if err != nil {
		return fmt.Errorf("read client %s: %w", key, err)
	}
	var c Client
	if err := json.Unmarshal(e.Value(), &c); err != nil {
		return fmt.Errorf("decode client %s: %w", key, err)
	}
	if c.Revoked != nil {
		return nil
	}
	now := time.Now().UTC()
	c.Revoked = &now
	b, err := json.Marshal(c)
	if err != nil {
		return fmt.Errorf("encode client %s: %w", key, err)
	}
	if _, err := s.kv.Update(ctx, key, b, e.Revision()); err != nil {
		return fmt.Errorf("revoke client %s: %w", key, err)
	}
	s.apply(staticEntry{key: key, value: b})
	return nil
}

// Update changes a client with change, which must not change its key,
// tenant, secret hash or creation time (they are kept regardless). It
// fails with ErrClientNotFound for an unknown key.
func (s *ClientStore) Update(ctx context.Context, key string, change func(*Client) error) (Client, error) {
	for attempt := 0; ; attempt++ {
		e, err := s.kv.Get(ctx, key)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			return Client{}, ErrClientNotFound
		}
		if err != nil {
			return Client{}, fmt.Errorf("read client %s: %w", key, err)
		}
		var c Client
		if err := json.Unmarshal(e.Value(), &c); err != nil {
			return Client{}, fmt.Errorf("decode client %s: %w", key, err)
		}
		keep := c
		if err := change(&c); err != nil {
			return Client{}, err
		}
		c.Key, c.Tenant, c.SecretHash, c.Created = keep.Key, keep.Tenant, keep.SecretHash, keep.Created
		if c.Validation != "" && c.Validation != ValidationStrict && c.Validation != ValidationLenient {
			return Client{}, fmt.Errorf("update client %s: validation must be %q or %q", key, ValidationStrict, ValidationLenient)
		}
		if len(c.Scopes) == 0 {
			return Client{}, fmt.Errorf("update client %s: no scopes", key)
		}
		b, err := json.Marshal(c)
		if err != nil {
			return Client{}, fmt.Errorf("encode client %s: %w", key, err)
		}
		if _, err := s.kv.Update(ctx, key, b, e.Revision()); err != nil {
			if attempt < 3 {
				continue // changed concurrently: apply the change again
			}
			return Client{}, fmt.Errorf("update client %s: %w", key, err)
		}
		s.apply(staticEntry{key: key, value: b})
		return c, nil
	}
}

// List returns every client, sorted by tenant and key.
func (s *ClientStore) List(ctx context.Context) ([]Client, error) {
	lister, err := s.kv.ListKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("list clients: %w", err)
	}
	var out []Client
	for key := range lister.Keys() {
		c, err := s.Get(ctx, key)
		if errors.Is(err, ErrClientNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Tenant != out[j].Tenant {
			return out[i].Tenant < out[j].Tenant
		}
		return out[i].Key < out[j].Key
	})
	return out, nil
}

// Stop ends the watch.
func (s *ClientStore) Stop() error {
	s.mu.Lock()
	w := s.watcher
	s.watcher = nil
	s.mu.Unlock()
	if w == nil {
		return nil
	}
	return w.Stop()
}

// staticEntry applies a write to the in-memory copy before the watch
// delivers it, so a client can be used right after Add.
type staticEntry struct {
	jetstream.KeyValueEntry
	key   string
	value []byte
}

func (e staticEntry) Key() string                     { return e.key }
func (e staticEntry) Value() []byte                   { return e.value }
func (e staticEntry) Operation() jetstream.KeyValueOp { return jetstream.KeyValuePut }
