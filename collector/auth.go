package collector

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/segmentio/encoding/json"
	"golang.org/x/sync/singleflight"
)

// Principal is the authenticated client of a request. The HTTP layer hands
// it to the resource handlers as a parameter; from there the tenant is
// passed on explicitly.
type Principal struct {
	Client Client
	// Authority is the JSON Agent the LRS sets as a stored statement's
	// authority for this client.
	Authority []byte
}

// ClientLookup finds a client by key; *ClientStore implements it.
type ClientLookup interface {
	Lookup(ctx context.Context, key string) (Client, error)
}

// authenticator checks Basic credentials against the client store. Secret
// hashes are slow to check on purpose, so a verified secret is remembered
// (as a SHA-256 of key and secret, never the secret) until the client's
// stored hash changes; failed checks per key are rate limited so that wrong
// passwords cannot burn the CPU.
type authenticator struct {
	clients  ClientLookup
	homePage string

	mu       sync.Mutex
	verified map[string]verifiedEntry
	failures map[string]*failureWindow
	// verifying makes concurrent requests with the same new credentials
	// (a class of learners starting at once, or every connection after a
	// restart) wait for one slow hash check instead of each doing it.
	verifying singleflight.Group
}

type verifiedEntry struct {
	digest     [32]byte
	secretHash string
	authority  []byte
}

type failureWindow struct {
	start time.Time
	count int
}

const (
	maxFailuresPerWindow = 10
	failureWindowLength  = time.Minute
)

func newAuthenticator(clients ClientLookup, homePage string) *authenticator {
	return &authenticator{clients: clients, homePage: homePage, verified: map[string]verifiedEntry{}, failures: map[string]*failureWindow{}}
}

var (
	errNoCredentials  = errors.New("authentication required: send HTTP Basic credentials (client key and secret)")
	errBadCredentials = errors.New("the client key or secret is wrong, or the client was revoked")
	errTooManyTries   = errors.New("too many failed authentication attempts for this client key: wait a minute")
)

func digest(key, secret string) [32]byte {
	return sha256.Sum256([]byte(key + "\x00" + secret))
}

// authenticate resolves the request's Basic credentials to a principal.
func (a *authenticator) authenticate(r *http.Request) (*Principal, error) {
	key, secret, ok := r.BasicAuth()
	if !ok || key == "" {
		return nil, errNoCredentials
	}
	c, err := a.clients.Lookup(r.Context(), key)
	if errors.Is(err, ErrClientNotFound) {
		return nil, errBadCredentials
	}
	if err != nil {
		return nil, err
	}
	if c.Revoked != nil {
		return nil, errBadCredentials
	}
	d := digest(key, secret)
	a.mu.Lock()
	v, ok := a.verified[key]
	a.mu.Unlock()
	if ok && v.secretHash == c.SecretHash && v.digest == d {
		return &Principal{Client: c, Authority: v.authority}, nil
	}
	if !a.allowAttempt(key) {
		return nil, errTooManyTries
	}
	v2, err, _ := a.verifying.Do(key+"\x00"+hex.EncodeToString(d[:]), func() (any, error) {
		match, err := VerifySecret(c.SecretHash, secret)
		if err != nil {
			return nil, err
		}
		if !match {
			a.recordFailure(key)
			return nil, errBadCredentials
		}
		e := verifiedEntry{digest: d, secretHash: c.SecretHash, authority: a.authority(c.Key)}
		a.mu.Lock()
		a.verified[key] = e
		a.mu.Unlock()
		return e, nil
	})
	if err != nil {
		return nil, err
	}
	return &Principal{Client: c, Authority: v2.(verifiedEntry).authority}, nil
}

func (a *authenticator) authority(key string) []byte {
	b, _ := json.Marshal(map[string]any{
		"objectType": "Agent",
		"account":    map[string]string{"homePage": a.homePage, "name": key},
	})
	return b
}

func (a *authenticator) allowAttempt(key string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := a.failures[key]
	if f == nil || time.Since(f.start) > failureWindowLength {
		return true
	}
	return f.count < maxFailuresPerWindow
}

func (a *authenticator) recordFailure(key string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	f := a.failures[key]
	if f == nil || time.Since(f.start) > failureWindowLength {
		if len(a.failures) > 100_000 { // bound memory under a key-spraying attack
			clear(a.failures)
		}
		f = &failureWindow{start: time.Now()}
		a.failures[key] = f
	}
	f.count++
}
