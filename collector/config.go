package collector

import (
	"errors"
	"flag"
	"time"
)

// Config configures the collector.
type Config struct {
	// ListenAddr is the address of the xAPI HTTP listener; empty means the
	// caller serves Handler itself (tests).
	ListenAddr string
	// MaxBodyBytes bounds a request body; larger requests get 413.
	MaxBodyBytes int64
	// MaxBatch bounds the statements in one POST (JetStream's atomic batch
	// limit is 1000 messages, voiding markers included).
	MaxBatch int
	// PublishTimeout bounds the wait for JetStream's acknowledgement.
	PublishTimeout time.Duration
	// ShutdownTimeout bounds the drain of requests in flight at shutdown.
	ShutdownTimeout time.Duration
	// AuthorityHomePage is the homePage of the account in the authority the
	// LRS sets on every statement (the account name is the client key).
	AuthorityHomePage string

	// MaxQueryLimit is the most statements one StatementResult holds (the
	// server limit that limit=0 asks for).
	MaxQueryLimit int
	// QueryTimeout bounds a statement query in ClickHouse.
	QueryTimeout time.Duration
	// CursorSecret signs the "more" cursors of statement queries. Every
	// collector instance must have the same one; empty means a random key
	// per process (cursors then end with it). The composition root keeps a
	// shared one in JetStream when none is configured.
	CursorSecret string
	// CursorTTL is how long a "more" cursor can be used.
	CursorTTL time.Duration
	// RateLimit is the requests per second each client may send once its
	// burst is spent; 0 disables the limit. RateBurst is the burst.
	RateLimit float64
	RateBurst int
	// FallbackVersion is the X-Experience-API-Version of answers to
	// requests without a version this LRS serves (they are rejected with
	// 400, but the answer still names a version).
	FallbackVersion string
	// ConsistencyMargin is taken off X-Experience-API-Consistent-Through
	// for statements other collector instances may still be publishing
	// with an earlier stored time (their publish latency plus clock skew).
	ConsistencyMargin time.Duration
}

// RegisterFlags registers the collector's flags with their defaults.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.ListenAddr, "collector.listen-addr", ":8080", "address of the xAPI HTTP listener")
	fs.Int64Var(&c.MaxBodyBytes, "collector.max-body-bytes", 8<<20, "largest request body accepted; larger ones get 413")
	fs.IntVar(&c.MaxBatch, "collector.max-batch", 500, "most statements accepted in one POST (at most 500: batches are stored atomically)")
	fs.DurationVar(&c.PublishTimeout, "collector.publish-timeout", 10*time.Second, "how long to wait for JetStream to store a statement before answering 503")
	fs.DurationVar(&c.ShutdownTimeout, "collector.shutdown-timeout", 30*time.Second, "how long requests in flight may take to finish at shutdown")
	fs.StringVar(&c.AuthorityHomePage, "collector.authority-homepage", "https://leerlijn.dev/clients", "homePage of the authority account the LRS sets on stored statements")
	fs.IntVar(&c.MaxQueryLimit, "collector.max-query-limit", 500, "most statements in one page of a statement query (what limit=0 returns)")
	fs.DurationVar(&c.QueryTimeout, "collector.query-timeout", 30*time.Second, "how long a statement query may run in ClickHouse")
	fs.StringVar(&c.CursorSecret, "collector.cursor-secret", "", "key that signs statement-query \"more\" cursors, the same on every collector (prefer -collector.cursor-secret-file or the environment; empty: one kept in JetStream)")
	fs.DurationVar(&c.CursorTTL, "collector.cursor-ttl", 72*time.Hour, "how long a \"more\" cursor of a statement query stays usable")
	fs.Float64Var(&c.RateLimit, "collector.rate-limit", 1000, "requests per second one client may send after its burst; more get 429 with Retry-After (0: no limit)")
	fs.IntVar(&c.RateBurst, "collector.rate-burst", 20000, "requests one client may send at once (a class launching a course together through one LMS)")
	fs.StringVar(&c.FallbackVersion, "collector.fallback-version", Version20, "X-Experience-API-Version of answers to requests that name no version this LRS serves: 2.0.0 or 1.0.3")
	fs.DurationVar(&c.ConsistencyMargin, "collector.consistency-margin", time.Second, "taken off X-Experience-API-Consistent-Through for other collector instances' statements still being stored (publish latency plus clock skew)")
}

// DefaultConfig returns the flag defaults.
func DefaultConfig() Config {
	var c Config
	c.RegisterFlags(flag.NewFlagSet("", flag.ContinueOnError))
	return c
}

// maxAtomicBatch is JetStream's default limit of messages in one atomic
// batch. A batch of n statements can take up to 2n messages (voiding
// statements carry a marker), so MaxBatch is at most half of it.
const maxAtomicBatch = 1000

// Validate checks the configuration.
func (c Config) Validate() error {
	var errs []error
	if c.MaxBodyBytes < 1024 {
		errs = append(errs, errors.New("-collector.max-body-bytes must be at least 1024"))
	}
	if c.MaxBatch < 1 || c.MaxBatch > maxAtomicBatch/2 {
		errs = append(errs, errors.New("-collector.max-batch must be between 1 and 500"))
	}
	if c.PublishTimeout <= 0 {
		errs = append(errs, errors.New("-collector.publish-timeout must be positive"))
	}
	if c.AuthorityHomePage == "" {
		errs = append(errs, errors.New("-collector.authority-homepage must not be empty"))
	}
	if c.MaxQueryLimit < 1 {
		errs = append(errs, errors.New("-collector.max-query-limit must be at least 1"))
	}
	if c.QueryTimeout <= 0 {
		errs = append(errs, errors.New("-collector.query-timeout must be positive"))
	}
	if c.CursorTTL < 24*time.Hour {
		errs = append(errs, errors.New("-collector.cursor-ttl must be at least 24h: clients page through large results over hours"))
	}
	if c.RateLimit < 0 || c.RateLimit > 0 && c.RateBurst < 1 {
		errs = append(errs, errors.New("-collector.rate-limit must not be negative, and -collector.rate-burst must be at least 1 with a limit"))
	}
	if c.FallbackVersion != Version && c.FallbackVersion != Version20 {
		errs = append(errs, errors.New("-collector.fallback-version must be 2.0.0 or 1.0.3"))
	}
	if c.ConsistencyMargin < 0 {
		errs = append(errs, errors.New("-collector.consistency-margin must not be negative"))
	}
	if c.CursorSecret != "" && len(c.CursorSecret) < 16 {
		errs = append(errs, errors.New("-collector.cursor-secret must be at least 16 characters"))
	}
	return errors.Join(errs...)
}
