package store_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
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
		id := map[string]string{}
		for i, user := range []string{"a", "b", "c"} {
			id[user] = queueDaily(t, e, user, now.Add(time.Duration(i-1)*time.Minute))
		}
		// a (due a minute ago) and b (due now) are due; c is not.
		got, err := e.st.Claim(ctx, now, "r1", time.Minute, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ProfileID != id["a"] || !got[0].Due.Equal(now.Add(-time.Minute)) || got[1].ProfileID != id["b"] {
			t.Fatalf("claims = %+v", got)
		}
		// Leased: another replica gets nothing until the lease ends.
		if other, _ := e.st.Claim(ctx, now.Add(30*time.Second), "r2", time.Minute, 10); len(other) != 0 {
			t.Fatalf("r2 claimed leased entries: %+v", other)
		}
		got, err = e.st.Claim(ctx, now.Add(61*time.Second), "r2", time.Minute, 10)
		if err != nil || len(got) != 3 || got[0].ProfileID != id["a"] || !got[0].Due.Equal(now.Add(-time.Minute)) || !got[1].Due.Equal(now) {
			t.Fatalf("after the lease r2 got %+v (%v), want a, b and c at their due instants", got, err)
		}
		// r1's claim was superseded by r2's: completing it moves nothing.
		if err := e.st.Complete(ctx, due.Claim{ProfileID: id["a"], Due: now.Add(-time.Minute), LeaseEnd: now.Add(time.Minute)}, "r1", now.Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		if at := queued(t, e, id["a"]); !at.Equal(got[0].LeaseEnd) {
			t.Fatalf("a queued at %v after a stale complete, want r2's lease end %v", at, got[0].LeaseEnd)
		}
		// Completing moves the entry on and frees it.
		next := now.Add(24 * time.Hour)
		if err := e.st.Complete(ctx, got[0], "r2", next); err != nil {
			t.Fatal(err)
		}
		if at := queued(t, e, id["a"]); !at.Equal(next) {
			t.Fatalf("a next = %v, want %v", at, next)
		}
		// An entry rescheduled meanwhile (settings changed) keeps its new time.
		moved := now.Add(3 * time.Hour)
		queueDaily(t, e, "b", moved)
		if err := e.st.Complete(ctx, got[1], "r2", next); err != nil {
			t.Fatal(err)
		}
		if at := queued(t, e, id["b"]); !at.Equal(moved) {
			t.Fatalf("b next = %v, want the rescheduled %v", at, moved)
		}
		// Zero removes.
		queueDaily(t, e, "c", time.Time{})
		if at := queued(t, e, id["c"]); !at.IsZero() {
			t.Fatalf("c still queued at %v", at)
		}
	})
}

// queueDaily saves telegram user's profile with its daily reminder due at
// (zero: off the queue), as the engine queues one, and returns its id.
func queueDaily(t testing.TB, e *env, user string, at time.Time) string {
	t.Helper()
	snap := mustLoad(t, e, "telegram", user)
	mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", user), Due: map[due.Kind]time.Time{due.Daily: at}})
	return snap.ProfileID
}

// queued is the instant a profile's daily reminder is queued for (zero:
// none), read from the queue the claims read.
func queued(t testing.TB, e *env, profileID string) time.Time {
	t.Helper()
	at, err := redistest.Queued(ctxT(t), e.rdb, e.prefix, profileID, due.Daily)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

func TestSendMarks(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "p")
		mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "p")})
		id := snap.ProfileID
		claim := func(dueAt, leaseEnd time.Time) due.Claim {
			return due.Claim{ProfileID: id, Due: dueAt, LeaseEnd: leaseEnd}
		}
		begin := func(c due.Claim, now time.Time, owner string) due.SendCheck {
			t.Helper()
			got, err := e.st.BeginSend(ctx, c, now, owner)
			if err != nil {
				t.Fatal(err)
			}
			return got
		}
		dueAt := t0
		if got := begin(claim(dueAt, t0.Add(time.Minute)), t0.Add(10*time.Second), "r1"); got != due.SendAllowed {
			t.Fatalf("first BeginSend = %v", got)
		}
		if got := begin(claim(dueAt, t0.Add(61*time.Second)), t0.Add(time.Second), "r2"); got != due.SendInProgress {
			t.Fatalf("a second replica while the first holds the mark: %v", got)
		}
		// r1 died mid-send: its mark lapses with its lease, not a lease
		// after it began sending, so whoever claims next may send.
		if got := begin(claim(dueAt, t0.Add(2*time.Minute)), t0.Add(time.Minute), "r2"); got != due.SendAllowed {
			t.Fatalf("mark not free when the lease ended: %v", got)
		}
		if err := e.st.EndSend(ctx, claim(dueAt, time.Time{}), "r2", true); err != nil {
			t.Fatal(err)
		}
		// r1 was only slow: its failure must not undo r2's done mark.
		if err := e.st.EndSend(ctx, claim(dueAt, time.Time{}), "r1", false); err != nil {
			t.Fatal(err)
		}
		if got := begin(claim(dueAt, t0.Add(2*time.Hour)), t0.Add(time.Hour), "r3"); got != due.SendAlreadyDone {
			t.Fatalf("a sent reminder: %v", got)
		}
		// A failed send gives the mark back.
		other := dueAt.Add(24 * time.Hour)
		begin(claim(other, other.Add(time.Minute)), other, "r1")
		if err := e.st.EndSend(ctx, claim(other, time.Time{}), "r1", false); err != nil {
			t.Fatal(err)
		}
		if got := begin(claim(other, other.Add(time.Minute)), other, "r2"); got != due.SendAllowed {
			t.Fatalf("a failed send cannot be retried: %v", got)
		}
		// The marks expire with their use.
		if ttl, _ := e.rdb.PTTL(ctx, e.prefix+":{p:"+id+"}:sent").Result(); ttl <= 0 || ttl > 7*24*time.Hour {
			t.Fatalf("sent marks TTL %v, want up to 7 days", ttl)
		}
	})
}

// A profile deleted while its reminder is being sent leaves nothing
// behind when the send ends, and a deleted profile is never marked.
func TestDeleteRacesASend(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "d")
		mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "d"), Due: map[due.Kind]time.Time{due.Daily: t0}})
		claims, err := e.st.Claim(ctx, t0, "r", time.Minute, 10)
		if err != nil || len(claims) != 1 {
			t.Fatalf("Claim = %+v, %v", claims, err)
		}
		if got, err := e.st.BeginSend(ctx, claims[0], t0, "r"); got != due.SendAllowed || err != nil {
			t.Fatalf("BeginSend = %v, %v", got, err)
		}
		if err := e.st.Delete(ctx, mustLoad(t, e, "telegram", "d")); err != nil {
			t.Fatal(err)
		}
		for _, sent := range []bool{true, false} {
			if err := e.st.EndSend(ctx, claims[0], "r", sent); err != nil {
				t.Fatal(err)
			}
		}
		if err := e.st.Complete(ctx, claims[0], "r", t0.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, err := e.st.BeginSend(ctx, claims[0], t0, "r2"); got != due.SendNoProfile || err != nil {
			t.Fatalf("BeginSend after delete = %v, %v", got, err)
		}
		if keys, _ := redistest.Keys(ctx, e.rdb, e.prefix); len(keys) != 0 {
			t.Fatalf("keys %q left after a delete raced a send", keys)
		}
	})
}

// /delete takes the reminder entry and sent marks with the profile.
func TestDeleteRemovesReminders(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "9")
		dueAt := t0.Add(time.Hour)
		if err := e.st.Save(ctx, snap, profile.Change{Profile: newProfile("telegram", "9"), Due: map[due.Kind]time.Time{due.Daily: dueAt}}); err != nil {
			t.Fatal(err)
		}
		if at := queued(t, e, snap.ProfileID); !at.Equal(dueAt) {
			t.Fatalf("Save did not queue the reminder: %v", at)
		}
		e.st.BeginSend(ctx, due.Claim{ProfileID: snap.ProfileID, Due: dueAt, LeaseEnd: dueAt.Add(time.Minute)}, dueAt, "r")
		e.st.Claim(ctx, dueAt, "r", time.Minute, 10)
		if err := e.st.Delete(ctx, mustLoad(t, e, "telegram", "9")); err != nil {
			t.Fatal(err)
		}
		// The queue keys go with their last entry and lease.
		if keys, _ := redistest.Keys(ctx, e.rdb, e.prefix); len(keys) != 0 {
			t.Fatalf("keys %q left after Delete", keys)
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
		if err := e.st.Save(ctx, snap, profile.Change{Profile: p}); err != nil {
			t.Fatal(err)
		}
		if got, err := e.st.BeginSend(ctx, due.Claim{ProfileID: snap.ProfileID, Due: t0}, t0.Add(time.Hour), "r"); got != due.SendPaused || err != nil {
			t.Fatalf("paused until /resume: BeginSend = %v, %v", got, err)
		}
		snap = mustLoad(t, e, "telegram", "5")
		p.Pause = profile.NewPause(t0, plan.RuleStopFlare, true, t0.Add(72*time.Hour))
		if err := e.st.Save(ctx, snap, profile.Change{Profile: p}); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.st.BeginSend(ctx, due.Claim{ProfileID: snap.ProfileID, Due: t0}, t0.Add(71*time.Hour), "r"); got != due.SendPaused {
			t.Fatal("paused for 3 days: sent after 71 hours")
		}
		if got, _ := e.st.BeginSend(ctx, due.Claim{ProfileID: snap.ProfileID, Due: t0, LeaseEnd: t0.Add(74 * time.Hour)}, t0.Add(73*time.Hour), "r"); got != due.SendAllowed {
			t.Fatal("paused for 3 days: not sent after 73 hours")
		}
	})
}

// The follow-up of a pause is the one kind sent while paused (the
// composer checks it against the pause); every other kind stays held,
// and the follow-up is still sent once only.
func TestBeginSendFollowUpWhilePaused(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "7")
		p := newProfile("telegram", "7")
		p.Pause = profile.NewPause(t0, plan.RuleStopFlare, true, time.Time{})
		mustSave(t, e, snap, profile.Change{Profile: p})
		at := t0.Add(72 * time.Hour)
		for _, k := range []due.Kind{due.Daily, due.Nudge, due.Weekly} {
			if got, err := e.st.BeginSend(ctx, due.Claim{ProfileID: snap.ProfileID, Kind: k, Due: at, LeaseEnd: at.Add(time.Minute)}, at, "r"); got != due.SendPaused || err != nil {
				t.Fatalf("%s while paused: BeginSend = %v, %v", k, got, err)
			}
		}
		c := due.Claim{ProfileID: snap.ProfileID, Kind: due.FollowUp, Due: at, LeaseEnd: at.Add(time.Minute)}
		if got, err := e.st.BeginSend(ctx, c, at, "r"); got != due.SendAllowed || err != nil {
			t.Fatalf("follow-up while paused: BeginSend = %v, %v", got, err)
		}
		if err := e.st.EndSend(ctx, c, "r", true); err != nil {
			t.Fatal(err)
		}
		c.LeaseEnd = at.Add(10 * time.Minute)
		if got, _ := e.st.BeginSend(ctx, c, at.Add(5*time.Minute), "r2"); got != due.SendAlreadyDone {
			t.Fatalf("follow-up sent twice: BeginSend = %v", got)
		}
	})
}

// The pause is read from its own field, written by every save: the
// reminder script decodes no profile JSON (a profile whose JSON has lost
// its pause, or is not JSON at all, is still paused for the script).
func TestBeginSendReadsThePauseField(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "6")
		p := newProfile("telegram", "6")
		p.Pause = profile.NewPause(t0, plan.RuleStopFlare, true, time.Time{})
		mustSave(t, e, snap, profile.Change{Profile: p})
		if err := e.rdb.Set(ctx, e.prefix+":{p:"+snap.ProfileID+"}:profile", "not json", 0).Err(); err != nil {
			t.Fatal(err)
		}
		c := due.Claim{ProfileID: snap.ProfileID, Due: t0, LeaseEnd: t0.Add(2 * time.Hour)}
		if got, err := e.st.BeginSend(ctx, c, t0.Add(time.Hour), "r"); got != due.SendPaused || err != nil {
			t.Fatalf("BeginSend = %v, %v, want paused", got, err)
		}
	})
	// And no script of the store decodes JSON at all.
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(f, "_test.go") && strings.Contains(string(src), "cjson") {
			t.Errorf("%s: a Lua script decodes JSON", f)
		}
	}
}

func TestPruneLeases(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		queueDaily(t, e, "a", t0)
		b := queueDaily(t, e, "b", t0)
		e.st.Claim(ctx, t0, "r", time.Minute, 1)                     // a: lease to t0+1m
		e.st.Claim(ctx, t0.Add(30*time.Second), "r", time.Minute, 5) // b: lease to t0+1m30s
		queueDaily(t, e, "a", time.Time{})                           // removed while claimed
		n, err := e.st.PruneLeases(ctx, t0.Add(70*time.Second))
		if err != nil || n != 1 {
			t.Fatalf("pruned %d (%v), want 1", n, err)
		}
		_, lease := store.DueKeys(e.prefix, store.DueShard(b))
		if left, _ := e.rdb.HKeys(ctx, lease).Result(); len(left) != 1 || left[0] != b {
			t.Fatalf("leases left: %v", left)
		}
	})
}
