package main

import (
	"context"
	"time"
)

const migrateAbout = `Creates the ClickHouse database if needed and applies every schema
migration not yet applied (recorded in the table schema_migrations).`

func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := newFlagSet(e, "migrate", migrateAbout)
	var lo logOptions
	var co clickhouseOptions
	var wait time.Duration
	lo.register(fs)
	co.register(fs)
	fs.DurationVar(&wait, "clickhouse.connect-wait", time.Minute, "how long to keep trying to reach ClickHouse")
	if err := parse(fs, e, args); err != nil {
		return err
	}
	log, err := lo.logger(e.stderr)
	if err != nil {
		return err
	}
	cfg, err := co.config()
	if err != nil {
		return err
	}
	a := newApp(log)
	defer a.close()
	if err := a.connectClickHouse(ctx, cfg, true, wait); err != nil {
		return err
	}
	log.Info("schema up to date", "addr", cfg.Addr, "database", cfg.Database)
	return nil
}
