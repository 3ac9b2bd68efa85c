package redistest

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
	"treadwell/internal/store"
)

// Queued is the instant a profile's reminder of a kind is queued for in
// the reminder queue of a store under prefix (zero when none). It reads
// the sorted sets by the key layout internal/store/due.go documents —
// the profile's shard (store.DueKeys of store.DueShard), else the
// pre-sharding key not yet drained (store.LegacyDueKeys), scored by unix
// ms, whose member is the profile id for the daily reminder and
// "<id>#<kind>" for the others — so a test sees what the dispatcher's
// claims see, without a store method of its own. An entry under a lease
// is queued for the lease's end, when it would be claimed again.
func Queued(ctx context.Context, rdb redis.UniversalClient, prefix, profileID string, kind due.Kind) (time.Time, error) {
	member := profileID
	if kind != due.Daily {
		member += "#" + string(kind)
	}
	shard, _ := store.DueKeys(prefix, store.DueShard(profileID))
	legacy, _ := store.LegacyDueKeys(prefix)
	for _, key := range []string{shard, legacy} {
		score, err := rdb.ZScore(ctx, key, member).Result()
		if errors.Is(err, redis.Nil) {
			continue
		}
		if err != nil {
			return time.Time{}, err
		}
		return time.UnixMilli(int64(score)), nil
	}
	return time.Time{}, nil
}
