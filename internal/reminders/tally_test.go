package reminders_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"treadwell/internal/due"
	"treadwell/internal/reminders"
)

// The dispatcher counts each reminder's outcomes by kind in the tally,
// which adds them to Redis for `bot stats`: claimed ones as due, sent
// ones (late among them when sent over two minutes after due) and
// failed ones.
func TestTallyCountsOutcomesByKind(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		tally := e.store.ReminderTally(e.clock.Now)
		dispatcher := func(owner string) *reminders.Dispatcher {
			return reminders.New(e.store, e.engine, e.senders(), reminders.Options{
				Owner: owner, Lease: 2 * time.Second, Now: e.clock.Now, Tally: tally,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			})
		}
		for _, id := range []string{"ta", "tb", "tc"} {
			e.addProfile(ctx, id, base)
		}
		e.clock.Set(base.Add(10 * time.Minute))
		dispatcher("r1").Tick(ctx)
		e.addProfile(ctx, "td", base)
		e.send["console"].fail = errors.New("network down")
		dispatcher("r2").Tick(ctx)
		if err := tally.Flush(ctx); err != nil {
			t.Fatal(err)
		}
		st, err := e.store.Stats(ctx, e.clock.Now(), 1, 7)
		if err != nil {
			t.Fatal(err)
		}
		got := st.Reminders[due.Daily]
		want := map[due.Outcome]int64{due.OutcomeDue: 4, due.OutcomeSent: 3, due.OutcomeLate: 3, due.OutcomeFailed: 1}
		for o, n := range want {
			if got[o] != n {
				t.Errorf("daily %s = %d, want %d (all: %v)", o, got[o], n, st.Reminders)
			}
		}
		if st.People != 4 {
			t.Errorf("people = %d, want 4", st.People)
		}
	})
}
