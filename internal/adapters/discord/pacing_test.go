package discord_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// recordingBudget is a RateBudget (with GlobalHold) that counts its
// waits and holds around the default in-process budget.
type recordingBudget struct {
	inner discord.RateBudget
	mu    sync.Mutex
	waits int
	holds []time.Duration
}

func newRecordingBudget() *recordingBudget {
	return &recordingBudget{inner: discord.NewRateBudget(discord.DefaultRate, discord.DefaultBurst)}
}

func (b *recordingBudget) Wait(ctx context.Context) error {
	b.mu.Lock()
	b.waits++
	b.mu.Unlock()
	return b.inner.Wait(ctx)
}

func (b *recordingBudget) Hold(_ context.Context, d time.Duration) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.holds = append(b.holds, d)
	return nil
}

func (b *recordingBudget) counts() (int, []time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.waits, append([]time.Duration(nil), b.holds...)
}

// interactionRoute: the endpoints outside Discord's global limit.
func interactionRoute(r discordtest.Request) bool {
	return strings.HasPrefix(r.Route, "/interactions/") || strings.HasPrefix(r.Route, "/webhooks/")
}

// busiestSecond is the most requests outside the interaction endpoints
// that arrived within one second.
func busiestSecond(reqs []discordtest.Request) int {
	var at []time.Time
	for _, r := range reqs {
		if !interactionRoute(r) {
			at = append(at, r.At)
		}
	}
	most, from := 0, 0
	for i := range at {
		for at[i].Sub(at[from]) >= time.Second {
			from++
		}
		most = max(most, i-from+1)
	}
	return most
}

// to is the address of a DM channel the fake has for user (opened
// before, say by another replica), so that Send makes one request.
func to(e *env, user string) chat.Address {
	return chat.Address{Platform: chat.Discord, ChatID: e.srv.DMChannel(user), UserID: user}
}

func user(i int) string { return fmt.Sprintf("7100000000%08d", i) }

// Reminders sent all at once are paced under Discord's 50 requests a
// second (the default budget, 45 a second): the fake, which refuses a
// 51st request within a second with a global 429, refuses none, and no
// route's bucket is overrun either.
func TestPacedUnderTheGlobalLimit(t *testing.T) {
	t.Parallel()
	e := start(t, setup{})
	const n = 120
	before := len(e.srv.Requests())
	begun := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			errs <- e.adapter.Send(context.Background(), chat.Outgoing{To: to(e, user(i%60)), Text: "Time for your check-in"})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
	}
	took := time.Since(begun)
	reqs := e.srv.Requests()[before:]
	busiest := busiestSecond(reqs)
	t.Logf("%d sends in %v; at most %d requests within a second", n, took.Round(time.Millisecond), busiest)
	if g, r := e.srv.GlobalRateLimits(), e.srv.RouteRateLimits(); g != 0 || r != 0 {
		t.Fatalf("%d global and %d route 429s, want none", g, r)
	}
	if busiest > 50 {
		t.Fatalf("%d requests within a second", busiest)
	}
	sent := 0
	for i := range 60 {
		sent += len(e.srv.Messages(e.srv.DMChannel(user(i))))
	}
	if sent != n || len(reqs) != n {
		t.Fatalf("%d messages in %d requests, want %d", sent, len(reqs), n)
	}
}

// The budget paces every REST request of the adapter, discordgo's own
// included (the gateway URL, the command registration), but not the
// interaction endpoints, which Discord's global limit leaves out.
func TestBudgetPacesEveryRequest(t *testing.T) {
	t.Parallel()
	budget := newRecordingBudget()
	e := start(t, setup{cfg: func(c *discord.Config) { c.RateBudget = budget }})
	p := e.person("700000000000000061")
	p.slash("help", nil, "got /help")
	p.dm("hello", "got hello")
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "Time for your check-in"}); err != nil {
		t.Fatal(err)
	}
	e.srv.WaitFor(t, "the reminder", func() bool { return len(e.srv.Messages(p.dmChannel())) == 2 })
	paced := 0
	var routes []string
	for _, r := range e.srv.Requests() {
		routes = append(routes, r.Method+" "+r.Route)
		if !interactionRoute(r) {
			paced++
		}
	}
	if waits, _ := budget.counts(); waits != paced || paced < 4 {
		t.Fatalf("budget waited %d times for %d requests outside the interaction endpoints: %q", waits, paced, routes)
	}
}

// A global 429 holds back every other request of the process for its
// retry_after, and the budget shared with other replicas is told; the
// interaction endpoints, outside the global limit, are answered
// meanwhile.
func TestGlobal429HoldsEveryRequest(t *testing.T) {
	t.Parallel()
	budget := newRecordingBudget()
	e := start(t, setup{cfg: func(c *discord.Config) { c.RateBudget = budget }})
	p := e.person("700000000000000062")
	p.dm("hello", "got hello")
	const n, hold = 12, 2.0
	e.srv.FailGlobal(hold)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	send := func(i int) {
		errs <- e.adapter.Send(context.Background(), chat.Outgoing{To: to(e, user(100+i)), Text: "Time for your check-in"})
	}
	wg.Go(func() { send(0) })
	e.srv.WaitFor(t, "the budget to hold", func() bool { _, holds := budget.counts(); return len(holds) > 0 })
	for i := 1; i < n; i++ {
		wg.Go(func() { send(i) })
	}
	// A slash command in the DM is answered during the hold.
	p.slash("help", nil, "got /help")
	if _, after, ok := e.srv.Callback(p.interactions[0]); !ok || after > time.Second {
		t.Errorf("interaction answered after %v (ok %v) during a %vs hold", after, ok, hold)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
	}
	if g := e.srv.GlobalRateLimits(); g != 1 {
		t.Fatalf("%d global 429s, want only the first: the others came during its hold", g)
	}
	_, holds := budget.counts()
	if len(holds) != 1 || holds[0] != time.Duration(hold*float64(time.Second)) {
		t.Fatalf("budget holds %v, want one of %vs", holds, hold)
	}
	sent := 0
	for i := range n {
		sent += len(e.srv.Messages(e.srv.DMChannel(user(100 + i))))
	}
	if sent != n {
		t.Fatalf("%d reminders delivered, want %d", sent, n)
	}
}

// Waits end with their context: a 429 with retry_after 6 s does not keep
// a Send with a 0.5 s deadline past it, nor does the emptied bucket keep
// the next one, which sends nothing; a cancelled wait ends at once too.
func TestRateLimitWaitsEndWithTheContext(t *testing.T) {
	t.Parallel()
	e := start(t, setup{})
	p := e.person("700000000000000063")
	p.dm("hello", "got hello")
	out := chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "Time for your check-in"}
	const route = "/channels/{id}/messages"
	e.srv.FailNext("POST", route, 1, 429, 0, "", 6)
	calls := e.srv.Calls("POST", route)

	send := func(ctx context.Context) (time.Duration, error) {
		begun := time.Now()
		err := e.adapter.Send(ctx, out)
		return time.Since(begun), err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	took, err := send(ctx)
	t.Logf("a 0.5 s Send facing retry_after 6 s returned after %v", took.Round(time.Millisecond))
	if !errors.Is(err, context.DeadlineExceeded) || took > 2*time.Second {
		t.Fatalf("Send returned %v after %v, want the deadline's error within about 0.5 s", err, took)
	}
	if n := e.srv.Calls("POST", route) - calls; n != 1 {
		t.Fatalf("%d requests, want the one that got 429", n)
	}

	ctx, cancel = context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	if took, err := send(ctx); !errors.Is(err, context.DeadlineExceeded) || took > 2*time.Second {
		t.Fatalf("Send on the emptied bucket returned %v after %v", err, took)
	}
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	if took, err := send(ctx); !errors.Is(err, context.Canceled) || took > 2*time.Second {
		t.Fatalf("cancelled Send returned %v after %v", err, took)
	}
	if n := e.srv.Calls("POST", route) - calls; n != 1 {
		t.Fatalf("%d requests, want none after the 429 until its retry_after", n)
	}
	if got := e.srv.Messages(p.dmChannel()); len(got) != 1 {
		t.Fatalf("DMs = %+v", got)
	}
}

// A global 429's hold ends with the context too: a Send with a 0.5 s
// deadline facing a global retry_after of 6 s gives up at once, and so
// does the next one, sending nothing.
func TestGlobalHoldEndsWithTheContext(t *testing.T) {
	t.Parallel()
	e := start(t, setup{})
	e.srv.FailGlobal(6)
	before := len(e.srv.Requests())
	for i := range 2 {
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		begun := time.Now()
		err := e.adapter.Send(ctx, chat.Outgoing{To: to(e, user(200+i)), Text: "x"})
		took := time.Since(begun)
		cancel()
		if !errors.Is(err, context.DeadlineExceeded) || took > 2*time.Second {
			t.Fatalf("Send %d returned %v after %v", i, err, took)
		}
	}
	if n := len(e.srv.Requests()) - before; n != 1 || e.srv.GlobalRateLimits() != 1 {
		t.Fatalf("%d requests, %d global 429s; want the one that got it", n, e.srv.GlobalRateLimits())
	}
}

// A request that discordgo holds back without looking at the context
// (its per-route lock, taken by a slow request on the same route) still
// ends with its context: opening one person's DM channel takes 3 s, and a
// reminder to another, whose DM channel must be opened too, gives up at
// its 0.5 s deadline instead of queueing behind.
func TestSlowRequestDoesNotHoldOthersPastTheirDeadline(t *testing.T) {
	t.Parallel()
	e := start(t, setup{})
	const route = "/users/@me/channels"
	e.srv.DelayNext("POST", route, 1, 3*time.Second)
	slow := make(chan error, 1)
	go func() {
		slow <- e.adapter.Send(context.Background(), chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: user(300)}, Text: "slow"})
	}()
	e.srv.WaitFor(t, "the slow request", func() bool { return e.srv.Calls("POST", route) == 1 })
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	begun := time.Now()
	err := e.adapter.Send(ctx, chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: user(301)}, Text: "quick"})
	took := time.Since(begun)
	if err == nil || took > 2*time.Second {
		t.Fatalf("Send returned %v after %v, want a failure at its 0.5 s deadline", err, took)
	}
	if err := <-slow; err != nil {
		t.Fatalf("the slow Send: %v", err)
	}
}

// Responses 401, 403 and 429 are counted for OnInvalidRequest (Discord
// bans at 10,000 in 10 minutes); others are not.
func TestInvalidRequestsCounted(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var statuses []int
	e := start(t, setup{cfg: func(c *discord.Config) {
		c.OnInvalidRequest = func(status int) {
			mu.Lock()
			statuses = append(statuses, status)
			mu.Unlock()
		}
	}})
	p := e.person("700000000000000064")
	p.dm("hello", "got hello")
	out := chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "x"}
	const route = "/channels/{id}/messages"
	for _, f := range []struct {
		status, code int
		retryAfter   float64
		ok           bool
	}{{403, 50001, 0, false}, {401, 0, 0, false}, {429, 0, 0.05, true}, {404, 10003, 0, false}, {400, 50035, 0, false}} {
		e.srv.FailNext("POST", route, 1, f.status, f.code, "", f.retryAfter)
		if err := e.adapter.Send(context.Background(), out); (err == nil) != f.ok {
			t.Fatalf("%d: Send = %v", f.status, err)
		}
	}
	mu.Lock()
	got := fmt.Sprint(statuses)
	mu.Unlock()
	if got != "[403 401 429]" {
		t.Fatalf("invalid requests %s, want [403 401 429]", got)
	}
	if n := e.srv.InvalidRequests(); n != 3 {
		t.Fatalf("the fake counted %d invalid requests", n)
	}
}

// failingBudget is a shared budget whose store is away.
type failingBudget struct{}

func (failingBudget) Wait(context.Context) error { return errors.New("dial tcp: connection refused") }

// A shared budget that fails (Redis away) does not stop the bot: the
// process paces itself meanwhile.
func TestFailingBudgetPacesLocally(t *testing.T) {
	t.Parallel()
	e := start(t, setup{cfg: func(c *discord.Config) { c.RateBudget = failingBudget{} }})
	p := e.person("700000000000000065")
	p.slash("help", nil, "got /help")
	if err := e.adapter.Send(context.Background(), chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "Time for your check-in"}); err != nil {
		t.Fatal(err)
	}
}

// Two replicas (shards 0 and 1) sharing the budget in Redis: a global
// 429 to one holds back the other too, and the fake answers no other.
func TestGlobal429HoldsOtherReplicas(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t, discordtest.Options{MaxConcurrency: 2})
	rdb := redistest.New(t)
	prefix := redistest.Prefix(t)
	st := store.New(rdb, store.Options{Prefix: prefix})
	var replicas []*env
	for i := range 2 {
		replicas = append(replicas, run(t, srv, setup{cfg: func(c *discord.Config) {
			c.ShardID, c.ShardCount = i, 2
			c.RateBudget = st.RateBudget("discord", srv.Token(), discord.DefaultRate, discord.DefaultBurst)
		}}, chattest.New(chattest.Echo)))
	}
	for _, r := range replicas {
		srv.WaitFor(t, "the replica to be ready", r.adapter.Ready)
	}
	srv.WaitFor(t, "both registrations", func() bool { return srv.Calls("PUT", "/applications/{app}/commands") == 2 })
	const hold = 1.5
	srv.FailGlobal(hold)
	first := make(chan error, 1)
	go func() {
		first <- replicas[0].adapter.Send(context.Background(), chat.Outgoing{To: to(replicas[0], user(400)), Text: "x"})
	}()
	ctx := context.Background()
	srv.WaitFor(t, "the hold in Redis", func() bool {
		keys, _ := redistest.Keys(ctx, rdb, prefix+":rate:")
		if len(keys) != 1 {
			return false
		}
		ttl, _ := rdb.PTTL(ctx, keys[0]).Result()
		return ttl > time.Second+time.Duration(hold*float64(time.Second))/2
	})
	var wg sync.WaitGroup
	errs := make(chan error, 5)
	for i := range 5 {
		wg.Go(func() {
			errs <- replicas[1].adapter.Send(ctx, chat.Outgoing{To: to(replicas[1], user(410+i)), Text: "y"})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatalf("the other replica's Send: %v", err)
		}
	}
	if err := <-first; err != nil {
		t.Fatalf("the first replica's Send: %v", err)
	}
	if g := srv.GlobalRateLimits(); g != 1 {
		for _, r := range srv.Requests() {
			t.Logf("%s %s %s %d", r.At.Format("05.000"), r.Method, r.Route, r.Status)
		}
		t.Fatalf("%d global 429s, want one: the other replica sent during the hold", g)
	}
}
