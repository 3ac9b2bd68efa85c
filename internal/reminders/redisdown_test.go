package reminders_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/profile"
	"treadwell/internal/reminders"
	"treadwell/internal/store/redistest"
)

// The Redis server is SIGKILLed in the middle of a burst, the moment
// the platform took a reminder, and comes back 3 seconds later from its
// append-only file (as docker-compose runs it): the dispatcher neither
// crashes nor drops anything. Every person gets their reminder, and a
// person gets it twice only if it was being sent when Redis died (its
// record could not be written): that one, and at most one per worker.
func TestRedisKilledMidBurstLosesNoReminder(t *testing.T) {
	if testing.Short() {
		t.Skip("restarts a redis-server")
	}
	srv, rdb := redistest.NewRestartable(t, "--appendonly", "yes", "--appendfsync", "always")

	e := newEnv(t, backend{name: "restarted", new: func(testing.TB) redis.UniversalClient { return rdb }})
	ctx := context.Background()
	const n, workers = 400, 8
	for i := range n {
		e.addProfile(ctx, profileID(i), base)
	}
	e.clock.Set(base)
	// Redis dies the moment the platform took the n/4th reminder: that
	// send, and any other in flight, is never recorded.
	killed := make(chan struct{})
	send := &slowRecorder{delay: 2 * time.Millisecond, after: func(total int) {
		if total != n/4 {
			return
		}
		srv.Kill() // no shutdown: what the append-only file holds is what there is
		close(killed)
	}}
	d := reminders.New(e.store, e.engine, map[chat.Platform]chat.Sender{chat.Console: send}, reminders.Options{
		Owner: "r", Lease: 2 * time.Second, Batch: 100, Workers: workers, Now: e.clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- d.Run(runCtx) }()
	t.Cleanup(func() { stop(); <-ran })

	<-killed
	// Down for longer than the client's own dial retries bridge, so the
	// writes in flight fail.
	time.Sleep(3 * time.Second)
	srv.Start()
	waitUntil(t, 60*time.Second, "every person reminded", func() bool { return len(send.people()) >= n })
	time.Sleep(2*time.Second + 1500*time.Millisecond) // a lease and a tick: a duplicate would show now

	dups := 0
	for id, c := range send.people() {
		if c > 2 {
			t.Errorf("%s got %d reminders", id, c)
		}
		dups += c - 1
	}
	if dups < 1 || dups > workers {
		t.Errorf("%d duplicates: want the send Redis died after, and at most the %d in flight then", dups, workers)
	}
	for _, i := range []int{0, n / 2, n - 1} {
		at, err := redistest.Queued(ctx, rdb, e.prefix, profile.DerivedID(chat.Console, profileID(i)), due.Daily)
		if err != nil || !at.Equal(base.Add(24*time.Hour)) {
			t.Fatalf("%s next reminder %v (%v), want tomorrow's", profileID(i), at, err)
		}
	}
	t.Logf("%d duplicates; stats %+v", dups, d.Stats())
}

// slowRecorder takes each message after a short delay, as a platform
// does, counts them per person, and calls after with the total taken
// before it answers.
type slowRecorder struct {
	delay time.Duration
	after func(total int)
	mu    sync.Mutex
	got   map[string]int
	total int
}

func (s *slowRecorder) Send(ctx context.Context, out chat.Outgoing) error {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.got == nil {
		s.got = map[string]int{}
	}
	s.got[out.To.UserID]++
	s.total++
	total := s.total
	s.mu.Unlock()
	s.after(total)
	s.mu.Lock() // for the deferred Unlock
	return nil
}

func (s *slowRecorder) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total
}

func (s *slowRecorder) people() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.got))
	for k, v := range s.got {
		out[k] = v
	}
	return out
}
