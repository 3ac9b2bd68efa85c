package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// The identify gate lets one replica per bucket through per
// IdentifyInterval: another replica waits for the key to expire, other
// buckets do not wait, and a wait ends with its context. (Not on
// miniredis, whose keys only expire when told to.)
func TestIdentifyGate(t *testing.T) {
	for _, b := range redistest.Backends() {
		if b.Name == "embedded" {
			continue
		}
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b.New, store.Options{})
			ctx := ctxT(t)
			gate := e.st.IdentifyGate()
			// Another replica: its own Store on the same Redis and prefix.
			other := store.New(e.rdb, store.Options{Prefix: e.prefix}).IdentifyGate()

			start := time.Now()
			if err := gate.Wait(ctx, 0); err != nil {
				t.Fatal(err)
			}
			key := e.prefix + ":discord:identify:0"
			ttl, err := e.rdb.PTTL(ctx, key).Result()
			if err != nil || ttl <= store.IdentifyInterval-time.Second || ttl > store.IdentifyInterval {
				t.Fatalf("%s: ttl %v, %v; want about %v", key, ttl, err, store.IdentifyInterval)
			}
			if err := other.Wait(ctx, 1); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d >= store.IdentifyInterval/2 {
				t.Fatalf("bucket 1 waited for bucket 0 (%v)", d)
			}

			short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
			defer cancel()
			if err := other.Wait(short, 0); !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("Wait with a 100ms context on a held bucket = %v", err)
			}

			if err := other.Wait(ctx, 0); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(start); d < store.IdentifyInterval-10*time.Millisecond {
				t.Fatalf("the other replica identified %v after the first, want at least %v", d, store.IdentifyInterval)
			}
		})
	}
}
