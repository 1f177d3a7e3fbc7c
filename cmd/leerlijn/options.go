package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/leerlijn/leerlijn/internal/chconn"
	"github.com/leerlijn/leerlijn/internal/secret"
)

// logOptions configure the one logger of the process.
type logOptions struct {
	level  string
	format string
}

func (o *logOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.level, "log.level", "info", "log level: debug, info, warn or error")
	fs.StringVar(&o.format, "log.format", "auto", "log format: json, text, or auto (text on a terminal, json otherwise)")
}

func (o *logOptions) logger(w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.level)); err != nil {
		return nil, fmt.Errorf("-log.level %q: use debug, info, warn or error", o.level)
	}
	hopts := &slog.HandlerOptions{Level: level}
	format := o.format
	if format == "auto" {
		format = "json"
		if f, ok := w.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				format = "text"
			}
		}
	}
	switch format {
	case "json":
		return slog.New(slog.NewJSONHandler(w, hopts)), nil
	case "text":
		return slog.New(slog.NewTextHandler(w, hopts)), nil
	}
	return nil, fmt.Errorf("-log.format %q: use json, text or auto", o.format)
}

// natsOptions say how to reach NATS, or, in serve mode, how to run the
// embedded server.
type natsOptions struct {
	url          string
	user         string
	password     string
	passwordFile string
	replicas     int
	connectWait  time.Duration

	// embedded server (serve mode, when url is empty)
	dataDir    string
	listen     string
	syncAlways bool
}

func (o *natsOptions) register(fs *flag.FlagSet, embedded bool) {
	def := "nats://127.0.0.1:4222"
	help := "NATS server URL(s), comma-separated"
	if embedded {
		def = ""
		help = "external NATS server URL(s); empty runs an embedded JetStream server"
	}
	fs.StringVar(&o.url, "nats.url", def, help)
	fs.StringVar(&o.user, "nats.user", "", "NATS user name")
	fs.StringVar(&o.password, "nats.password", "", "NATS password (prefer -nats.password-file or the environment)")
	fs.StringVar(&o.passwordFile, "nats.password-file", "", "file holding the NATS password")
	fs.IntVar(&o.replicas, "nats.replicas", 1, "replicas of the event log streams: 1 on one server, 3 in a cluster")
	fs.DurationVar(&o.connectWait, "nats.connect-wait", 30*time.Second, "how long to keep trying to reach NATS at start")
	if embedded {
		fs.StringVar(&o.dataDir, "data-dir", "./data", "directory of the embedded JetStream storage")
		fs.StringVar(&o.listen, "nats.listen-addr", "127.0.0.1:4222", "client address of the embedded NATS server (port 0 picks a free one)")
		fs.BoolVar(&o.syncAlways, "nats.sync-always", false, "embedded server: fsync every write before acknowledging it (slower; default syncs every 2 minutes and relies on the OS page cache)")
	}
}

func (o *natsOptions) validate() error {
	if o.replicas != 1 && o.replicas != 3 && o.replicas != 5 {
		return errors.New("-nats.replicas must be 1, 3 or 5")
	}
	return nil
}

// clickhouseOptions configure the ClickHouse connection.
type clickhouseOptions struct {
	cfg          chconn.Config
	password     string
	passwordFile string
}

func (o *clickhouseOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.cfg.Addr, "clickhouse.addr", "127.0.0.1:9000", "ClickHouse native-protocol address host:port")
	fs.StringVar(&o.cfg.Database, "clickhouse.database", "leerlijn", "ClickHouse database")
	fs.StringVar(&o.cfg.User, "clickhouse.user", "default", "ClickHouse user")
	fs.StringVar(&o.password, "clickhouse.password", "", "ClickHouse password (prefer -clickhouse.password-file or the environment)")
	fs.StringVar(&o.passwordFile, "clickhouse.password-file", "", "file holding the ClickHouse password")
}

func (o *clickhouseOptions) config() (chconn.Config, error) {
	pw, err := readSecret(o.password, o.passwordFile)
	if err != nil {
		return chconn.Config{}, fmt.Errorf("-clickhouse.password-file: %w", err)
	}
	c := o.cfg
	c.Password = secret.Value(pw)
	if err := c.Validate(); err != nil {
		return chconn.Config{}, err
	}
	if strings.ContainsAny(c.Database, ".` ") {
		return chconn.Config{}, fmt.Errorf("-clickhouse.database %q: use letters, digits and '_'", c.Database)
	}
	return c, nil
}
