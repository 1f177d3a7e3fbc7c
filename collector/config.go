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
}

// RegisterFlags registers the collector's flags with their defaults.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.ListenAddr, "collector.listen-addr", ":8080", "address of the xAPI HTTP listener")
	fs.Int64Var(&c.MaxBodyBytes, "collector.max-body-bytes", 8<<20, "largest request body accepted; larger ones get 413")
	fs.IntVar(&c.MaxBatch, "collector.max-batch", 500, "most statements accepted in one POST (at most 500: batches are stored atomically)")
	fs.DurationVar(&c.PublishTimeout, "collector.publish-timeout", 10*time.Second, "how long to wait for JetStream to store a statement before answering 503")
	fs.DurationVar(&c.ShutdownTimeout, "collector.shutdown-timeout", 30*time.Second, "how long requests in flight may take to finish at shutdown")
	fs.StringVar(&c.AuthorityHomePage, "collector.authority-homepage", "https://leerlijn.dev/clients", "homePage of the authority account the LRS sets on stored statements")
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
	return errors.Join(errs...)
}
