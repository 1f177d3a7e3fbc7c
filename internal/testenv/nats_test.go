package testenv_test

import (
	"context"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/leerlijn/leerlijn/internal/testenv"
)

func TestNATS(t *testing.T) {
	t.Parallel()
	s := testenv.NATS(t)
	js := connectJetStream(t, s.ClientURL())
	stream := createStream(t, js, jetstream.StreamConfig{Name: "EVENTS", Subjects: []string{"events.>"}, Storage: jetstream.FileStorage})
	publish(t, js, "events.a", "first")
	checkMessage(t, stream, 1, "first")
}

func TestStartNATS(t *testing.T) {
	t.Parallel()
	t.Run("SameDirAndPort", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		s := testenv.StartNATS(t, testenv.NATSOptions{StoreDir: dir})
		port := s.Addr().(*net.TCPAddr).Port
		js := connectJetStream(t, s.ClientURL())
		createStream(t, js, jetstream.StreamConfig{Name: "EVENTS", Subjects: []string{"events.>"}, Storage: jetstream.FileStorage})
		publish(t, js, "events.a", "kept")
		s.Shutdown()
		s.WaitForShutdown()

		s = testenv.StartNATS(t, testenv.NATSOptions{StoreDir: dir, Port: port})
		if got := s.Addr().(*net.TCPAddr).Port; got != port {
			t.Fatalf("restarted server listens on port %d, want %d", got, port)
		}
		js = connectJetStream(t, s.ClientURL())
		checkMessage(t, lookupStream(t, js, "EVENTS"), 1, "kept")
	})
	t.Run("RestartNATS", func(t *testing.T) {
		t.Parallel()
		s := testenv.NATS(t)
		js := connectJetStream(t, s.ClientURL())
		createStream(t, js, jetstream.StreamConfig{Name: "EVENTS", Subjects: []string{"events.>"}, Storage: jetstream.FileStorage})
		publish(t, js, "events.a", "kept")

		s2 := testenv.RestartNATS(t, s)
		if s.Running() {
			t.Fatal("old server still running after RestartNATS")
		}
		if s2.ClientURL() != s.ClientURL() {
			t.Fatalf("restarted server at %s, want %s", s2.ClientURL(), s.ClientURL())
		}
		js = connectJetStream(t, s2.ClientURL())
		checkMessage(t, lookupStream(t, js, "EVENTS"), 1, "kept")
	})
}

// connectJetStream connects to url; the connection reconnects for as long
// as the test runs and is closed when it ends.
func connectJetStream(t *testing.T, url string) jetstream.JetStream {
	t.Helper()
	nc, err := nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(100*time.Millisecond))
	if err != nil {
		t.Fatalf("connect to %s: %v", url, err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatalf("jetstream context: %v", err)
	}
	return js
}

func createStream(t *testing.T, js jetstream.JetStream, cfg jetstream.StreamConfig) jetstream.Stream {
	t.Helper()
	var stream jetstream.Stream
	eventually(t, 30*time.Second, func(ctx context.Context) (err error) {
		stream, err = js.CreateStream(ctx, cfg)
		return err
	})
	return stream
}

func lookupStream(t *testing.T, js jetstream.JetStream, name string) jetstream.Stream {
	t.Helper()
	var stream jetstream.Stream
	eventually(t, 30*time.Second, func(ctx context.Context) (err error) {
		stream, err = js.Stream(ctx, name)
		return err
	})
	return stream
}

// publish publishes until the message is acked, with the payload as its
// message id so that a retry after a lost ack is not stored twice.
func publish(t *testing.T, js jetstream.JetStream, subject, payload string) {
	t.Helper()
	eventually(t, 30*time.Second, func(ctx context.Context) error {
		_, err := js.Publish(ctx, subject, []byte(payload), jetstream.WithMsgID(payload))
		return err
	})
}

func checkMessage(t *testing.T, stream jetstream.Stream, seq uint64, want string) {
	t.Helper()
	msg, err := stream.GetMsg(t.Context(), seq)
	if err != nil {
		t.Fatalf("get message %d: %v", seq, err)
	}
	if got := string(msg.Data); got != want {
		t.Fatalf("message %d = %q, want %q", seq, got, want)
	}
}

// eventually calls f, each time with a 2 s deadline, until it returns nil
// or the wait is over.
func eventually(t *testing.T, wait time.Duration, f func(ctx context.Context) error) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for {
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		err := f(ctx)
		cancel()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing after %s: %v", wait, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// localMessages is the number of messages in stream as stored on s itself,
// not as the stream leader reports it.
func localMessages(s *server.Server, stream string) (uint64, error) {
	info, err := s.Jsz(&server.JSzOptions{Accounts: true, Streams: true})
	if err != nil {
		return 0, err
	}
	for _, acc := range info.AccountDetails {
		for _, st := range acc.Streams {
			if st.Name == stream {
				return st.State.Msgs, nil
			}
		}
	}
	return 0, fmt.Errorf("stream %s not on %s", stream, s.Name())
}
