package store_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/profile"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// realBackends are the real server and the Cluster: DUMP payloads are
// Redis's own, so no miniredis here.
func realBackends(t *testing.T, fn func(t *testing.T, newClient func(testing.TB) redis.UniversalClient)) {
	for _, b := range redistest.Backends() {
		if b.Name == "embedded" {
			continue
		}
		t.Run(b.Name, func(t *testing.T) { fn(t, b.New) })
	}
}

// A backup takes only its own prefix's keys, even when the prefix reads
// as a glob; a restore leaves out a key whose expiry passed, keeps the
// others' expiry, refuses a prefix in use and a file that is no backup.
func TestBackupRestoreEdges(t *testing.T) {
	realBackends(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		ctx := ctxT(t)
		rdb := newClient(t)
		base := redistest.Prefix(t)
		glob := base + "[1]"
		for _, k := range []string{glob + ":keep", base + "1:other", glob + "x:other"} {
			if err := rdb.Set(ctx, k, "v", 0).Err(); err != nil {
				t.Fatal(err)
			}
		}
		if err := rdb.Set(ctx, glob+":soon", "v", 300*time.Millisecond).Err(); err != nil {
			t.Fatal(err)
		}
		if err := rdb.Set(ctx, glob+":later", "v", time.Hour).Err(); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		counts, err := store.New(rdb, store.Options{Prefix: glob}).Backup(ctx, &buf)
		if err != nil || counts.Keys != 3 {
			t.Fatalf("backup of %s: %+v, %v; want 3 keys\n%s", glob, counts, err, buf.String())
		}
		if strings.Contains(buf.String(), "other") {
			t.Fatalf("backup holds another prefix's key:\n%s", buf.String())
		}
		time.Sleep(400 * time.Millisecond) // :soon expires after the backup
		dst := base + "dst"
		st := store.New(rdb, store.Options{Prefix: dst})
		counts, err = st.Restore(ctx, bytes.NewReader(buf.Bytes()), false)
		if err != nil || counts.Keys != 2 {
			t.Fatalf("restore: %+v, %v; want 2 keys (one expired)", counts, err)
		}
		if ttl := rdb.PTTL(ctx, dst+":later").Val(); ttl < 59*time.Minute || ttl > time.Hour {
			t.Errorf(":later expires in %v, want about an hour", ttl)
		}
		if ttl := rdb.PTTL(ctx, dst+":keep").Val(); ttl != -1 {
			t.Errorf(":keep has TTL %v, want none", ttl)
		}
		if n := rdb.Exists(ctx, dst+":soon").Val(); n != 0 {
			t.Error("the expired key was restored")
		}
		if _, err := st.Restore(ctx, bytes.NewReader(buf.Bytes()), false); !errors.Is(err, store.ErrNotEmpty) {
			t.Errorf("restore into a prefix in use: %v, want ErrNotEmpty", err)
		}
		if _, err := store.New(rdb, store.Options{Prefix: base + "x"}).Restore(ctx, strings.NewReader(`{"hello":1}`+"\n"), false); err == nil || !strings.Contains(err.Error(), "not a treadwell backup") {
			t.Errorf("restore of a file that is no backup: %v", err)
		}
	})
}

// Stats counts as active those whose newest log entry is within the
// days asked about, from the window or, for a profile stored before the
// window, from the list.
func TestStatsActive(t *testing.T) {
	realBackends(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, newClient, store.Options{})
		ctx := ctxT(t)
		now := t0.Add(30 * 24 * time.Hour)
		for i, ago := range []time.Duration{time.Hour, 6 * 24 * time.Hour, 8 * 24 * time.Hour, -1} {
			user := string(rune('a' + i))
			snap := mustLoad(t, e, "telegram", user)
			ch := profile.Change{Profile: newProfile("telegram", user)}
			if ago >= 0 {
				ch.Append = []profile.Entry{{Kind: profile.KindWalk, At: now.Add(-ago)}}
			}
			mustSave(t, e, snap, ch)
		}
		st, err := e.st.Stats(ctx, now, 7, 7)
		if err != nil {
			t.Fatal(err)
		}
		if st.People != 4 || st.Active != 2 {
			t.Fatalf("people %d, active %d; want 4 and 2", st.People, st.Active)
		}
	})
}
