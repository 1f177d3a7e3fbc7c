// Package archtest holds no code: its test enforces the import rules of
// the README's architecture section with `go list`, so that a change that
// breaks them fails `make test`.
package archtest
