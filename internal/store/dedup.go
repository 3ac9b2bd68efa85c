package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Delivery dedup keys:
//
//	<prefix>:<scope>:<id>   set when delivery id of scope is first taken, expiring
//
// For Telegram's webhook the scope is "tg:update" and the id the
// update_id: <prefix>:tg:update:<update_id>. One key per id, so the
// check is one command and runs unchanged on Redis Cluster.

// TelegramUpdates is the dedup scope of Telegram webhook updates.
const TelegramUpdates = "tg:update"

// TelegramUpdateTTL is how long a Telegram update_id is remembered:
// Telegram keeps trying to deliver an update for at most 24 hours.
const TelegramUpdateTTL = 24 * time.Hour

// Dedup remembers which deliveries were taken, shared by every replica
// on the same Redis and prefix. It is safe for concurrent use.
type Dedup struct {
	rdb    redis.UniversalClient
	prefix string // "<prefix>:<scope>:"
	ttl    time.Duration
}

// Dedup returns the deliveries of scope (such as TelegramUpdates),
// each remembered for ttl.
func (s *Store) Dedup(scope string, ttl time.Duration) *Dedup {
	return &Dedup{rdb: s.rdb, prefix: s.opts.Prefix + ":" + scope + ":", ttl: ttl}
}

func (d *Dedup) key(id int64) string { return d.prefix + strconv.FormatInt(id, 10) }

// FirstDelivery records id and reports whether it is new: of concurrent
// calls for one id (on any replica) exactly one gets true, until the
// record expires or is forgotten.
func (d *Dedup) FirstDelivery(ctx context.Context, id int64) (bool, error) {
	first, err := d.rdb.SetNX(ctx, d.key(id), 1, d.ttl).Result()
	if err != nil {
		return false, fmt.Errorf("store: record delivery: %w", err)
	}
	return first, nil
}

// Forget removes the record of id, so that the next delivery of it is
// taken: for a delivery that was refused after FirstDelivery.
func (d *Dedup) Forget(ctx context.Context, id int64) error {
	if err := d.rdb.Del(ctx, d.key(id)).Err(); err != nil {
		return fmt.Errorf("store: forget delivery: %w", err)
	}
	return nil
}
