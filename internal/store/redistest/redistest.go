// Package redistest gives tests a Redis: a real server when there is one,
// else an embedded miniredis; and a real three-master Redis Cluster
// (NewCluster).
//
// The real server is, in order: REDIS_URL if set (shared with others:
// never flushed; tests isolate their keys with Prefix, and keys under a
// Prefix are deleted when the test ends), or a redis-server from PATH
// started on a free loopback port. With Main in TestMain, one server is
// started lazily and stopped when the tests end; without it, each NewReal
// starts its own server, stopped at t.Cleanup. On Linux a started server
// is also killed if the test binary dies.
//
// The cluster is REDIS_CLUSTER_URL if set (shared likewise), or three
// redis-servers joined by redis-cli, both from PATH; with Main one such
// cluster serves the test binary, without it each NewCluster starts its
// own. Its nodes are killed like a started server.
//
// With REQUIRE_REAL_REDIS=1, having no real server (or cluster) fails the
// test instead of falling back to miniredis or skipping.
//
// Main also quiets go-redis's own log (its pool's "failed to dial" lines,
// by the hundred in the tests that kill or hang a server); set
// REDIS_CLIENT_LOG=1 to see it.
package redistest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
)

// Environment variables read by this package.
const (
	EnvURL         = "REDIS_URL"
	EnvRequireReal = "REQUIRE_REAL_REDIS"
	EnvClientLog   = "REDIS_CLIENT_LOG"
)

// Main runs the tests with one redis-server and one cluster shared by
// the test binary (each started on first use) and stops them afterwards.
// Call it from TestMain:
//
//	func TestMain(m *testing.M) { redistest.Main(m) }
func Main(m *testing.M) {
	if os.Getenv(EnvClientLog) != "1" {
		redis.SetLogger(quietLog{})
	}
	sharedMode.Store(true)
	code := m.Run()
	stopShared()
	stopSharedCluster()
	os.Exit(code)
}

// quietLog drops go-redis's log lines.
type quietLog struct{}

func (quietLog) Printf(context.Context, string, ...any) {}

// Backend is a named way to get a client.
type Backend struct {
	Name string // "real", "embedded" or "cluster"
	New  func(testing.TB) redis.UniversalClient
}

// Backends lists the real server (NewReal: skipped when there is none
// and REQUIRE_REAL_REDIS is unset), miniredis (NewEmbedded) and a Redis
// Cluster (NewCluster, skipped likewise), to run one table of tests
// against all three.
func Backends() []Backend {
	return []Backend{
		{"real", func(t testing.TB) redis.UniversalClient { t.Helper(); return NewReal(t) }},
		{"embedded", func(t testing.TB) redis.UniversalClient { t.Helper(); return NewEmbedded(t) }},
		{"cluster", NewCluster},
	}
}

// New returns a client for a real server if there is one, else for
// miniredis (a test failure with REQUIRE_REAL_REDIS=1). Use Prefix for
// key names.
func New(t testing.TB) *redis.Client {
	t.Helper()
	if realAvailable() {
		return NewReal(t)
	}
	if requireReal() {
		t.Fatalf("redistest: %s=1 but neither %s is set nor redis-server on PATH", EnvRequireReal, EnvURL)
	}
	return NewEmbedded(t)
}

// NewEmbedded returns a client for a fresh miniredis, closed at t.Cleanup.
func NewEmbedded(t testing.TB) *redis.Client {
	t.Helper()
	mr := miniredis.RunT(t)
	return newClient(t, &redis.Options{Addr: mr.Addr()})
}

// NewServer starts a redis-server of the test's own with extra
// arguments (for example "--appendonly", "yes", "--appendfsync",
// "always", the compose file's durability) and returns a client for it;
// the server is killed at t.Cleanup. It skips the test when
// redis-server is not on PATH, or fails it with REQUIRE_REAL_REDIS=1.
// The server's address is the client's Options().Addr, for processes the
// test starts.
func NewServer(t testing.TB, extra ...string) *redis.Client {
	t.Helper()
	path := serverPath(t)
	var err error
	var srv *server
	for attempt := 0; attempt < 3; attempt++ { // the free port may be taken meanwhile
		var port int
		if port, err = freePort(); err != nil {
			continue
		}
		if srv, err = launch(path, port, t.TempDir(), extra...); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	t.Cleanup(srv.stop)
	return newClient(t, &redis.Options{Addr: srv.addr})
}

// NewReal returns a client for a real Redis server. It skips the test
// when there is none, or fails it with REQUIRE_REAL_REDIS=1.
func NewReal(t testing.TB) *redis.Client {
	t.Helper()
	if !realAvailable() {
		if requireReal() {
			t.Fatalf("redistest: %s=1 but neither %s is set nor redis-server on PATH", EnvRequireReal, EnvURL)
		}
		t.Skipf("redistest: no real Redis (set %s or install redis-server)", EnvURL)
	}
	if getenvURL() != "" || sharedMode.Load() {
		tg, err := sharedTarget()
		if err != nil {
			t.Fatalf("redistest: %v", err)
		}
		return newClient(t, tg.opts())
	}
	srv, err := startServer()
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	t.Cleanup(srv.stop)
	return newClient(t, &redis.Options{Addr: srv.addr})
}

// Prefix returns a key prefix unique to this call, like
// "twtest:3f9c0a1b2d4e5f60". On a shared real server or cluster
// (REDIS_URL, REDIS_CLUSTER_URL, or those Main manages) the keys under it
// are deleted at t.Cleanup.
func Prefix(t testing.TB) string {
	t.Helper()
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("redistest: %v", err)
	}
	prefix := "twtest:" + hex.EncodeToString(b[:])
	t.Cleanup(func() {
		var shared []redis.UniversalClient
		if tg := initializedTarget(); tg != nil {
			shared = append(shared, tg.scrub)
		}
		if ct := initializedCluster(); ct != nil {
			shared = append(shared, ct.scrub)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		for _, rdb := range shared {
			if err := DeletePrefix(ctx, rdb, prefix); err != nil {
				t.Errorf("redistest: delete keys %s*: %v", prefix, err)
			}
		}
	})
	return prefix
}

// Keys returns the keys matching prefix+"*", found with SCAN: on every
// master of a cluster (a *redis.ClusterClient), in no particular order.
func Keys(ctx context.Context, rdb redis.UniversalClient, prefix string) ([]string, error) {
	cc, ok := rdb.(*redis.ClusterClient)
	if !ok {
		return scanKeys(ctx, rdb, prefix)
	}
	var mu sync.Mutex
	var keys []string
	err := cc.ForEachMaster(ctx, func(ctx context.Context, master *redis.Client) error {
		ks, err := scanKeys(ctx, master, prefix)
		mu.Lock()
		keys = append(keys, ks...)
		mu.Unlock()
		return err
	})
	return keys, err
}

func scanKeys(ctx context.Context, rdb redis.Cmdable, prefix string) ([]string, error) {
	var keys []string
	iter := rdb.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
	}
	return keys, iter.Err()
}

// DeletePrefix deletes the keys matching prefix+"*", found with Keys.
func DeletePrefix(ctx context.Context, rdb redis.UniversalClient, prefix string) error {
	keys, err := Keys(ctx, rdb, prefix)
	if err != nil {
		return err
	}
	for len(keys) > 0 {
		n := min(len(keys), 500)
		// One key per command: keys of a prefix may be in different slots.
		if _, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, k := range keys[:n] {
				p.Unlink(ctx, k)
			}
			return nil
		}); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

func newClient(t testing.TB, opts *redis.Options) *redis.Client {
	rdb := redis.NewClient(opts)
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb
}

func requireReal() bool { return os.Getenv(EnvRequireReal) == "1" }

func realAvailable() bool {
	if os.Getenv(EnvURL) != "" {
		return true
	}
	_, err := exec.LookPath("redis-server")
	return err == nil
}

// target is the process-wide real server: REDIS_URL or the shared
// redis-server.
type target struct {
	base  *redis.Options
	srv   *server       // nil for REDIS_URL
	scrub *redis.Client // for Prefix cleanup
}

func (tg *target) opts() *redis.Options {
	o := *tg.base
	return &o
}

var (
	sharedMode atomic.Bool
	targetOnce sync.Once
	targetMu   sync.Mutex
	theTarget  *target
	targetErr  error
)

func sharedTarget() (*target, error) {
	targetOnce.Do(func() {
		tg, err := openTarget()
		targetMu.Lock()
		theTarget, targetErr = tg, err
		targetMu.Unlock()
	})
	targetMu.Lock()
	defer targetMu.Unlock()
	return theTarget, targetErr
}

// initializedTarget returns the shared real server if one is in use.
func initializedTarget() *target {
	targetMu.Lock()
	defer targetMu.Unlock()
	return theTarget
}

func openTarget() (*target, error) {
	tg := &target{}
	if url := os.Getenv(EnvURL); url != "" {
		o, err := redis.ParseURL(url)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvURL, err)
		}
		tg.base = o
	} else {
		srv, err := startServer()
		if err != nil {
			return nil, err
		}
		tg.srv = srv
		tg.base = &redis.Options{Addr: srv.addr}
	}
	tg.scrub = redis.NewClient(tg.opts())
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := tg.scrub.Ping(ctx).Err(); err != nil {
		tg.scrub.Close()
		if tg.srv != nil {
			tg.srv.stop()
		}
		return nil, fmt.Errorf("redis at %s does not answer: %w", tg.base.Addr, err)
	}
	return tg, nil
}

func stopShared() {
	targetMu.Lock()
	tg := theTarget
	targetMu.Unlock()
	if tg == nil {
		return
	}
	tg.scrub.Close()
	if tg.srv != nil {
		tg.srv.stop()
	}
}

func getenvURL() string { return os.Getenv(EnvURL) }

// serverPath is redis-server's path; without one it skips the test, or
// fails it with REQUIRE_REAL_REDIS=1.
func serverPath(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("redis-server")
	if err != nil {
		if requireReal() {
			t.Fatalf("redistest: %s=1 but redis-server is not on PATH", EnvRequireReal)
		}
		t.Skip("redistest: redis-server not installed")
	}
	return path
}
