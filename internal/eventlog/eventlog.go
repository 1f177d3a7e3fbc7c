// Package eventlog creates and checks Leerlijn's JetStream resources (the
// event log, the dead-letter stream and the clients bucket) from the
// settings in schema/event, so that every mode and every test gets the same
// ones.
package eventlog

import (
	"context"
	"errors"
	"fmt"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
)

// StreamConfig converts settings from schema/event to a JetStream stream
// configuration (file storage).
func StreamConfig(s event.StreamSettings) jetstream.StreamConfig {
	replicas := s.Replicas
	if replicas < 1 {
		replicas = 1
	}
	return jetstream.StreamConfig{
		Name:               s.Name,
		Description:        s.Description,
		Subjects:           s.Subjects,
		Retention:          jetstream.LimitsPolicy,
		Storage:            jetstream.FileStorage,
		Replicas:           replicas,
		MaxAge:             s.MaxAge,
		Duplicates:         s.Duplicates,
		MaxMsgSize:         s.MaxMsgSize,
		MaxMsgs:            -1,
		MaxBytes:           -1,
		MaxMsgsPerSubject:  -1,
		MaxConsumers:       -1,
		Discard:            jetstream.DiscardOld,
		AllowAtomicPublish: s.AllowAtomicPublish,
		AllowDirect:        s.AllowDirect,
		DenyDelete:         s.DenyDelete,
		DenyPurge:          s.DenyPurge,
	}
}

// Ensure creates or updates the event log and the dead-letter stream and
// creates the clients bucket, with the given replica count.
func Ensure(ctx context.Context, js jetstream.JetStream, replicas int) error {
	for _, s := range []event.StreamSettings{event.LogSettings(replicas), event.DeadLetterSettings(replicas)} {
		if _, err := js.CreateOrUpdateStream(ctx, StreamConfig(s)); err != nil {
			return fmt.Errorf("create or update stream %s: %w", s.Name, err)
		}
	}
	if _, err := ClientsBucket(ctx, js, replicas); err != nil {
		return err
	}
	return ensureLRS(ctx, js, replicas)
}

// ClientsBucket opens the clients key-value bucket, creating it if needed.
func ClientsBucket(ctx context.Context, js jetstream.JetStream, replicas int) (jetstream.KeyValue, error) {
	if replicas < 1 {
		replicas = 1
	}
	kv, err := js.KeyValue(ctx, event.ClientsBucket)
	if err == nil {
		return kv, nil
	}
	if !errors.Is(err, jetstream.ErrBucketNotFound) {
		return nil, fmt.Errorf("open bucket %s: %w", event.ClientsBucket, err)
	}
	kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket:      event.ClientsBucket,
		Description: "Leerlijn xAPI clients: tenant, scopes and a slow hash of the secret",
		History:     5,
		Storage:     jetstream.FileStorage,
		Replicas:    replicas,
	})
	if err != nil {
		return nil, fmt.Errorf("create bucket %s: %w", event.ClientsBucket, err)
	}
	return kv, nil
}

// Check reports whether the event log stream exists and answers; it is the
// readiness check of every part that uses the log.
func Check(ctx context.Context, js jetstream.JetStream) error {
	if _, err := js.Stream(ctx, event.Stream); err != nil {
		return fmt.Errorf("event log stream %s: %w", event.Stream, err)
	}
	return nil
}
