package store_test

import (
	"os"
	"path/filepath"
	"strconv"
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

// One read says whether a claimed reminder may go out: sent already
// (by this replica or another, for that instant or a later one), the
// person's state changed since it was composed (a /stop), or deleted.
func TestSendMarks(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "p")
		mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "p")})
		snap = mustLoad(t, e, "telegram", "p")
		id := snap.ProfileID
		claim := func(kind due.Kind, dueAt time.Time) due.Claim {
			return due.Claim{ProfileID: id, Kind: kind, Due: dueAt, LeaseEnd: dueAt.Add(time.Minute)}
		}
		check := func(c due.Claim, version int64) due.SendCheck {
			t.Helper()
			got, errs := e.st.CheckSends(ctx, []due.Claim{c}, []int64{version})
			if errs[0] != nil {
				t.Fatal(errs[0])
			}
			return got[0]
		}
		dueAt := t0
		if got := check(claim(due.Daily, dueAt), snap.Version); got != due.SendAllowed {
			t.Fatalf("first check = %v", got)
		}
		if err := e.st.EndSend(ctx, claim(due.Daily, dueAt), true); err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{dueAt, dueAt.Add(-time.Hour)} {
			if got := check(claim(due.Daily, at), snap.Version); got != due.SendAlreadyDone {
				t.Fatalf("due %v after the send of %v: %v", at, dueAt, got)
			}
		}
		// A slow replica's failure does not undo the send.
		if err := e.st.EndSend(ctx, claim(due.Daily, dueAt), false); err != nil {
			t.Fatal(err)
		}
		if got := check(claim(due.Daily, dueAt), snap.Version); got != due.SendAlreadyDone {
			t.Fatalf("after a late failure: %v", got)
		}
		// The next day's, and another kind's, are their own.
		if got := check(claim(due.Daily, dueAt.Add(24*time.Hour)), snap.Version); got != due.SendAllowed {
			t.Fatalf("next day: %v", got)
		}
		if got := check(claim(due.Nudge, dueAt), snap.Version); got != due.SendAllowed {
			t.Fatalf("the nudge after the daily reminder: %v", got)
		}
		// A /stop saved after the reminder was composed wins.
		p := snap.Profile
		p.Pause = profile.NewPause(t0, plan.RuleStopFlare, true, time.Time{})
		mustSave(t, e, snap, profile.Change{Profile: p})
		if got := check(claim(due.Daily, dueAt.Add(24*time.Hour)), snap.Version); got != due.SendChanged {
			t.Fatalf("composed before a /stop: %v", got)
		}
		if got := check(claim(due.Daily, dueAt.Add(24*time.Hour)), snap.Version+1); got != due.SendAllowed {
			t.Fatalf("composed after it: %v", got)
		}
		// Nobody: no profile, whatever version the claim was composed at.
		other := mustLoad(t, e, "telegram", "nobody").ProfileID
		for _, v := range []int64{0, 3} {
			got, errs := e.st.CheckSends(ctx, []due.Claim{{ProfileID: other, Due: dueAt}}, []int64{v})
			if got[0] != due.SendNoProfile || errs[0] != nil {
				t.Fatalf("no profile, version %d: %v, %v", v, got[0], errs[0])
			}
		}
	})
}

// During an upgrade an old replica's marks in {p:<id>}:sent still
// count: "done" was sent, a live "pending" is being sent, a lapsed one
// is nobody's.
func TestSendMarksOfAnOldReplica(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "p")
		mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "p")})
		snap = mustLoad(t, e, "telegram", "p")
		sentKey := e.prefix + ":{p:" + snap.ProfileID + "}:sent"
		ms := func(at time.Time) string { return strconv.FormatInt(at.UnixMilli(), 10) }
		soon, gone := ms(time.Now().Add(time.Minute)), ms(time.Now().Add(-time.Minute))
		for _, tt := range []struct {
			kind         due.Kind
			field, value string
			want         due.SendCheck
		}{
			{due.Daily, ms(t0), "done", due.SendAlreadyDone},
			{due.Nudge, "nudge:" + ms(t0), "done", due.SendAlreadyDone},
			{due.Weekly, "weekly:" + ms(t0), "pending|old|" + soon, due.SendInProgress},
			{due.FollowUp, "followup:" + ms(t0), "pending|old|" + gone, due.SendAllowed},
		} {
			if err := e.rdb.HSet(ctx, sentKey, tt.field, tt.value).Err(); err != nil {
				t.Fatal(err)
			}
			c := due.Claim{ProfileID: snap.ProfileID, Kind: tt.kind, Due: t0, LeaseEnd: t0.Add(time.Minute)}
			got, errs := e.st.CheckSends(ctx, []due.Claim{c}, []int64{snap.Version})
			if errs[0] != nil || got[0] != tt.want {
				t.Errorf("%s marked %q by an old replica: %v, %v; want %v", tt.kind, tt.value, got[0], errs[0], tt.want)
			}
		}
	})
}

// A profile stored before versions (no "v" in its dialog hash) is read
// at version 0 and checked by its profile key.
func TestSendMarksUnversionedProfile(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "old")
		mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "old")})
		if err := e.rdb.HDel(ctx, e.prefix+":{p:"+snap.ProfileID+"}:dialog", "v").Err(); err != nil {
			t.Fatal(err)
		}
		c := due.Claim{ProfileID: snap.ProfileID, Due: t0, LeaseEnd: t0.Add(time.Minute)}
		if got, errs := e.st.CheckSends(ctx, []due.Claim{c}, []int64{mustLoad(t, e, "telegram", "old").Version}); got[0] != due.SendAllowed || errs[0] != nil {
			t.Fatalf("CheckSends = %v, %v", got[0], errs[0])
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
		snap = mustLoad(t, e, "telegram", "d")
		if got, errs := e.st.CheckSends(ctx, claims, []int64{snap.Version}); got[0] != due.SendAllowed || errs[0] != nil {
			t.Fatalf("CheckSends = %v, %v", got[0], errs[0])
		}
		if err := e.st.Delete(ctx, snap); err != nil {
			t.Fatal(err)
		}
		for _, sent := range []bool{true, false} {
			log := due.Delivery{Kind: due.Daily, Due: t0, Reason: due.ReasonSent, At: t0}
			if err := e.st.EndSends(ctx, claims, []bool{sent}, []due.Delivery{log})[0]; err != nil {
				t.Fatal(err)
			}
		}
		if err := e.st.Complete(ctx, claims[0], "r", t0.Add(24*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if got, errs := e.st.CheckSends(ctx, claims, []int64{snap.Version}); got[0] != due.SendNoProfile || errs[0] != nil {
			t.Fatalf("CheckSends after delete = %v, %v", got[0], errs[0])
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
		e.st.EndSend(ctx, due.Claim{ProfileID: snap.ProfileID, Due: dueAt, LeaseEnd: dueAt.Add(time.Minute)}, true)
		e.st.RecordDelivery(ctx, snap.ProfileID, due.Delivery{Kind: due.Daily, Due: dueAt, Reason: due.ReasonSent, At: dueAt})
		e.rdb.HSet(ctx, e.prefix+":{p:"+snap.ProfileID+"}:sent", "1", "done") // an earlier version's marks
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

// No script of the store decodes JSON: the reminder path reads plain
// fields (the version, the last sent), never the profile.
func TestNoScriptDecodesJSON(t *testing.T) {
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

// A send whose record could not be written (here the dialog key holds
// the wrong type) is reported as failed, not taken as recorded because
// the profile's EXISTS after it answered.
func TestEndSendReportsAFailedWrite(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "w")
		mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "w"), Due: map[due.Kind]time.Time{due.Daily: t0}})
		dk := e.prefix + ":{p:" + snap.ProfileID + "}:dialog"
		if err := e.rdb.Del(ctx, dk).Err(); err != nil {
			t.Fatal(err)
		}
		if err := e.rdb.Set(ctx, dk, "not a hash", 0).Err(); err != nil {
			t.Fatal(err)
		}
		c := due.Claim{ProfileID: snap.ProfileID, Due: t0, LeaseEnd: t0.Add(time.Minute)}
		log := due.Delivery{Kind: due.Daily, Due: t0, Reason: due.ReasonSent, At: t0}
		if err := e.st.EndSends(ctx, []due.Claim{c}, []bool{true}, []due.Delivery{log})[0]; err == nil {
			t.Fatal("EndSends with an unwritable send mark: no error")
		}
	})
}
