package store_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

const budgetToken = "ODk5.budget.test-token"

// Two replicas (two clients, each with its own Store on the same Redis
// and prefix) sharing Discord's budget of 45 requests a second, bursts of
// 3, stay under Discord's 50 within any second together, and share it.
func TestRateBudgetSharedByTwoClients(t *testing.T) {
	prefix := redistest.Prefix(t)
	var budgets []*store.RateBudget
	for range 2 {
		rdb := redistest.NewReal(t)
		budgets = append(budgets, store.New(rdb, store.Options{Prefix: prefix}).RateBudget("discord", budgetToken, 45, 3))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	var mu sync.Mutex
	var at []time.Time
	per := make([]int, len(budgets))
	var wg sync.WaitGroup
	for i, b := range budgets {
		for range 4 {
			wg.Go(func() {
				for {
					if err := b.Wait(ctx); err != nil {
						if ctx.Err() == nil && !errors.Is(err, context.DeadlineExceeded) {
							t.Errorf("Wait: %v", err)
						}
						return
					}
					mu.Lock()
					at = append(at, time.Now())
					per[i]++
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	most, from := 0, 0
	for i := range at {
		for at[i].Sub(at[from]) >= time.Second {
			from++
		}
		most = max(most, i-from+1)
	}
	t.Logf("%d requests in 2 s (%v per client), at most %d within a second", len(at), per, most)
	if most > 50 {
		t.Fatalf("%d requests within a second, want at most 50", most)
	}
	if len(at) < 70 {
		t.Fatalf("%d requests in 2 s, want about 90 (45 a second)", len(at))
	}
	for i, n := range per {
		if n < len(at)/5 {
			t.Fatalf("client %d got %d of %d", i, n, len(at))
		}
	}
}

// A wait ends with its context: at once when it would outlast the
// deadline (taking nothing), when cancelled otherwise. Hold keeps the
// other replicas back. The key is the budget's, by the token's hash.
func TestRateBudgetHoldAndContext(t *testing.T) {
	e := newEnv(t, func(t testing.TB) redis.UniversalClient { return redistest.NewReal(t) }, store.Options{})
	b := e.st.RateBudget("discord", budgetToken, 45, 3)
	other := store.New(e.rdb, store.Options{Prefix: e.prefix}).RateBudget("discord", budgetToken, 45, 3)
	ctx := ctxT(t)
	if err := b.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	keys, err := redistest.Keys(ctx, e.rdb, e.prefix)
	if err != nil || len(keys) != 1 || !strings.HasPrefix(keys[0], e.prefix+":rate:discord:") || strings.Contains(keys[0], budgetToken) {
		t.Fatalf("keys %q, %v: want one budget key without the token", keys, err)
	}

	begun := time.Now()
	if err := b.Hold(ctx, time.Second); err != nil {
		t.Fatal(err)
	}
	if err := other.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	if took := time.Since(begun); took < 900*time.Millisecond {
		t.Fatalf("another replica went after %v of a 1 s hold", took)
	}

	if err := b.Hold(ctx, 10*time.Second); err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	begun = time.Now()
	if err := other.Wait(short); !errors.Is(err, context.DeadlineExceeded) || time.Since(begun) > time.Second {
		t.Fatalf("Wait past the deadline: %v after %v, want DeadlineExceeded at once", err, time.Since(begun))
	}
	cancelled, cancel := context.WithCancel(ctx)
	time.AfterFunc(100*time.Millisecond, cancel)
	begun = time.Now()
	if err := other.Wait(cancelled); !errors.Is(err, context.Canceled) || time.Since(begun) > 2*time.Second {
		t.Fatalf("cancelled Wait: %v after %v", err, time.Since(begun))
	}
	if ttl, err := e.rdb.PTTL(ctx, keys[0]).Result(); err != nil || ttl < 9*time.Second || ttl > 12*time.Second {
		t.Fatalf("ttl %v, %v: want the hold and a second", ttl, err)
	}
}

// Per-chat budgets: two replicas share each chat's budget (the second
// message to a chat waits its interval whichever replica sends it),
// chats do not share theirs, and each chat's key, named by the token's
// hash and the chat id, expires soon after its budget is full again.
func TestChatRateBudget(t *testing.T) {
	e := newEnv(t, func(t testing.TB) redis.UniversalClient { return redistest.NewReal(t) }, store.Options{})
	a := e.st.ChatRateBudget("telegram", budgetToken, 2, 1)
	b := store.New(e.rdb, store.Options{Prefix: e.prefix}).ChatRateBudget("telegram", budgetToken, 2, 1)
	ctx := ctxT(t)
	if err := a.Wait(ctx, 42); err != nil {
		t.Fatal(err)
	}
	// The other chat's budget is full: it does not wait for chat 42's.
	short, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := b.Wait(short, -1001); err != nil {
		t.Fatalf("another chat: %v", err)
	}
	// Chat 42 through the other replica: its next place is 0.5 s away,
	// past a 200 ms deadline, so it takes nothing and fails at once.
	short, cancel = context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if err := b.Wait(short, 42); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("chat 42 again through the other replica: %v, want DeadlineExceeded", err)
	}
	if err := b.Wait(ctx, 42); err != nil {
		t.Fatal(err)
	}
	keys, err := redistest.Keys(ctx, e.rdb, e.prefix)
	slices.Sort(keys)
	if err != nil || len(keys) != 2 || !strings.HasPrefix(keys[0], e.prefix+":rate:telegram:") ||
		!strings.HasSuffix(keys[0], ":chat:-1001") || !strings.HasSuffix(keys[1], ":chat:42") ||
		strings.Contains(keys[0]+keys[1], budgetToken) {
		t.Fatalf("keys %q, %v: want one key per chat, without the token", keys, err)
	}
	for _, k := range keys {
		if ttl, err := e.rdb.PTTL(ctx, k).Result(); err != nil || ttl <= 0 || ttl > 2*time.Second {
			t.Fatalf("%s: ttl %v, %v: want an expiry within 2 s", k, ttl, err)
		}
	}
}

// A budget whose Redis hangs (the connection taken, nothing answered)
// fails within store.BudgetAnswer with an error that is no refusal (no
// context error: the adapters then pace alone), and every budget of the
// store then fails at once, without asking Redis, a per-chat one and a
// hold included. The client is made as the bot makes it.
func TestRateBudgetWhileRedisHangs(t *testing.T) {
	srv, _ := redistest.NewRestartable(t)
	newClient, err := store.ParseURL("redis://" + srv.Addr() + "/0")
	if err != nil {
		t.Fatal(err)
	}
	rdb := newClient()
	t.Cleanup(func() { rdb.Close() })
	st := store.New(rdb, store.Options{Prefix: redistest.Prefix(t)})
	b := st.RateBudget("telegram", budgetToken, 29, 1)
	ctx := ctxT(t)
	if err := b.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	srv.Pause()
	refusal := func(err error) bool {
		return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
	}
	began := time.Now()
	err = b.Wait(ctx)
	if took := time.Since(began); err == nil || refusal(err) || took > store.BudgetAnswer+time.Second {
		t.Fatalf("Wait while Redis hangs: %v after %v, want a failure that is no refusal within %v", err, took, store.BudgetAnswer)
	}
	began = time.Now()
	errs := []error{
		b.Wait(ctx),
		st.ChatRateBudget("telegram", budgetToken, 1, 3).Wait(ctx, 42),
		st.RateBudget("discord", budgetToken, 45, 3).Hold(ctx, time.Second),
	}
	if took := time.Since(began); took > store.BudgetAnswer/2 {
		t.Fatalf("budgets asked Redis again right after it failed: %v", took)
	}
	for i, err := range errs {
		if err == nil || refusal(err) {
			t.Fatalf("budget call %d right after a failure: %v, want a failure that is no refusal", i, err)
		}
	}
	srv.Resume()
}
