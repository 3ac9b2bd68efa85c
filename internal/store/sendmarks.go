package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
)

// Send marks: which reminders are being sent or were sent, per person
// and due instant, so that each goes out once across replicas.

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
// meanwhile, and its sent hash goes. The hash's lifetime is BeginSend's
// to set: it set it a lease ago. KEYS sent, profile; ARGV field, owner,
// sent ("1" or "0").
var endSendScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[1], ARGV[1], 'done')
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

func (s *Store) beginSendCall(c due.Claim, now time.Time, owner string) scriptCall {
	pk, dk, _ := s.profileKeys(c.ProfileID)
	whilePaused := "0"
	if c.Kind.WhilePaused() {
		whilePaused = "1"
	}
	return scriptCall{beginSendScript, []string{s.sentKey(c.ProfileID), pk, dk},
		[]any{sentField(c), owner + "|" + strconv.FormatInt(ms(c.LeaseEnd), 10), ms(now), ms(now.Add(-sentKept)), sentKept.Milliseconds(), whilePaused}}
}

func (s *Store) endSendCall(c due.Claim, owner string, sent bool) scriptCall {
	pk, _, _ := s.profileKeys(c.ProfileID)
	flag := "0"
	if sent {
		flag = "1"
	}
	return scriptCall{endSendScript, []string{s.sentKey(c.ProfileID), pk}, []any{sentField(c), owner, flag}}
}

// BeginSend records that owner is about to send a claimed reminder, and
// reports whether it may. The mark lapses at c.LeaseEnd, when the claim
// does: a replica that dies mid-send leaves a mark that is free again
// the moment another replica can claim the reminder, so the reminder is
// sent that same day instead of being found "in progress" and moved on.
func (s *Store) BeginSend(ctx context.Context, c due.Claim, now time.Time, owner string) (due.SendCheck, error) {
	checks, errs := s.BeginSends(ctx, []due.Claim{c}, now, owner)
	return checks[0], errs[0]
}

// BeginSends is BeginSend for many claims, in one pipeline (a script
// per profile: each is in its own slot). It returns a check and an
// error per claim.
func (s *Store) BeginSends(ctx context.Context, claims []due.Claim, now time.Time, owner string) ([]due.SendCheck, []error) {
	checks := make([]due.SendCheck, len(claims))
	errs := make([]error, len(claims))
	calls := make([]scriptCall, len(claims))
	for i, c := range claims {
		calls[i] = s.beginSendCall(c, now, owner)
	}
	cmds, err := s.runScripts(ctx, calls)
	for i := range claims {
		if err != nil {
			errs[i] = fmt.Errorf("store: begin send: %w", err)
			continue
		}
		n, err := cmds[i].Int()
		if err != nil {
			errs[i] = fmt.Errorf("store: begin send: %w", err)
			continue
		}
		checks[i] = due.SendCheck(n)
	}
	return checks, errs
}

// EndSend records a send by owner as done (sent) or gives its mark back
// so the reminder can be tried again (failed).
func (s *Store) EndSend(ctx context.Context, c due.Claim, owner string, sent bool) error {
	cmds, err := s.runScripts(ctx, []scriptCall{s.endSendCall(c, owner, sent)})
	if err == nil {
		err = cmds[0].Err()
	}
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("store: end send: %w", err)
	}
	return nil
}
