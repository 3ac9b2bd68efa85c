package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"

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

// Kind is which of a person's reminders a queue entry is.
type Kind string

// The kinds of reminder.
const (
	Daily  Kind = ""       // the daily check-in reminder
	Nudge  Kind = "nudge"  // the opt-in evening nudge
	Weekly Kind = "weekly" // the weekly summary
)

// Kinds are all kinds of reminder.
var Kinds = []Kind{Daily, Nudge, Weekly}

// member is the queue member of a profile's reminder of a kind.
func member(profileID string, kind Kind) string {
	if kind == Daily {
		return profileID
	}
	return profileID + "#" + string(kind)
}

func parseMember(m string) (string, Kind) {
	id, kind, _ := strings.Cut(m, "#")
	return id, Kind(kind)
}

// Claim is a reminder taken from the queue under a lease.
type Claim struct {
	ProfileID string
	Kind      Kind
	Due       time.Time // the instant it was due
	// LeaseEnd is when the lease runs out and another replica may claim
	// the reminder. A send mark never outlives it (see BeginSend).
	LeaseEnd time.Time
}

func (s *Store) dueKeys() (due, lease string) {
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

// Schedule sets a profile's next daily reminder (zero time: none).
func (s *Store) Schedule(ctx context.Context, profileID string, at time.Time) error {
	return s.ScheduleKind(ctx, profileID, Daily, at)
}

// ScheduleKind sets a profile's next reminder of a kind (zero: none).
func (s *Store) ScheduleKind(ctx context.Context, profileID string, kind Kind, at time.Time) error {
	due, _ := s.dueKeys()
	var err error
	if at.IsZero() {
		err = s.rdb.ZRem(ctx, due, member(profileID, kind)).Err()
	} else {
		err = s.rdb.ZAdd(ctx, due, redis.Z{Score: float64(ms(at)), Member: member(profileID, kind)}).Err()
	}
	if err != nil {
		return fmt.Errorf("store: schedule %s: %w", profile.LogID(profileID), err)
	}
	return nil
}

// NextReminder is a profile's queued daily reminder (zero when none).
func (s *Store) NextReminder(ctx context.Context, profileID string) (time.Time, error) {
	return s.NextReminderKind(ctx, profileID, Daily)
}

// NextReminderKind is a profile's queued reminder of a kind (zero when
// none).
func (s *Store) NextReminderKind(ctx context.Context, profileID string, kind Kind) (time.Time, error) {
	due, _ := s.dueKeys()
	score, err := s.rdb.ZScore(ctx, due, member(profileID, kind)).Result()
	if errors.Is(err, redis.Nil) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("store: next reminder %s: %w", profile.LogID(profileID), err)
	}
	return time.UnixMilli(int64(score)), nil
}

// Claim leases up to max reminders due at now to owner for lease.
func (s *Store) Claim(ctx context.Context, now time.Time, owner string, lease time.Duration, max int) ([]Claim, error) {
	due, leases := s.dueKeys()
	res, err := claimScript.Run(ctx, s.rdb, []string{due, leases},
		ms(now), owner, max, ms(now.Add(lease)), ms(now)).StringSlice()
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("store: claim: %w", err)
	}
	out := make([]Claim, 0, len(res)/2)
	for i := 0; i+1 < len(res); i += 2 {
		score, err := strconv.ParseFloat(res[i+1], 64)
		if err != nil {
			return nil, fmt.Errorf("store: claim: score %q: %w", res[i+1], err)
		}
		id, kind := parseMember(res[i])
		out = append(out, Claim{ProfileID: id, Kind: kind, Due: time.UnixMilli(int64(score)), LeaseEnd: time.UnixMilli(ms(now.Add(lease)))})
	}
	return out, nil
}

// Complete moves a claimed reminder to next (zero: off the queue) unless
// it was rescheduled meanwhile, and releases the lease.
func (s *Store) Complete(ctx context.Context, c Claim, owner string, next time.Time) error {
	due, leases := s.dueKeys()
	nextArg := ""
	if !next.IsZero() {
		nextArg = strconv.FormatInt(ms(next), 10)
	}
	err := completeScript.Run(ctx, s.rdb, []string{due, leases}, member(c.ProfileID, c.Kind), ms(c.Due), nextArg, owner).Err()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("store: complete %s: %w", profile.LogID(c.ProfileID), err)
	}
	return nil
}

// SendCheck is BeginSend's answer: whether a claimed reminder may go out.
type SendCheck int

// The answers of BeginSend.
const (
	// SendAllowed: the reminder is marked as being sent by the caller,
	// until the claim's lease ends.
	SendAllowed SendCheck = iota + 1
	// SendAlreadyDone: a replica sent it and the platform confirmed.
	SendAlreadyDone
	// SendInProgress: another replica is sending it under a live mark.
	// Its mark ends with its lease, so once the caller's own lease runs
	// out the reminder is claimed again and either found done or sent.
	SendInProgress
	// SendPaused: the person is paused (a /stop saved before this check
	// always wins).
	SendPaused
	// SendNoProfile: the profile was deleted.
	SendNoProfile
)

func (c SendCheck) String() string {
	switch c {
	case SendAllowed:
		return "allowed"
	case SendAlreadyDone:
		return "already done"
	case SendInProgress:
		return "in progress"
	case SendPaused:
		return "paused"
	case SendNoProfile:
		return "no profile"
	}
	return "SendCheck(" + strconv.Itoa(int(c)) + ")"
}

// beginSendScript marks a reminder as being sent, unless the profile is
// gone, the person is paused (read from the profile in the same atomic
// step, so a /stop saved before it always wins), or it was sent or is
// being sent by a live holder. The sent hash expires with the marks it
// keeps, so no mark outlives its use. KEYS sent, profile; ARGV field,
// holder|end, now, prune-before, keep (ms). Returns a SendCheck.
var beginSendScript = redis.NewScript(`
local raw = redis.call('GET', KEYS[2])
if not raw then return 5 end
local ok, p = pcall(cjson.decode, raw)
if ok and type(p) == 'table' and type(p.pause) == 'table' and p.pause.active == true then
  local untilMS = tonumber(p.pause.until_ms)
  if not untilMS or untilMS > tonumber(ARGV[3]) then return 4 end
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
func sentField(c Claim) string {
	f := strconv.FormatInt(ms(c.Due), 10)
	if c.Kind != Daily {
		f = string(c.Kind) + ":" + f
	}
	return f
}

// BeginSend records that owner is about to send a claimed reminder, and
// reports whether it may. The mark lapses at c.LeaseEnd, when the claim
// does: a replica that dies mid-send leaves a mark that is free again
// the moment another replica can claim the reminder, so the reminder is
// sent that same day instead of being found "in progress" and moved on.
func (s *Store) BeginSend(ctx context.Context, c Claim, now time.Time, owner string) (SendCheck, error) {
	pk, _, _ := s.profileKeys(c.ProfileID)
	n, err := beginSendScript.Run(ctx, s.rdb, []string{s.sentKey(c.ProfileID), pk},
		sentField(c), owner+"|"+strconv.FormatInt(ms(c.LeaseEnd), 10), ms(now), ms(now.Add(-sentKept)), sentKept.Milliseconds()).Int()
	if err != nil {
		return 0, fmt.Errorf("store: begin send: %w", err)
	}
	return SendCheck(n), nil
}

// EndSend records a send by owner as done (sent) or gives its mark back
// so the reminder can be tried again (failed).
func (s *Store) EndSend(ctx context.Context, c Claim, owner string, sent bool) error {
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
func (s *Store) LoadProfile(ctx context.Context, profileID string) (Snapshot, error) {
	var rd profileReads
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		rd = s.queueReads(ctx, p, profileID)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return Snapshot{}, fmt.Errorf("store: load %s: %w", profile.LogID(profileID), err)
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
	due, _ := s.dueKeys()
	zs, err := s.rdb.ZRangeWithScores(ctx, due, 0, 0).Result()
	if err != nil {
		return time.Time{}, fmt.Errorf("store: oldest due: %w", err)
	}
	if len(zs) == 0 {
		return time.Time{}, nil
	}
	return time.UnixMilli(int64(zs[0].Score)), nil
}
