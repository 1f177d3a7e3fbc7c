package processor

import (
	"errors"
	"flag"
	"time"
)

// Config configures the Runner.
type Config struct {
	// BatchSize is the most events fetched and applied at once.
	BatchSize int
	// MaxWait is how long a fetch waits to fill a batch; it bounds the
	// delay a quiet stream adds before rows appear.
	MaxWait time.Duration
	// AckWait is how long JetStream waits for an acknowledgement before
	// redelivering; the Runner marks long retries in progress.
	AckWait time.Duration
	// RetryMin and RetryMax bound the backoff between retries of a batch.
	RetryMin, RetryMax time.Duration
	// ApplyTimeout bounds one Apply.
	ApplyTimeout time.Duration
	// LagInterval is how often the Runner reads each consumer's state to
	// report lag (and the dead letters waiting) while a projection cannot
	// fetch or apply.
	LagInterval time.Duration
}

// RegisterFlags registers the processor's flags with their defaults.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	fs.IntVar(&c.BatchSize, "processor.batch-size", 5000, "most events applied to ClickHouse in one insert")
	fs.DurationVar(&c.MaxWait, "processor.max-wait", 200*time.Millisecond, "longest wait to fill a batch before applying what arrived")
	fs.DurationVar(&c.AckWait, "processor.ack-wait", 2*time.Minute, "how long JetStream waits for an acknowledgement before redelivering")
	fs.DurationVar(&c.RetryMin, "processor.retry-min", 250*time.Millisecond, "first backoff after a failed apply (doubles, with jitter)")
	fs.DurationVar(&c.RetryMax, "processor.retry-max", 30*time.Second, "longest backoff after failed applies")
	fs.DurationVar(&c.ApplyTimeout, "processor.apply-timeout", 2*time.Minute, "longest one apply to ClickHouse may take")
	fs.DurationVar(&c.LagInterval, "processor.lag-interval", 5*time.Second, "how often each projection's lag and dead letters are read from JetStream for /metrics and /readyz")
}

// DefaultConfig returns the flag defaults.
func DefaultConfig() Config {
	var c Config
	c.RegisterFlags(flag.NewFlagSet("", flag.ContinueOnError))
	return c
}

// Validate checks the configuration.
func (c Config) Validate() error {
	var errs []error
	if c.BatchSize < 1 || c.BatchSize > 100_000 {
		errs = append(errs, errors.New("-processor.batch-size must be between 1 and 100000"))
	}
	if c.MaxWait <= 0 {
		errs = append(errs, errors.New("-processor.max-wait must be positive"))
	}
	if c.AckWait < 5*time.Second {
		errs = append(errs, errors.New("-processor.ack-wait must be at least 5s"))
	}
	if c.RetryMin <= 0 || c.RetryMax < c.RetryMin {
		errs = append(errs, errors.New("-processor.retry-min must be positive and at most -processor.retry-max"))
	}
	if c.ApplyTimeout <= 0 {
		errs = append(errs, errors.New("-processor.apply-timeout must be positive"))
	}
	if c.LagInterval <= 0 {
		errs = append(errs, errors.New("-processor.lag-interval must be positive"))
	}
	return errors.Join(errs...)
}
