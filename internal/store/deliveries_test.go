package store_test

import (
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/due"
	"treadwell/internal/profile"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// The delivery log keeps the newest DeliveryCap entries, newest first,
// each as written, and lives DeliveryKept after the last; its key is in
// the person's hash slot (one script writes it with the profile's keys,
// on a cluster too).
func TestDeliveryLog(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		snap := mustLoad(t, e, "telegram", "w")
		mustSave(t, e, snap, profile.Change{Profile: newProfile("telegram", "w")})
		id := snap.ProfileID
		if got, err := e.st.Deliveries(ctx, id); err != nil || got != nil {
			t.Fatalf("empty log = %v, %v", got, err)
		}
		var want []due.Delivery // newest first
		const n = store.DeliveryCap + 5
		for i := range n {
			d := due.Delivery{
				Kind:   due.Kinds[i%len(due.Kinds)],
				Due:    t0.Add(time.Duration(i) * 24 * time.Hour),
				Reason: due.Reasons[i%len(due.Reasons)],
				At:     t0.Add(time.Duration(i)*24*time.Hour + time.Duration(i)*time.Second),
			}
			if err := e.st.RecordDelivery(ctx, id, d); err != nil {
				t.Fatal(err)
			}
			want = append([]due.Delivery{d}, want...)
		}
		got, err := e.st.Deliveries(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != store.DeliveryCap {
			t.Fatalf("%d entries, want the cap %d", len(got), store.DeliveryCap)
		}
		for i := range got {
			w := want[i]
			if got[i].Kind != w.Kind || got[i].Reason != w.Reason || !got[i].Due.Equal(w.Due) || !got[i].At.Equal(w.At) {
				t.Fatalf("entry %d = %+v, want %+v", i, got[i], w)
			}
		}
		key := e.prefix + ":{p:" + id + "}:deliveries"
		if n, _ := e.rdb.LLen(ctx, key).Result(); n != store.DeliveryCap {
			t.Fatalf("list holds %d, want %d", n, store.DeliveryCap)
		}
		if ttl, _ := e.rdb.PTTL(ctx, key).Result(); ttl <= store.DeliveryKept-time.Minute || ttl > store.DeliveryKept {
			t.Fatalf("TTL %v, want %v", ttl, store.DeliveryKept)
		}
		if _, cluster := e.rdb.(*redis.ClusterClient); cluster {
			slot, err := e.rdb.ClusterKeySlot(ctx, key).Result()
			if err != nil {
				t.Fatal(err)
			}
			if want, _ := e.rdb.ClusterKeySlot(ctx, e.prefix+":{p:"+id+"}:profile").Result(); slot != want {
				t.Fatalf("log in slot %d, the profile in %d", slot, want)
			}
		}
	})
}

// The dispatcher's writes carry the log: a reminder not sent with its
// completion (Finish), a send with its mark (EndSends); a failure that
// comes after another replica sent the same reminder is not logged over
// it; nothing is kept for a deleted person.
func TestDeliveryLogWithFinish(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		id := queueDaily(t, e, "f", t0)
		claims, err := e.st.Claim(ctx, t0, "r", time.Minute, 10)
		if err != nil || len(claims) != 1 {
			t.Fatalf("Claim = %+v, %v", claims, err)
		}
		c := claims[0]
		next := t0.Add(24 * time.Hour)
		skipped := due.Delivery{Kind: due.Daily, Due: t0, Reason: due.ReasonSnoozed, At: t0.Add(time.Second)}
		if err := e.st.Finish(ctx, "r", claims, []time.Time{next}, []bool{false}, []due.Delivery{skipped})[0]; err != nil {
			t.Fatal(err)
		}
		c2 := due.Claim{ProfileID: id, Kind: due.Daily, Due: next, LeaseEnd: next.Add(time.Minute)}
		sent := due.Delivery{Kind: due.Daily, Due: next, Reason: due.ReasonSent, At: next}
		if err := e.st.EndSends(ctx, []due.Claim{c2}, []bool{true}, []due.Delivery{sent})[0]; err != nil {
			t.Fatal(err)
		}
		failed := due.Delivery{Kind: due.Daily, Due: next, Reason: due.ReasonTimeout, At: next.Add(time.Second)}
		if err := e.st.EndSends(ctx, []due.Claim{c2}, []bool{false}, []due.Delivery{failed})[0]; err != nil {
			t.Fatal(err)
		}
		got, err := e.st.Deliveries(ctx, id)
		if err != nil || len(got) != 2 || got[0].Reason != due.ReasonSent || got[1].Reason != due.ReasonSnoozed || !got[1].Due.Equal(c.Due) {
			t.Fatalf("log = %+v, %v; want sent, then snoozed", got, err)
		}
		if err := e.st.Delete(ctx, mustLoad(t, e, "telegram", "f")); err != nil {
			t.Fatal(err)
		}
		if err := e.st.RecordDelivery(ctx, id, sent); err != nil {
			t.Fatal(err)
		}
		if keys, _ := redistest.Keys(ctx, e.rdb, e.prefix); len(keys) != 0 {
			t.Fatalf("keys %q left after delete", keys)
		}
	})
}
