package redistest

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
)

// Queued is the instant a profile's reminder of a kind is queued for in
// the reminder queue of a store under prefix (zero when none). It reads
// the sorted set by the key layout internal/store/due.go documents —
// <prefix>:{rem}:due, scored by unix ms, whose member is the profile id
// for the daily reminder and "<id>#<kind>" for the others — so a test
// sees what the dispatcher's claims see, without a store method of its
// own.
func Queued(ctx context.Context, rdb redis.UniversalClient, prefix, profileID string, kind due.Kind) (time.Time, error) {
	member := profileID
	if kind != due.Daily {
		member += "#" + string(kind)
	}
	score, err := rdb.ZScore(ctx, prefix+":{rem}:due", member).Result()
	if errors.Is(err, redis.Nil) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(int64(score)), nil
}
