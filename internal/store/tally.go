package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
)

// Reminder counts for `bot stats`, kept by the dispatchers of every
// replica:
//
//	<prefix>:stats:reminders:<YYYY-MM-DD>   hash: "<kind>:<outcome>" → count, per UTC day, expiring
//
// The counts hold no person: only kinds and outcomes.

// tallyKept is how long a day's counts are kept.
const tallyKept = 40 * 24 * time.Hour

// tallyEvery is how often a tally is written to Redis.
const tallyEvery = 10 * time.Second

func (s *Store) tallyKey(day time.Time) string {
	return s.opts.Prefix + ":stats:reminders:" + day.UTC().Format(time.DateOnly)
}

// ReminderTally counts reminder outcomes in memory and adds them to
// Redis every few seconds: one pipeline per flush, whatever the number
// of reminders, so the dispatcher's sends cost no extra round trip. A
// replica that dies loses at most the last few seconds' counts. It is
// safe for concurrent use.
type ReminderTally struct {
	s      *Store
	now    func() time.Time
	mu     sync.Mutex
	counts map[string]int64
}

// ReminderTally returns a tally writing under this store's prefix, with
// now as its clock (nil: time.Now).
func (s *Store) ReminderTally(now func() time.Time) *ReminderTally {
	if now == nil {
		now = time.Now
	}
	return &ReminderTally{s: s, now: now, counts: map[string]int64{}}
}

// Count counts one outcome of a reminder of kind.
func (t *ReminderTally) Count(kind due.Kind, o due.Outcome) {
	t.mu.Lock()
	t.counts[string(kind)+":"+string(o)]++
	t.mu.Unlock()
}

// Flush adds the counts so far to today's (UTC) hash. Counts it could
// not write are kept for the next flush.
func (t *ReminderTally) Flush(ctx context.Context) error {
	t.mu.Lock()
	counts := t.counts
	t.counts = map[string]int64{}
	t.mu.Unlock()
	if len(counts) == 0 {
		return nil
	}
	key := t.s.tallyKey(t.now())
	_, err := t.s.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		for f, n := range counts {
			p.HIncrBy(ctx, key, f, n)
		}
		p.Expire(ctx, key, tallyKept)
		return nil
	})
	if err != nil {
		t.mu.Lock()
		for f, n := range counts {
			t.counts[f] += n
		}
		t.mu.Unlock()
		return fmt.Errorf("store: reminder tally: %w", err)
	}
	return nil
}

// Run flushes every few seconds until ctx ends, then once more.
func (t *ReminderTally) Run(ctx context.Context) error {
	tick := time.NewTicker(tallyEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			return t.Flush(final)
		case <-tick.C:
			_ = t.Flush(ctx) // kept for the next flush
		}
	}
}
