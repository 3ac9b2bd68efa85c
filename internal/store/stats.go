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

// Stats are operator figures, with no health data and no person in
// them: counts only.
type Stats struct {
	// People have a stored profile; Active logged anything (a check-in,
	// a walk, a pause) in the ActiveDays before the instant asked about.
	People, Active int
	ActiveDays     int
	// Reminders counts outcomes by kind over Days UTC days to today,
	// as the dispatchers tallied them (ReminderTally).
	Reminders map[due.Kind]map[due.Outcome]int64
	Days      int
	// Queued reminders, of which DueNow are due; Oldest is the earliest
	// queued instant (a leased entry at its lease end).
	Queued, DueNow int64
	Oldest         time.Time
	// Alive is when a dispatcher last ran, Since since when they ran
	// without a gap (zero: no record, or it expired).
	Alive, Since time.Time
}

// Stats gathers the figures at now: one SCAN of the profiles (with one
// read of each one's newest log entries), the tally of the last days,
// and the queue's shards.
func (s *Store) Stats(ctx context.Context, now time.Time, days, activeDays int) (Stats, error) {
	st := Stats{Days: days, ActiveDays: activeDays, Reminders: map[due.Kind]map[due.Outcome]int64{}}
	fail := func(err error) (Stats, error) { return Stats{}, fmt.Errorf("store: stats: %w", err) }
	activeSince := now.Add(-time.Duration(activeDays) * 24 * time.Hour)
	seen := map[string]bool{}
	err := s.scanPrefix(ctx, s.pattern(":{p:*}:profile"), func(keys []string) error {
		var ids []string
		for _, k := range keys {
			if id, suffix, ok := s.personOf(k); ok && suffix == "profile" && !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		st.People += len(ids)
		windows := make([]*redis.StringCmd, len(ids))
		lasts := make([]*redis.StringCmd, len(ids))
		_, err := s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
			for i, id := range ids {
				_, dk, lk := s.profileKeys(id)
				windows[i] = p.HGet(ctx, dk, "recent")
				lasts[i] = p.LIndex(ctx, lk, -1)
			}
			return nil
		})
		if err != nil && !errors.Is(err, redis.Nil) {
			return err
		}
		for i := range ids {
			if newest, ok := newestEntry(windows[i], lasts[i]); ok && !newest.Before(activeSince) {
				st.Active++
			}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}

	var tallies []*redis.MapStringStringCmd
	var zcards, zdue []*redis.IntCmd
	var serving *redis.SliceCmd
	_, err = s.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for d := range days {
			tallies = append(tallies, p.HGetAll(ctx, s.tallyKey(now.AddDate(0, 0, -d))))
		}
		queues := []string{}
		for n := range DueShards {
			q, _ := DueKeys(s.opts.Prefix, n)
			queues = append(queues, q)
		}
		lq, _ := LegacyDueKeys(s.opts.Prefix)
		for _, q := range append(queues, lq) {
			zcards = append(zcards, p.ZCard(ctx, q))
			zdue = append(zdue, p.ZCount(ctx, q, "-inf", strconv.FormatInt(ms(now), 10)))
		}
		serving = p.HMGet(ctx, s.opts.Prefix+":rem:serving", "alive", "since")
		return nil
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return fail(err)
	}
	for _, t := range tallies {
		for f, v := range t.Val() {
			kind, outcome, ok := strings.Cut(f, ":")
			n, err := strconv.ParseInt(v, 10, 64)
			if !ok || err != nil {
				continue
			}
			k := due.Kind(kind)
			if st.Reminders[k] == nil {
				st.Reminders[k] = map[due.Outcome]int64{}
			}
			st.Reminders[k][due.Outcome(outcome)] += n
		}
	}
	for i := range zcards {
		st.Queued += zcards[i].Val()
		st.DueNow += zdue[i].Val()
	}
	if st.Oldest, err = s.OldestDue(ctx); err != nil {
		return fail(err)
	}
	for i, v := range serving.Val() {
		str, _ := v.(string)
		n, err := strconv.ParseInt(str, 10, 64)
		if err != nil {
			continue
		}
		if i == 0 {
			st.Alive = time.UnixMilli(n)
		} else {
			st.Since = time.UnixMilli(n)
		}
	}
	return st, nil
}

// newestEntry is the instant of the newest log entry: the last of the
// window, or of the list for a profile stored before the window.
func newestEntry(window, last *redis.StringCmd) (time.Time, bool) {
	if w, err := window.Bytes(); err == nil {
		if es, err := profile.DecodeEntries(w); err == nil && len(es) > 0 {
			return es[len(es)-1].At, true
		}
	}
	if l, err := last.Bytes(); err == nil {
		if e, err := profile.DecodeEntry(l); err == nil {
			return e.At, true
		}
	}
	return time.Time{}, false
}
