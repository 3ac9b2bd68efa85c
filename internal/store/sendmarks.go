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
)

// Send marks: which reminders were sent, so that each goes out once per
// person and due instant across replicas. Per person and kind, the due
// instant of the last one sent (unix ms), in field sent:<kind> of the
// dialog hash, beside the version: so one read says both whether the
// person's state changed since the reminder was composed and whether it
// went out already. A person's due instants of a kind only grow, so a
// claim due at or before that instant was sent (or is stale). While a
// reminder is being sent, the claim's lease is what keeps other
// replicas from it (a send must end well before the lease, see the
// dispatcher's sendReserve).
//
// Versions before this one kept marks in <prefix>:{p:<id>}:sent, a hash
// of due instant → "done" or "pending|<owner>|<end>"; it is no longer
// written (it expires by itself within a week, and /delete takes it),
// but it is still read, in the same pipeline: during an upgrade an old
// replica may have sent, or be sending, a reminder this one claims.

func sentMarkField(kind due.Kind) string { return "sent:" + string(kind) }

// legacySentField names a reminder in the old sent hash: its due
// instant in unix ms, after its kind unless daily.
func legacySentField(c due.Claim) string {
	f := strconv.FormatInt(ms(c.Due), 10)
	if c.Kind != due.Daily {
		f = string(c.Kind) + ":" + f
	}
	return f
}

// legacyCheck reads an old replica's mark: "done" was sent; a pending
// mark whose end is still to come is being sent; anything else (none, a
// pending mark that lapsed) leaves the decision to the new marks.
func legacyCheck(cmd *redis.StringCmd, now time.Time) (due.SendCheck, bool) {
	v, err := cmd.Result()
	if err != nil {
		return 0, false
	}
	if v == "done" {
		return due.SendAlreadyDone, true
	}
	if rest, ok := strings.CutPrefix(v, "pending|"); ok {
		i := strings.LastIndexByte(rest, '|')
		end, err := strconv.ParseInt(rest[i+1:], 10, 64)
		if err == nil && end > ms(now) {
			return due.SendInProgress, true
		}
	}
	return 0, false
}

// CheckSends reports, for each claim, whether it may be sent now by a
// dispatcher that composed it from the state read at versions[i] (the
// snapshot's Version): SendAllowed; SendChanged when a save landed
// since (a /stop among them), so it must be composed again;
// SendNoProfile; SendAlreadyDone; SendInProgress while an old replica
// holds a live mark. Two plain reads per claim (three for a profile with
// no version yet), in one pipeline, and no script.
func (s *Store) CheckSends(ctx context.Context, claims []due.Claim, versions []int64) ([]due.SendCheck, []error) {
	checks := make([]due.SendCheck, len(claims))
	errs := make([]error, len(claims))
	marks := make([]*redis.SliceCmd, len(claims))
	exists := make([]*redis.IntCmd, len(claims))
	legacy := make([]*redis.StringCmd, len(claims))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, c := range claims {
			pk, dk, _ := s.profileKeys(c.ProfileID)
			marks[i] = p.HMGet(ctx, dk, "v", sentMarkField(c.Kind))
			legacy[i] = p.HGet(ctx, s.sentKey(c.ProfileID), legacySentField(c))
			if versions[i] == 0 {
				// No version: a profile from before versions, or none.
				exists[i] = p.Exists(ctx, pk)
			}
		}
		return nil
	})
	if err != nil && ctx.Err() != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("store: check send: %w", err)
		}
		return checks, errs
	}
	now := time.Now() // an old replica's pending mark ends in wall-clock time
	for i, c := range claims {
		checks[i], errs[i] = sendCheck(c, versions[i], marks[i], exists[i])
		if errs[i] != nil {
			errs[i] = fmt.Errorf("store: check send: %w", errs[i])
			continue
		}
		if checks[i] == due.SendAllowed {
			if old, ok := legacyCheck(legacy[i], now); ok {
				checks[i] = old
			}
		}
	}
	return checks, errs
}

func sendCheck(c due.Claim, version int64, mark *redis.SliceCmd, exists *redis.IntCmd) (due.SendCheck, error) {
	vals, err := mark.Result()
	if err != nil {
		return 0, err
	}
	if len(vals) != 2 {
		return 0, fmt.Errorf("%d values for 2 fields", len(vals))
	}
	num := func(v any) (int64, bool, error) {
		str, ok := v.(string)
		if !ok {
			return 0, false, nil
		}
		n, err := strconv.ParseInt(str, 10, 64)
		if err != nil {
			return 0, false, fmt.Errorf("field %q: %w", str, err)
		}
		return n, true, nil
	}
	v, hasV, err := num(vals[0])
	if err != nil {
		return 0, err
	}
	switch {
	case exists != nil:
		n, err := exists.Result()
		if err != nil {
			return 0, err
		}
		if n == 0 {
			return due.SendNoProfile, nil
		}
	case !hasV: // versioned when read, gone now
		return due.SendNoProfile, nil
	}
	if v != version {
		return due.SendChanged, nil
	}
	last, ok, err := num(vals[1])
	if err != nil {
		return 0, err
	}
	if ok && last >= ms(c.Due) {
		return due.SendAlreadyDone, nil
	}
	return due.SendAllowed, nil
}

// endSendScript records what became of a claimed reminder: when ARGV[3]
// is "1" it was sent, and ARGV[2] (its due instant) becomes the last
// sent of its kind (field ARGV[1]); "0" is a send that failed, "" a
// reminder not sent. The entry ARGV[4] ("" for none) goes first in the
// person's delivery log, which keeps ARGV[5] entries for ARGV[6] ms
// after the last; a failure is not logged over a send of the same
// reminder that another replica made meanwhile. Nothing is written for
// a profile deleted meanwhile, and its log goes. KEYS profile, dialog,
// deliveries.
var endSendScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[3])
  return 0
end
if ARGV[3] == '1' then
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
elseif ARGV[3] == '0' then
  local last = tonumber(redis.call('HGET', KEYS[2], ARGV[1]))
  if last and last >= tonumber(ARGV[2]) then return 1 end
end
if ARGV[4] ~= '' then
  if redis.call('LPUSH', KEYS[3], ARGV[4]) > tonumber(ARGV[5]) then
    redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[5]) - 1)
  end
  redis.call('PEXPIRE', KEYS[3], ARGV[6])
end
return 1
`)

// endSendCall records the end of claim c: mark is "1" (sent), "0"
// (failed) or "" (not sent); log, when its Reason is set, goes to the
// delivery log.
func (s *Store) endSendCall(c due.Claim, mark string, log due.Delivery) scriptCall {
	pk, dk, _ := s.profileKeys(c.ProfileID)
	entry := ""
	if log.Reason != "" {
		entry = encodeDelivery(log)
	}
	return scriptCall{endSendScript, []string{pk, dk, s.deliveriesKey(c.ProfileID)},
		[]any{sentMarkField(c.Kind), ms(c.Due), mark, entry, DeliveryCap, DeliveryKept.Milliseconds()}}
}

// sendMark is endSendCall's mark for a send that went out or failed.
func sendMark(sent bool) string {
	if sent {
		return "1"
	}
	return "0"
}

// EndSend records the send of a claimed reminder: sent, or failed.
func (s *Store) EndSend(ctx context.Context, c due.Claim, sent bool) error {
	return s.EndSends(ctx, []due.Claim{c}, []bool{sent}, nil)[0]
}

// EndSends is EndSend for many claims, each with its entry in the
// person's delivery log, logs[i] (none when logs is nil or its Reason is
// empty). It returns an error per claim. Sends that went out, all but
// a few of a burst's, are recorded with plain commands in one pipeline
// (recordSent); the rest with a script per profile (each is in its own
// slot), in a pipeline of their own.
func (s *Store) EndSends(ctx context.Context, claims []due.Claim, sent []bool, logs []due.Delivery) []error {
	errs := make([]error, len(claims))
	logOf := func(i int) due.Delivery {
		if logs == nil {
			return due.Delivery{}
		}
		return logs[i]
	}
	var calls []scriptCall
	var callFor, sentAt []int
	for i, c := range claims {
		if sent[i] {
			sentAt = append(sentAt, i)
			continue
		}
		calls = append(calls, s.endSendCall(c, sendMark(false), logOf(i)))
		callFor = append(callFor, i)
	}
	if len(sentAt) > 0 {
		sc := make([]due.Claim, len(sentAt))
		sl := make([]due.Delivery, len(sentAt))
		for j, i := range sentAt {
			sc[j], sl[j] = claims[i], logOf(i)
		}
		for j, err := range s.recordSent(ctx, sc, sl) {
			errs[sentAt[j]] = err
		}
	}
	if len(calls) > 0 {
		cmds, pipeErr := s.runScripts(ctx, calls)
		for j, i := range callFor {
			err := pipeErr
			if err == nil {
				err = cmds[j].Err()
			}
			if err != nil && !errors.Is(err, redis.Nil) {
				errs[i] = fmt.Errorf("store: end send: %w", err)
			}
		}
	}
	return errs
}

// recordSent records sends that went out, as endSendScript would with
// mark "1", but with plain commands: a script costs Redis several times
// the commands it calls, and this is the one write every reminder sent
// makes. The script's guard, nothing written for a profile deleted
// meanwhile, becomes an EXISTS of the profile after the writes: a
// /delete that ran before them leaves it missing, so the writes are
// taken back (a second round trip, only then); one that runs after it
// deletes them itself, since they are in place by then. The commands of
// one profile share its slot, so they run in order on one server.
func (s *Store) recordSent(ctx context.Context, claims []due.Claim, logs []due.Delivery) []error {
	errs := make([]error, len(claims))
	writes := make([][]redis.Cmder, len(claims))
	exists := make([]*redis.IntCmd, len(claims))
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i, c := range claims {
			pk, dk, _ := s.profileKeys(c.ProfileID)
			writes[i] = append(writes[i], p.HSet(ctx, dk, sentMarkField(c.Kind), ms(c.Due)))
			if logs[i].Reason != "" {
				lk := s.deliveriesKey(c.ProfileID)
				writes[i] = append(writes[i], p.LPush(ctx, lk, encodeDelivery(logs[i])),
					p.LTrim(ctx, lk, 0, DeliveryCap-1), p.PExpire(ctx, lk, DeliveryKept))
			}
			exists[i] = p.Exists(ctx, pk)
		}
		return nil
	})
	if err != nil && ctx.Err() != nil {
		for i := range errs {
			errs[i] = fmt.Errorf("store: end send: %w", err)
		}
		return errs
	}
	var gone []int
	for i := range claims {
		n, err := exists[i].Result()
		for _, w := range writes[i] {
			if err == nil {
				err = w.Err() // a write that failed leaves the send unrecorded
			}
		}
		switch {
		case err != nil:
			errs[i] = fmt.Errorf("store: end send: %w", err)
		case n == 0:
			gone = append(gone, i)
		}
	}
	if len(gone) > 0 {
		_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for _, i := range gone {
				c := claims[i]
				_, dk, _ := s.profileKeys(c.ProfileID)
				p.HDel(ctx, dk, sentMarkField(c.Kind)) // the hash goes with its last field
				p.Del(ctx, s.deliveriesKey(c.ProfileID))
			}
			return nil
		})
		if err != nil {
			for _, i := range gone {
				errs[i] = fmt.Errorf("store: end send: take back the writes for a deleted profile: %w", err)
			}
		}
	}
	return errs
}
