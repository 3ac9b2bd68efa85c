package reminders_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/profile"
	"treadwell/internal/reminders"
	"treadwell/internal/store"
)

// pacedSender is a platform that takes one message per step of the
// test's clock: each send moves the clock on, as a rate limit would.
// tick runs at each step, as Run's every-second jobs would.
type pacedSender struct {
	clock *clock
	step  time.Duration
	tick  func(now time.Time)

	mu   sync.Mutex
	sent []pacedSend
}

type pacedSend struct {
	out chat.Outgoing
	at  time.Time
}

func (s *pacedSender) Send(_ context.Context, out chat.Outgoing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clock.Set(s.clock.Now().Add(s.step))
	if s.tick != nil {
		s.tick(s.clock.Now())
	}
	s.sent = append(s.sent, pacedSend{out: out, at: s.clock.Now()})
	return nil
}

func (s *pacedSender) all() []pacedSend {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]pacedSend(nil), s.sent...)
}

// A burst larger than the platform's pace goes out in order (of due
// instant, then of id), and the reminders it makes late say nothing
// about being offline; reminders that fell due while no dispatcher ran
// still say it.
func TestPacingIsNotDowntime(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		const n = 30
		// Reminded a minute apart, in the reverse order of their ids, so
		// that the order of sending is the due order, not the ids'.
		for i := range n {
			e.addProfileAt(ctx, profileID(i), localtime.Clock{Hour: 7, Minute: 30 + n - 1 - i}, base.Add(time.Duration(n-1-i)*time.Minute))
		}
		// Another replica runs all along, too busy to claim them: the
		// dispatchers' own backlog, not downtime.
		for at := base.Add(-time.Minute); at.Before(base.Add(n * time.Minute)); at = at.Add(30 * time.Second) {
			if _, err := e.store.Serving(ctx, at, time.Minute); err != nil {
				t.Fatal(err)
			}
		}
		// Run records every second that the dispatcher runs; Tick alone
		// only at its claims.
		serving := func(now time.Time) {
			if _, err := e.store.Serving(ctx, now, time.Minute); err != nil {
				t.Error(err)
			}
		}
		send := &pacedSender{clock: e.clock, step: 10 * time.Second, tick: serving}
		d := reminders.New(e.store, e.engine, map[chat.Platform]chat.Sender{chat.Console: send}, reminders.Options{
			Owner: "r", Lease: time.Hour, Batch: 16, Workers: 1, Now: e.clock.Now,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		e.clock.Set(base.Add(n * time.Minute))
		d.Tick(ctx)
		sent := send.all()
		if len(sent) != n {
			t.Fatalf("sent %d, want %d", len(sent), n)
		}
		for i, s := range sent {
			if want := profileID(n - 1 - i); s.out.To.UserID != want {
				t.Fatalf("send %d went to %s, want %s (in order of due instant)", i, s.out.To.UserID, want)
			}
			if strings.Contains(s.out.Text, "offline") {
				t.Fatalf("a reminder late by pacing only says %q", s.out.Text)
			}
		}

		// Downtime: no dispatcher runs from before tomorrow's reminders
		// until an hour after; each says why it is late.
		e.clock.Set(base.Add(25 * time.Hour))
		d.Tick(ctx)
		sent = send.all()[n:]
		if len(sent) != n {
			t.Fatalf("after downtime sent %d, want %d", len(sent), n)
		}
		for _, s := range sent {
			if !strings.HasPrefix(s.out.Text, "Sorry this is late") {
				t.Fatalf("a reminder due during downtime says %q", s.out.Text)
			}
		}
	})
}

// addProfileAt is addProfile with another reminder time.
func (e *env) addProfileAt(ctx context.Context, id string, at localtime.Clock, dueAt time.Time) {
	e.t.Helper()
	e.addProfile(ctx, id, dueAt)
	snap, err := e.store.Load(ctx, chat.Console, id)
	if err != nil {
		e.t.Fatal(err)
	}
	p := snap.Profile
	p.Settings.Remind = at
	if err := e.store.Save(ctx, snap, profile.Change{Profile: p, Due: map[due.Kind]time.Time{due.Daily: dueAt}}); err != nil {
		e.t.Fatal(err)
	}
}

// An upgrade from the single-key queue: reminders queued in
// <prefix>:{rem}:due by the version before the sharding are sent, once,
// and queued for tomorrow in their shards.
func TestLegacyQueueSent(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		const n = 50
		legacy, _ := store.LegacyDueKeys(e.prefix)
		for i := range n {
			id := fmt.Sprint("old", i)
			e.addProfile(ctx, id, base)
			// As the old version queued it: only in the single key.
			pid := profile.DerivedID(chat.Console, id)
			q, _ := store.DueKeys(e.prefix, store.DueShard(pid))
			if err := e.rdb.ZRem(ctx, q, pid).Err(); err != nil {
				t.Fatal(err)
			}
			if err := e.rdb.ZAdd(ctx, legacy, redis.Z{Score: float64(base.UnixMilli()), Member: pid}).Err(); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.Set(base)
		e.dispatcher("r", nil).Tick(ctx)
		count := map[string]int{}
		for _, out := range e.send[chat.Console].all() {
			count[out.To.UserID]++
		}
		if len(count) != n {
			t.Fatalf("%d of %d old entries sent", len(count), n)
		}
		for id, c := range count {
			if c != 1 {
				t.Fatalf("%s got %d", id, c)
			}
			if at := e.queued(ctx, id, due.Daily); !at.Equal(base.Add(24 * time.Hour)) {
				t.Fatalf("%s next %v", id, at)
			}
		}
		if n, _ := e.rdb.Exists(ctx, legacy).Result(); n != 0 {
			t.Fatal("the old key is not drained")
		}
	})
}
