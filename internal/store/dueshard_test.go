package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
	"treadwell/internal/profile"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// The queue is spread over the shards by a stable hash of the profile
// id: a hundred people use every shard, a person's reminders of every
// kind share one, and one claim takes from all of them, in order of due
// instant.
func TestDueShards(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		const n = 100
		used := map[int]bool{}
		for i := range n {
			id := queueDaily(t, e, fmt.Sprint(i), t0.Add(-time.Duration(i)*time.Second))
			used[store.DueShard(id)] = true
			q, _ := store.DueKeys(e.prefix, store.DueShard(id))
			if _, err := e.rdb.ZScore(ctx, q, id).Result(); err != nil {
				t.Fatalf("%s not in its shard %s: %v", id, q, err)
			}
		}
		if len(used) != store.DueShards {
			t.Fatalf("%d people in %d of %d shards", n, len(used), store.DueShards)
		}
		snap := mustLoad(t, e, "telegram", "0")
		mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "0"), Due: map[due.Kind]time.Time{due.Nudge: t0.Add(time.Hour)}})
		q, _ := store.DueKeys(e.prefix, store.DueShard(snap.ProfileID))
		if _, err := e.rdb.ZScore(ctx, q, snap.ProfileID+"#nudge").Result(); err != nil {
			t.Fatalf("the nudge is not in the daily reminder's shard: %v", err)
		}
		got, err := e.st.Claim(ctx, t0, "r", time.Minute, 1000)
		if err != nil || len(got) != n {
			t.Fatalf("claimed %d (%v), want %d", len(got), err, n)
		}
		for i := 1; i < len(got); i++ {
			if got[i].Due.Before(got[i-1].Due) {
				t.Fatalf("claim %d due %v before claim %d due %v", i, got[i].Due, i-1, got[i-1].Due)
			}
		}
		if !got[0].Due.Equal(t0.Add(-(n - 1) * time.Second)) {
			t.Fatalf("first claim due %v, want the oldest", got[0].Due)
		}
		// A bounded claim takes no more than asked (an equal share of
		// each shard), and the next ones take the rest.
		for i := range 40 {
			queueDaily(t, e, fmt.Sprint("more", i), t0)
		}
		total := 0
		for round := 0; total < 40; round++ {
			some, err := e.st.Claim(ctx, t0, "r", time.Minute, 20)
			if err != nil || len(some) == 0 || len(some) > 20 || round == 10 {
				t.Fatalf("round %d claimed %d (%v) with %d of 40 claimed, want 1 to 20", round, len(some), err, total)
			}
			total += len(some)
		}
		for _, max := range []int{1, 3} {
			queueDaily(t, e, fmt.Sprint("small", max), t0)
			queueDaily(t, e, fmt.Sprint("small", max, "b"), t0)
			if some, err := e.st.Claim(ctx, t0, "r", time.Minute, max); err != nil || len(some) != max { // with max 3: the two new and the one given back by the claim of 1
				t.Fatalf("claim of %d took %d (%v)", max, len(some), err)
			}
		}
	})
}

// A replica that dies holding a claim leaves the entry to come back by
// itself when the lease ends, at its own due instant (the composer
// checks it against the schedule); pruning leases keeps that instant.
func TestLeaseEndsWithDueInstant(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		id := queueDaily(t, e, "x", t0)
		first, err := e.st.Claim(ctx, t0, "dead", time.Minute, 10)
		if err != nil || len(first) != 1 {
			t.Fatalf("Claim = %+v, %v", first, err)
		}
		if again, _ := e.st.Claim(ctx, t0.Add(59*time.Second), "r", time.Minute, 10); len(again) != 0 {
			t.Fatalf("claimed under a live lease: %+v", again)
		}
		if n, err := e.st.PruneLeases(ctx, t0.Add(2*time.Minute)); err != nil || n != 0 {
			t.Fatalf("pruned %d (%v): the lease of an entry not claimed since keeps its due instant", n, err)
		}
		again, err := e.st.Claim(ctx, t0.Add(2*time.Minute), "r", time.Minute, 10)
		if err != nil || len(again) != 1 || again[0].ProfileID != id || !again[0].Due.Equal(t0) {
			t.Fatalf("after the lease: %+v (%v), want the reminder due at %v", again, err, t0)
		}
		if err := e.st.Complete(ctx, first[0], "dead", t0.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if at := queued(t, e, id); !at.Equal(again[0].LeaseEnd) {
			t.Fatalf("the dead replica's late complete moved the entry to %v", at)
		}
		if err := e.st.Complete(ctx, again[0], "r", t0.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if at := queued(t, e, id); !at.Equal(t0.Add(24 * time.Hour)) {
			t.Fatalf("next = %v", at)
		}
	})
}

// An upgrade from the single-key queue loses no reminder: entries left
// in <prefix>:{rem}:due are moved into the shards by the claims and
// claimed at their due instant, one an older replica holds under a live
// lease is left to it until that lease ends, a rescheduled person leaves
// the old key, and the old key ends empty.
func TestLegacyQueueDrained(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		lq, ll := store.LegacyDueKeys(e.prefix)
		ids := map[string]string{}
		for _, u := range []string{"due", "later", "held", "moved"} {
			ids[u] = queueDaily(t, e, u, time.Time{}) // a profile, not queued
		}
		// As the version before the sharding wrote them.
		legacy := func(id string, at time.Time) {
			if err := e.rdb.ZAdd(ctx, lq, redis.Z{Score: float64(at.UnixMilli()), Member: id}).Err(); err != nil {
				t.Fatal(err)
			}
		}
		legacy(ids["due"], t0)
		legacy(ids["later"], t0.Add(time.Hour))
		legacy(ids["held"], t0)
		legacy(ids["moved"], t0)
		heldUntil := t0.Add(30 * time.Second)
		if err := e.rdb.HSet(ctx, ll, ids["held"], fmt.Sprintf("old|%d", heldUntil.UnixMilli())).Err(); err != nil {
			t.Fatal(err)
		}
		queueDaily(t, e, "moved", t0.Add(2*time.Hour)) // rescheduled by this version

		// The first round moves what is free; the next claims it.
		claimed := map[string]time.Time{}
		for range 3 {
			got, err := e.st.Claim(ctx, t0, "r", time.Minute, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range got {
				claimed[c.ProfileID] = c.Due
			}
		}
		if len(claimed) != 1 || !claimed[ids["due"]].Equal(t0) {
			t.Fatalf("claimed %v, want only %s at %v", claimed, ids["due"], t0)
		}
		if at := queued(t, e, ids["later"]); !at.Equal(t0.Add(time.Hour)) {
			t.Fatalf("later queued at %v", at)
		}
		if at := queued(t, e, ids["moved"]); !at.Equal(t0.Add(2 * time.Hour)) {
			t.Fatalf("moved queued at %v, want its new time", at)
		}
		if n, _ := e.rdb.ZScore(ctx, lq, ids["held"]).Result(); n != float64(t0.UnixMilli()) {
			t.Fatal("the entry an older replica holds left the old key")
		}
		// The older replica's lease ends: the entry moves and is claimed.
		after := heldUntil.Add(time.Second)
		for range 2 {
			got, err := e.st.Claim(ctx, after, "r", time.Minute, 100)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range got {
				claimed[c.ProfileID] = c.Due
			}
		}
		if !claimed[ids["held"]].Equal(t0) {
			t.Fatalf("claimed %v, want %s at %v too", claimed, ids["held"], t0)
		}
		if n, _ := e.rdb.Exists(ctx, lq, ll).Result(); n != 0 {
			left, _ := e.rdb.ZRangeWithScores(ctx, lq, 0, -1).Result()
			t.Fatalf("old queue not drained: %v", left)
		}
	})
}

// On a Redis Cluster the shards spread over the masters, and the queue
// works across them: claims from every shard, completion, leases.
func TestDueQueueClusterSpread(t *testing.T) {
	e := newEnv(t, redistest.NewCluster, store.Options{})
	cc := e.rdb.(*redis.ClusterClient)
	ctx := ctxT(t)
	masters := map[string]bool{}
	for n := range store.DueShards {
		q, l := store.DueKeys(e.prefix, n)
		m := masterOf(t, cc, q)
		if lm := masterOf(t, cc, l); lm != m {
			t.Fatalf("shard %d: due on %s, lease on %s", n, m, lm)
		}
		masters[m] = true
	}
	if len(masters) < 2 {
		t.Fatalf("the %d shards are all on one master", store.DueShards)
	}
	const n = 200
	ids := map[string]bool{}
	for i := range n {
		ids[queueDaily(t, e, fmt.Sprint(i), t0)] = true
	}
	got, err := e.st.Claim(ctx, t0, "r", time.Minute, 1000)
	if err != nil || len(got) != n {
		t.Fatalf("claimed %d (%v), want %d", len(got), err, n)
	}
	next := make([]time.Time, n)
	for i := range next {
		next[i] = t0.Add(24 * time.Hour)
	}
	sent := make([]bool, n)
	for i, c := range got {
		if !ids[c.ProfileID] {
			t.Fatalf("claimed unknown %s", c.ProfileID)
		}
		sent[i] = i%2 == 0
	}
	checks, errs := e.st.CheckSends(ctx, got, make([]int64, n)) // saved once: version 1
	for i := range checks {
		if checks[i] != due.SendChanged || errs[i] != nil {
			t.Fatalf("CheckSends[%d] = %v, %v, want changed since version 0", i, checks[i], errs[i])
		}
	}
	versions := make([]int64, n)
	for i := range versions {
		versions[i] = 1
	}
	checks, errs = e.st.CheckSends(ctx, got, versions)
	for i := range checks {
		if checks[i] != due.SendAllowed || errs[i] != nil {
			t.Fatalf("CheckSends[%d] = %v, %v", i, checks[i], errs[i])
		}
	}
	for i, err := range e.st.Finish(ctx, "r", got, next, sent, nil) {
		if err != nil {
			t.Fatalf("Finish[%d]: %v", i, err)
		}
	}
	for id := range ids {
		if at := queued(t, e, id); !at.Equal(t0.Add(24 * time.Hour)) {
			t.Fatalf("%s next = %v", id, at)
		}
	}
	if again, _ := e.st.Claim(ctx, t0.Add(2*time.Minute), "r", time.Minute, 1000); len(again) != 0 {
		t.Fatalf("claimed again after Finish: %d", len(again))
	}
	if oldest, err := e.st.OldestDue(ctx); err != nil || !oldest.Equal(t0.Add(24*time.Hour)) {
		t.Fatalf("OldestDue = %v, %v", oldest, err)
	}
}
