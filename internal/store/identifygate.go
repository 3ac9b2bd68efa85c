package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Discord identify gate keys:
//
//	<prefix>:discord:identify:<bucket>   held for IdentifyInterval by the replica that identifies next
//
// One key per max_concurrency bucket, set with SET NX and an expiry, so
// the check is one command and runs unchanged on Redis Cluster.

// IdentifyInterval is how long a bucket's key is held: Discord's 5
// seconds between the identifies of one max_concurrency bucket, and one
// more for the connection to reach the Identify after Wait returns (the
// same as discord.IdentifyInterval).
const IdentifyInterval = 6 * time.Second

// IdentifyGate spaces Discord gateway identifies across every replica on
// the same Redis and prefix: Wait returns to one caller per bucket per
// IdentifyInterval. It implements the Discord adapter's IdentifyGate and
// is safe for concurrent use. It needs a Redis that expires keys by
// itself: not the embedded miniredis.
type IdentifyGate struct {
	rdb    redis.UniversalClient
	prefix string // "<prefix>:discord:identify:"
	hold   time.Duration
	poll   time.Duration // the longest wait between tries
}

// IdentifyGate returns the gate of this store's prefix.
func (s *Store) IdentifyGate() *IdentifyGate {
	return &IdentifyGate{rdb: s.rdb, prefix: s.opts.Prefix + ":discord:identify:", hold: IdentifyInterval, poll: time.Second}
}

// Wait takes bucket's key, waiting while another replica holds it, until
// ctx ends (its error). A Redis error is returned as it is; the adapter
// then paces its identifies alone.
func (g *IdentifyGate) Wait(ctx context.Context, bucket int) error {
	key := g.prefix + strconv.Itoa(bucket)
	for {
		ok, err := g.rdb.SetNX(ctx, key, 1, g.hold).Result()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("store: identify gate: %w", err)
		}
		if ok {
			return nil
		}
		wait, err := g.rdb.PTTL(ctx, key).Result()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("store: identify gate: %w", err)
		}
		// Gone meanwhile (-2) or without expiry (-1, which SET NX never
		// leaves): try again soon; else when it expires.
		wait = min(max(wait, 10*time.Millisecond), g.poll)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-t.C:
		}
	}
}
