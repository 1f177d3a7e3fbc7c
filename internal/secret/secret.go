// Package secret holds a string type for credentials and passwords whose
// printed, formatted and logged forms are a placeholder, so that a secret
// that reaches a log line or -print-config output does not leak.
package secret

import "log/slog"

// Value is a secret string. Use string(v) only where the secret is really
// needed (a password handed to a driver, a hash computed from it).
type Value string

// String hides the value.
func (v Value) String() string {
	if v == "" {
		return ""
	}
	return "[redacted]"
}

// GoString hides the value in %#v.
func (v Value) GoString() string { return v.String() }

// LogValue hides the value in slog output.
func (v Value) LogValue() slog.Value { return slog.StringValue(v.String()) }

// MarshalText hides the value in JSON and other text encodings.
func (v Value) MarshalText() ([]byte, error) { return []byte(v.String()), nil }
