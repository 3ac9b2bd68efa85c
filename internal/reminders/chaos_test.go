package reminders_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/profile"
	"treadwell/internal/reminders"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
	"treadwell/messages"
)

// The chaos test runs dispatchers as separate OS processes: this test
// binary started again with these variables set runs one replica
// (chaosReplica, from TestMain) instead of the tests.
const (
	envChaosRedis    = "TREADWELL_CHAOS_REDIS"    // address of the Redis server
	envChaosPrefix   = "TREADWELL_CHAOS_PREFIX"   // key prefix
	envChaosPlatform = "TREADWELL_CHAOS_PLATFORM" // URL of the fake platform
	envChaosOwner    = "TREADWELL_CHAOS_OWNER"    // the replica's name
)

// chaosLease is the replicas' lease: short, so the test is quick, and
// long enough for a batch to be sent within it on a busy machine.
const chaosLease = 3 * time.Second

// chaosWorkers is each replica's number of parallel sends.
const chaosWorkers = 16

// Three replicas on one real Redis send 5,000 reminders due at once to a
// fake platform that records every message it receives. One replica is
// killed with SIGKILL while it has sends in flight. Every reminder is
// delivered, and a reminder is delivered twice only if it was in flight
// at the killed replica when it died: the platform had it, but the
// replica never recorded that (the duplicate window of the README).
func TestChaosReplicaKilledMidSend(t *testing.T) {
	if testing.Short() {
		t.Skip("starts three processes and 5,000 reminders")
	}
	const n = 5000
	rdb := redistest.NewServer(t)
	prefix := redistest.Prefix(t)
	st := store.New(rdb, store.Options{Prefix: prefix})
	ctx := context.Background()
	dueAt := time.Now().UTC().Truncate(time.Minute)
	for i := range n {
		addChaosProfile(t, ctx, st, profileID(i), dueAt)
	}
	plat := newFakePlatform(20 * time.Millisecond) // slow enough that sends overlap the kill
	srv := httptest.NewServer(plat)
	t.Cleanup(srv.Close)

	owners := []string{"replica-0", "replica-1", "replica-2"}
	procs := map[string]*exec.Cmd{}
	for _, owner := range owners {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(),
			envChaosRedis+"="+rdb.Options().Addr, envChaosPrefix+"="+prefix,
			envChaosPlatform+"="+srv.URL, envChaosOwner+"="+owner)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		procs[owner] = cmd
		t.Cleanup(func() {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			if t.Failed() {
				t.Logf("%s output:\n%s", owner, out.String())
			}
		})
	}

	victim := owners[1]
	waitUntil(t, 60*time.Second, "a fifth delivered with the victim sending", func() bool {
		return plat.count() >= n/5 && len(plat.inFlight(victim)) > 0
	})
	_ = procs[victim].Process.Signal(syscall.SIGKILL)
	killedAt := time.Now()
	_ = procs[victim].Wait()
	waitUntil(t, 90*time.Second, "every person delivered", func() bool { return plat.people() >= n })
	recovered := time.Since(killedAt)
	time.Sleep(chaosLease + 2*time.Second) // anything still claimed runs out: a duplicate would show now

	// The duplicate window: the platform received a reminder from the
	// replica just before it died, and the replica died before Redis
	// recorded the send. So a duplicate's first copy came from the victim
	// in its last moments (a send and a Redis write take milliseconds;
	// a second allows for a loaded machine), and there are no more
	// duplicates than sends the victim could have in flight.
	const window = time.Second
	first := plat.first()
	dups := 0
	for user, c := range plat.byUser() {
		if c == 1 {
			continue
		}
		dups += c - 1
		f := first[user]
		if c > 2 || f.owner != victim || f.at.Before(killedAt.Add(-window)) {
			t.Errorf("%s got %d reminders; first from %s %v before the kill", user, c, f.owner, killedAt.Sub(f.at))
		}
	}
	if dups > chaosWorkers {
		t.Errorf("%d duplicates, more than the %d sends a replica has in flight", dups, chaosWorkers)
	}
	if got := plat.people(); got != n {
		t.Fatalf("%d people got their reminder, want %d", got, n)
	}
	fmt.Printf("chaos: %d reminders, %d replicas, one SIGKILLed mid-send: all delivered %.1fs after the kill, %d duplicates (window: sent by the killed replica in its last %v)\n",
		n, len(owners), recovered.Seconds(), dups, window)
	tomorrow := dueAt.Add(24 * time.Hour)
	for _, i := range []int{0, n / 2, n - 1} {
		at, err := redistest.Queued(ctx, rdb, prefix, profile.DerivedID(chat.Console, profileID(i)), due.Daily)
		if err != nil || !at.Equal(tomorrow) {
			t.Fatalf("%s next reminder %v (%v), want %v", profileID(i), at, err, tomorrow)
		}
	}
}

func addChaosProfile(t *testing.T, ctx context.Context, st *store.Store, id string, dueAt time.Time) {
	t.Helper()
	snap, err := st.Load(ctx, chat.Console, id)
	if err != nil {
		t.Fatal(err)
	}
	p := profile.Profile{
		ID: snap.ProfileID, Created: dueAt.Add(-48 * time.Hour), Lang: "en", Onboarded: true,
		Identities: []profile.Identity{{Platform: chat.Console, UserID: id}},
		Channels:   []profile.Channel{{Platform: chat.Console, ChatID: id}},
		Settings:   profile.Settings{Zone: "UTC", Remind: localtime.Clock{Hour: dueAt.Hour(), Minute: dueAt.Minute()}, Days: localtime.Daily, Place: "outdoors"},
	}
	if err := st.Save(ctx, snap, profile.Change{Profile: p, Due: map[due.Kind]time.Time{due.Daily: dueAt}}); err != nil {
		t.Fatal(err)
	}
}

// fakePlatform is a messaging service over HTTP: POST / with a JSON
// delivery. A message counts as delivered the moment it arrives, as on a
// real platform; the reply comes after a delay, and whether the sender
// is still there to read it is its own business.
type fakePlatform struct {
	delay time.Duration

	mu      sync.Mutex
	got     map[string]int             // user id → messages received
	firsts  map[string]arrival         // user id → the first message's sender and time
	total   int                        // messages received
	pending map[string]map[string]bool // owner → user ids received, not yet answered
}

type delivery struct {
	Owner, User, Text string
}

type arrival struct {
	owner string
	at    time.Time
}

func newFakePlatform(delay time.Duration) *fakePlatform {
	return &fakePlatform{delay: delay, got: map[string]int{}, firsts: map[string]arrival{}, pending: map[string]map[string]bool{}}
}

func (f *fakePlatform) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var d delivery
	if r.Method != http.MethodPost || json.NewDecoder(r.Body).Decode(&d) != nil || d.User == "" || d.Text == "" {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	f.mu.Lock()
	if f.got[d.User] == 0 {
		f.firsts[d.User] = arrival{owner: d.Owner, at: time.Now()}
	}
	f.got[d.User]++
	f.total++
	if f.pending[d.Owner] == nil {
		f.pending[d.Owner] = map[string]bool{}
	}
	f.pending[d.Owner][d.User] = true
	f.mu.Unlock()
	select {
	case <-time.After(f.delay):
	case <-r.Context().Done():
	}
	f.mu.Lock()
	delete(f.pending[d.Owner], d.User)
	f.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (f *fakePlatform) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.total
}

func (f *fakePlatform) people() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.got)
}

func (f *fakePlatform) byUser() map[string]int {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]int, len(f.got))
	for k, v := range f.got {
		out[k] = v
	}
	return out
}

func (f *fakePlatform) first() map[string]arrival {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make(map[string]arrival, len(f.firsts))
	for k, v := range f.firsts {
		out[k] = v
	}
	return out
}

func (f *fakePlatform) inFlight(owner string) map[string]bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string]bool{}
	for u := range f.pending[owner] {
		out[u] = true
	}
	return out
}

// httpSender delivers to the fake platform.
type httpSender struct {
	url, owner string
	client     *http.Client
}

func (s httpSender) Send(ctx context.Context, out chat.Outgoing) error {
	body, err := json.Marshal(delivery{Owner: s.owner, User: out.To.UserID, Text: out.Text})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("fake platform: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("fake platform: status %d", resp.StatusCode)
	}
	return nil
}

// chaosReplica runs one dispatcher replica, configured by the
// environment, until it is killed, told to stop, or a minute and a half
// has passed (a replica the test forgot must not run on). It returns the
// process's exit code.
func chaosReplica() int {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	ctx, cancel := context.WithTimeout(ctx, 90*time.Second)
	defer cancel()
	rdb := redis.NewClient(&redis.Options{Addr: os.Getenv(envChaosRedis)})
	defer rdb.Close()
	st := store.New(rdb, store.Options{Prefix: os.Getenv(envChaosPrefix)})
	msgs, err := messages.Load()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	engine := dialog.New(st, msgs, dialog.Options{Logger: quiet})
	owner := os.Getenv(envChaosOwner)
	sender := httpSender{url: os.Getenv(envChaosPlatform), owner: owner, client: &http.Client{}}
	d := reminders.New(st, engine, map[chat.Platform]chat.Sender{chat.Console: sender}, reminders.Options{
		Owner: owner, Lease: chaosLease, Batch: 200, Workers: chaosWorkers, Logger: quiet,
	})
	if err := d.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// isChaosReplica reports whether this process was started as a replica.
func isChaosReplica() bool { return os.Getenv(envChaosOwner) != "" }
