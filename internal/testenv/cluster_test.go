package testenv_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

func TestNATSCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("3-node failover is slow; skipped under -short")
	}
	t.Parallel()
	c := testenv.NATSCluster(t, 3)
	if n := len(c.Servers()); n != 3 {
		t.Fatalf("cluster has %d servers, want 3", n)
	}
	js := connectJetStream(t, c.URL())
	stream := createStream(t, js, jetstream.StreamConfig{
		Name: "EVENTS", Subjects: []string{"events.>"}, Storage: jetstream.FileStorage, Replicas: 3,
	})
	const before, after = 5, 5
	for i := range before {
		publish(t, js, "events.a", fmt.Sprintf("m%d", i))
	}

	// Stop the stream leader: the others must elect a new one and keep
	// acknowledging.
	stopped := streamLeader(t, c, "EVENTS")
	c.Stop(stopped)
	if c.Servers()[stopped].Running() {
		t.Fatalf("node %d still running after Stop", stopped)
	}
	for i := before; i < before+after; i++ {
		publish(t, js, "events.a", fmt.Sprintf("m%d", i))
	}

	c.Start(t, stopped)
	restarted := c.Servers()[stopped]
	eventually(t, 30*time.Second, func(context.Context) error {
		n, err := localMessages(restarted, "EVENTS")
		if err == nil && n != before+after {
			err = fmt.Errorf("node %d holds %d messages, want %d", stopped, n, before+after)
		}
		return err
	})
	for i := range before + after {
		checkMessage(t, stream, uint64(i+1), fmt.Sprintf("m%d", i))
	}

	c.Restart(t, (stopped+1)%3)
	c.WaitReady(t)
}

// streamLeader returns the index of the node leading stream.
func streamLeader(t *testing.T, c *testenv.Cluster, stream string) int {
	t.Helper()
	leader := -1
	eventually(t, 30*time.Second, func(context.Context) error {
		for i, s := range c.Servers() {
			if s.JetStreamIsStreamLeader(server.DEFAULT_GLOBAL_ACCOUNT, stream) {
				leader = i
				return nil
			}
		}
		return fmt.Errorf("stream %s has no leader", stream)
	})
	return leader
}
