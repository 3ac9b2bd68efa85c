package redistest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// EnvClusterURL names a Redis Cluster to use instead of starting one, as
// redis.ParseClusterURL takes it:
//
//	redis://127.0.0.1:7000?addr=127.0.0.1:7001&addr=127.0.0.1:7002
//
// Like REDIS_URL it is shared: never flushed, keys under a Prefix are
// deleted when the test ends.
const EnvClusterURL = "REDIS_CLUSTER_URL"

// clusterMasters is how many masters a started cluster has.
const clusterMasters = 3

// NewCluster returns a client (a *redis.ClusterClient) for a Redis Cluster
// of three masters: REDIS_CLUSTER_URL if set, else one started from
// redis-server and redis-cli on PATH on free loopback ports. With Main in
// TestMain the started cluster is shared by the test binary (started on
// first use, stopped when the tests end); without it, each call starts
// its own, stopped at t.Cleanup. It skips the test when there is no
// cluster to be had, or fails it with REQUIRE_REAL_REDIS=1.
func NewCluster(t testing.TB) redis.UniversalClient {
	t.Helper()
	if !clusterAvailable() {
		if requireReal() {
			t.Fatalf("redistest: %s=1 but neither %s is set nor redis-server and redis-cli on PATH", EnvRequireReal, EnvClusterURL)
		}
		t.Skipf("redistest: no Redis Cluster (set %s or install redis-server and redis-cli)", EnvClusterURL)
	}
	if os.Getenv(EnvClusterURL) != "" || sharedMode.Load() {
		ct, err := sharedCluster()
		if err != nil {
			t.Fatalf("redistest: %v", err)
		}
		return newClusterClient(t, ct.opts())
	}
	c, err := startCluster()
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	t.Cleanup(c.stop)
	return newClusterClient(t, &redis.ClusterOptions{Addrs: c.addrs()})
}

func newClusterClient(t testing.TB, opts *redis.ClusterOptions) *redis.ClusterClient {
	rdb := redis.NewClusterClient(opts)
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

func clusterAvailable() bool {
	if os.Getenv(EnvClusterURL) != "" {
		return true
	}
	for _, bin := range []string{"redis-server", "redis-cli"} {
		if _, err := exec.LookPath(bin); err != nil {
			return false
		}
	}
	return true
}

// cluster is a Redis Cluster started by this package: one redis-server
// per master, sharing a temporary directory.
type cluster struct {
	dir   string
	nodes []*server
}

func (c *cluster) addrs() []string {
	out := make([]string, len(c.nodes))
	for i, n := range c.nodes {
		out[i] = n.addr
	}
	return out
}

// stop kills the nodes and removes the directory.
func (c *cluster) stop() {
	var wg sync.WaitGroup
	for _, n := range c.nodes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n.stop()
		}()
	}
	wg.Wait()
	os.RemoveAll(c.dir)
}

// startCluster starts three cluster-enabled redis-servers on free
// loopback ports, joins them with redis-cli --cluster create and waits
// until every node reports cluster_state:ok.
func startCluster() (*cluster, error) {
	serverPath, err := exec.LookPath("redis-server")
	if err != nil {
		return nil, err
	}
	cliPath, err := exec.LookPath("redis-cli")
	if err != nil {
		return nil, err
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ { // a free port may be taken meanwhile
		c, err := tryStartCluster(serverPath, cliPath)
		if err == nil {
			return c, nil
		}
		lastErr = err
	}
	return nil, lastErr
}

func tryStartCluster(serverPath, cliPath string) (*cluster, error) {
	ports, err := freeClusterPorts(clusterMasters)
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "redistest-cluster-")
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir}
	for i, port := range ports {
		srv, err := launch(serverPath, port, dir,
			"--cluster-enabled", "yes",
			"--cluster-config-file", filepath.Join(dir, fmt.Sprintf("nodes-%d.conf", i+1)),
		)
		if err != nil {
			c.stop()
			return nil, err
		}
		c.nodes = append(c.nodes, srv)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	args := append([]string{"--cluster", "create"}, c.addrs()...)
	args = append(args, "--cluster-replicas", "0", "--cluster-yes")
	cmd := exec.CommandContext(ctx, cliPath, args...)
	killWithParent(cmd)
	if out, err := cmd.CombinedOutput(); err != nil {
		c.stop()
		return nil, fmt.Errorf("redis-cli --cluster create %s: %w; output: %s", strings.Join(c.addrs(), " "), err, strings.TrimSpace(string(out)))
	}
	if err := waitClusterOK(ctx, c.addrs()); err != nil {
		c.stop()
		return nil, err
	}
	return c, nil
}

// waitClusterOK polls CLUSTER INFO on every node until each reports
// cluster_state:ok and knows all the nodes.
func waitClusterOK(ctx context.Context, addrs []string) error {
	for _, addr := range addrs {
		rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
		var last string
		var err error
		for {
			last, err = rdb.ClusterInfo(ctx).Result()
			if err == nil && clusterInfoOK(last, len(addrs)) {
				break
			}
			if ctx.Err() != nil {
				rdb.Close()
				return fmt.Errorf("redis cluster node %s not ready: %v; CLUSTER INFO: %s", addr, err, strings.TrimSpace(last))
			}
			time.Sleep(50 * time.Millisecond)
		}
		rdb.Close()
	}
	return nil
}

func clusterInfoOK(info string, nodes int) bool {
	var ok bool
	var known int
	sc := bufio.NewScanner(strings.NewReader(info))
	for sc.Scan() {
		k, v, _ := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		switch k {
		case "cluster_state":
			ok = v == "ok"
		case "cluster_known_nodes":
			known, _ = strconv.Atoi(v)
		}
	}
	return ok && known == nodes
}

// freeClusterPorts returns n distinct free loopback ports whose cluster
// bus ports (port+10000) are free too.
func freeClusterPorts(n int) ([]int, error) {
	var ports []int
	for tries := 0; len(ports) < n; tries++ {
		if tries == 100 {
			return nil, errors.New("redistest: no free port pair (port, port+10000) found")
		}
		p, err := freePort()
		if err != nil {
			return nil, err
		}
		if p+10000 > 65535 || slices.Contains(ports, p) {
			continue
		}
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p+10000)))
		if err != nil {
			continue
		}
		l.Close()
		ports = append(ports, p)
	}
	return ports, nil
}

// clusterTarget is the process-wide cluster: REDIS_CLUSTER_URL or the
// shared started one.
type clusterTarget struct {
	base  *redis.ClusterOptions
	c     *cluster             // nil for REDIS_CLUSTER_URL
	scrub *redis.ClusterClient // for Prefix cleanup
}

func (ct *clusterTarget) opts() *redis.ClusterOptions {
	o := *ct.base
	o.Addrs = slices.Clone(o.Addrs)
	return &o
}

var (
	clusterOnce   sync.Once
	theCluster    *clusterTarget
	theClusterErr error
)

func sharedCluster() (*clusterTarget, error) {
	clusterOnce.Do(func() {
		ct, err := openCluster()
		targetMu.Lock()
		theCluster, theClusterErr = ct, err
		targetMu.Unlock()
	})
	targetMu.Lock()
	defer targetMu.Unlock()
	return theCluster, theClusterErr
}

// initializedCluster returns the shared cluster if one is in use.
func initializedCluster() *clusterTarget {
	targetMu.Lock()
	defer targetMu.Unlock()
	return theCluster
}

func openCluster() (*clusterTarget, error) {
	ct := &clusterTarget{}
	if url := os.Getenv(EnvClusterURL); url != "" {
		o, err := redis.ParseClusterURL(url)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvClusterURL, err)
		}
		ct.base = o
	} else {
		c, err := startCluster()
		if err != nil {
			return nil, err
		}
		ct.c = c
		ct.base = &redis.ClusterOptions{Addrs: c.addrs()}
	}
	ct.scrub = redis.NewClusterClient(ct.opts())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := ct.scrub.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
		return m.Ping(ctx).Err()
	})
	if err != nil {
		ct.scrub.Close()
		if ct.c != nil {
			ct.c.stop()
		}
		return nil, fmt.Errorf("redis cluster at %s does not answer: %w", strings.Join(ct.base.Addrs, ","), err)
	}
	return ct, nil
}

func stopSharedCluster() {
	ct := initializedCluster()
	if ct == nil {
		return
	}
	ct.scrub.Close()
	if ct.c != nil {
		ct.c.stop()
	}
}
