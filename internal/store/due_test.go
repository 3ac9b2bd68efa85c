package store_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

func TestDueQueue(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		now := t0
		for i, id := range []string{"a", "b", "c"} {
			if err := e.st.Schedule(ctx, id, now.Add(time.Duration(i-1)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		// a (due a minute ago) and b (due now) are due; c is not.
		got, err := e.st.Claim(ctx, now, "r1", time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ProfileID != "a" || !got[0].Due.Equal(now.Add(-time.Minute)) || got[1].ProfileID != "b" {
			t.Fatalf("claims = %+v", got)
		}
		// Leased: another replica gets nothing until the lease ends.
		if other, _ := e.st.Claim(ctx, now.Add(30*time.Second), "r2", time.Minute, 10); len(other) != 0 {
			t.Fatalf("r2 claimed leased entries: %+v", other)
		}
		if other, _ := e.st.Claim(ctx, now.Add(61*time.Second), "r2", time.Minute, 10); len(other) != 3 {
			t.Fatalf("after the lease r2 got %+v, want a, b and c", other)
		}
		// Completing moves the entry on and frees it.
		next := now.Add(24 * time.Hour)
		if err := e.st.Complete(ctx, got[0], "r2", next); err != nil {
			t.Fatal(err)
		}
		if at, _ := e.st.NextReminder(ctx, "a"); !at.Equal(next) {
			t.Fatalf("a next = %v, want %v", at, next)
		}
		// An entry rescheduled meanwhile (settings changed) keeps its new time.
		moved := now.Add(3 * time.Hour)
		if err := e.st.Schedule(ctx, "b", moved); err != nil {
			t.Fatal(err)
		}
		if err := e.st.Complete(ctx, got[1], "r2", next); err != nil {
			t.Fatal(err)
		}
		if at, _ := e.st.NextReminder(ctx, "b"); !at.Equal(moved) {
			t.Fatalf("b next = %v, want the rescheduled %v", at, moved)
		}
		// Zero removes.
		if err := e.st.Schedule(ctx, "c", time.Time{}); err != nil {
			t.Fatal(err)
		}
		if at, _ := e.st.NextReminder(ctx, "c"); !at.IsZero() {
			t.Fatalf("c still queued at %v", at)
		}
	})
}

func TestSendMarks(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		due := t0
		ok, err := e.st.BeginSend(ctx, store.Claim{ProfileID: "p", Due: due}, t0, "r1", time.Minute)
		if err != nil || !ok {
			t.Fatalf("first BeginSend = %v, %v", ok, err)
		}
		if ok, _ := e.st.BeginSend(ctx, store.Claim{ProfileID: "p", Due: due}, t0.Add(time.Second), "r2", time.Minute); ok {
			t.Fatal("a second replica may send while the first holds the mark")
		}
		// r1 died: after the hold, another may send.
		if ok, _ := e.st.BeginSend(ctx, store.Claim{ProfileID: "p", Due: due}, t0.Add(2*time.Minute), "r2", time.Minute); !ok {
			t.Fatal("mark not released after its hold")
		}
		if err := e.st.EndSend(ctx, store.Claim{ProfileID: "p", Due: due}, true); err != nil {
			t.Fatal(err)
		}
		if ok, _ := e.st.BeginSend(ctx, store.Claim{ProfileID: "p", Due: due}, t0.Add(time.Hour), "r3", time.Minute); ok {
			t.Fatal("a sent reminder may be sent again")
		}
		// A failed send gives the mark back.
		other := due.Add(24 * time.Hour)
		e.st.BeginSend(ctx, store.Claim{ProfileID: "p", Due: other}, other, "r1", time.Minute)
		if err := e.st.EndSend(ctx, store.Claim{ProfileID: "p", Due: other}, false); err != nil {
			t.Fatal(err)
		}
		if ok, _ := e.st.BeginSend(ctx, store.Claim{ProfileID: "p", Due: other}, other, "r2", time.Minute); !ok {
			t.Fatal("a failed send cannot be retried")
		}
	})
}

// /delete takes the reminder entry and sent marks with the profile.
func TestDeleteRemovesReminders(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "9")
		due := t0.Add(time.Hour)
		if err := e.st.Save(ctx, snap, store.Change{Profile: newProfile("telegram", "9"), Due: map[store.Kind]time.Time{store.Daily: due}}); err != nil {
			t.Fatal(err)
		}
		if at, _ := e.st.NextReminder(ctx, snap.ProfileID); !at.Equal(due) {
			t.Fatalf("Save did not queue the reminder: %v", at)
		}
		e.st.BeginSend(ctx, store.Claim{ProfileID: snap.ProfileID, Due: due}, due, "r", time.Minute)
		e.st.Claim(ctx, due, "r", time.Minute, 10)
		if err := e.st.Delete(ctx, mustLoad(t, e, "telegram", "9")); err != nil {
			t.Fatal(err)
		}
		keys, _ := redistest.Keys(ctx, e.rdb, e.prefix)
		for _, k := range keys {
			if k != e.prefix+":{rem}:due" && k != e.prefix+":{rem}:lease" {
				t.Fatalf("key %q left after Delete", k)
			}
		}
		if at, _ := e.st.NextReminder(ctx, snap.ProfileID); !at.IsZero() {
			t.Fatal("reminder still queued after Delete")
		}
		if n, _ := e.rdb.HLen(ctx, e.prefix+":{rem}:lease").Result(); n != 0 {
			t.Fatal("lease left after Delete")
		}
	})
}

// A paused person gets no reminder: the pause is read in the same atomic
// step that marks the send, so a /stop saved first always wins. A dated
// pause that has run out no longer holds.
func TestBeginSendRespectsPause(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "5")
		p := newProfile("telegram", "5")
		p.Pause = profile.NewPause(t0, plan.RuleStopFlare, true, time.Time{})
		if err := e.st.Save(ctx, snap, store.Change{Profile: p}); err != nil {
			t.Fatal(err)
		}
		if ok, err := e.st.BeginSend(ctx, store.Claim{ProfileID: snap.ProfileID, Due: t0}, t0.Add(time.Hour), "r", time.Minute); ok || err != nil {
			t.Fatalf("paused until /resume: BeginSend = %v, %v", ok, err)
		}
		snap = mustLoad(t, e, "telegram", "5")
		p.Pause = profile.NewPause(t0, plan.RuleStopFlare, true, t0.Add(72*time.Hour))
		if err := e.st.Save(ctx, snap, store.Change{Profile: p}); err != nil {
			t.Fatal(err)
		}
		if ok, _ := e.st.BeginSend(ctx, store.Claim{ProfileID: snap.ProfileID, Due: t0}, t0.Add(71*time.Hour), "r", time.Minute); ok {
			t.Fatal("paused for 3 days: sent after 71 hours")
		}
		if ok, _ := e.st.BeginSend(ctx, store.Claim{ProfileID: snap.ProfileID, Due: t0}, t0.Add(73*time.Hour), "r", time.Minute); !ok {
			t.Fatal("paused for 3 days: not sent after 73 hours")
		}
	})
}

func TestPruneLeases(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		e.st.Schedule(ctx, "a", t0)
		e.st.Schedule(ctx, "b", t0)
		e.st.Claim(ctx, t0, "r", time.Minute, 1)                     // a: lease to t0+1m
		e.st.Claim(ctx, t0.Add(30*time.Second), "r", time.Minute, 5) // b: lease to t0+1m30s
		e.st.Schedule(ctx, "a", time.Time{})                         // removed while claimed
		n, err := e.st.PruneLeases(ctx, t0.Add(70*time.Second))
		if err != nil || n != 1 {
			t.Fatalf("pruned %d (%v), want 1", n, err)
		}
		if left, _ := e.rdb.HKeys(ctx, e.prefix+":{rem}:lease").Result(); len(left) != 1 || left[0] != "b" {
			t.Fatalf("leases left: %v", left)
		}
	})
}
