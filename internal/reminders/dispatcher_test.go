package reminders_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/profile"
	"treadwell/internal/reminders"
)

// Three replicas share one queue of 10,000 reminders due at once; one is
// stopped mid-run. Every reminder goes out exactly once, and every person
// is queued for tomorrow.
func TestExactlyOnceAcrossReplicas(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		const n = 10_000
		e := newEnv(t, b)
		ctx := context.Background()
		for i := 0; i < n; i++ {
			e.addProfile(ctx, profileID(i), base)
		}
		e.clock.Set(base)
		runs := make([]context.CancelFunc, 3)
		done := make(chan error, 3)
		for i := range runs {
			rctx, cancel := context.WithCancel(ctx)
			runs[i] = cancel
			d := e.dispatcher(fmt.Sprintf("replica-%d", i), nil)
			go func() { done <- d.Run(rctx) }()
		}
		waitUntil(t, 60*time.Second, "a fifth sent", func() bool { return len(e.send[chat.Console].all()) >= n/5 })
		runs[1]() // one replica stops mid-run
		waitUntil(t, 90*time.Second, "all sent", func() bool { return len(e.send[chat.Console].all()) >= n })
		time.Sleep(3 * time.Second) // leases of anything in flight run out: a duplicate would show now
		runs[0]()
		runs[2]()
		for range runs {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		count := map[string]int{}
		for _, out := range e.send[chat.Console].all() {
			count[out.To.UserID]++
		}
		if len(count) != n {
			t.Fatalf("%d people got a reminder, want %d", len(count), n)
		}
		for id, c := range count {
			if c != 1 {
				t.Fatalf("%s got %d reminders", id, c)
			}
		}
		tomorrow := base.Add(24 * time.Hour)
		for _, i := range []int{0, n / 2, n - 1} {
			if at := e.queued(ctx, profileID(i), due.Daily); !at.Equal(tomorrow) {
				t.Fatalf("%s next reminder %v, want %v", profileID(i), at, tomorrow)
			}
		}
	})
}

func waitUntil(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// After downtime: a reminder up to 2 hours late goes out once, with an
// apology; older ones are skipped to the next day; never a burst.
func TestDowntime(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		now := base.Add(3*24*time.Hour + time.Hour) // 08:30, three days on
		e.addProfile(ctx, "late", now.Add(-time.Hour))
		e.addProfile(ctx, "stale", now.Add(-3*time.Hour))
		e.addProfile(ctx, "days", base) // due three days ago
		e.clock.Set(now)
		d := e.dispatcher("r", nil)
		d.Tick(ctx)
		d.Tick(ctx)
		sent := e.send[chat.Console].all()
		if len(sent) != 1 || sent[0].To.UserID != "late" || !strings.HasPrefix(sent[0].Text, "Sorry this is late") {
			t.Fatalf("sent = %+v", sent)
		}
		tomorrow := time.Date(2026, 11, 30, 7, 30, 0, 0, time.UTC)
		for _, id := range []string{"late", "stale", "days"} {
			if at := e.queued(ctx, id, due.Daily); !at.Equal(tomorrow) {
				t.Fatalf("%s next = %v, want %v", id, at, tomorrow)
			}
		}
	})
}

// An on-time reminder carries the four buttons and no apology.
func TestReminderMessage(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		e.addProfile(ctx, "ann", base)
		e.clock.Set(base.Add(5 * time.Second))
		e.dispatcher("r", nil).Tick(ctx)
		sent := e.send[chat.Console].all()
		if len(sent) != 1 {
			t.Fatalf("sent %d", len(sent))
		}
		out := sent[0]
		if strings.Contains(out.Text, "Sorry") || !strings.Contains(out.Text, "check-in") || out.To.ChatID != "ann" {
			t.Fatalf("reminder = %+v", out)
		}
		var data []string
		for _, row := range out.Buttons {
			for _, b := range row {
				data = append(data, b.Data)
			}
		}
		if fmt.Sprint(data) != "[/checkin /snooze /skip /flare]" { // "I'm flaring" is a /stop because of pain
			t.Fatalf("buttons = %v", data)
		}
	})
}

// /stop landing after the reminder was claimed and composed, just before
// it is sent: nothing is sent.
func TestStopRacesAClaimedReminder(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		e.addProfile(ctx, "bo", base)
		e.clock.Set(base)
		stopFirst := composeThen{e.engine, func() {
			_, err := e.engine.Handle(ctx, chat.Incoming{From: chat.Address{Platform: chat.Console, ChatID: "bo", UserID: "bo"}, Text: "/stop"})
			if err != nil {
				t.Error(err)
			}
		}}
		e.dispatcher("r", stopFirst).Tick(ctx)
		if sent := e.send[chat.Console].all(); len(sent) != 0 {
			t.Fatalf("a reminder went out after /stop: %+v", sent)
		}
		if at := e.queued(ctx, "bo", due.Daily); !at.IsZero() {
			t.Fatalf("a paused person is still queued for %v", at)
		}
	})
}

// composeThen composes as the engine does, then runs after (a /stop
// racing the send).
type composeThen struct {
	reminders.Composer
	after func()
}

func (c composeThen) Reminder(snap profile.Snapshot, kind due.Kind, dueAt, now time.Time, window time.Duration) due.Reminder {
	r := c.Composer.Reminder(snap, kind, dueAt, now, window)
	c.after()
	return r
}

// A blocked channel falls back to the person's other platform.
func TestUnreachableFallsBack(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		e.addProfile(ctx, "cy", base)
		snap, _ := e.store.Load(ctx, chat.Console, "cy")
		p := snap.Profile
		p.Identities = append(p.Identities, profileIdentity(chat.Telegram, "77"))
		p.Channels = append(p.Channels, profileChannel(chat.Telegram, "77"))
		p.RemindVia = chat.Telegram
		if err := e.store.Save(ctx, snap, profile.Change{Profile: p}); err != nil {
			t.Fatal(err)
		}
		e.send[chat.Telegram].fail = fmt.Errorf("telegram: blocked: %w", chat.ErrUnreachable)
		e.clock.Set(base)
		e.dispatcher("r", nil).Tick(ctx)
		if got := e.send[chat.Console].all(); len(got) != 1 {
			t.Fatalf("fallback sent %d", len(got))
		}
		// A temporary failure is retried, not dropped.
		e.addProfile(ctx, "di", base)
		e.send[chat.Console].fail = errors.New("network down")
		e.dispatcher("r", nil).Tick(ctx)
		e.send[chat.Console].fail = nil
		e.clock.Set(base.Add(3 * time.Second)) // the lease ran out
		e.dispatcher("r2", nil).Tick(ctx)
		if got := e.send[chat.Console].all(); len(got) != 2 || got[1].To.UserID != "di" {
			t.Fatalf("after retry sent %+v", got)
		}
	})
}

// The evening nudge goes through the same queue: sent once.
func TestNudgeSentOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		e.addProfile(ctx, "ed", base.Add(24*time.Hour))
		snap, _ := e.store.Load(ctx, chat.Console, "ed")
		p := snap.Profile
		p.Settings.Nudge = true
		nudge := time.Date(2026, 11, 26, 20, 0, 0, 0, time.UTC)
		if err := e.store.Save(ctx, snap, profile.Change{Profile: p, Due: map[due.Kind]time.Time{due.Nudge: nudge}}); err != nil {
			t.Fatal(err)
		}
		e.clock.Set(nudge)
		e.dispatcher("r1", nil).Tick(ctx)
		e.dispatcher("r2", nil).Tick(ctx)
		sent := e.send[chat.Console].all()
		if len(sent) != 1 || !strings.Contains(sent[0].Text, "No check-in yet") {
			t.Fatalf("sent = %+v", sent)
		}
		if at := e.queued(ctx, "ed", due.Nudge); !at.Equal(nudge.Add(24 * time.Hour)) {
			t.Fatalf("next nudge %v", at)
		}
	})
}

// hangingSender never delivers: it holds each send until its context
// ends, as a replica that hangs or dies mid-send would.
type hangingSender struct{ entered chan struct{} }

func (h hangingSender) Send(ctx context.Context, _ chat.Outgoing) error {
	h.entered <- struct{}{}
	<-ctx.Done()
	return ctx.Err()
}

// A replica that stops mid-send (it claimed, spent a while composing,
// marked the send, then never finished) does not cost the person their
// reminder: once its lease ends another replica sends it, the same day,
// once; and the hung replica's failure does not undo that.
func TestReplicaDyingMidSendLosesNothing(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		e.addProfile(ctx, "fi", base)
		e.clock.Set(base)
		hang := hangingSender{entered: make(chan struct{}, 1)}
		slow := composeThen{e.engine, func() { e.clock.Set(base.Add(time.Second)) }} // half its 2 s lease gone
		dying := reminders.New(e.store, slow, map[chat.Platform]chat.Sender{chat.Console: hang}, reminders.Options{
			Owner: "dying", Lease: 2 * time.Second, Now: e.clock.Now,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		ticked := make(chan struct{})
		go func() { dying.Tick(ctx); close(ticked) }()
		<-hang.entered
		e.clock.Set(base.Add(2100 * time.Millisecond)) // its lease is over
		e.dispatcher("alive", nil).Tick(ctx)
		<-ticked
		e.clock.Set(base.Add(5 * time.Second))
		e.dispatcher("later", nil).Tick(ctx)
		if sent := e.send[chat.Console].all(); len(sent) != 1 || sent[0].To.UserID != "fi" {
			t.Fatalf("sent %d reminders (%+v), want the one, once", len(sent), sent)
		}
		if at, want := e.queued(ctx, "fi", due.Daily), base.Add(24*time.Hour); !at.Equal(want) {
			t.Fatalf("next reminder %v, want %v", at, want)
		}
	})
}

// /stop typed while the person's reminder waits its turn behind a burst
// the platform paces (claimed, composed, queued for a worker): nothing
// is sent to them. The check against their state is made just before
// the send, not when the reminder was composed, however long it waited.
func TestStopWhileQueuedBehindABurst(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		const n = 150
		for i := range n {
			e.addProfile(ctx, profileID(i), base)
		}
		e.clock.Set(base)
		var stopped string
		send := &stopOnFirstSend{rec: e.send[chat.Console], stop: func(sending string) string {
			// Long enough for the whole burst to be claimed, composed and
			// queued behind this send; the stop must win however long.
			time.Sleep(300 * time.Millisecond)
			who := profileID(n - 1)
			if who == sending {
				who = profileID(n - 2)
			}
			if _, err := e.engine.Handle(ctx, chat.Incoming{From: chat.Address{Platform: chat.Console, ChatID: who, UserID: who}, Text: "/stop"}); err != nil {
				t.Error(err)
			}
			return who
		}}
		d := reminders.New(e.store, e.engine, map[chat.Platform]chat.Sender{chat.Console: send}, reminders.Options{
			Owner: "r", Lease: time.Minute, Batch: n, Workers: 1, Now: e.clock.Now,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		d.Tick(ctx)
		stopped = send.stopped
		got := map[string]int{}
		for _, out := range e.send[chat.Console].all() {
			got[out.To.UserID]++
		}
		if got[stopped] != 0 {
			t.Fatalf("%s typed /stop while their reminder waited, and got it", stopped)
		}
		if len(got) != n-1 {
			t.Fatalf("%d people got their reminder, want %d", len(got), n-1)
		}
		if at := e.queued(ctx, stopped, due.Daily); !at.IsZero() {
			t.Fatalf("a paused person is still queued for %v", at)
		}
	})
}

// stopOnFirstSend records sends; on the first it runs stop (a person's
// /stop) before going on, and keeps whom stop paused.
type stopOnFirstSend struct {
	rec     *recorder
	stop    func(sending string) string
	once    sync.Once
	stopped string
}

func (s *stopOnFirstSend) Send(ctx context.Context, out chat.Outgoing) error {
	s.once.Do(func() { s.stopped = s.stop(out.To.UserID) })
	return s.rec.Send(ctx, out)
}

// /stop typed while a platform that paces holds the person's reminder
// back (the wait for its rate limit, or before a retry): the sender asks
// at the last moment whether it may still go out, and it does not.
func TestStopDuringThePacingWait(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		for i := range 3 {
			e.addProfile(ctx, profileID(i), base)
		}
		e.clock.Set(base)
		stopped := profileID(1)
		send := &pacingSender{rec: e.send[chat.Console], wait: func(out chat.Outgoing) {
			if out.To.UserID != stopped {
				return
			}
			if _, err := e.engine.Handle(ctx, chat.Incoming{From: chat.Address{Platform: chat.Console, ChatID: stopped, UserID: stopped}, Text: "/stop"}); err != nil {
				t.Error(err)
			}
		}}
		d := reminders.New(e.store, e.engine, map[chat.Platform]chat.Sender{chat.Console: send}, reminders.Options{
			Owner: "r", Lease: time.Minute, Now: e.clock.Now,
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		})
		d.Tick(ctx)
		got := map[string]int{}
		for _, out := range e.send[chat.Console].all() {
			got[out.To.UserID]++
		}
		if got[stopped] != 0 || len(got) != 2 {
			t.Fatalf("sent %v; %s typed /stop during the wait and must get nothing, the others theirs", got, stopped)
		}
		if st := d.Stats(); st.Failed != 0 || st.Sent != 2 {
			t.Fatalf("stats %+v: a reminder held back is not a failed send", st)
		}
		if at := e.queued(ctx, stopped, due.Daily); !at.IsZero() {
			t.Fatalf("a paused person is still queued for %v", at)
		}
	})
}

// pacingSender is a GatedSender that waits (runs wait) before each
// message, as a platform's pacing does, then asks its gate twice, as a
// retry would, and records what it may send.
type pacingSender struct {
	rec  *recorder
	wait func(chat.Outgoing)
}

func (s *pacingSender) Send(ctx context.Context, out chat.Outgoing) error {
	return errors.New("pacingSender: Send called; a pacing sender is sent to through SendGated")
}

func (s *pacingSender) SendGated(ctx context.Context, out chat.Outgoing, gate func(context.Context) error) error {
	s.wait(out)
	for range 2 {
		if err := gate(ctx); err != nil {
			return fmt.Errorf("pacingSender: %w", err)
		}
	}
	return s.rec.Send(ctx, out)
}
