// Package chconn opens Leerlijn's ClickHouse connections (native protocol,
// clickhouse-go v2) with the settings every part shares: timeouts on every
// call, and on servers older than 19.3 the one setting those need to create
// LowCardinality columns. It also creates the database and applies the
// schema (schema/ddl).
//
// Version-specific handling lives here, in Go, so that the SQL files stay
// one dialect for 18.16 and current servers.
package chconn

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/leerlijn/leerlijn/internal/secret"
	"github.com/leerlijn/leerlijn/schema/ddl"
)

// Config is how to reach ClickHouse.
type Config struct {
	Addr     string
	Database string
	User     string
	Password secret.Value
	// DialTimeout bounds connecting; ReadTimeout bounds one call.
	DialTimeout time.Duration
	ReadTimeout time.Duration
	// MaxOpenConns bounds the pool.
	MaxOpenConns int
}

// Validate checks the configuration.
func (c Config) Validate() error {
	if c.Addr == "" {
		return errors.New("clickhouse address is empty: set -clickhouse.addr (LEERLIJN_CLICKHOUSE_ADDR), e.g. 127.0.0.1:9000")
	}
	if c.Database == "" {
		return errors.New("clickhouse database is empty: set -clickhouse.database (LEERLIJN_CLICKHOUSE_DATABASE)")
	}
	return nil
}

// lowCardinalityRevision is the first server revision (19.3) on which
// LowCardinality is production ready; older servers need
// allow_experimental_low_cardinality_type = 1, which newer ones reject.
const lowCardinalityRevision = 54415

func options(c Config, database string, settings clickhouse.Settings) *clickhouse.Options {
	dial, read := c.DialTimeout, c.ReadTimeout
	if dial == 0 {
		dial = 10 * time.Second
	}
	if read == 0 {
		read = 5 * time.Minute
	}
	maxOpen := c.MaxOpenConns
	if maxOpen == 0 {
		maxOpen = 8
	}
	user := c.User
	if user == "" {
		user = "default"
	}
	return &clickhouse.Options{
		Addr:         []string{c.Addr},
		Auth:         clickhouse.Auth{Database: database, Username: user, Password: string(c.Password)},
		DialTimeout:  dial,
		ReadTimeout:  read,
		MaxOpenConns: maxOpen,
		MaxIdleConns: maxOpen,
		Settings:     settings,
		Compression:  &clickhouse.Compression{Method: clickhouse.CompressionLZ4},
	}
}

// Open connects to the configured database, pings it, and returns the
// connection. On servers older than 19.3 it reconnects with the setting
// that lets the schema create LowCardinality columns.
func Open(ctx context.Context, c Config) (driver.Conn, error) {
	return open(ctx, c, c.Database)
}

func open(ctx context.Context, c Config, database string) (driver.Conn, error) {
	conn, err := clickhouse.Open(options(c, database, nil))
	if err != nil {
		return nil, fmt.Errorf("open clickhouse %s: %w", c.Addr, err)
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("connect to clickhouse %s (database %s): %w", c.Addr, database, err)
	}
	v, err := conn.ServerVersion()
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("read clickhouse %s server version: %w", c.Addr, err)
	}
	if v.Revision >= lowCardinalityRevision {
		return conn, nil
	}
	conn.Close()
	conn, err = clickhouse.Open(options(c, database, clickhouse.Settings{"allow_experimental_low_cardinality_type": 1}))
	if err != nil {
		return nil, fmt.Errorf("open clickhouse %s: %w", c.Addr, err)
	}
	if err := conn.Ping(ctx); err != nil {
		conn.Close()
		return nil, fmt.Errorf("connect to clickhouse %s (database %s): %w", c.Addr, database, err)
	}
	return conn, nil
}

// Dial returns a connection pool without connecting: the first call that
// needs the server connects. Parts for which ClickHouse is optional (the
// collector's queries) start with it and keep running while ClickHouse is
// down. It never creates tables, so it needs no version-specific setting.
func Dial(c Config) (driver.Conn, error) {
	conn, err := clickhouse.Open(options(c, c.Database, nil))
	if err != nil {
		return nil, fmt.Errorf("open clickhouse %s: %w", c.Addr, err)
	}
	return conn, nil
}

// Migrate creates the database if needed and applies the schema. log, when
// not nil, gets one line per applied migration.
func Migrate(ctx context.Context, c Config, log *slog.Logger) error {
	boot, err := open(ctx, c, "default")
	if err != nil {
		return err
	}
	err = ddl.CreateDatabase(ctx, boot, c.Database)
	boot.Close()
	if err != nil {
		return err
	}
	conn, err := Open(ctx, c)
	if err != nil {
		return err
	}
	defer conn.Close()
	return ddl.Migrate(ctx, conn, func(m ddl.Migration) {
		if log != nil {
			log.Info("applying migration", "migration", m.Name, "database", c.Database)
		}
	})
}

// StringSet is the argument of an `IN ?` placeholder that lists strings
// (clickhouse-go expands a GroupSet into a parenthesised list).
func StringSet(ss []string) clickhouse.GroupSet {
	v := make([]any, len(ss))
	for i, s := range ss {
		v[i] = s
	}
	return clickhouse.GroupSet{Value: v}
}
