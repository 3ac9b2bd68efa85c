package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// The queue from before the sharding, one key (see the layout in
// due.go): claims move what is left there into the shards.

// legacyTakeSrc lists up to ARGV[2] entries of the pre-sharding queue
// that no older replica holds under a live lease, to move them into the
// shards. KEYS due, lease (legacy); ARGV now, max. Returns {member,
// score, ...}.
const legacyTakeSrc = `
local all = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1, 'WITHSCORES')
local out = {}
for i = 1, #all, 2 do
  local held = redis.call('HGET', KEYS[2], all[i])
  local ends = held and tonumber(string.match(held, '|(%d+)$'))
  if not ends or ends <= tonumber(ARGV[1]) then
    out[#out + 1] = all[i]
    out[#out + 1] = all[i + 1]
  end
end
return out
`

var legacyTakeScript = redis.NewScript(legacyTakeSrc)

// legacyDropSrc removes moved entries from the pre-sharding queue, each
// only while it still has the score that was moved and no live lease
// (an older replica that claimed it meanwhile sends it; the copy in the
// shard then finds its sent mark). KEYS due, lease (legacy); ARGV now,
// then member, score pairs.
const legacyDropSrc = `
for i = 2, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  local held = redis.call('HGET', KEYS[2], ARGV[i])
  local ends = held and tonumber(string.match(held, '|(%d+)$'))
  if score and tonumber(score) == tonumber(ARGV[i + 1]) and (not ends or ends <= tonumber(ARGV[1])) then
    redis.call('ZREM', KEYS[1], ARGV[i])
    if held then redis.call('HDEL', KEYS[2], ARGV[i]) end
  end
end
return 1
`

var legacyDropScript = redis.NewScript(legacyDropSrc)

// legacyBatch is how many pre-sharding entries a claim round moves.
const legacyBatch = 1000

// migrateLegacy moves pre-sharding entries ({member, score, ...}) into
// their shards: first added (NX: an entry the shard has already was
// written since, by this version, and wins), then removed from the old
// key, so a crash between the two leaves a copy, never a loss.
func (s *Store) migrateLegacy(ctx context.Context, now time.Time, pairs []string) error {
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := 0; i+1 < len(pairs); i += 2 {
			id, _ := parseMember(pairs[i])
			score, err := strconv.ParseFloat(pairs[i+1], 64)
			if err != nil {
				return fmt.Errorf("legacy score %q: %w", pairs[i+1], err)
			}
			q, _ := s.shardKeys(id)
			p.ZAddNX(ctx, q, redis.Z{Score: score, Member: pairs[i]})
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: move legacy queue: %w", err)
	}
	lq, ll := LegacyDueKeys(s.opts.Prefix)
	args := make([]any, 0, 1+len(pairs))
	args = append(args, ms(now))
	for _, v := range pairs {
		args = append(args, v)
	}
	if err := legacyDropScript.Run(ctx, s.rdb, []string{lq, ll}, args...).Err(); err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("store: move legacy queue: %w", err)
	}
	return nil
}
