package collector

import (
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Secrets are stored as PBKDF2-SHA256 hashes with a random salt, in the form
// "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>". The iteration count
// follows OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. Verification
// is slow on purpose; the collector verifies each client's secret once per
// process and remembers the result (see auth.go).
const (
	hashScheme = "pbkdf2-sha256"
	hashKeyLen = 32
)

// hashIterations is the PBKDF2 iteration count of new hashes. The count is
// recorded in each hash, so verification follows it; the collector's tests
// lower it (export_test.go), since they create over a hundred clients.
var hashIterations = 600_000

// HashSecret returns the storable hash of secret.
func HashSecret(secret string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("read salt: %w", err)
	}
	key, err := pbkdf2.Key(sha256.New, secret, salt, hashIterations, hashKeyLen)
	if err != nil {
		return "", fmt.Errorf("hash secret: %w", err)
	}
	enc := base64.RawStdEncoding
	return fmt.Sprintf("%s$%d$%s$%s", hashScheme, hashIterations, enc.EncodeToString(salt), enc.EncodeToString(key)), nil
}

var errBadHash = errors.New("stored secret hash is malformed")

// VerifySecret reports whether secret matches the stored hash.
func VerifySecret(stored, secret string) (bool, error) {
	parts := strings.Split(stored, "$")
	if len(parts) != 4 || parts[0] != hashScheme {
		return false, errBadHash
	}
	iter, err := strconv.Atoi(parts[1])
	if err != nil || iter < 1 {
		return false, errBadHash
	}
	enc := base64.RawStdEncoding
	salt, err := enc.DecodeString(parts[2])
	if err != nil {
		return false, errBadHash
	}
	want, err := enc.DecodeString(parts[3])
	if err != nil || len(want) == 0 {
		return false, errBadHash
	}
	got, err := pbkdf2.Key(sha256.New, secret, salt, iter, len(want))
	if err != nil {
		return false, fmt.Errorf("hash secret: %w", err)
	}
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// NewCredentials returns a random client key and secret for a new client.
func NewCredentials() (key, secret string, err error) {
	b := make([]byte, 12+32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("read random credentials: %w", err)
	}
	enc := base64.RawURLEncoding
	key = "lk_" + strings.NewReplacer("-", "x", "_", "y").Replace(enc.EncodeToString(b[:12]))
	return key, enc.EncodeToString(b[12:]), nil
}
