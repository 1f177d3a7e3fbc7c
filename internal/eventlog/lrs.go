package eventlog

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/schema/event"
)

// ensureLRS creates the LRS's document buckets, the attachment object store
// and the collector bucket, if missing.
func ensureLRS(ctx context.Context, js jetstream.JetStream, replicas int) error {
	if replicas < 1 {
		replicas = 1
	}
	descs := map[string]string{
		event.StateBucket:           "Leerlijn xAPI State resource documents",
		event.ActivityProfileBucket: "Leerlijn xAPI Activity Profile resource documents",
		event.AgentProfileBucket:    "Leerlijn xAPI Agent Profile resource documents",
		event.CollectorBucket:       "Leerlijn collector settings every instance shares (cursor signing key)",
	}
	for _, name := range append(append([]string(nil), event.DocumentBuckets...), event.CollectorBucket) {
		if _, err := js.KeyValue(ctx, name); err == nil {
			continue
		} else if !errors.Is(err, jetstream.ErrBucketNotFound) {
			return fmt.Errorf("open bucket %s: %w", name, err)
		}
		_, err := js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket: name, Description: descs[name], History: 5, Storage: jetstream.FileStorage, Replicas: replicas,
		})
		if err != nil && !errors.Is(err, jetstream.ErrBucketExists) {
			return fmt.Errorf("create bucket %s: %w", name, err)
		}
	}
	if _, err := js.ObjectStore(ctx, event.AttachmentsStore); err == nil {
		return nil
	} else if !errors.Is(err, jetstream.ErrBucketNotFound) {
		return fmt.Errorf("open object store %s: %w", event.AttachmentsStore, err)
	}
	_, err := js.CreateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket: event.AttachmentsStore, Description: "Leerlijn xAPI statement attachments, by tenant and SHA-2",
		Storage: jetstream.FileStorage, Replicas: replicas,
	})
	if err != nil && !errors.Is(err, jetstream.ErrBucketExists) {
		return fmt.Errorf("create object store %s: %w", event.AttachmentsStore, err)
	}
	return nil
}

const cursorSecretKey = "cursor-secret"

// CursorSecret returns the key that signs statement-query cursors, shared
// by every collector through the collector bucket: created at random by the
// first collector that needs it.
func CursorSecret(ctx context.Context, js jetstream.JetStream) (string, error) {
	kv, err := js.KeyValue(ctx, event.CollectorBucket)
	if err != nil {
		return "", fmt.Errorf("open bucket %s: %w", event.CollectorBucket, err)
	}
	if e, err := kv.Get(ctx, cursorSecretKey); err == nil {
		return string(e.Value()), nil
	} else if !errors.Is(err, jetstream.ErrKeyNotFound) {
		return "", fmt.Errorf("read cursor secret: %w", err)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate cursor secret: %w", err)
	}
	secret := hex.EncodeToString(b)
	_, err = kv.Create(ctx, cursorSecretKey, []byte(secret))
	if err == nil {
		return secret, nil
	}
	if !errors.Is(err, jetstream.ErrKeyExists) {
		return "", fmt.Errorf("store cursor secret: %w", err)
	}
	// Another collector won the race: read what it stored. On a replicated
	// bucket a replica answering the read may not have applied that write
	// yet, so "not found" is retried briefly.
	for i := 0; ; i++ {
		e, err := kv.Get(ctx, cursorSecretKey)
		if err == nil {
			return string(e.Value()), nil
		}
		if !errors.Is(err, jetstream.ErrKeyNotFound) || i == 50 {
			return "", fmt.Errorf("read cursor secret: %w", err)
		}
		select {
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
