package store_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/store"
)

func TestDedup(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{})
		ctx := ctxT(t)
		d := e.st.Dedup(store.TelegramUpdates, store.TelegramUpdateTTL)
		first := func(id int64) bool {
			t.Helper()
			ok, err := d.FirstDelivery(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !first(700001) {
			t.Fatal("a new update is not a first delivery")
		}
		if first(700001) {
			t.Fatal("a second delivery counts as first")
		}
		if !first(700002) {
			t.Fatal("another update is not a first delivery")
		}
		// Another replica: its own Store on the same Redis and prefix.
		other := store.New(e.rdb, store.Options{Prefix: e.prefix}).Dedup(store.TelegramUpdates, store.TelegramUpdateTTL)
		if ok, err := other.FirstDelivery(ctx, 700001); err != nil || ok {
			t.Fatalf("another replica: first=%v err=%v", ok, err)
		}

		key := e.prefix + ":tg:update:700001"
		ttl, err := e.rdb.PTTL(ctx, key).Result()
		if err != nil || ttl <= 23*time.Hour || ttl > 24*time.Hour {
			t.Fatalf("%s: ttl %v, %v; want about 24h", key, ttl, err)
		}

		if err := d.Forget(ctx, 700001); err != nil {
			t.Fatal(err)
		}
		if !first(700001) {
			t.Fatal("a forgotten update is not taken again")
		}
	})
}

// Of concurrent deliveries of one id, exactly one is first.
func TestDedupConcurrent(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{})
		ctx := ctxT(t)
		var firsts atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := store.New(e.rdb, store.Options{Prefix: e.prefix}).Dedup(store.TelegramUpdates, time.Minute)
				ok, err := d.FirstDelivery(ctx, 42)
				if err != nil {
					t.Error(err)
				}
				if ok {
					firsts.Add(1)
				}
			}()
		}
		wg.Wait()
		if n := firsts.Load(); n != 1 {
			t.Fatalf("%d first deliveries, want 1", n)
		}
	})
}

// A Redis that does not answer is an error, wrapped, not a verdict.
func TestDedupRedisDown(t *testing.T) {
	e := newEnv(t, func(tb testing.TB) redis.UniversalClient {
		return redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: time.Second})
	}, store.Options{})
	ok, err := e.st.Dedup(store.TelegramUpdates, time.Minute).FirstDelivery(ctxT(t), 1)
	if err == nil || ok {
		t.Fatalf("first=%v err=%v, want an error", ok, err)
	}
}
