package reminders_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/profile"
	"treadwell/internal/reminders"
)

// Three replicas share one platform budget that cannot send all their
// claims within a lease (the Telegram budget in Redis, a burst of
// thousands): a reminder the pacer has no room for before its send
// must be over is given back to be claimed again at once, not counted
// as a failed send and logged as a timeout in the person's delivery
// log, and nothing is lost or sent twice.
func TestSharedBudgetBurstHasNoFailures(t *testing.T) {
	e := newEnv(t, backends[0])
	ctx := context.Background()
	const n = 300
	for i := range n {
		e.addProfile(ctx, profileID(i), base)
	}
	e.clock.Set(base)
	send := &budgetSender{lim: rate.NewLimiter(150, 1), rec: e.send[chat.Console]}
	var ds []*reminders.Dispatcher
	for r := range 3 {
		ds = append(ds, reminders.New(e.store, e.engine, map[chat.Platform]chat.Sender{chat.Console: send}, reminders.Options{
			Owner: fmt.Sprintf("r%d", r), Lease: 2 * time.Second, Batch: 100, Workers: 8, Now: e.clock.Now,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		}))
	}
	deadline := time.Now().Add(60 * time.Second)
	for len(e.send[chat.Console].all()) < n && time.Now().Before(deadline) {
		var wg sync.WaitGroup
		for _, d := range ds {
			wg.Go(func() { d.Tick(ctx) })
		}
		wg.Wait()
		time.Sleep(50 * time.Millisecond) // as Run's ticks: what is leased comes back
	}
	got := map[string]int{}
	for _, out := range e.send[chat.Console].all() {
		got[out.To.UserID]++
	}
	for i := range n {
		if c := got[profileID(i)]; c != 1 {
			t.Errorf("%s got %d reminders, want 1", profileID(i), c)
		}
	}
	failed := 0
	for _, d := range ds {
		failed += d.Stats().Failed
	}
	if failed != 0 || send.refused() == 0 {
		t.Errorf("%d failed sends, %d refused by the pacer: want none failed, and the pacer to have refused some (or the test shows nothing)", failed, send.refused())
	}
	for i := range n {
		log, err := e.store.Deliveries(ctx, profile.DerivedID(chat.Console, profileID(i)))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range log {
			if l.Reason != due.ReasonSent {
				t.Fatalf("%s's delivery log says %q: a reminder paced later is no failure", profileID(i), l.Reason)
			}
		}
	}
}

// budgetSender paces every send under one budget, as the adapters'
// pacers do: a wait that would outlast ctx's deadline is refused at
// once, nothing sent, with chat.ErrNoRoom.
type budgetSender struct {
	lim *rate.Limiter
	rec *recorder

	mu     sync.Mutex
	noRoom int
}

func (s *budgetSender) refused() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.noRoom
}

func (s *budgetSender) Send(ctx context.Context, out chat.Outgoing) error {
	return s.SendGated(ctx, out, func(context.Context) error { return nil })
}

func (s *budgetSender) SendGated(ctx context.Context, out chat.Outgoing, gate func(context.Context) error) error {
	if err := s.lim.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.mu.Lock()
		s.noRoom++
		s.mu.Unlock()
		return fmt.Errorf("budgetSender: %w: %w", chat.ErrNoRoom, context.DeadlineExceeded)
	}
	if err := gate(ctx); err != nil {
		return err
	}
	return s.rec.Send(ctx, out)
}
