package redistest

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// No TestMain here: NewReal starts a server per call.

func TestRoundTrips(t *testing.T) {
	rdb := NewEmbedded(t)
	var rt RoundTrips
	rdb.AddHook(&rt)
	ctx := context.Background()
	// Warm up: a connection's handshake counts too (go-redis runs it
	// through the hooks), and go-redis 9.23 re-runs it on the first MULTI.
	if err := rdb.Ping(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	if _, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error { p.Ping(ctx); return nil }); err != nil {
		t.Fatal(err)
	}
	rt.Reset()
	rdb.Set(ctx, "a", "1", 0)
	rdb.Get(ctx, "a")
	if _, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Get(ctx, "a")
		p.Get(ctx, "b")
		p.Incr(ctx, "c")
		return nil
	}); err != nil && err != redis.Nil {
		t.Fatal(err)
	}
	if _, err := rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Incr(ctx, "c")
		p.Incr(ctx, "c")
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if c := rt.Count(); c != 4 {
		t.Fatalf("Count = %d, want 4", c)
	}

	rt.Reset()
	var wg sync.WaitGroup
	for range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				rdb.Incr(ctx, "n")
			}
		}()
	}
	wg.Wait()
	if c := rt.Count(); c < 100 { // new connections add their handshakes
		t.Fatalf("Count = %d, want at least 100", c)
	}
}

func TestNewRealStopsServer(t *testing.T) {
	var addr string
	t.Run("inner", func(t *testing.T) {
		rdb := NewReal(t)
		if err := rdb.Ping(context.Background()).Err(); err != nil {
			t.Fatal(err)
		}
		addr = rdb.Options().Addr
	})
	if addr == "" || t.Skipped() {
		return
	}
	if url := getenvURL(); url != "" {
		return // REDIS_URL is not ours to stop
	}
	rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialerRetries: 1})
	defer rdb.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := rdb.Ping(ctx).Err(); err == nil {
		t.Fatalf("server at %s still answers after the test ended", addr)
	}
}

func TestPrefixUnique(t *testing.T) {
	a, b := Prefix(t), Prefix(t)
	if a == b || len(a) != len("twtest:")+16 {
		t.Fatalf("prefixes %q, %q", a, b)
	}
}

func TestDeletePrefix(t *testing.T) {
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) {
			rdb := b.New(t)
			ctx := context.Background()
			p := Prefix(t)
			in := []string{p + ":a", p + ":{x}:b", p + ":c", p + ":{y}:d", p + ":{z}:e"}
			for _, k := range append(in, "other"+p) {
				if err := rdb.Set(ctx, k, "1", 0).Err(); err != nil {
					t.Fatal(err)
				}
			}
			keys, err := Keys(ctx, rdb, p)
			slices.Sort(keys)
			if want := slices.Sorted(slices.Values(in)); err != nil || !slices.Equal(keys, want) {
				t.Fatalf("Keys = %q, %v; want %q", keys, err, want)
			}
			if err := DeletePrefix(ctx, rdb, p); err != nil {
				t.Fatal(err)
			}
			keys, err = Keys(ctx, rdb, p)
			if err != nil || len(keys) != 0 {
				t.Fatalf("keys left: %q, %v", keys, err)
			}
			if n, _ := rdb.Exists(ctx, "other"+p).Result(); n != 1 {
				t.Fatal("DeletePrefix deleted a key outside the prefix")
			}
			rdb.Del(ctx, "other"+p)
		})
	}
}

// A started cluster has three masters that split the slots, serves keys
// of any slot and scripts on one slot, and is stopped when the test ends.
func TestNewCluster(t *testing.T) {
	var addrs []string
	t.Run("inner", func(t *testing.T) {
		rdb := NewCluster(t)
		cc, ok := rdb.(*redis.ClusterClient)
		if !ok {
			t.Fatalf("NewCluster returned %T", rdb)
		}
		ctx := context.Background()
		var mu sync.Mutex
		if err := cc.ForEachMaster(ctx, func(ctx context.Context, m *redis.Client) error {
			mu.Lock()
			addrs = append(addrs, m.Options().Addr)
			mu.Unlock()
			return m.Ping(ctx).Err()
		}); err != nil {
			t.Fatal(err)
		}
		if len(addrs) != 3 {
			t.Fatalf("%d masters, want 3", len(addrs))
		}
		// Keys spread over the masters; a script on one slot runs.
		p := Prefix(t)
		masters := map[string]bool{}
		for i := range 30 {
			k := fmt.Sprintf("%s:{k%d}", p, i)
			if err := cc.Set(ctx, k, i, 0).Err(); err != nil {
				t.Fatal(err)
			}
			m, err := cc.MasterForKey(ctx, k)
			if err != nil {
				t.Fatal(err)
			}
			masters[m.Options().Addr] = true
		}
		if len(masters) < 2 {
			t.Fatalf("30 keys all on %v", masters)
		}
		n, err := redis.NewScript(`return redis.call('INCR', KEYS[1]) + redis.call('INCR', KEYS[2])`).
			Run(ctx, cc, []string{p + ":{t}:a", p + ":{t}:b"}).Int()
		if err != nil || n != 2 {
			t.Fatalf("script on one slot = %d, %v", n, err)
		}
		if _, err := Keys(ctx, cc, p); err != nil {
			t.Fatal(err)
		}
	})
	if len(addrs) == 0 || os.Getenv(EnvClusterURL) != "" {
		return // skipped, or not ours to stop
	}
	for _, addr := range addrs {
		rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialerRetries: 1})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := rdb.Ping(ctx).Err()
		cancel()
		rdb.Close()
		if err == nil {
			t.Fatalf("cluster node %s still answers after the test ended", addr)
		}
	}
}
