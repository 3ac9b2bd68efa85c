package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	gojson "github.com/goccy/go-json"
	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

func TestMain(m *testing.M) { redistest.Main(m) }

// env is one test's store on one backend.
type env struct {
	rdb    redis.UniversalClient
	rt     *redistest.RoundTrips
	prefix string
	st     *store.Store
}

func newEnv(t testing.TB, newClient func(testing.TB) redis.UniversalClient, opts store.Options) *env {
	t.Helper()
	e := &env{rdb: newClient(t), rt: &redistest.RoundTrips{}, prefix: redistest.Prefix(t)}
	e.rdb.AddHook(e.rt)
	opts.Prefix = e.prefix
	e.st = store.New(e.rdb, opts)
	return e
}

// each runs fn as a subtest on every backend.
func each(t *testing.T, fn func(t *testing.T, newClient func(testing.TB) redis.UniversalClient)) {
	for _, b := range redistest.Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, b.New) })
	}
}

func ctxT(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

var t0 = time.Date(2026, 3, 2, 7, 30, 0, 0, time.UTC)

func entry(i int) profile.Entry {
	return profile.Entry{Kind: profile.KindWalk, At: t0.Add(time.Duration(i) * time.Minute)}
}

func newProfile(platform chat.Platform, user string) profile.Profile {
	return profile.Profile{
		Created:    t0,
		Identities: []profile.Identity{{Platform: platform, UserID: user}},
		Channels:   []profile.Channel{{Platform: platform, ChatID: user}},
		Lang:       "en",
		Settings:   profile.Settings{Zone: "Europe/Berlin", Remind: localtime.Clock{Hour: 7, Minute: 30}, Days: 1<<time.Monday | 1<<time.Wednesday | 1<<time.Friday},
	}
}

func mustLoad(t testing.TB, e *env, platform chat.Platform, user string) profile.Snapshot {
	t.Helper()
	snap, err := e.st.Load(ctxT(t), platform, user)
	if err != nil {
		t.Fatalf("Load(%s, %s): %v", platform, user, err)
	}
	return snap
}

func mustSave(t testing.TB, e *env, snap profile.Snapshot, ch profile.Change) {
	t.Helper()
	if err := e.st.Save(ctxT(t), snap, ch); err != nil {
		t.Fatalf("Save(%s v%d): %v", snap.ProfileID, snap.Version, err)
	}
}

func TestSaveLoadRoundTrip(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{})
		snap := mustLoad(t, e, "telegram", "42")
		if snap.Exists || snap.Version != 0 || snap.ProfileID != "telegram:42" || snap.Dialog != nil || logOf(t, snap) != nil {
			t.Fatalf("new person: got %+v", snap)
		}
		p := newProfile("telegram", "42")
		p.ToleranceMinutes = 12
		ch := profile.Change{Profile: p, Dialog: []byte(`{"step":"ask_pain"}`), Append: []profile.Entry{entry(0), entry(1)}}
		mustSave(t, e, snap, ch)

		got := mustLoad(t, e, "telegram", "42")
		p.ID = "telegram:42"
		if !got.Exists || got.Version != 1 || got.ProfileID != "telegram:42" {
			t.Fatalf("after save: exists=%v version=%d id=%q", got.Exists, got.Version, got.ProfileID)
		}
		if g, w := jsonOf(t, got.Profile), jsonOf(t, p); g != w {
			t.Errorf("profile:\n got %s\nwant %s", g, w)
		}
		if string(got.Dialog) != `{"step":"ask_pain"}` {
			t.Errorf("dialog = %q", got.Dialog)
		}
		if g, w := jsonOf(t, logOf(t, got)), jsonOf(t, ch.Append); g != w {
			t.Errorf("log:\n got %s\nwant %s", g, w)
		}
		id, err := e.rdb.Get(ctxT(t), e.prefix+":id:telegram:42").Result()
		if err != nil || id != "telegram:42" {
			t.Errorf("identity key = %q, %v", id, err)
		}
	})
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestVersionIncrementsAndConflict(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{})
		p := newProfile("discord", "7")
		for want := int64(0); want < 4; want++ {
			snap := mustLoad(t, e, "discord", "7")
			if snap.Version != want {
				t.Fatalf("version = %d, want %d", snap.Version, want)
			}
			mustSave(t, e, snap, profile.Change{Profile: p})
		}

		stale := mustLoad(t, e, "discord", "7")
		fresh := stale
		mustSave(t, e, fresh, profile.Change{Profile: p, Dialog: []byte("winner")})
		err := e.st.Save(ctxT(t), stale, profile.Change{Profile: p, Dialog: []byte("loser"), Append: []profile.Entry{entry(9)}})
		if !errors.Is(err, profile.ErrConflict) {
			t.Fatalf("stale save: err = %v, want ErrConflict", err)
		}
		got := mustLoad(t, e, "discord", "7")
		if got.Version != 5 || string(got.Dialog) != "winner" || len(logOf(t, got)) != 0 {
			t.Fatalf("after conflict: version=%d dialog=%q log=%d", got.Version, got.Dialog, len(logOf(t, got)))
		}

		// A second "first save" of a new person conflicts too.
		err = e.st.Save(ctxT(t), profile.Snapshot{ProfileID: "discord:7"}, profile.Change{Profile: p})
		if !errors.Is(err, profile.ErrConflict) {
			t.Fatalf("second first save: err = %v, want ErrConflict", err)
		}
	})
}

func TestConcurrentSavesLoseNothing(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{})
		const n = 20
		ctx := ctxT(t)
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for attempt := 0; ; attempt++ {
					if attempt > 1000 {
						errs <- fmt.Errorf("worker %d: too many conflicts", i)
						return
					}
					snap, err := e.st.Load(ctx, "telegram", "1")
					if err != nil {
						errs <- err
						return
					}
					p := snap.Profile
					if !snap.Exists {
						p = newProfile("telegram", "1")
					}
					p.ToleranceMinutes++
					err = e.st.Save(ctx, snap, profile.Change{Profile: p, Append: []profile.Entry{entry(i)}})
					if errors.Is(err, profile.ErrConflict) {
						continue
					}
					if err != nil {
						errs <- err
					}
					return
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		got := mustLoad(t, e, "telegram", "1")
		if got.Profile.ToleranceMinutes != n || got.Version != n || len(logOf(t, got)) != n {
			t.Fatalf("counter=%d version=%d entries=%d, want %d each", got.Profile.ToleranceMinutes, got.Version, len(logOf(t, got)), n)
		}
		seen := map[time.Time]bool{}
		for _, en := range logOf(t, got) {
			seen[en.At] = true
		}
		if len(seen) != n {
			t.Fatalf("distinct entries = %d, want %d", len(seen), n)
		}
	})
}

func TestRoundTrips(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{})
		ctx := ctxT(t)
		// Warm up: the connection handshake and the script cache.
		if err := e.rdb.Ping(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		if err := e.st.LoadScripts(ctx); err != nil {
			t.Fatal(err)
		}
		// go-redis may open a second connection for the first pipeline:
		// warm that one up too.
		mustLoad(t, e, "telegram", "warm-up")
		// Warm every master with a Save and a Delete of a profile living
		// there. The hook counts a pipeline once even when it fans out to
		// several masters (in parallel: one round trip of latency).
		if _, ok := e.rdb.(*redis.ClusterClient); ok {
			for _, user := range usersOnEveryMaster(t, e, "warm") {
				snap := mustLoad(t, e, "telegram", user)
				mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", user)})
				if err := e.st.Delete(ctx, mustLoad(t, e, "telegram", user)); err != nil {
					t.Fatal(err)
				}
			}
		}

		e.rt.Reset()
		snap := mustLoad(t, e, "telegram", "5")
		if c := e.rt.Count(); c != 1 {
			t.Errorf("Load of a new person: %d round trips, want 1", c)
		}
		e.rt.Reset()
		mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "5"), Dialog: []byte("d"), Append: []profile.Entry{entry(0)}})
		if c := e.rt.Count(); c != 1 {
			t.Errorf("first Save: %d round trips, want 1", c)
		}
		e.rt.Reset()
		snap = mustLoad(t, e, "telegram", "5")
		if c := e.rt.Count(); c != 1 {
			t.Errorf("Load of a known person: %d round trips, want 1", c)
		}
		e.rt.Reset()
		mustSave(t, e, snap, profile.Change{Profile: snap.Profile, Append: []profile.Entry{entry(1)}})
		if c := e.rt.Count(); c != 1 {
			t.Errorf("Save: %d round trips, want 1", c)
		}

		// A linked account costs a second round trip.
		if err := e.rdb.Set(ctx, e.prefix+":id:discord:9", "telegram:5", 0).Err(); err != nil {
			t.Fatal(err)
		}
		e.rt.Reset()
		linked := mustLoad(t, e, "discord", "9")
		if c := e.rt.Count(); c != 2 {
			t.Errorf("Load of a linked account: %d round trips, want 2", c)
		}
		if linked.ProfileID != "telegram:5" || !linked.Exists || linked.Version != 2 || len(logOf(t, linked)) != 2 {
			t.Errorf("linked: id=%q exists=%v version=%d log=%d", linked.ProfileID, linked.Exists, linked.Version, len(logOf(t, linked)))
		}

		// After the script cache is flushed, Save still works (EVAL
		// fallback: one more round trip).
		if err := e.rdb.ScriptFlush(ctx).Err(); err != nil {
			t.Fatal(err)
		}
		e.rt.Reset()
		mustSave(t, e, linked, profile.Change{Profile: linked.Profile, Append: []profile.Entry{entry(2)}})
		if c := e.rt.Count(); c != 2 {
			t.Errorf("Save after SCRIPT FLUSH: %d round trips, want 2", c)
		}
		if got := mustLoad(t, e, "telegram", "5"); got.Version != 3 || len(logOf(t, got)) != 3 {
			t.Errorf("after fallback save: version=%d log=%d", got.Version, len(logOf(t, got)))
		}
	})
}

// usersOnEveryMaster returns telegram user ids whose profiles live on
// different masters, one per master of a cluster; one id on a single
// server.
func usersOnEveryMaster(t testing.TB, e *env, stem string) []string {
	t.Helper()
	cc, ok := e.rdb.(*redis.ClusterClient)
	if !ok {
		return []string{stem + "0"}
	}
	ctx := ctxT(t)
	var mu sync.Mutex
	masters := map[string]bool{}
	if err := cc.ForEachMaster(ctx, func(_ context.Context, m *redis.Client) error {
		mu.Lock()
		defer mu.Unlock()
		masters[m.Options().Addr] = false
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var users []string
	for i := 0; len(users) < len(masters) && i < 10_000; i++ {
		user := fmt.Sprint(stem, i)
		addr := masterOf(t, cc, e.prefix+":{p:"+profile.DerivedID("telegram", user)+"}:profile")
		if seen, ok := masters[addr]; ok && !seen {
			masters[addr] = true
			users = append(users, user)
		}
	}
	if len(users) != len(masters) {
		t.Fatalf("found profiles on %d of %d masters", len(users), len(masters))
	}
	return users
}

// masterOf is the address of the cluster master holding key.
func masterOf(t testing.TB, cc *redis.ClusterClient, key string) string {
	t.Helper()
	m, err := cc.MasterForKey(ctxT(t), key)
	if err != nil {
		t.Fatal(err)
	}
	return m.Options().Addr
}

// LoadScripts promises that, after it, the first Save costs one round
// trip: on a cluster, that must hold on every master (a pipelined SCRIPT
// LOAD would reach one master only).
func TestLoadScriptsEveryMaster(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{})
		ctx := ctxT(t)
		// Empty the script cache, but only of servers the tests started:
		// a shared server (REDIS_URL, REDIS_CLUSTER_URL) is left alone.
		_, cluster := e.rdb.(*redis.ClusterClient)
		if (cluster && os.Getenv("REDIS_CLUSTER_URL") == "") || (!cluster && os.Getenv("REDIS_URL") == "") {
			if err := e.rdb.ScriptFlush(ctx).Err(); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.st.LoadScripts(ctx); err != nil {
			t.Fatal(err)
		}
		var costly []string
		for _, user := range usersOnEveryMaster(t, e, "first") {
			snap := mustLoad(t, e, "telegram", user)
			e.rt.Reset()
			mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", user)})
			if c := e.rt.Count(); c != 1 {
				costly = append(costly, fmt.Sprintf("telegram:%s (%d round trips)", user, c))
			}
		}
		if len(costly) != 0 {
			t.Fatalf("first Save after LoadScripts: %v, want 1 round trip", costly)
		}
	})
}

// On a cluster, a person's identity key, profile keys and the reminder
// queue can live on three different masters: Save, Load, the reminder
// steps and Delete still work, and Delete leaves nothing of the person.
func TestClusterAcrossMasters(t *testing.T) {
	e := newEnv(t, redistest.NewCluster, store.Options{})
	cc := e.rdb.(*redis.ClusterClient)
	ctx := ctxT(t)
	queue := masterOf(t, cc, e.prefix+":{rem}:due")
	if lease := masterOf(t, cc, e.prefix+":{rem}:lease"); lease != queue {
		t.Fatalf("due queue on %s, leases on %s", queue, lease)
	}
	user := ""
	for i := 0; i < 1000 && user == ""; i++ {
		u := fmt.Sprint(i)
		id := masterOf(t, cc, e.prefix+":id:telegram:"+u)
		prof := masterOf(t, cc, e.prefix+":{p:telegram:"+u+"}:profile")
		if id != prof && id != queue && prof != queue {
			user = u
		}
	}
	if user == "" {
		t.Fatal("no user whose identity, profile and the queue are on three masters")
	}

	snap := mustLoad(t, e, "telegram", user)
	dueAt := t0.Add(time.Hour)
	p := newProfile("telegram", user)
	mustSave(t, e, snap, profile.Change{Profile: p, Dialog: []byte("d"), Append: []profile.Entry{entry(0)},
		Due: map[due.Kind]time.Time{due.Daily: dueAt}})
	snap = mustLoad(t, e, "telegram", user)
	if !snap.Exists || snap.Version != 1 || string(snap.Dialog) != "d" || len(logOf(t, snap)) != 1 {
		t.Fatalf("after Save: %+v", snap)
	}
	claims, err := e.st.Claim(ctx, dueAt, "r", time.Minute, 10)
	if err != nil || len(claims) != 1 || claims[0].ProfileID != snap.ProfileID {
		t.Fatalf("Claim = %+v, %v", claims, err)
	}
	if got, errs := e.st.CheckSends(ctx, claims, []int64{snap.Version}); got[0] != due.SendAllowed || errs[0] != nil {
		t.Fatalf("CheckSends = %v, %v", got, errs)
	}
	if err := e.st.EndSends(ctx, claims, []bool{true}, []due.Delivery{{Kind: due.Daily, Due: dueAt, Reason: due.ReasonSent, At: dueAt}})[0]; err != nil {
		t.Fatal(err)
	}
	if err := e.st.Complete(ctx, claims[0], "r", dueAt.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if at := queued(t, e, snap.ProfileID); !at.Equal(dueAt.Add(24 * time.Hour)) {
		t.Fatalf("next reminder %v", at)
	}
	if err := e.st.Delete(ctx, snap); err != nil {
		t.Fatal(err)
	}
	keys, err := redistest.Keys(ctx, e.rdb, e.prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if k != e.prefix+":{rem}:due" && k != e.prefix+":{rem}:lease" {
			t.Errorf("key %q left after Delete", k)
		}
	}
	if got := mustLoad(t, e, "telegram", user); got.Exists {
		t.Errorf("after Delete: %+v", got)
	}
}

func TestLogCap(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{LogCap: 5, LogRead: 3})
		p := newProfile("telegram", "3")
		next := 0
		for _, n := range []int{2, 4, 3} { // 9 entries in all
			snap := mustLoad(t, e, "telegram", "3")
			var add []profile.Entry
			for range n {
				add = append(add, entry(next))
				next++
			}
			mustSave(t, e, snap, profile.Change{Profile: p, Append: add})
		}
		snap := mustLoad(t, e, "telegram", "3")
		if g, w := minutes(logOf(t, snap)), []int{6, 7, 8}; !slices.Equal(g, w) {
			t.Errorf("Load log = %v, want %v", g, w)
		}
		all, err := e.st.History(ctxT(t), snap.ProfileID)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := minutes(all), []int{4, 5, 6, 7, 8}; !slices.Equal(g, w) {
			t.Errorf("History = %v, want %v", g, w)
		}
		none, err := e.st.History(ctxT(t), "nobody:0")
		if err != nil || len(none) != 0 {
			t.Errorf("History of nobody = %v, %v", none, err)
		}
	})
}

func minutes(log []profile.Entry) []int {
	var out []int
	for _, e := range log {
		out = append(out, int(e.At.Sub(t0)/time.Minute))
	}
	return out
}

func TestDelete(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{})
		ctx := ctxT(t)
		p := newProfile("telegram", "8")
		p.Identities = append(p.Identities, profile.Identity{Platform: "discord", UserID: "80"}, profile.Identity{Platform: "discord", UserID: "81"})
		snap := mustLoad(t, e, "telegram", "8")
		mustSave(t, e, snap, profile.Change{Profile: p, Dialog: []byte("x"), Append: []profile.Entry{entry(0)}})
		snap = mustLoad(t, e, "telegram", "8")
		mustSave(t, e, snap, profile.Change{Profile: snap.Profile, Append: []profile.Entry{entry(1)}})

		// discord:81 has since been taken by another profile; someone
		// else's profile lives under the same prefix too.
		if err := e.rdb.Set(ctx, e.prefix+":id:discord:81", "slack:U1", 0).Err(); err != nil {
			t.Fatal(err)
		}
		other := mustLoad(t, e, "slack", "U1")
		mustSave(t, e, other, profile.Change{Profile: newProfile("slack", "U1")})

		snap = mustLoad(t, e, "discord", "80")
		if snap.ProfileID != "telegram:8" {
			t.Fatalf("discord:80 -> %q", snap.ProfileID)
		}
		if err := e.st.Delete(ctx, snap); err != nil {
			t.Fatal(err)
		}

		keys, err := redistest.Keys(ctx, e.rdb, e.prefix)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(keys)
		want := []string{
			e.prefix + ":id:discord:81",
			e.prefix + ":id:slack:U1",
			e.prefix + ":{p:slack:U1}:dialog",
			e.prefix + ":{p:slack:U1}:profile",
		}
		if !slices.Equal(keys, want) {
			t.Fatalf("keys after Delete:\n got %q\nwant %q", keys, want)
		}
		if id, _ := e.rdb.Get(ctx, e.prefix+":id:discord:81").Result(); id != "slack:U1" {
			t.Errorf("discord:81 -> %q, want slack:U1", id)
		}

		// Delete the other one too: nothing of either is left.
		other = mustLoad(t, e, "slack", "U1")
		if err := e.st.Delete(ctx, other); err != nil {
			t.Fatal(err)
		}
		keys, err = redistest.Keys(ctx, e.rdb, e.prefix)
		if err != nil {
			t.Fatal(err)
		}
		if len(keys) != 1 || keys[0] != e.prefix+":id:discord:81" {
			t.Fatalf("keys left: %q (only the link set by hand, not in the deleted snapshot, may remain)", keys)
		}
		if got := mustLoad(t, e, "telegram", "8"); got.Exists || got.Version != 0 || logOf(t, got) != nil {
			t.Errorf("after Delete: %+v", got)
		}
	})
}

func TestCorruptData(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{})
		ctx := ctxT(t)
		cases := []struct {
			name string
			set  func(id string) error
		}{
			{"profile", func(id string) error {
				return e.rdb.Set(ctx, e.prefix+":{p:"+id+"}:profile", `{"id": oops`, 0).Err()
			}},
			{"log", func(id string) error {
				// A profile from before the window: Load reads the list.
				if err := e.rdb.Set(ctx, e.prefix+":{p:"+id+"}:profile", `{"id": "`+id+`"}`, 0).Err(); err != nil {
					return err
				}
				return e.rdb.RPush(ctx, e.prefix+":{p:"+id+"}:log", `{"kind":"walk"}`, `not json`).Err()
			}},
			{"window", func(id string) error {
				return e.rdb.HSet(ctx, e.prefix+":{p:"+id+"}:dialog", "v", "3", "recent", "\x01\x02\x05cut").Err()
			}},
			{"version", func(id string) error {
				return e.rdb.HSet(ctx, e.prefix+":{p:"+id+"}:dialog", "v", "seven").Err()
			}},
		}
		for i, c := range cases {
			user := fmt.Sprint(100 + i)
			if err := c.set("telegram:" + user); err != nil {
				t.Fatal(err)
			}
			_, err := e.st.Load(ctx, "telegram", user)
			if err == nil {
				t.Errorf("%s: Load succeeded on corrupt data", c.name)
			} else if !strings.Contains(err.Error(), profile.LogID("telegram:"+user)) || strings.Contains(err.Error(), user) {
				t.Errorf("%s: error %q does not name the profile by its hash alone", c.name, err)
			}
		}
		var profSyn *gojson.SyntaxError // the profile's decoder
		_, err := e.st.Load(ctx, "telegram", "100")
		if !errors.As(err, &profSyn) {
			t.Errorf("corrupt profile: error %v does not wrap the JSON error", err)
		}
		var syn *json.SyntaxError
		if _, err := e.st.History(ctx, "telegram:101"); !errors.As(err, &syn) {
			t.Errorf("corrupt log: History error %v does not wrap the JSON error", err)
		}
	})
}

func TestSaveRejectsMismatchedID(t *testing.T) {
	e := newEnv(t, func(t testing.TB) redis.UniversalClient { return redistest.NewEmbedded(t) }, store.Options{})
	p := newProfile("telegram", "1")
	p.ID = "telegram:2"
	if err := e.st.Save(ctxT(t), profile.Snapshot{ProfileID: "telegram:1"}, profile.Change{Profile: p}); err == nil {
		t.Fatal("Save with a different profile id succeeded")
	}
	if err := e.st.Save(ctxT(t), profile.Snapshot{}, profile.Change{Profile: p}); err == nil {
		t.Fatal("Save without a profile id succeeded")
	}
}

func TestConnectEmbedded(t *testing.T) {
	rdb, embedded, closeFn, err := store.Connect(ctxT(t), "")
	if err != nil {
		t.Fatal(err)
	}
	if !embedded {
		t.Error("embedded = false")
	}
	st := store.New(rdb, store.Options{})
	snap, err := st.Load(ctxT(t), "telegram", "1")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Save(ctxT(t), snap, profile.Change{Profile: newProfile("telegram", "1")}); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Load(ctxT(t), "telegram", "1"); err != nil || !got.Exists {
		t.Fatalf("Load after Save: %+v, %v", got, err)
	}
	if err := closeFn(); err != nil {
		t.Fatal(err)
	}
}

func TestConnectReal(t *testing.T) {
	real := redistest.NewReal(t)
	url := "redis://" + real.Options().Addr
	rdb, embedded, closeFn, err := store.Connect(ctxT(t), url)
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	if embedded {
		t.Error("embedded = true")
	}
	if err := rdb.Ping(ctxT(t)).Err(); err != nil {
		t.Fatal(err)
	}
}

func TestConnectBadURL(t *testing.T) {
	for _, url := range []string{"http://localhost:6379", "redis://localhost:notaport", "redis://127.0.0.1:1"} {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		start := time.Now()
		rdb, _, closeFn, err := store.Connect(ctx, url)
		cancel()
		if err == nil {
			closeFn()
			t.Errorf("Connect(%q) succeeded", url)
			continue
		}
		if rdb != nil || closeFn != nil {
			t.Errorf("Connect(%q) returned a client with error %v", url, err)
		}
		t.Logf("Connect(%q) after %v: %v", url, time.Since(start).Round(time.Millisecond), err)
	}
}

func TestConnectRedactsPassword(t *testing.T) {
	for _, url := range []string{"redis://user:s3cret@127.0.0.1:1/0", "redis://user:s3cret@localhost:notaport"} {
		_, _, _, err := store.Connect(ctxT(t), url)
		if err == nil {
			t.Fatalf("Connect(%q) succeeded", url)
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("error shows the password: %v", err)
		}
	}
}

func TestConnectRespectsContext(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, _, err := store.Connect(ctx, "redis://127.0.0.1:1")
	if err == nil {
		t.Fatal("Connect succeeded")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Connect took %v after the context ended", d)
	}
}

func BenchmarkSaveLoad(b *testing.B) {
	for _, be := range redistest.Backends() {
		b.Run(be.Name, func(b *testing.B) {
			e := newEnv(b, be.New, store.Options{})
			ctx := context.Background()
			if err := e.st.LoadScripts(ctx); err != nil {
				b.Fatal(err)
			}
			e.rt.Reset()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				snap, err := e.st.Load(ctx, "telegram", "1")
				if err != nil {
					b.Fatal(err)
				}
				p := snap.Profile
				p.ToleranceMinutes++
				if err := e.st.Save(ctx, snap, profile.Change{Profile: p, Dialog: []byte(`{"step":1}`), Append: []profile.Entry{entry(i)}}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(e.rt.Count())/float64(b.N), "roundtrips/op")
		})
	}
}

// A profile saved before the window (its whole log in the list, as JSON)
// is read as before, and the first Save that appends moves the newest
// entries into the window: nothing lost, nothing twice, order kept.
func TestLegacyLogMovesIntoTheWindow(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{LogRead: 4})
		ctx := ctxT(t)
		id := "telegram:77"
		p := newProfile("telegram", "77")
		p.ID = id
		raw, _ := json.Marshal(p)
		base := e.prefix + ":{p:" + id + "}:"
		var lines []any
		for i := range 6 {
			j, _ := json.Marshal(entry(i))
			lines = append(lines, j)
		}
		if err := e.rdb.Set(ctx, base+"profile", raw, 0).Err(); err != nil {
			t.Fatal(err)
		}
		if err := e.rdb.HSet(ctx, base+"dialog", "v", "5", "state", "").Err(); err != nil {
			t.Fatal(err)
		}
		if err := e.rdb.RPush(ctx, base+"log", lines...).Err(); err != nil {
			t.Fatal(err)
		}

		snap := mustLoad(t, e, "telegram", "77")
		if g, w := minutes(logOf(t, snap)), []int{2, 3, 4, 5}; !slices.Equal(g, w) || snap.Version != 5 {
			t.Fatalf("legacy Load: log %v version %d, want %v version 5", g, snap.Version, w)
		}
		mustSave(t, e, snap, profile.Change{Profile: snap.Profile}) // nothing appended: the window moves all the same
		e.rt.Reset()
		snap = mustLoad(t, e, "telegram", "77")
		if n := e.rt.Count(); n != 1 || snap.Legacy {
			t.Errorf("Load after a save without entries: %d round trips, legacy %v; want 1, false", n, snap.Legacy)
		}
		mustSave(t, e, snap, profile.Change{Profile: snap.Profile, Append: []profile.Entry{entry(6)}})

		e.rt.Reset()
		snap = mustLoad(t, e, "telegram", "77")
		if n := e.rt.Count(); n != 1 {
			t.Errorf("Load after the move: %d round trips, want 1", n)
		}
		if g, w := minutes(logOf(t, snap)), []int{3, 4, 5, 6}; !slices.Equal(g, w) || snap.LegacyLog != 0 {
			t.Errorf("after the move: window %v (legacy %d), want %v", g, snap.LegacyLog, w)
		}
		all, err := e.st.History(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := minutes(all), []int{0, 1, 2, 3, 4, 5, 6}; !slices.Equal(g, w) {
			t.Errorf("History = %v, want %v", g, w)
		}
	})
}

// Load costs one round trip and reads no more than the window, however
// long the history: the list of older entries stays in Redis.
func TestLoadReadsOnlyTheWindow(t *testing.T) {
	e := newEnv(t, func(t testing.TB) redis.UniversalClient { return redistest.New(t) }, store.Options{LogRead: 10})
	snap := mustLoad(t, e, "telegram", "5")
	var add []profile.Entry
	for i := range 900 {
		add = append(add, entry(i))
	}
	mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "5"), Append: add})
	cmds := &commandNames{}
	e.rdb.AddHook(cmds)
	e.rt.Reset()
	snap = mustLoad(t, e, "telegram", "5")
	if n := e.rt.Count(); n != 1 {
		t.Errorf("Load: %d round trips, want 1", n)
	}
	if g := minutes(logOf(t, snap)); len(g) != 10 || g[0] != 890 || g[9] != 899 {
		t.Errorf("window %v, want 890..899", g)
	}
	for _, name := range cmds.seen() {
		if name == "lrange" {
			t.Errorf("Load read the list of older entries: %v", cmds.seen())
		}
	}
	all, err := e.st.History(ctxT(t), snap.ProfileID)
	if err != nil || len(all) != 900 || minutes(all)[0] != 0 {
		t.Errorf("History: %d entries, %v", len(all), err)
	}
}

// commandNames records the names of the commands a client sends.
type commandNames struct {
	mu    sync.Mutex
	names []string
}

func (c *commandNames) seen() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.names)
}

func (c *commandNames) DialHook(next redis.DialHook) redis.DialHook { return next }

func (c *commandNames) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		c.mu.Lock()
		c.names = append(c.names, cmd.Name())
		c.mu.Unlock()
		return next(ctx, cmd)
	}
}

func (c *commandNames) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		c.mu.Lock()
		for _, cmd := range cmds {
			c.names = append(c.names, cmd.Name())
		}
		c.mu.Unlock()
		return next(ctx, cmds)
	}
}

// Save writes the profile only when it changed, and sees a change made
// through a slice the loaded snapshot shares.
func TestSaveWritesTheProfileOnlyWhenChanged(t *testing.T) {
	e := newEnv(t, func(t testing.TB) redis.UniversalClient { return redistest.New(t) }, store.Options{})
	ctx := ctxT(t)
	snap := mustLoad(t, e, "telegram", "9")
	mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "9")})
	key := e.prefix + ":{p:telegram:9}:profile"
	raw, err := e.rdb.Get(ctx, key).Result()
	if err != nil {
		t.Fatal(err)
	}
	spaced := strings.Replace(raw, `"lang":`, `"lang" :`, 1) // same profile, other bytes
	if err := e.rdb.Set(ctx, key, spaced, 0).Err(); err != nil {
		t.Fatal(err)
	}

	snap = mustLoad(t, e, "telegram", "9")
	mustSave(t, e, snap, profile.Change{Profile: snap.Profile, Dialog: []byte(`{"step":"x"}`)})
	if got, _ := e.rdb.Get(ctx, key).Result(); got != spaced {
		t.Errorf("an unchanged profile was written again:\n%s", got)
	}

	snap = mustLoad(t, e, "telegram", "9")
	p := snap.Profile
	p.Channels[0].ChatID = "moved" // shares its array with snap.Profile
	mustSave(t, e, snap, profile.Change{Profile: p})
	if got := mustLoad(t, e, "telegram", "9"); got.Profile.Channels[0].ChatID != "moved" {
		t.Errorf("a change through a shared slice was lost: %+v", got.Profile.Channels)
	}
}

// logOf is the snapshot's window, decoded.
func logOf(t testing.TB, snap profile.Snapshot) []profile.Entry {
	t.Helper()
	es, err := snap.Entries()
	if err != nil {
		t.Fatalf("decode the window: %v", err)
	}
	return es
}

// The store reads and writes profiles with go-json; it must agree byte
// for byte with encoding/json, which wrote every profile before, on a
// profile with every field set and on an empty one.
func TestProfileJSONMatchesEncodingJSON(t *testing.T) {
	at := time.Date(2026, 11, 26, 7, 0, 0, 123, time.UTC)
	full := newProfile("telegram", "1")
	full.ID = "telegram:1"
	full.LangChosen = true
	full.Disclaimer = at
	full.Onboarded = true
	full.Settings.Place = plan.Outdoors
	full.Settings.Nudge = true
	full.Settings.NoFollowUps = true
	full.Settings.Weekly = profile.WeeklySummary{Day: time.Monday}
	full.Channels[0].Unreachable = true
	full.BaselineLeg, full.BaselineBack, full.ToleranceMinutes = 4, 3, 10
	full.Dose = plan.Dose{Minutes: 12, SessionsPerWeek: 4, Pace: 1, InclinePct: 2, ShortMinutes: 6}
	full.Doses = []plan.DoseChange{{At: at, Dose: full.Dose, Rule: plan.RuleProgress}}
	full.LastRule = plan.RuleProgress
	full.Day = profile.NewDayPlan("2026-11-26", at, plan.Decision{Rule: plan.RuleHold, Dose: full.Dose, Session: true,
		Reason: plan.Reason{Code: "hold", Pain: 3, Baseline: 3, WalkPeak: -1, FromMinutes: 12, Days: 2, Short: 6}})
	full.LimbAsked = at
	full.Pause = profile.Pause{Active: true, Since: at, Until: at.Add(time.Hour), Rule: plan.RuleStopFlare, Flare: true, Why: profile.WhyPain, FollowUpsEnded: true}
	full.RedFlags = profile.RedFlagCheck{At: at, Urgent: true, Doctor: true}
	full.Snooze = at
	full.RemindVia = "discord"
	full.LinkCode = "ABCDEF"
	for _, p := range []profile.Profile{full, {}} {
		std, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		gj, err := gojson.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if string(std) != string(gj) {
			t.Errorf("encodings differ:\nencoding/json %s\ngo-json       %s", std, gj)
		}
		var a, b profile.Profile
		if err := json.Unmarshal(std, &a); err != nil {
			t.Fatal(err)
		}
		if err := gojson.Unmarshal(std, &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("decodings differ:\nencoding/json %+v\ngo-json       %+v", a, b)
		}
	}
}

// A profile saved without any entry (just onboarded) still loads in one
// round trip: its first save writes an empty window.
func TestNewProfileWithoutEntriesLoadsInOneRoundTrip(t *testing.T) {
	e := newEnv(t, func(t testing.TB) redis.UniversalClient { return redistest.New(t) }, store.Options{})
	snap := mustLoad(t, e, "telegram", "11")
	mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "11")})
	e.rt.Reset()
	snap = mustLoad(t, e, "telegram", "11")
	if n := e.rt.Count(); n != 1 || !snap.Exists || snap.Legacy || len(logOf(t, snap)) != 0 {
		t.Errorf("Load: %d round trips, exists %v, legacy %v, %d entries; want 1, true, false, 0", n, snap.Exists, snap.Legacy, len(logOf(t, snap)))
	}
	if _, err := e.st.LoadProfile(ctxT(t), snap.ProfileID); err != nil {
		t.Fatal(err)
	}
}
