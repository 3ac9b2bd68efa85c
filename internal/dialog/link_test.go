package dialog_test

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/profile"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
	"treadwell/messages"
)

var codeRx = regexp.MustCompile(`link code: ([A-Z0-9]{10})`)

func (h *harness) on(platform chat.Platform, id string) *person {
	p := h.person(id)
	p.addr.Platform = platform
	return p
}

func linkCode(t *testing.T, p *person) string {
	t.Helper()
	m := codeRx.FindStringSubmatch(p.say("/link"))
	if m == nil {
		t.Fatalf("no code in /link reply: %s", joined(p.last))
	}
	return m[1]
}

// linkable onboards a person on Telegram, who asks for a /link code,
// and another on Discord, who is to use it.
func linkable(t *testing.T, h *harness) (code string, dc *person) {
	t.Helper()
	tg := h.on(chat.Telegram, "1")
	tg.onboard()
	code = linkCode(t, tg)
	dc = h.on(chat.Discord, "2")
	dc.onboard()
	return code, dc
}

// walkedOnBoth onboards a person on Telegram who logs a walk of 8
// minutes, and an hour later one on Discord who logs 5 (each entry
// carries its message's instant).
func walkedOnBoth(h *harness) (tg, dc *person) {
	tg = h.on(chat.Telegram, "1")
	tg.onboard()
	tg.say("/done 8")
	tg.press("2")
	h.clock.Advance(time.Hour)
	dc = h.on(chat.Discord, "2")
	dc.onboard()
	dc.say("/done 5")
	dc.press("3")
	return tg, dc
}

func TestLinkMergesBothHistories(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	tg, dc := walkedOnBoth(h)

	code := linkCode(t, tg)
	mustContain(t, dc.say("/link "+strings.ToLower(code)), "Linked", "telegram", "discord")

	// Both accounts load one profile, with both walks.
	a, _ := h.store.Load(ctx, chat.Telegram, "1")
	b, _ := h.store.Load(ctx, chat.Discord, "2")
	if a.ProfileID != b.ProfileID || a.ProfileID != "telegram:1" {
		t.Fatalf("profiles %q and %q", a.ProfileID, b.ProfileID)
	}
	log, _ := h.store.History(ctx, a.ProfileID)
	walks := 0
	for i, e := range log {
		if e.Kind == profile.KindWalk {
			walks++
		}
		if i > 0 && e.At.Before(log[i-1].At) {
			t.Fatal("merged history out of order")
		}
	}
	if walks != 2 || len(a.Profile.Identities) != 2 || len(a.Profile.Channels) != 2 {
		t.Fatalf("merged: %d walks, identities %+v, channels %+v", walks, a.Profile.Identities, a.Profile.Channels)
	}
	// The Discord profile is gone.
	keys, _ := redistest.Keys(ctx, h.rdb, h.prefix)
	for _, k := range keys {
		if strings.Contains(k, "{p:discord:2}") {
			t.Fatalf("key %q of the merged profile left", k)
		}
	}
	// The code worked once.
	mustContain(t, h.on(chat.Discord, "3").say("/link "+code), "didn't work")

	// Reminders via Discord first.
	mustContain(t, tg.say("/remindvia discord"), "discord first")
	mustContain(t, tg.say("/remindvia fax"), "telegram", "discord")

	// /delete removes both identities and everything else.
	tg.say("/delete")
	tg.press("Yes, delete everything")
	keys, _ = redistest.Keys(ctx, h.rdb, h.prefix)
	for _, k := range keys {
		if !strings.Contains(k, "{rem}") && !strings.Contains(k, ":3") {
			t.Fatalf("key %q left after /delete", k)
		}
	}
}

func TestLinkCodeExpires(t *testing.T) {
	h := newHarnessWith(t, redistest.New(t))
	tg := h.on(chat.Telegram, "1")
	tg.onboard()
	code := linkCode(t, tg)
	ttl, err := h.rdb.TTL(context.Background(), h.prefix+":link:"+code).Result()
	if err != nil || ttl <= 9*time.Minute || ttl > 10*time.Minute {
		t.Fatalf("code TTL %v (%v), want 10 minutes", ttl, err)
	}
	// Expire it now, as ten minutes would.
	h.rdb.Del(context.Background(), h.prefix+":link:"+code)
	mustContain(t, h.on(chat.Discord, "2").say("/link "+code), "didn't work")
}

func TestLinkLocksAfterWrongCodes(t *testing.T) {
	h := newHarness(t)
	tg := h.on(chat.Telegram, "1")
	tg.onboard()
	code := linkCode(t, tg)
	dc := h.on(chat.Discord, "2")
	for i := 4; i >= 1; i-- {
		mustContain(t, dc.say("/link WRONGCODE2"), "didn't work")
	}
	mustContain(t, dc.say("/link ABCDEFGHJK"), "locked for 15 minutes")
	// Even the right code is refused while locked.
	mustContain(t, dc.say("/link "+code), "locked")
	ttl, _ := h.rdb.TTL(context.Background(), h.prefix+":linkfail:discord:2").Result()
	if ttl <= 14*time.Minute || ttl > 15*time.Minute {
		t.Fatalf("lock TTL %v, want 15 minutes", ttl)
	}
}

func TestLinkEdgeCases(t *testing.T) {
	h := newHarness(t)
	tg := h.on(chat.Telegram, "1")
	mustContain(t, tg.say("/link"), "/start") // not set up yet
	tg.onboard()
	code := linkCode(t, tg)
	mustContain(t, tg.say("/link "+code), "this account already")
	mustContain(t, tg.say("/unlink"), "isn't linked")
	// A deep link payload links a brand-new account.
	dc := h.on(chat.Telegram, "9")
	mustContain(t, dc.say("/start "+linkCode(t, tg)), "Linked")
	snap, _ := h.store.Load(context.Background(), chat.Telegram, "9")
	if snap.ProfileID != "telegram:1" || !snap.Profile.Onboarded {
		t.Fatalf("deep-linked account loads %q", snap.ProfileID)
	}
	// /unlink: this account starts afresh, the data stays.
	mustContain(t, dc.say("/unlink"), "Unlinked")
	after, _ := h.store.Load(context.Background(), chat.Telegram, "9")
	if after.ProfileID == "telegram:1" || after.Exists {
		t.Fatalf("after /unlink the account loads %q (exists %v)", after.ProfileID, after.Exists)
	}
	kept, _ := h.store.Load(context.Background(), chat.Telegram, "1")
	if !kept.Profile.Onboarded || len(kept.Profile.Identities) != 1 {
		t.Fatalf("the other account lost its data: %+v", kept.Profile.Identities)
	}
}

// On Discord, with Telegram configured, /link also gives a t.me deep link
// carrying the code.
func TestLinkDeepLink(t *testing.T) {
	h := newHarness(t)
	msgs, _ := messages.Load()
	h.engine = dialog.New(h.store, msgs, dialog.Options{Now: h.clock.Now, LinkURL: func(from chat.Platform, code string) string {
		if from == chat.Telegram {
			return ""
		}
		return "https://t.me/treadwell_bot?start=" + code
	}})
	dc := h.on(chat.Discord, "2")
	dc.onboard()
	code := linkCode(t, dc)
	mustContain(t, joined(dc.last), "https://t.me/treadwell_bot?start="+code)
	tg := h.on(chat.Telegram, "1")
	tg.onboard()
	linkCode(t, tg)
	mustNotContain(t, joined(tg.last), "t.me")
}

// racingStore is the real store whose next Save loses a race: just
// before it, another message of the same person is saved (a real write
// that moves the version on), as when two replicas handle a double tap.
type racingStore struct {
	*store.Store
	mu   sync.Mutex
	race func() // run before the next Save, once
}

// racing makes the engine save through a racingStore whose next Save
// finds the profile of platform/userID saved by someone else first.
func (h *harness) racing(t *testing.T, platform chat.Platform, userID string) *racingStore {
	rs := &racingStore{Store: h.store}
	msgs, _ := messages.Load()
	h.engine = dialog.New(rs, msgs, dialog.Options{Now: h.clock.Now})
	rs.race = func() {
		ctx := context.Background()
		snap, err := h.store.Load(ctx, platform, userID)
		if err == nil {
			err = h.store.Save(ctx, snap, profile.Change{Profile: snap.Profile, Dialog: snap.Dialog})
		}
		if err != nil {
			t.Error(err)
		}
	}
	return rs
}

func (r *racingStore) Save(ctx context.Context, snap profile.Snapshot, ch profile.Change) error {
	r.mu.Lock()
	race := r.race
	r.race = nil
	r.mu.Unlock()
	if race != nil {
		race()
	}
	return r.Store.Save(ctx, snap, ch)
}

// An /unlink whose save loses a race is decided again on fresh state and
// still unlinks: no store change of the lost attempt survives it (the
// identity was re-pointed mid-turn, so the rerun answered "nothing to
// unlink" and the shared profile kept a stale identity).
func TestUnlinkLosingARaceStillUnlinks(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	tg := h.on(chat.Telegram, "1")
	tg.onboard()
	dc := h.on(chat.Discord, "2")
	mustContain(t, dc.say("/start "+linkCode(t, tg)), "Linked")

	rs := h.racing(t, chat.Telegram, "1")
	mustContain(t, dc.say("/unlink"), "Unlinked")
	if rs.race != nil {
		t.Fatal("the race did not happen")
	}
	shared, _ := h.store.Load(ctx, chat.Telegram, "1")
	for _, id := range shared.Profile.Identities {
		if id.Platform == chat.Discord {
			t.Fatalf("the shared profile keeps the unlinked identity: %+v", shared.Profile.Identities)
		}
	}
	after, _ := h.store.Load(ctx, chat.Discord, "2")
	if after.ProfileID == shared.ProfileID {
		t.Fatalf("the unlinked account still loads the shared profile %q", after.ProfileID)
	}
}

// pointFailingStore is the real store whose next PointIdentity fails.
type pointFailingStore struct {
	*store.Store
	fail atomic.Bool
}

func (p *pointFailingStore) PointIdentity(ctx context.Context, platform chat.Platform, userID, profileID string) error {
	if p.fail.CompareAndSwap(true, false) {
		return errors.New("redis: connection reset")
	}
	return p.Store.PointIdentity(ctx, platform, userID, profileID)
}

// An /unlink saved whose re-point then failed says so, and the next
// /unlink finishes it.
func TestUnlinkFinishesAfterAFailedRepoint(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	tg := h.on(chat.Telegram, "1")
	tg.onboard()
	dc := h.on(chat.Discord, "2")
	mustContain(t, dc.say("/start "+linkCode(t, tg)), "Linked")
	fs := &pointFailingStore{Store: h.store}
	fs.fail.Store(true)
	msgs, _ := messages.Load()
	h.engine = dialog.New(fs, msgs, dialog.Options{Now: h.clock.Now})
	out, err := h.engine.Handle(ctx, chat.Incoming{From: dc.addr, Text: "/unlink", At: h.clock.Now()})
	// The unlink was saved; only the re-point failed: not "nothing was
	// recorded".
	if err == nil || joined(out) != msgs.Text("en", messages.ErrorFailed) {
		t.Fatalf("a failed re-point: %v, %s", err, joined(out))
	}
	mustContain(t, dc.say("/unlink"), "Unlinked")
	shared, _ := h.store.Load(ctx, chat.Telegram, "1")
	after, _ := h.store.Load(ctx, chat.Discord, "2")
	if after.ProfileID == shared.ProfileID || len(shared.Profile.Identities) != 1 {
		t.Fatalf("after the second /unlink: %q loads %q, shared identities %+v", "discord:2", after.ProfileID, shared.Profile.Identities)
	}
}

// A /link whose merge stops halfway (the shared profile saved with both
// histories, the re-point failing) is not called "nothing was
// recorded": the person hears it did not go through.
func TestLinkMergeStoppedHalfwayIsNotCalledNothing(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	code, dc := linkable(t, h)
	fs := &pointFailingStore{Store: h.store}
	fs.fail.Store(true)
	msgs, _ := messages.Load()
	eng := dialogtest.NewEngine(t, fs, h.clock.Now)
	out, err := eng.Handle(ctx, chat.Incoming{From: dc.addr, Text: "/link " + code, At: h.clock.Now()})
	if err != nil {
		t.Fatalf("a merge stopped halfway: %v", err)
	}
	if joined(out) != msgs.Text("en", messages.ErrorFailed) {
		t.Fatalf("a merge stopped halfway: replies %q, want %q", joined(out), msgs.Text("en", messages.ErrorFailed))
	}
	if fs.fail.Load() {
		t.Fatal("the merge never reached the re-point: the case this test is about did not happen")
	}
}

// A /link whose save loses a race registers one code, the one it shows:
// the lost attempt's code is never created.
func TestLinkCodeOnlyOnceSaved(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	tg := h.on(chat.Telegram, "1")
	tg.onboard()
	rs := h.racing(t, chat.Telegram, "1")
	code := linkCode(t, tg)
	if rs.race != nil {
		t.Fatal("the race did not happen")
	}
	keys, err := redistest.Keys(ctx, h.rdb, h.prefix)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, k := range keys {
		if strings.HasPrefix(k, h.prefix+":link:") {
			codes = append(codes, strings.TrimPrefix(k, h.prefix+":link:"))
		}
	}
	if len(codes) != 1 || codes[0] != code {
		t.Fatalf("link codes in Redis %v, want only the one shown, %s", codes, code)
	}
	dc := h.on(chat.Discord, "2")
	mustContain(t, dc.say("/link "+code), "Linked")
}

// A merge stopped halfway (the shared profile saved with both
// histories, this account not yet re-pointed) is finished by linking
// again, and the second merge adds nothing twice: a walk counted twice
// would read to the rules as two walks.
func TestLinkAgainAfterAMergeStoppedHalfwayCountsNothingTwice(t *testing.T) {
	h := newHarness(t)
	ctx := context.Background()
	tg, dc := walkedOnBoth(h)
	count := func(id string) int {
		t.Helper()
		es, err := h.store.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}
	want := count("telegram:1") + count("discord:2")

	fs := &pointFailingStore{Store: h.store}
	fs.fail.Store(true)
	eng := dialogtest.NewEngine(t, fs, h.clock.Now)
	if _, err := eng.Handle(ctx, chat.Incoming{From: dc.addr, Text: "/link " + linkCode(t, tg), At: h.clock.Now()}); err != nil {
		t.Fatal(err)
	}
	if fs.fail.Load() {
		t.Fatal("the merge never reached the re-point: the case this test is about did not happen")
	}
	mustContain(t, dc.say("/link "+linkCode(t, tg)), "Linked")
	if got := count("telegram:1"); got != want {
		t.Fatalf("after linking again, the shared log has %d entries, want %d (each account's once)", got, want)
	}
	if snap, err := h.store.Load(ctx, chat.Discord, "2"); err != nil || snap.ProfileID != "telegram:1" {
		t.Fatalf("discord account loads %q (err %v), want the shared profile", snap.ProfileID, err)
	}
}
