package store

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"

	gojson "github.com/goccy/go-json"
	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/profile"
)

// Options tune a Store. Zero values mean the defaults.
type Options struct {
	Prefix string // key prefix, default "tw"
	LogCap int    // log entries kept per profile, default 1000
	// LogRead is how many of the newest log entries Load returns: the
	// window the rules look at, kept beside the dialog state. Default 120.
	LogRead int
}

// Defaults for Options.
const (
	DefaultPrefix  = "tw"
	DefaultLogCap  = 1000
	DefaultLogRead = 120
)

// Store persists profiles in Redis. It is safe for concurrent use.
type Store struct {
	rdb     redis.UniversalClient
	opts    Options
	budgets *budgetHealth // shared by the rate budgets (ratebudget.go)
}

// New returns a Store on rdb. It does not talk to Redis.
func New(rdb redis.UniversalClient, opts Options) *Store {
	if opts.Prefix == "" {
		opts.Prefix = DefaultPrefix
	}
	if opts.LogCap <= 0 {
		opts.LogCap = DefaultLogCap
	}
	if opts.LogRead <= 0 {
		opts.LogRead = DefaultLogRead
	}
	opts.LogRead = min(opts.LogRead, opts.LogCap)
	return &Store{rdb: rdb, opts: opts, budgets: &budgetHealth{}}
}

func (s *Store) identityKey(platform chat.Platform, userID string) string {
	return s.opts.Prefix + ":id:" + string(platform) + ":" + userID
}

// profileKeys returns the profile, dialog and log keys of id; they share
// the hash tag {p:<id>}.
func (s *Store) profileKeys(id string) (prof, dialog, log string) {
	base := s.opts.Prefix + ":{p:" + id + "}:"
	return base + "profile", base + "dialog", base + "log"
}

// saveScript is the compare-and-set: KEYS profile, dialog, log; ARGV
// expected version, profile JSON ("": unchanged), dialog state, pause (see pauseField),
// window flag ("1": ARGV[5] is the new window), window, list flag ("r":
// replace the list, else how many legacy entries to drop from its
// tail), list cap, then the entries to append to the list.
// Returns {1, new version} or {0, stored version}.
const saveSrc = `
local v = tonumber(redis.call('HGET', KEYS[2], 'v')) or 0
if v ~= tonumber(ARGV[1]) then
  return {0, v}
end
if ARGV[2] ~= '' then
  redis.call('SET', KEYS[1], ARGV[2])
end
v = v + 1
if ARGV[5] == '1' then
  redis.call('HSET', KEYS[2], 'v', v, 'state', ARGV[3], 'pause', ARGV[4], 'recent', ARGV[6])
else
  redis.call('HSET', KEYS[2], 'v', v, 'state', ARGV[3], 'pause', ARGV[4])
end
if ARGV[7] == 'r' then
  redis.call('DEL', KEYS[3])
elseif tonumber(ARGV[7]) > 0 then
  redis.call('LTRIM', KEYS[3], 0, -tonumber(ARGV[7]) - 1)
end
if #ARGV > 8 then
  local cap = tonumber(ARGV[8])
  if cap <= 0 then
    redis.call('DEL', KEYS[3])
  else
    for i = 9, #ARGV, 100 do
      redis.call('RPUSH', KEYS[3], unpack(ARGV, i, math.min(i + 99, #ARGV)))
    end
    redis.call('LTRIM', KEYS[3], -cap, -1)
  end
end
return {1, v}
`

// pauseField is the pause as the reminder script of earlier versions
// reads it (replicas not yet upgraded), written with every save beside
// the dialog state (field "pause" of the dialog hash), so no script
// parses profile JSON: "" when not paused, "resume" when paused until
// /resume, else the end of the pause in Unix milliseconds. This version
// reads the pause from the profile it composes from, and a pause saved
// after that read bumps the version CheckSends compares.
func pauseField(p profile.Pause) string {
	switch {
	case !p.Active:
		return ""
	case p.Until.IsZero():
		return "resume"
	}
	return strconv.FormatInt(p.Until.UnixMilli(), 10)
}

var saveScript = redis.NewScript(saveSrc)

// delIfScript deletes KEYS[1] only while it holds ARGV[1].
const delIfSrc = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`

var delIfScript = redis.NewScript(delIfSrc)

// LoadScripts loads the Lua scripts into the server's script cache, so
// the first Save and Delete cost one round trip. Optional: without it a
// NOSCRIPT reply costs one extra round trip, once per server.
func (s *Store) LoadScripts(ctx context.Context) error {
	// One command per script, outside a pipeline: on a cluster go-redis
	// sends a keyless SCRIPT LOAD to every master, but a pipelined one
	// to a single master only.
	for _, src := range []string{saveSrc, delIfSrc} {
		if err := s.rdb.ScriptLoad(ctx, src).Err(); err != nil {
			return fmt.Errorf("store: load scripts: %w", err)
		}
	}
	return nil
}

// Load reads the state of the person platform/userID: one round trip when
// the identity is new or maps to its derived id, two for a linked account.
func (s *Store) Load(ctx context.Context, platform chat.Platform, userID string) (profile.Snapshot, error) {
	derived := profile.DerivedID(platform, userID)
	var idCmd *redis.StringCmd
	var rd profileReads
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		idCmd = p.Get(ctx, s.identityKey(platform, userID))
		rd = s.queueReads(ctx, p, derived)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return profile.Snapshot{}, fmt.Errorf("store: load %s: %w", profile.LogID(derived), err)
	}
	id, err := idCmd.Result()
	switch {
	case errors.Is(err, redis.Nil) || id == derived:
		return rd.snapshot(derived)
	case err != nil:
		return profile.Snapshot{}, fmt.Errorf("store: load %s: %w", profile.LogID(derived), err)
	case id == "":
		return profile.Snapshot{}, fmt.Errorf("store: load %s: empty profile id in identity key", profile.LogID(derived))
	}
	// A linked account: read the profile it points at.
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		rd = s.queueReads(ctx, p, id)
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return profile.Snapshot{}, fmt.Errorf("store: load %s (for %s): %w", profile.LogID(id), profile.LogID(derived), err)
	}
	return rd.snapshot(id)
}

type profileReads struct {
	s      *Store
	ctx    context.Context // for the legacy log's read
	prof   *redis.StringCmd
	dialog *redis.SliceCmd
}

// queueReads reads the profile's keys, the dialog hash first. The reads
// are not atomic (a MULTI would be, but go-redis refuses a MULTI whose
// keys span slots, as this pipeline's identity key does on a cluster), so
// a save may land between them. Reading the version first makes that
// harmless: every save bumps the version, so a snapshot whose later reads
// saw a newer save has a stale Version and its own Save gets ErrConflict
// instead of losing that update. The window comes with the version, so
// it always matches it.
func (s *Store) queueReads(ctx context.Context, p redis.Pipeliner, id string) profileReads {
	pk, dk, _ := s.profileKeys(id)
	r := profileReads{s: s, ctx: ctx}
	r.dialog = p.HMGet(ctx, dk, "v", "state", "recent")
	r.prof = p.Get(ctx, pk)
	return r
}

// snapshot decodes the reads. A profile saved before the window existed
// has its log in the list only: then its tail is read, one more round
// trip, once.
func (r profileReads) snapshot(id string) (profile.Snapshot, error) {
	snap := profile.Snapshot{ProfileID: id}
	fail := func(err error) (profile.Snapshot, error) {
		return profile.Snapshot{}, fmt.Errorf("store: load %s: %w", profile.LogID(id), err)
	}

	raw, err := r.prof.Bytes()
	switch {
	case errors.Is(err, redis.Nil):
	case err != nil:
		return fail(err)
	default:
		// go-json, not encoding/json: the profile is decoded on every
		// message, and go-json does it in a third of the time
		// (BenchmarkScale's profile); the encoding is the same.
		if err := gojson.Unmarshal(raw, &snap.Profile); err != nil {
			return fail(fmt.Errorf("decode profile: %w", err))
		}
		snap.Exists = true
		if snap.Profile.ID == "" {
			snap.Profile.ID = id
		}
		snap.Stored = snap.Profile.Clone()
	}

	vals, err := r.dialog.Result()
	if err != nil {
		return fail(err)
	}
	var window any
	if len(vals) == 3 {
		if v, ok := vals[0].(string); ok {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return fail(fmt.Errorf("decode dialog version %q: %w", v, err))
			}
			snap.Version = n
		}
		if st, ok := vals[1].(string); ok && st != "" {
			snap.Dialog = []byte(st)
		}
		window = vals[2]
	}
	switch w := window.(type) {
	case string:
		// Only checked here (cheap); decoded by the turns that need it.
		b := []byte(w)
		n, err := profile.CheckEntries(b)
		if err != nil {
			return fail(err)
		}
		if n > 0 {
			snap.Window = b
		}
	default:
		if !snap.Exists {
			break
		}
		_, _, lk := r.s.profileKeys(id)
		lines, err := r.s.rdb.LRange(r.ctx, lk, -int64(r.s.opts.LogRead), -1).Result()
		if err != nil {
			return fail(err)
		}
		log, err := decodeLog(lines)
		if err != nil {
			return fail(err)
		}
		if len(log) > 0 {
			if snap.Window, err = profile.AppendEntries(nil, log); err != nil {
				return fail(err)
			}
		}
		snap.Legacy, snap.LegacyLog = true, len(lines)
	}
	return snap, nil
}

// decodeLog decodes entries of the list, binary or JSON.
func decodeLog(lines []string) ([]profile.Entry, error) {
	if len(lines) == 0 {
		return nil, nil
	}
	out := make([]profile.Entry, len(lines))
	for i, l := range lines {
		e, err := profile.DecodeEntry([]byte(l))
		if err != nil {
			return nil, fmt.Errorf("log entry %d: %w", i, err)
		}
		out[i] = e
	}
	return out, nil
}

// Save writes ch if the profile is still at snap.Version, in one round
// trip. It returns an error wrapping ErrConflict when it is not; load
// again and retry. For a new profile (!snap.Exists) it also points every
// identity in ch.Profile.Identities at the profile, unless taken.
func (s *Store) Save(ctx context.Context, snap profile.Snapshot, ch profile.Change) error {
	id := snap.ProfileID
	if id == "" {
		return errors.New("store: save: snapshot without profile id")
	}
	if ch.Profile.ID == "" {
		ch.Profile.ID = id
	} else if ch.Profile.ID != id {
		return fmt.Errorf("store: save %s: profile id %s does not match", profile.LogID(id), profile.LogID(ch.Profile.ID))
	}
	// Most messages move the dialog on and leave the profile as it was:
	// then it is neither encoded nor written (the script keeps it).
	var prof []byte
	var err error
	if !snap.Exists || !reflect.DeepEqual(snap.Stored, ch.Profile) {
		if prof, err = gojson.Marshal(ch.Profile); err != nil {
			return fmt.Errorf("store: save %s: encode profile: %w", profile.LogID(id), err)
		}
	}
	args := []any{snap.Version, prof, ch.Dialog, pauseField(ch.Profile.Pause), "0", "", "0", s.opts.LogCap - s.opts.LogRead}
	// The window is written when it changes, and by the first save of a
	// profile (new, or stored before the window): a profile without one
	// costs every Load a second round trip.
	if len(ch.Append) > 0 || ch.ReplaceLog || ch.DropNewest > 0 || !snap.Exists || snap.Legacy {
		// The new window is the newest LogRead entries; older ones go to
		// the list. Saves run one at a time per profile (the version), so
		// snap.Window is still the stored window.
		base := snap.Window
		switch {
		case ch.ReplaceLog:
			base = nil
		case ch.DropNewest > 0:
			if base, err = profile.DropNewest(base, ch.DropNewest); err != nil {
				return fmt.Errorf("store: save %s: %w", profile.LogID(id), err)
			}
		}
		window, evicted, err := profile.AppendToWindow(base, ch.Append, s.opts.LogRead)
		if err != nil {
			return fmt.Errorf("store: save %s: %w", profile.LogID(id), err)
		}
		args[4], args[5] = "1", window
		switch {
		case ch.ReplaceLog:
			args[6] = "r"
		case snap.LegacyLog > 0:
			args[6] = snap.LegacyLog // those entries are in the window now
		}
		for _, e := range evicted {
			args = append(args, e)
		}
	}
	pk, dk, lk := s.profileKeys(id)
	keys := []string{pk, dk, lk}

	var res *redis.Cmd
	_, err = s.pipelineScripts(ctx, func(p redis.Pipeliner, run scriptRunner) {
		res = run(saveScript, keys, args...)
		if !snap.Exists {
			// Other hash slots, so outside the script. SET NX is idempotent
			// and only claims identities nobody holds.
			for _, ident := range ch.Profile.Identities {
				p.SetArgs(ctx, s.identityKey(ident.Platform, ident.UserID), id, redis.SetArgs{Mode: "NX"})
			}
		}
		// The reminder queue is in another slot too, so these writes go
		// out even when the script refuses a save that lost its race.
		// The loser's turn then runs again and writes its own entries,
		// and the dispatcher checks every claimed reminder against the
		// saved profile, so a stale entry never sends a wrong reminder.
		s.queueDue(ctx, p, id, ch.Due)
	})
	if err != nil {
		// The script decides whether the save was made; the queue's
		// writes beside it only follow it.
		return fmt.Errorf("store: save %s: %w", profile.LogID(id), writeOutcome([]redis.Cmder{res}, err))
	}
	out, err := res.Int64Slice()
	if err != nil || len(out) != 2 {
		return fmt.Errorf("store: save %s: unexpected script reply %v: %v", profile.LogID(id), res.Val(), err)
	}
	if out[0] != 1 {
		return fmt.Errorf("store: save %s: loaded version %d, stored %d: %w", profile.LogID(id), snap.Version, out[1], profile.ErrConflict)
	}
	return nil
}

// scriptRunner queues a script (EVALSHA, or EVAL on the retry after
// NOSCRIPT) in the pipeline being built.
type scriptRunner func(sc *redis.Script, keys []string, args ...any) *redis.Cmd

// pipelineScripts runs build's commands in one pipeline with EVALSHA. If
// a script was missing from the server's cache (NOSCRIPT: restart,
// failover, SCRIPT FLUSH), it runs the pipeline again with EVAL, which
// caches the scripts; so build's other commands must be idempotent.
// It returns the commands of the last run and the first of their errors
// (the pipeline's when none has its own); redis.Nil replies are not
// errors.
func (s *Store) pipelineScripts(ctx context.Context, build func(redis.Pipeliner, scriptRunner)) ([]redis.Cmder, error) {
	run := func(eval bool) ([]redis.Cmder, error) {
		return s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			build(p, func(sc *redis.Script, keys []string, args ...any) *redis.Cmd {
				if eval {
					return sc.Eval(ctx, p, keys, args...)
				}
				return sc.EvalSha(ctx, p, keys, args...)
			})
			return nil
		})
	}
	cmds, err := run(false)
	if err != nil && hasNoScript(cmds) {
		cmds, err = run(true)
	}
	if err == nil {
		return cmds, nil
	}
	for _, c := range cmds {
		if e := c.Err(); e != nil && !errors.Is(e, redis.Nil) {
			return cmds, e
		}
	}
	if errors.Is(err, redis.Nil) {
		return cmds, nil
	}
	return cmds, err
}

func hasNoScript(cmds []redis.Cmder) bool {
	for _, c := range cmds {
		if redis.HasErrorPrefix(c.Err(), "NOSCRIPT") {
			return true
		}
	}
	return false
}

// History returns the whole log of profileID, oldest first: the list
// and then the window.
func (s *Store) History(ctx context.Context, profileID string) ([]profile.Entry, error) {
	_, dk, lk := s.profileKeys(profileID)
	var list *redis.StringSliceCmd
	var window *redis.StringCmd
	_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		list = p.LRange(ctx, lk, 0, -1)
		window = p.HGet(ctx, dk, "recent")
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return nil, fmt.Errorf("store: history %s: %w", profile.LogID(profileID), err)
	}
	out, err := decodeLog(list.Val())
	if err != nil {
		return nil, fmt.Errorf("store: history %s: %w", profile.LogID(profileID), err)
	}
	if w, err := window.Bytes(); err == nil { // none: all of it is in the list
		recent, err := profile.DecodeEntries(w)
		if err != nil {
			return nil, fmt.Errorf("store: history %s: %w", profile.LogID(profileID), err)
		}
		out = append(out, recent...)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// Delete removes every key of snap's profile and the identity keys of
// snap.Profile.Identities and of the derived id that still point at it,
// in one round trip.
func (s *Store) Delete(ctx context.Context, snap profile.Snapshot) error {
	id := snap.ProfileID
	if id == "" {
		return errors.New("store: delete: snapshot without profile id")
	}
	idKeys := []string{s.opts.Prefix + ":id:" + id} // the identity of a derived id
	for _, ident := range snap.Profile.Identities {
		k := s.identityKey(ident.Platform, ident.UserID)
		if !slices.Contains(idKeys, k) {
			idKeys = append(idKeys, k)
		}
	}
	pk, dk, lk := s.profileKeys(id)
	cmds, err := s.pipelineScripts(ctx, func(p redis.Pipeliner, run scriptRunner) {
		p.Del(ctx, pk, dk, lk, s.sentKey(id), s.deliveriesKey(id))
		s.unqueueAll(ctx, p, id)
		for _, ident := range snap.Profile.Identities {
			p.Del(ctx, s.linkFailKey(ident.Platform, ident.UserID))
		}
		if code := snap.Profile.LinkCode; code != "" {
			run(delIfScript, []string{s.linkKey(code)}, id)
		}
		for _, k := range idKeys {
			run(delIfScript, []string{k}, id)
		}
	})
	if err != nil {
		return fmt.Errorf("store: delete %s: %w", profile.LogID(id), writeOutcome(cmds, err))
	}
	return nil
}
