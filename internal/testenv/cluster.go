// This file starts an n-node embedded NATS JetStream cluster on loopback for
// failover tests, with nodes that can be stopped, started and restarted on
// their own ports and store dirs.

package testenv

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

const (
	// clusterReadyTimeout bounds the wait for a meta leader and current
	// peers; elections under -race on two cores take a few seconds.
	clusterReadyTimeout = 45 * time.Second
	// clusterStartAttempts is how often NATSCluster draws new ports when a
	// node cannot bind the ones it was given.
	clusterStartAttempts = 3
)

// Cluster is an embedded NATS JetStream cluster started by NATSCluster. Its
// nodes keep their names, ports and store dirs across Stop and Start, so a
// stopped node comes back with its data, as a restarted process would.
type Cluster struct {
	tb    testing.TB // the test that owns the cluster: log and final shutdown
	name  string
	mu    sync.Mutex
	nodes []*clusterNode
}

type clusterNode struct {
	name        string
	storeDir    string
	clientPort  int
	clusterPort int
	srv         *server.Server // the current (possibly shut down) server
	log         *serverLog
}

// NATSCluster starts n embedded NATS servers with JetStream in one cluster
// on 127.0.0.1 and waits until the JetStream meta leader is elected and
// every node is current. The cluster is shut down when the test ends.
func NATSCluster(tb testing.TB, n int) *Cluster {
	tb.Helper()
	if n < 1 {
		tb.Fatalf("start nats cluster: need at least one node, got %d", n)
	}
	c := &Cluster{tb: tb, name: "leerlijn-" + randomHex(4)}
	var err error
	for attempt := 1; attempt <= clusterStartAttempts; attempt++ {
		if err = c.startAll(n); err == nil {
			break
		}
		// Another process may have taken a port between drawing and
		// binding it: shut down what started and draw new ports.
		c.shutdown()
	}
	// Registered after the store dirs (tb.TempDir), so it runs before
	// their removal.
	tb.Cleanup(c.shutdown)
	if err != nil {
		tb.Fatalf("start %d-node nats cluster %s (%d attempts): %v", n, c.name, clusterStartAttempts, err)
	}
	c.WaitReady(tb)
	return c
}

// startAll draws ports, then starts every node.
func (c *Cluster) startAll(n int) error {
	ports, err := freePorts(2 * n)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.nodes = make([]*clusterNode, n)
	for i := range c.nodes {
		c.nodes[i] = &clusterNode{
			name:        fmt.Sprintf("%s-n%d", c.name, i),
			storeDir:    c.tb.TempDir(),
			clientPort:  ports[2*i],
			clusterPort: ports[2*i+1],
		}
	}
	for i := range c.nodes {
		if err := c.startNode(i); err != nil {
			return err
		}
	}
	return nil
}

// startNode starts node i on its ports and store dir. c.mu must be held.
func (c *Cluster) startNode(i int) error {
	nd := c.nodes[i]
	routes := make([]string, len(c.nodes))
	for j, other := range c.nodes {
		routes[j] = fmt.Sprintf("nats-route://127.0.0.1:%d", other.clusterPort)
	}
	opts := &server.Options{
		ServerName: nd.name,
		Host:       "127.0.0.1",
		Port:       nd.clientPort,
		JetStream:  true,
		StoreDir:   nd.storeDir,
		NoSigs:     true,
		NoLog:      !testing.Verbose(),
		Cluster: server.ClusterOpts{
			Name: c.name,
			Host: "127.0.0.1",
			Port: nd.clusterPort,
		},
		Routes: server.RoutesFromStr(strings.Join(routes, ",")),
	}
	log := newServerLog(c.tb, nd.name)
	s, err := runNATS(opts, log)
	if err != nil {
		log.close()
		return fmt.Errorf("start node %s (client port %d, cluster port %d): %w", nd.name, nd.clientPort, nd.clusterPort, err)
	}
	nd.srv, nd.log = s, log
	return nil
}

// URL returns the client URLs of all nodes, comma-separated, for
// nats.Connect. Stopped nodes are included: the client skips them.
func (c *Cluster) URL() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	urls := make([]string, len(c.nodes))
	for i, nd := range c.nodes {
		urls[i] = fmt.Sprintf("nats://127.0.0.1:%d", nd.clientPort)
	}
	return strings.Join(urls, ",")
}

// Servers returns each node's current server. A stopped node's entry is its
// shut-down server (Running reports false).
func (c *Cluster) Servers() []*server.Server {
	c.mu.Lock()
	defer c.mu.Unlock()
	srvs := make([]*server.Server, len(c.nodes))
	for i, nd := range c.nodes {
		srvs[i] = nd.srv
	}
	return srvs
}

// Stop shuts node i down and waits until it has stopped. Stopping a
// stopped node does nothing.
func (c *Cluster) Stop(i int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i < 0 || i >= len(c.nodes) {
		panic(fmt.Sprintf("testenv: stop nats cluster node %d: the cluster has %d nodes", i, len(c.nodes)))
	}
	c.stopNode(i)
}

// stopNode shuts node i down. c.mu must be held.
func (c *Cluster) stopNode(i int) {
	nd := c.nodes[i]
	if nd.srv == nil {
		return
	}
	nd.srv.Shutdown()
	nd.srv.WaitForShutdown()
	nd.log.close()
}

// Start starts node i again with its name, ports and store dir, and waits
// until the cluster is ready (see WaitReady). It fails the test if the node
// is running.
func (c *Cluster) Start(tb testing.TB, i int) {
	tb.Helper()
	c.mu.Lock()
	if i < 0 || i >= len(c.nodes) {
		c.mu.Unlock()
		tb.Fatalf("start nats cluster node %d: the cluster has %d nodes", i, len(c.nodes))
	}
	if nd := c.nodes[i]; nd.srv != nil && nd.srv.Running() {
		c.mu.Unlock()
		tb.Fatalf("start nats cluster node %d (%s): already running; Stop it first or use Restart", i, nd.name)
	}
	err := c.startNode(i)
	c.mu.Unlock()
	if err != nil {
		tb.Fatalf("start nats cluster %s again: %v", c.name, err)
	}
	c.WaitReady(tb)
}

// Restart stops node i and starts it again (see Start).
func (c *Cluster) Restart(tb testing.TB, i int) {
	tb.Helper()
	c.Stop(i)
	c.Start(tb, i)
}

// WaitReady waits until the running nodes have elected a JetStream meta
// leader that sees all of them as peers, and every running node's meta
// state is current. Stream leaders may still be moving when it returns:
// publish with retries after a node stops.
func (c *Cluster) WaitReady(tb testing.TB) {
	tb.Helper()
	deadline := time.Now().Add(clusterReadyTimeout)
	var state string
	for time.Now().Before(deadline) {
		var ready bool
		ready, state = c.readyState()
		if ready {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	tb.Fatalf("wait for nats cluster %s: not ready after %s: %s", c.name, clusterReadyTimeout, state)
}

// readyState reports whether the cluster is ready and, if not, why.
func (c *Cluster) readyState() (bool, string) {
	var running []*server.Server
	for _, s := range c.Servers() {
		if s != nil && s.Running() {
			running = append(running, s)
		}
	}
	if len(running) == 0 {
		return false, "no node is running"
	}
	var leader *server.Server
	for _, s := range running {
		if s.JetStreamIsLeader() {
			leader = s
			break
		}
	}
	if leader == nil {
		return false, "no JetStream meta leader elected"
	}
	if peers := leader.JetStreamClusterPeers(); len(peers) != len(running) {
		return false, fmt.Sprintf("meta leader %s sees peers %v, want the %d running nodes", leader.Name(), peers, len(running))
	}
	for _, s := range running {
		if !s.JetStreamIsCurrent() {
			return false, fmt.Sprintf("node %s is not current with the meta leader", s.Name())
		}
	}
	return true, ""
}

// shutdown stops every node; it runs at the end of the owning test.
func (c *Cluster) shutdown() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, nd := range c.nodes {
		if nd.srv != nil {
			nd.srv.Shutdown()
		}
	}
	for i := range c.nodes {
		c.stopNode(i)
	}
}

// freePorts returns n distinct ports on 127.0.0.1 that were free a moment
// ago. All listeners stay open until every port is drawn, so the ports are
// distinct; another process may still take one before the caller binds it,
// so callers retry with new ports when binding fails.
func freePorts(n int) ([]int, error) {
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("draw a free port: %w", err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// randomHex returns 2n random hex digits.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails: crypto/rand crashes the program instead
	return hex.EncodeToString(b)
}
