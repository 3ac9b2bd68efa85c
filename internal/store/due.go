package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// The reminder queue, shared by every replica, sharded over DueShards
// hash slots so that a Redis Cluster spreads it over its masters:
//
//	<prefix>:{rem:N}:due   sorted set: profile id scored by its next reminder (unix ms)
//	<prefix>:{rem:N}:lease hash: profile id → "<owner>|<lease end>|<due>" (unix ms)
//	<prefix>:{p:<id>}:dialog field sent:<kind>: the last reminder of the kind sent (unix ms; see sendmarks.go)
//	<prefix>:rem:serving   hash: when a dispatcher last ran ("alive") and since when without a gap ("since")
//
// N is DueShard of the profile id, so all of a person's reminders are in
// one shard. A shard's due and lease share the hash tag {rem:N}, so a
// claim is one atomic script on one slot; the sent marks live with the
// profile, so /delete takes them.
//
// A claim moves the entry's score to the end of its lease and keeps the
// instant it was due in the lease: leased entries are out of the due
// range, so a claim never scans past them however many are in flight,
// and an entry whose replica died comes back by itself when the lease
// ends, with its due instant.
//
// Before the sharding the queue was one key, <prefix>:{rem}:due with
// <prefix>:{rem}:lease ("<owner>|<lease end>", the score left at the due
// instant). Every claim round also moves what is left there into the
// shards (migrateLegacy), so an upgrade loses no reminder; an entry an
// older replica holds under a live lease is left to it.

// DueShards is how many hash slots the reminder queue is spread over.
const DueShards = 16

// DueShard is the queue shard of a profile's reminders: FNV-1a of the
// id, stable across versions and processes (a change would strand
// entries in shards no longer written).
func DueShard(profileID string) int {
	h := uint32(2166136261)
	for i := 0; i < len(profileID); i++ {
		h ^= uint32(profileID[i])
		h *= 16777619
	}
	return int(h % DueShards)
}

// DueKeys are the due and lease keys of shard n of a store under prefix,
// as documented above (tests read the queue through them).
func DueKeys(prefix string, n int) (queue, lease string) {
	tag := prefix + ":{rem:" + strconv.Itoa(n) + "}:"
	return tag + "due", tag + "lease"
}

// LegacyDueKeys are the queue keys from before the sharding.
func LegacyDueKeys(prefix string) (queue, lease string) {
	return prefix + ":{rem}:due", prefix + ":{rem}:lease"
}

// member is the queue member of a profile's reminder of a kind: the
// profile id for the daily reminder, "<id>#<kind>" for the others.
func member(profileID string, kind due.Kind) string {
	if kind == due.Daily {
		return profileID
	}
	return profileID + "#" + string(kind)
}

func parseMember(m string) (string, due.Kind) {
	id, kind, ok := strings.Cut(m, "#")
	if !ok {
		return id, due.Daily // stored bare, as since the first version
	}
	return id, due.Kind(kind)
}

func (s *Store) shardKeys(profileID string) (queue, lease string) {
	return DueKeys(s.opts.Prefix, DueShard(profileID))
}

// sentKey is where versions before sendmarks.go's kept their marks.
func (s *Store) sentKey(id string) string {
	return s.opts.Prefix + ":{p:" + id + "}:sent"
}

func ms(t time.Time) int64 { return t.UnixMilli() }

// claimSrc takes up to ARGV[3] due entries (score <= ARGV[1]) of one
// shard whose lease is free or ended, leasing them to ARGV[2] until
// ARGV[4]: the score becomes the lease end and the lease keeps the due
// instant. An entry whose score is still the end of an ended lease was
// not rescheduled since: it is due at the instant that lease kept. KEYS
// due, lease. Returns {member, due, member, due, ...}.
//
// Two commands for the whole batch (HMGET, and one ZADD and one HSET
// with every entry), not a few per entry: Lua's calls into Redis are
// what a claim costs.
const claimSrc = `
local now = tonumber(ARGV[1])
local due = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[3]), 'WITHSCORES')
if #due == 0 then return {} end
local ids = {}
for i = 1, #due, 2 do ids[#ids + 1] = due[i] end
local held = redis.call('HMGET', KEYS[2], unpack(ids))
local out, zadd, hset = {}, {}, {}
for j = 1, #ids do
  local id, at, free = ids[j], due[2 * j], true
  local h = held[j]
  if h then
    local ends, was = string.match(h, '|(%d+)|(%d+)$')
    if ends then
      if tonumber(ends) > now then free = false
      elseif tonumber(ends) == tonumber(at) then at = was end
    end
  end
  if free then
    zadd[#zadd + 1] = ARGV[4]
    zadd[#zadd + 1] = id
    hset[#hset + 1] = id
    hset[#hset + 1] = ARGV[2] .. '|' .. ARGV[4] .. '|' .. at
    out[#out + 1] = id
    out[#out + 1] = at
  end
end
if #out > 0 then
  redis.call('ZADD', KEYS[1], unpack(zadd))
  redis.call('HSET', KEYS[2], unpack(hset))
end
return out
`

var claimScript = redis.NewScript(claimSrc)

// completeSrc moves claimed entries of one shard to their next instant,
// unless an entry was rescheduled meanwhile (the person changed their
// settings) or claimed again after this claim's lease ended: either way
// its score is no longer this claim's lease end, which is unique to the
// claim (a later claim ends later). It frees the leases this claim still
// holds. KEYS due, lease; ARGV owner, then per entry: member, lease end,
// next score ("" removes). A few commands for the whole batch, whatever
// its size: Lua's calls into Redis are what a completion costs.
const completeSrc = `
local ids, ends, nexts = {}, {}, {}
for i = 2, #ARGV, 3 do
  ids[#ids + 1] = ARGV[i]
  ends[#ends + 1] = ARGV[i + 1]
  nexts[#nexts + 1] = ARGV[i + 2]
end
if #ids == 0 then return 0 end
local scores = redis.call('ZMSCORE', KEYS[1], unpack(ids))
local held = redis.call('HMGET', KEYS[2], unpack(ids))
local zadd, zrem, hdel = {}, {}, {}
for j = 1, #ids do
  if scores[j] and tonumber(scores[j]) == tonumber(ends[j]) then
    if nexts[j] == '' then
      zrem[#zrem + 1] = ids[j]
    else
      zadd[#zadd + 1] = nexts[j]
      zadd[#zadd + 1] = ids[j]
    end
  end
  local mine = ARGV[1] .. '|' .. ends[j] .. '|'
  if held[j] and string.sub(held[j], 1, #mine) == mine then
    hdel[#hdel + 1] = ids[j]
  end
end
if #zadd > 0 then redis.call('ZADD', KEYS[1], unpack(zadd)) end
if #zrem > 0 then redis.call('ZREM', KEYS[1], unpack(zrem)) end
if #hdel > 0 then redis.call('HDEL', KEYS[2], unpack(hdel)) end
return 1
`

var completeScript = redis.NewScript(completeSrc)

// claimPerShardMax bounds one shard's claim: the script unpacks twice as
// many arguments into one call, well inside Lua's stack.
const claimPerShardMax = 1000

// Claim leases up to max reminders due at now to owner for lease, taken
// round-robin from every shard (an equal share of max from each, all in
// one pipeline: one round trip on a single server, one per master on a
// cluster), and returns them in order of due instant. It also moves
// entries left in the pre-sharding queue into the shards, to be claimed
// by the next round.
func (s *Store) Claim(ctx context.Context, now time.Time, owner string, lease time.Duration, max int) ([]due.Claim, error) {
	return s.claim(ctx, now, owner, lease, max, true)
}

func (s *Store) claim(ctx context.Context, now time.Time, owner string, lease time.Duration, max int, again bool) ([]due.Claim, error) {
	if max <= 0 {
		return nil, nil
	}
	quotas := claimQuotas(max)
	leaseEnd := ms(now.Add(lease))
	calls := make([]scriptCall, 0, DueShards+1)
	for n := range DueShards {
		q, l := DueKeys(s.opts.Prefix, n)
		calls = append(calls, scriptCall{claimScript, []string{q, l}, []any{ms(now), owner, quotas[n], leaseEnd}})
	}
	lq, ll := LegacyDueKeys(s.opts.Prefix)
	calls = append(calls, scriptCall{legacyTakeScript, []string{lq, ll}, []any{ms(now), legacyBatch}})
	cmds, err := s.runScripts(ctx, calls)
	if err != nil {
		return nil, fmt.Errorf("store: claim: %w", err)
	}
	var out []due.Claim
	var firstErr error
	// A shard that gave its whole share may hold more, due before what
	// other shards gave: only claims due by the earliest last claim of
	// such a shard are sure to be the oldest of the queue, and the others
	// go back, so that claims come in order of due instant across rounds
	// too (with every entry due at one instant, as in a burst, none).
	var cutoff time.Time
	for n, c := range cmds[:DueShards] {
		res, err := c.StringSlice()
		if err != nil && !errors.Is(err, redis.Nil) {
			// A shard that failed (a master down) does not keep the
			// others' claims from being sent: they are leased already.
			firstErr = cmp.Or(firstErr, err)
			continue
		}
		var last time.Time
		for i := 0; i+1 < len(res); i += 2 {
			at, err := strconv.ParseInt(res[i+1], 10, 64)
			if err != nil {
				firstErr = cmp.Or(firstErr, fmt.Errorf("due %q: %w", res[i+1], err))
				continue
			}
			id, kind := parseMember(res[i])
			c := due.Claim{ProfileID: id, Kind: kind, Due: time.UnixMilli(at), LeaseEnd: time.UnixMilli(leaseEnd)}
			out = append(out, c)
			if c.Due.After(last) {
				last = c.Due
			}
		}
		if quotas[n] > 0 && len(res)/2 == quotas[n] && (cutoff.IsZero() || last.Before(cutoff)) {
			cutoff = last
		}
	}
	// In order of due instant across the shards, the send planner's
	// order: what fell due first goes out first.
	slices.SortFunc(out, func(a, b due.Claim) int {
		return cmp.Or(a.Due.Compare(b.Due), strings.Compare(a.ProfileID, b.ProfileID), strings.Compare(string(a.Kind), string(b.Kind)))
	})
	keep := len(out)
	if !cutoff.IsZero() {
		keep, _ = slices.BinarySearchFunc(out, cutoff, func(c due.Claim, t time.Time) int {
			if c.Due.After(t) {
				return 1
			}
			return -1
		})
	}
	keep = min(keep, max)
	if keep < len(out) {
		extra := out[keep:]
		out = out[:keep:keep]
		next := make([]time.Time, len(extra))
		for i, c := range extra {
			next[i] = c.Due
		}
		for _, err := range s.Finish(ctx, owner, extra, next, make([]bool, len(extra)), nil) {
			firstErr = cmp.Or(firstErr, err) // the lease ends and they are claimed again
		}
	}
	if legacy, err := cmds[DueShards].StringSlice(); err == nil && len(legacy) > 0 {
		if err := s.migrateLegacy(ctx, now, legacy); err != nil {
			firstErr = cmp.Or(firstErr, err)
		} else if len(out) == 0 && again {
			// Nothing was due in the shards, but some may be now: an
			// empty claim means "nothing due" to the dispatcher.
			return s.claim(ctx, now, owner, lease, max, false)
		}
	} else if err != nil && !errors.Is(err, redis.Nil) {
		firstErr = cmp.Or(firstErr, err)
	}
	if firstErr != nil && len(out) == 0 {
		return nil, fmt.Errorf("store: claim: %w", firstErr)
	}
	return out, nil
}

// claimCursor turns which shards get the remainder of a claim's share,
// so that over successive claims every shard is served alike.
var claimCursor atomic.Uint32

// claimQuotas shares max claims between the shards: equal shares, the
// remainder going to the next shards in turn. Below one per shard, each
// may take max (a person's entries are all in one shard, and a small
// claim must still see every shard), and Claim gives the excess back.
func claimQuotas(max int) [DueShards]int {
	var q [DueShards]int
	if max < DueShards {
		for n := range q {
			q[n] = max
		}
		return q
	}
	start := int(claimCursor.Add(1) % DueShards)
	for n := range q {
		q[n] = max / DueShards
		if (n-start+DueShards)%DueShards < max%DueShards {
			q[n]++
		}
		q[n] = min(q[n], claimPerShardMax)
	}
	return q
}

// Complete moves a claimed reminder to next (zero: off the queue) unless
// it was rescheduled meanwhile, and releases the lease.
func (s *Store) Complete(ctx context.Context, c due.Claim, owner string, next time.Time) error {
	errs := s.Finish(ctx, owner, []due.Claim{c}, []time.Time{next}, []bool{false}, nil)
	if errs[0] != nil {
		return fmt.Errorf("store: complete %s: %w", profile.LogID(c.ProfileID), errs[0])
	}
	return nil
}

// Finish ends many claims of owner in one pipeline: for each i, when
// sent[i] the send of claims[i] is recorded as done (as EndSend does),
// and claims[i] is completed to next[i] (as Complete does; next[i] =
// claims[i].Due gives it back to be claimed again at once), and logs[i]
// (when logs is not nil and its Reason is set) goes to the person's
// delivery log, in the same script as the send's mark. The completions
// are one script per shard, whatever the number of claims. It returns
// an error per claim.
func (s *Store) Finish(ctx context.Context, owner string, claims []due.Claim, next []time.Time, sent []bool, logs []due.Delivery) []error {
	errs := make([]error, len(claims))
	calls := make([]scriptCall, 0, DueShards)
	var byCall [][]int // claim indexes of each call
	shardCall := map[int]int{}
	for i, c := range claims {
		n := DueShard(c.ProfileID)
		ci, ok := shardCall[n]
		if !ok {
			q, l := DueKeys(s.opts.Prefix, n)
			ci = len(calls)
			shardCall[n] = ci
			calls = append(calls, scriptCall{completeScript, []string{q, l}, []any{owner}})
			byCall = append(byCall, nil)
		}
		nextArg := ""
		if !next[i].IsZero() {
			nextArg = strconv.FormatInt(ms(next[i]), 10)
		}
		calls[ci].args = append(calls[ci].args, member(c.ProfileID, c.Kind), ms(c.LeaseEnd), nextArg)
		byCall[ci] = append(byCall[ci], i)
	}
	completes := len(calls)
	var ended []int
	for i, c := range claims {
		var log due.Delivery
		if logs != nil {
			log = logs[i]
		}
		switch {
		case sent[i]:
			calls = append(calls, s.endSendCall(c, "1", log))
		case log.Reason != "":
			calls = append(calls, s.endSendCall(c, "", log))
		default:
			continue
		}
		ended = append(ended, i)
	}
	cmds, err := s.runScripts(ctx, calls)
	if err != nil {
		for i := range errs {
			errs[i] = err
		}
		return errs
	}
	for ci := 0; ci < completes; ci++ {
		if err := cmds[ci].Err(); err != nil && !errors.Is(err, redis.Nil) {
			for _, i := range byCall[ci] {
				errs[i] = err
			}
		}
	}
	for k, i := range ended {
		if err := cmds[completes+k].Err(); err != nil && !errors.Is(err, redis.Nil) {
			errs[i] = cmp.Or(errs[i], fmt.Errorf("end send: %w", err))
		}
	}
	return errs
}

// servingSrc records that a dispatcher runs at ARGV[1] and returns since
// when dispatchers have run without a gap longer than ARGV[2] ms: the
// instant the service came back after its last downtime. A replica
// whose clock is behind never moves "alive" back. KEYS serving; ARGV
// now, gap, keep (ms).
const servingSrc = `
local now = tonumber(ARGV[1])
local alive = tonumber(redis.call('HGET', KEYS[1], 'alive'))
local since = tonumber(redis.call('HGET', KEYS[1], 'since'))
if not alive or not since or now - alive > tonumber(ARGV[2]) then
  since = now
end
if not alive or now > alive then alive = now end
redis.call('HSET', KEYS[1], 'alive', alive, 'since', since)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return since
`

var servingScript = redis.NewScript(servingSrc)

// Serving records that a dispatcher is running at now and returns since
// when the dispatchers (any replica) have been running with no gap
// longer than gap. A reminder due after that instant and sent late was
// held by the dispatchers' own backlog, not by downtime.
func (s *Store) Serving(ctx context.Context, now time.Time, gap time.Duration) (time.Time, error) {
	keep := max(gap, time.Minute) * 10
	n, err := servingScript.Run(ctx, s.rdb, []string{s.opts.Prefix + ":rem:serving"}, ms(now), gap.Milliseconds(), keep.Milliseconds()).Int64()
	if err != nil {
		return time.Time{}, fmt.Errorf("store: serving: %w", err)
	}
	return time.UnixMilli(n), nil
}

// pruneLeasesSrc drops leases of one shard that ran out and whose entry
// is gone or was rescheduled (a lease whose entry still has the lease's
// end for score keeps the entry's due instant until it is claimed
// again). KEYS due, lease; ARGV now. Returns how many.
const pruneLeasesSrc = `
local n = 0
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  local ends = tonumber(string.match(all[i + 1], '|(%d+)|%d+$'))
  if not ends or ends <= tonumber(ARGV[1]) then
    local score = redis.call('ZSCORE', KEYS[1], all[i])
    if not ends or not score or tonumber(score) ~= ends then
      redis.call('HDEL', KEYS[2], all[i])
      n = n + 1
    end
  end
end
return n
`

var pruneLeasesScript = redis.NewScript(pruneLeasesSrc)

// pruneLegacyLeasesSrc drops the pre-sharding leases that ran out. KEYS
// lease; ARGV now. Returns how many.
const pruneLegacyLeasesSrc = `
local n = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local ends = tonumber(string.match(all[i + 1], '|(%d+)$'))
  if not ends or ends <= tonumber(ARGV[1]) then
    redis.call('HDEL', KEYS[1], all[i])
    n = n + 1
  end
end
return n
`

var pruneLegacyLeasesScript = redis.NewScript(pruneLegacyLeasesSrc)

// PruneLeases removes leases that ran out; a maintenance job.
func (s *Store) PruneLeases(ctx context.Context, now time.Time) (int, error) {
	calls := make([]scriptCall, 0, DueShards+1)
	for n := range DueShards {
		q, l := DueKeys(s.opts.Prefix, n)
		calls = append(calls, scriptCall{pruneLeasesScript, []string{q, l}, []any{ms(now)}})
	}
	_, ll := LegacyDueKeys(s.opts.Prefix)
	calls = append(calls, scriptCall{pruneLegacyLeasesScript, []string{ll}, []any{ms(now)}})
	cmds, err := s.runScripts(ctx, calls)
	if err != nil {
		return 0, fmt.Errorf("store: prune leases: %w", err)
	}
	total := 0
	for _, c := range cmds {
		n, err := c.Int()
		if err != nil && !errors.Is(err, redis.Nil) {
			return total, fmt.Errorf("store: prune leases: %w", err)
		}
		total += n
	}
	return total, nil
}

// OldestDue is the earliest queued reminder's instant over the shards
// and the pre-sharding key (zero when the queue is empty), for the
// queue-lag metric. A leased entry counts at its lease end, when it
// would be claimed again.
func (s *Store) OldestDue(ctx context.Context) (time.Time, error) {
	var cmds []*redis.ZSliceCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for n := range DueShards {
			q, _ := DueKeys(s.opts.Prefix, n)
			cmds = append(cmds, p.ZRangeWithScores(ctx, q, 0, 0))
		}
		lq, _ := LegacyDueKeys(s.opts.Prefix)
		cmds = append(cmds, p.ZRangeWithScores(ctx, lq, 0, 0))
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return time.Time{}, fmt.Errorf("store: oldest due: %w", err)
	}
	var oldest time.Time
	for _, c := range cmds {
		zs, err := c.Result()
		if err != nil || len(zs) == 0 {
			continue
		}
		if at := time.UnixMilli(int64(zs[0].Score)); oldest.IsZero() || at.Before(oldest) {
			oldest = at
		}
	}
	return oldest, nil
}

// queueDue queues in p the (re)scheduling of profileID's reminders in
// times: a zero time takes that kind off the queue. Each also leaves the
// pre-sharding key, so a person rescheduled during an upgrade is not
// reminded from both.
func (s *Store) queueDue(ctx context.Context, p redis.Pipeliner, profileID string, times map[due.Kind]time.Time) {
	if len(times) == 0 {
		return
	}
	q, _ := s.shardKeys(profileID)
	lq, _ := LegacyDueKeys(s.opts.Prefix)
	var gone []any
	for kind, at := range times {
		m := member(profileID, kind)
		if at.IsZero() {
			p.ZRem(ctx, q, m)
		} else {
			p.ZAdd(ctx, q, redis.Z{Score: float64(ms(at)), Member: m})
		}
		gone = append(gone, m)
	}
	p.ZRem(ctx, lq, gone...)
}

// unqueueAll queues in p the removal of every reminder of profileID and
// its leases, in its shard and in the pre-sharding key.
func (s *Store) unqueueAll(ctx context.Context, p redis.Pipeliner, profileID string) {
	var members []string
	var zmembers []any
	for _, k := range due.Kinds {
		members = append(members, member(profileID, k))
		zmembers = append(zmembers, member(profileID, k))
	}
	q, l := s.shardKeys(profileID)
	lq, ll := LegacyDueKeys(s.opts.Prefix)
	for _, keys := range [][2]string{{q, l}, {lq, ll}} {
		p.ZRem(ctx, keys[0], zmembers...)
		p.HDel(ctx, keys[1], members...)
	}
}

// scriptCall is one script run of a pipeline.
type scriptCall struct {
	script *redis.Script
	keys   []string
	args   []any
}

// runScripts runs calls in one pipeline with EVALSHA, and those a
// server had not cached (NOSCRIPT: restart, failover, another master of
// a cluster) again with EVAL, which caches them; only those, since the
// others ran. It returns a command per call; the error is a failure of
// the whole pipeline (per call errors are on the commands; redis.Nil is
// none).
func (s *Store) runScripts(ctx context.Context, calls []scriptCall) ([]*redis.Cmd, error) {
	cmds := make([]*redis.Cmd, len(calls))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, c := range calls {
			cmds[i] = c.script.EvalSha(ctx, p, c.keys, c.args...)
		}
		return nil
	})
	var retry []int
	for i, c := range cmds {
		if redis.HasErrorPrefix(c.Err(), "NOSCRIPT") {
			retry = append(retry, i)
		}
	}
	if len(retry) > 0 {
		_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, i := range retry {
				cmds[i] = calls[i].script.Eval(ctx, p, calls[i].keys, calls[i].args...)
			}
			return nil
		})
	}
	if err != nil && ctx.Err() != nil {
		return cmds, err
	}
	// Pipelined reports the first failed command; callers read each
	// command's own error instead, so that one failed call (a shard's
	// master down) does not fail the rest.
	return cmds, nil
}
