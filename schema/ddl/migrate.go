package ddl

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed sql/*.sql
var files embed.FS

// DB is what Migrate needs from a ClickHouse connection. clickhouse-go's
// driver.Conn satisfies it.
type DB interface {
	Exec(ctx context.Context, query string, args ...any) error
	Select(ctx context.Context, dest any, query string, args ...any) error
}

// Migration is one numbered SQL file.
type Migration struct {
	Version    uint32
	Name       string
	Statements []string
}

// Migrations returns the embedded migrations in version order.
func Migrations() ([]Migration, error) {
	entries, err := fs.ReadDir(files, "sql")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var ms []Migration
	seen := map[uint32]string{}
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.ParseUint(num, 10, 32)
		if !ok || err != nil || v == 0 {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", name)
		}
		if other, dup := seen[uint32(v)]; dup {
			return nil, fmt.Errorf("migrations %s and %s have the same number", other, name)
		}
		seen[uint32(v)] = name
		body, err := fs.ReadFile(files, "sql/"+name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		ms = append(ms, Migration{Version: uint32(v), Name: name, Statements: SplitStatements(string(body))})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	return ms, nil
}

// SplitStatements splits a SQL file into statements at semicolons that end a
// line, dropping comment-only lines. Our SQL files keep semicolons out of
// string literals at line ends, which keeps this simple and predictable.
func SplitStatements(body string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(body, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(trimmed, ";") {
			if s := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(cur.String()), ";")); s != "" {
				out = append(out, s)
			}
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, strings.TrimSpace(strings.TrimSuffix(s, ";")))
	}
	return out
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations
(
    version UInt32,
    name String,
    applied_at DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree
ORDER BY version`

// Applied returns the versions recorded in schema_migrations.
func Applied(ctx context.Context, db DB) (map[uint32]bool, error) {
	var rows []struct {
		Version uint32 `ch:"version"`
	}
	if err := db.Select(ctx, &rows, "SELECT version FROM schema_migrations"); err != nil {
		return nil, fmt.Errorf("read applied migrations: %w", err)
	}
	done := make(map[uint32]bool, len(rows))
	for _, r := range rows {
		done[r.Version] = true
	}
	return done, nil
}

// Migrate applies every migration not yet recorded, in order, and records
// each after all its statements ran. Statements are written to be safe to
// run again (IF NOT EXISTS, system.columns checks), so a migration
// interrupted half-way is completed by the next run. db must have the target
// database as its default; use CreateDatabase first on a fresh server.
// progress, when not nil, is called before each migration is applied.
func Migrate(ctx context.Context, db DB, progress func(m Migration)) error {
	if err := db.Exec(ctx, createMigrationsTable); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	ms, err := Migrations()
	if err != nil {
		return err
	}
	done, err := Applied(ctx, db)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if done[m.Version] {
			continue
		}
		if progress != nil {
			progress(m)
		}
		for i, stmt := range m.Statements {
			if err := db.Exec(ctx, stmt); err != nil {
				return fmt.Errorf("apply migration %s statement %d: %w", m.Name, i+1, err)
			}
		}
		// INSERT … SELECT runs as one query on every server version; the
		// VALUES form hangs on 18.16 when sent through Exec.
		rec := fmt.Sprintf("INSERT INTO schema_migrations (version, name) SELECT %d, '%s'", m.Version, escape(m.Name))
		if err := db.Exec(ctx, rec); err != nil {
			return fmt.Errorf("record migration %s: %w", m.Name, err)
		}
	}
	return nil
}

// CreateDatabase creates database name if it does not exist. It must run on
// a connection whose default database exists (e.g. "default").
func CreateDatabase(ctx context.Context, db DB, name string) error {
	if !validIdent(name) {
		return fmt.Errorf("create database %q: name must be letters, digits and '_'", name)
	}
	if err := db.Exec(ctx, "CREATE DATABASE IF NOT EXISTS "+name); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return nil
}

func validIdent(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func escape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s)
}
