package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// The reminder queue, shared by every replica:
//
//	<prefix>:{rem}:due     sorted set: profile id scored by its next reminder (unix ms)
//	<prefix>:{rem}:lease   hash: profile id → "<owner>|<lease end, unix ms>"
//	<prefix>:{p:<id>}:sent hash: reminder instant (unix ms) → "done" or "pending|<owner>|<end>"
//
// due and lease share the hash tag {rem}, so claiming is one atomic script
// on one slot; the sent marks live with the profile, so /delete takes them.

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

func (s *Store) dueKeys() (queue, lease string) {
	return s.opts.Prefix + ":{rem}:due", s.opts.Prefix + ":{rem}:lease"
}

func (s *Store) sentKey(id string) string {
	return s.opts.Prefix + ":{p:" + id + "}:sent"
}

func ms(t time.Time) int64 { return t.UnixMilli() }

// claimScript takes up to ARGV[3] due entries (score <= ARGV[1]) whose
// lease is free or expired, leasing them to ARGV[2] until ARGV[4].
// KEYS due, lease. Returns {id, score, id, score, ...}.
var claimScript = redis.NewScript(`
local due = redis.call('ZRANGE', KEYS[1], '-inf', ARGV[1], 'BYSCORE', 'LIMIT', 0, tonumber(ARGV[3]) * 4, 'WITHSCORES')
local out = {}
local now = tonumber(ARGV[5])
for i = 1, #due, 2 do
  if #out >= tonumber(ARGV[3]) * 2 then break end
  local id = due[i]
  local held = redis.call('HGET', KEYS[2], id)
  local free = true
  if held then
    local ends = tonumber(string.match(held, '|(%d+)$'))
    if ends and ends > now then free = false end
  end
  if free then
    redis.call('HSET', KEYS[2], id, ARGV[2] .. '|' .. ARGV[4])
    out[#out + 1] = id
    out[#out + 1] = due[i + 1]
  end
end
return out
`)

// completeScript moves a claimed entry to its next instant, unless the
// entry was rescheduled meanwhile (the person changed their settings),
// and frees the lease if still held by this owner. KEYS due, lease;
// ARGV id, claimed score, next score ("" removes), owner.
var completeScript = redis.NewScript(`
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  if ARGV[3] == '' then
    redis.call('ZREM', KEYS[1], ARGV[1])
  else
    redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  end
end
local held = redis.call('HGET', KEYS[2], ARGV[1])
if held and string.sub(held, 1, #ARGV[4] + 1) == ARGV[4] .. '|' then
  redis.call('HDEL', KEYS[2], ARGV[1])
end
return 1
`)

// Claim leases up to max reminders due at now to owner for lease.
func (s *Store) Claim(ctx context.Context, now time.Time, owner string, lease time.Duration, max int) ([]due.Claim, error) {
	dueKey, leases := s.dueKeys()
	res, err := claimScript.Run(ctx, s.rdb, []string{dueKey, leases},
		ms(now), owner, max, ms(now.Add(lease)), ms(now)).StringSlice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("store: claim: %w", err)
	}
	out := make([]due.Claim, 0, len(res)/2)
	for i := 0; i+1 < len(res); i += 2 {
		score, err := strconv.ParseFloat(res[i+1], 64)
		if err != nil {
			return nil, fmt.Errorf("store: claim: score %q: %w", res[i+1], err)
		}
		id, kind := parseMember(res[i])
		out = append(out, due.Claim{ProfileID: id, Kind: kind, Due: time.UnixMilli(int64(score)), LeaseEnd: time.UnixMilli(ms(now.Add(lease)))})
	}
	return out, nil
}

// Complete moves a claimed reminder to next (zero: off the queue) unless
// it was rescheduled meanwhile, and releases the lease.
func (s *Store) Complete(ctx context.Context, c due.Claim, owner string, next time.Time) error {
	dueKey, leases := s.dueKeys()
	nextArg := ""
	if !next.IsZero() {
		nextArg = strconv.FormatInt(ms(next), 10)
	}
	err := completeScript.Run(ctx, s.rdb, []string{dueKey, leases}, member(c.ProfileID, c.Kind), ms(c.Due), nextArg, owner).Err()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("store: complete %s: %w", profile.LogID(c.ProfileID), err)
	}
	return nil
}

// beginSendScript marks a reminder as being sent, unless the profile is
// gone, the person is paused (the pause field the save script writes,
// read in the same atomic step, so a /stop saved before it always wins),
// or it was sent or is being sent by a live holder. The sent hash
// expires with the marks it keeps, so no mark outlives its use. KEYS
// sent, profile, dialog; ARGV field, holder|end, now, prune-before, keep
// (ms), whether the kind goes out while paused ("1": a follow-up, which
// the composer checks against the pause itself). Returns a
// due.SendCheck.
var beginSendScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then return 5 end
if ARGV[6] ~= '1' then
  local pause = redis.call('HGET', KEYS[3], 'pause')
  if pause == 'resume' then return 4 end
  local untilMS = tonumber(pause)
  if untilMS and untilMS > tonumber(ARGV[3]) then return 4 end
end
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v == 'done' then return 2 end
if v then
  local ends = tonumber(string.match(v, '|(%d+)$'))
  if ends and ends > tonumber(ARGV[3]) then return 3 end
end
redis.call('HSET', KEYS[1], ARGV[1], 'pending|' .. ARGV[2])
for _, f in ipairs(redis.call('HKEYS', KEYS[1])) do
  local at = tonumber(string.match(f, '(%d+)$'))
  if at and at < tonumber(ARGV[4]) then redis.call('HDEL', KEYS[1], f) end
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1
`)

// endSendScript records the outcome of a send. A reminder the platform
// took is marked done; a failed one has its mark removed, but only while
// the mark is still the caller's (another replica may have sent it since
// the caller's lease ran out). Nothing is written for a profile deleted
// meanwhile, and its sent hash goes. KEYS sent, profile; ARGV field,
// owner, sent ("1" or "0"), keep (ms).
var endSendScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[1], ARGV[1], 'done')
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return 1
end
local v = redis.call('HGET', KEYS[1], ARGV[1])
if v and string.sub(v, 1, #ARGV[2] + 9) == 'pending|' .. ARGV[2] .. '|' then
  redis.call('HDEL', KEYS[1], ARGV[1])
end
return 1
`)

// sentKept is how long sent marks are kept: longer than any late window.
const sentKept = 7 * 24 * time.Hour

// sentField names a claimed reminder in the sent hash: its due instant,
// after its kind.
func sentField(c due.Claim) string {
	f := strconv.FormatInt(ms(c.Due), 10)
	if c.Kind != due.Daily {
		f = string(c.Kind) + ":" + f
	}
	return f
}

// BeginSend records that owner is about to send a claimed reminder, and
// reports whether it may. The mark lapses at c.LeaseEnd, when the claim
// does: a replica that dies mid-send leaves a mark that is free again
// the moment another replica can claim the reminder, so the reminder is
// sent that same day instead of being found "in progress" and moved on.
func (s *Store) BeginSend(ctx context.Context, c due.Claim, now time.Time, owner string) (due.SendCheck, error) {
	pk, dk, _ := s.profileKeys(c.ProfileID)
	whilePaused := "0"
	if c.Kind.WhilePaused() {
		whilePaused = "1"
	}
	n, err := beginSendScript.Run(ctx, s.rdb, []string{s.sentKey(c.ProfileID), pk, dk},
		sentField(c), owner+"|"+strconv.FormatInt(ms(c.LeaseEnd), 10), ms(now), ms(now.Add(-sentKept)), sentKept.Milliseconds(), whilePaused).Int()
	if err != nil {
		return 0, fmt.Errorf("store: begin send: %w", err)
	}
	return due.SendCheck(n), nil
}

// EndSend records a send by owner as done (sent) or gives its mark back
// so the reminder can be tried again (failed).
func (s *Store) EndSend(ctx context.Context, c due.Claim, owner string, sent bool) error {
	pk, _, _ := s.profileKeys(c.ProfileID)
	flag := "0"
	if sent {
		flag = "1"
	}
	err := endSendScript.Run(ctx, s.rdb, []string{s.sentKey(c.ProfileID), pk}, sentField(c), owner, flag, sentKept.Milliseconds()).Err()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("store: end send: %w", err)
	}
	return nil
}

// LoadProfile reads a profile by its id (one round trip), for work that
// does not start from a message, such as a due reminder.
func (s *Store) LoadProfile(ctx context.Context, profileID string) (profile.Snapshot, error) {
	var rd profileReads
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		rd = s.queueReads(ctx, p, profileID)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return profile.Snapshot{}, fmt.Errorf("store: load %s: %w", profile.LogID(profileID), err)
	}
	return rd.snapshot(profileID)
}

// pruneLeasesScript drops leases that ran out (their entries were removed
// or rescheduled while claimed). KEYS lease; ARGV now. Returns how many.
var pruneLeasesScript = redis.NewScript(`
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
`)

// PruneLeases removes leases that ran out; a maintenance job.
func (s *Store) PruneLeases(ctx context.Context, now time.Time) (int, error) {
	_, leases := s.dueKeys()
	n, err := pruneLeasesScript.Run(ctx, s.rdb, []string{leases}, ms(now)).Int()
	if err != nil && !errors.Is(err, redis.Nil) {
		return 0, fmt.Errorf("store: prune leases: %w", err)
	}
	return n, nil
}

// OldestDue is the earliest queued reminder's due instant (zero when the
// queue is empty), for the queue-lag metric.
func (s *Store) OldestDue(ctx context.Context) (time.Time, error) {
	dueKey, _ := s.dueKeys()
	zs, err := s.rdb.ZRangeWithScores(ctx, dueKey, 0, 0).Result()
	if err != nil {
		return time.Time{}, fmt.Errorf("store: oldest due: %w", err)
	}
	if len(zs) == 0 {
		return time.Time{}, nil
	}
	return time.UnixMilli(int64(zs[0].Score)), nil
}

// queueDue queues in p the (re)scheduling of profileID's reminders in
// times: a zero time takes that kind off the queue.
func (s *Store) queueDue(ctx context.Context, p redis.Pipeliner, profileID string, times map[due.Kind]time.Time) {
	dueKey, _ := s.dueKeys()
	for kind, at := range times {
		if at.IsZero() {
			p.ZRem(ctx, dueKey, member(profileID, kind))
		} else {
			p.ZAdd(ctx, dueKey, redis.Z{Score: float64(ms(at)), Member: member(profileID, kind)})
		}
	}
}

// unqueueAll queues in p the removal of every reminder of profileID and
// its leases.
func (s *Store) unqueueAll(ctx context.Context, p redis.Pipeliner, profileID string) {
	dueKey, leases := s.dueKeys()
	var members []string
	var zmembers []any
	for _, k := range due.Kinds {
		members = append(members, member(profileID, k))
		zmembers = append(zmembers, member(profileID, k))
	}
	p.ZRem(ctx, dueKey, zmembers...)
	p.HDel(ctx, leases, members...)
}
