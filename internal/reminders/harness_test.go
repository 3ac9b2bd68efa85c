package reminders_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/profile"
	"treadwell/internal/reminders"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

func TestMain(m *testing.M) {
	if isChaosReplica() {
		os.Exit(chaosReplica())
	}
	redistest.Main(m)
}

// base is the instant the tests' clocks start from: 07:30 UTC, when the
// test profiles' reminders are due.
var base = time.Date(2026, 11, 26, 7, 30, 0, 0, time.UTC)

// clock runs at real speed from a set instant, so leases expire.
type clock struct {
	mu     sync.Mutex
	origin time.Time
	at     time.Time
}

func newClock(at time.Time) *clock { return &clock{origin: time.Now(), at: at} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.at.Add(time.Since(c.origin))
}

func (c *clock) Set(at time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.origin, c.at = time.Now(), at
}

// recorder is a Sender that keeps what it was asked to send.
type recorder struct {
	mu   sync.Mutex
	sent []chat.Outgoing
	fail error // returned instead of sending, when set
}

func (r *recorder) Send(_ context.Context, out chat.Outgoing) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.sent = append(r.sent, out)
	return nil
}

func (r *recorder) all() []chat.Outgoing {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]chat.Outgoing(nil), r.sent...)
}

// backend is a Redis the reminder tests run on.
type backend struct {
	name string
	new  func(testing.TB) redis.UniversalClient
}

// backends are one server (real; the embedded miniredis when there is
// none and REQUIRE_REAL_REDIS is unset) and a three-master Redis Cluster
// (skipped when there is none, or failed with REQUIRE_REAL_REDIS=1).
var backends = []backend{
	{"real", func(t testing.TB) redis.UniversalClient { t.Helper(); return redistest.New(t) }},
	{"cluster", redistest.NewCluster},
}

// eachBackend runs fn as a subtest on every backend.
func eachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	t.Helper()
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { fn(t, b) })
	}
}

// env is a store on a backend, the real engine as composer, and a
// recording sender per platform.
type env struct {
	t      testing.TB
	rdb    redis.UniversalClient
	prefix string
	store  *store.Store
	engine *dialog.Engine
	clock  *clock
	send   map[chat.Platform]*recorder
}

func newEnv(t testing.TB, b backend) *env {
	t.Helper()
	rdb := b.new(t)
	prefix := redistest.Prefix(t)
	st := store.New(rdb, store.Options{Prefix: prefix})
	clk := newClock(base)
	eng := dialogtest.NewEngine(t, st, clk.Now)
	return &env{t: t, rdb: rdb, prefix: prefix, store: st, engine: eng, clock: clk, send: map[chat.Platform]*recorder{
		chat.Console: {}, chat.Telegram: {}, chat.Discord: {},
	}}
}

func (e *env) senders() map[chat.Platform]chat.Sender {
	out := map[chat.Platform]chat.Sender{}
	for k, v := range e.send {
		out[k] = v
	}
	return out
}

func (e *env) dispatcher(owner string, compose reminders.Composer) *reminders.Dispatcher {
	if compose == nil {
		compose = e.engine
	}
	return reminders.New(e.store, compose, e.senders(), reminders.Options{
		Owner: owner, Lease: 2 * time.Second, Batch: 200, Now: e.clock.Now,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
}

// addProfile stores a set-up person reminded daily at 07:30 UTC, queued
// for due.
func (e *env) addProfile(ctx context.Context, id string, dueAt time.Time) {
	e.t.Helper()
	snap, err := e.store.Load(ctx, chat.Console, id)
	if err != nil {
		e.t.Fatal(err)
	}
	p := profile.Profile{
		ID: snap.ProfileID, Created: base.Add(-48 * time.Hour), Lang: "en", Onboarded: true,
		Identities: []profile.Identity{{Platform: chat.Console, UserID: id}},
		Channels:   []profile.Channel{{Platform: chat.Console, ChatID: id}},
		Settings:   profile.Settings{Zone: "UTC", Remind: localtime.Clock{Hour: 7, Minute: 30}, Days: localtime.Daily, Place: "outdoors"},
	}
	if err := e.store.Save(ctx, snap, profile.Change{Profile: p, Due: map[due.Kind]time.Time{due.Daily: dueAt}}); err != nil {
		e.t.Fatal(err)
	}
}

// queued is the instant console user id's reminder of a kind is queued
// for (zero: none), read from the queue the dispatcher claims from.
func (e *env) queued(ctx context.Context, id string, kind due.Kind) time.Time {
	e.t.Helper()
	at, err := redistest.Queued(ctx, e.rdb, e.prefix, profile.DerivedID(chat.Console, id), kind)
	if err != nil {
		e.t.Fatal(err)
	}
	return at
}

func profileID(i int) string { return fmt.Sprintf("p%05d", i) }

func profileIdentity(platform chat.Platform, id string) profile.Identity {
	return profile.Identity{Platform: platform, UserID: id}
}

func profileChannel(platform chat.Platform, id string) profile.Channel {
	return profile.Channel{Platform: platform, ChatID: id}
}
