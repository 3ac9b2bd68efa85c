package reminders_test

import (
	"context"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"treadwell/internal/adapters/telegram"
	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/profile"
	"treadwell/internal/reminders"
	"treadwell/internal/store/redistest"
)

// End to end through the real Telegram adapter (telebot against a fake
// Bot API): a burst paced at 2 messages a second holds the last
// person's reminder in the adapter's pacer for seconds; the /stop they
// type meanwhile (handled by the engine, as the adapter would hand it
// on) wins, and the fake Telegram never gets their reminder.
func TestStopDuringTelegramPacing(t *testing.T) {
	e := newEnv(t, backends[0])
	ctx := context.Background()
	const n = 8
	for i := range n {
		e.addTelegramProfile(ctx, int64(1001+i), base)
	}
	srv := telegramtest.NewServer(t, telegramtest.Options{})
	tg, err := telegram.New(telegram.Config{
		Token: srv.Token(), APIURL: srv.URL(), PollTimeout: time.Second,
		Retries: 2, MaxBackoff: 100 * time.Millisecond,
		PerChat: rate.Inf, PerChatBurst: 1, Global: 2, GlobalBurst: 1,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	ran := make(chan error, 1)
	go func() { ran <- tg.Run(runCtx, e.engine) }()
	t.Cleanup(func() { stop(); <-ran })
	deadline := time.Now().Add(10 * time.Second)
	for srv.Calls("getUpdates") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the adapter did not start")
		}
		time.Sleep(10 * time.Millisecond)
	}

	e.clock.Set(base)
	d := reminders.New(e.store, e.engine, map[chat.Platform]chat.Sender{chat.Telegram: tg}, reminders.Options{
		Owner: "r", Lease: time.Minute, Workers: n, Now: e.clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	ticked := make(chan struct{})
	go func() { d.Tick(ctx); close(ticked) }()

	// The first reminder is at the fake: the others wait in the pacer,
	// the last for about (n-1)/2 seconds. Whoever has not had theirs
	// types /stop now.
	deadline = time.Now().Add(10 * time.Second)
	for sentTo(srv, n) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no reminder reached the fake Telegram")
		}
		time.Sleep(5 * time.Millisecond)
	}
	var stopped int64
	for i := range n {
		if id := int64(1001 + i); len(srv.Sent(id)) == 0 {
			stopped = id
		}
	}
	if stopped == 0 {
		t.Fatal("every reminder went out at once: the pace did not hold any back")
	}
	who := strconv.FormatInt(stopped, 10)
	if _, err := e.engine.Handle(ctx, chat.Incoming{From: chat.Address{Platform: chat.Telegram, ChatID: who, UserID: who}, Text: "/stop"}); err != nil {
		t.Fatal(err)
	}
	<-ticked
	for i := range n {
		id := int64(1001 + i)
		got := len(srv.Sent(id)) // the /stop's replies came back from Handle
		switch {
		case id == stopped && got != 0:
			t.Fatalf("chat %d typed /stop while its reminder waited in the pacer, and got it: %+v", id, srv.Sent(id))
		case id != stopped && got != 1:
			t.Fatalf("chat %d got %d reminders, want 1", id, got)
		}
	}
	if st := d.Stats(); st.Failed != 0 {
		t.Fatalf("stats %+v: a reminder held back is no failed send", st)
	}
	at, err := redistest.Queued(ctx, e.rdb, e.prefix, profile.DerivedID(chat.Telegram, who), due.Daily)
	if err != nil || !at.IsZero() {
		t.Fatalf("a paused person is still queued for %v (%v)", at, err)
	}
}

// sentTo counts the messages the fake took for the chats 1001 to
// 1000+n.
func sentTo(srv *telegramtest.Server, n int) int {
	total := 0
	for i := range n {
		total += len(srv.Sent(int64(1001 + i)))
	}
	return total
}

// addTelegramProfile stores a set-up person on Telegram (user and
// private chat id), reminded daily at 07:30 UTC, queued for dueAt.
func (e *env) addTelegramProfile(ctx context.Context, id int64, dueAt time.Time) {
	e.t.Helper()
	uid := strconv.FormatInt(id, 10)
	snap, err := e.store.Load(ctx, chat.Telegram, uid)
	if err != nil {
		e.t.Fatal(err)
	}
	p := profile.Profile{
		ID: snap.ProfileID, Created: base.Add(-48 * time.Hour), Lang: "en", Onboarded: true,
		Identities: []profile.Identity{profileIdentity(chat.Telegram, uid)},
		Channels:   []profile.Channel{profileChannel(chat.Telegram, uid)},
		Settings:   profile.Settings{Zone: "UTC", Remind: localtime.Clock{Hour: 7, Minute: 30}, Days: localtime.Daily, Place: "outdoors"},
	}
	if err := e.store.Save(ctx, snap, profile.Change{Profile: p, Due: map[due.Kind]time.Time{due.Daily: dueAt}}); err != nil {
		e.t.Fatal(err)
	}
}
