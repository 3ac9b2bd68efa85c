package store_test

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/profile"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// A failed save says whether it may have been applied: the person is
// told "nothing was recorded" only when that is true. Refused by Redis,
// or never sent: not applied. Applied, with another write of its
// pipeline refused: unconfirmed (it was kept).
func TestSaveFailureSaysWhetherItMayHaveLanded(t *testing.T) {
	each(t, func(t *testing.T, newClient func(testing.TB) redis.UniversalClient) {
		for _, tc := range []struct {
			name        string
			spoil       func(e *env, id string) string // a key made a string, so its writes fail with WRONGTYPE
			unconfirmed bool
			saved       bool
		}{
			{"redis refuses the save itself", func(e *env, id string) string {
				return e.prefix + ":{p:" + id + "}:dialog"
			}, false, false},
			{"the save lands and the queue write is refused", func(e *env, id string) string {
				q, _ := store.DueKeys(e.prefix, store.DueShard(id))
				return q
			}, true, true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				e := newEnv(t, newClient, store.Options{})
				ctx := ctxT(t)
				snap := mustLoad(t, e, chat.Telegram, "u1")
				if err := e.rdb.Set(ctx, tc.spoil(e, snap.ProfileID), "not a hash", 0).Err(); err != nil {
					t.Fatal(err)
				}
				err := e.st.Save(ctx, snap, profile.Change{Profile: newProfile(chat.Telegram, "u1"),
					Due: map[due.Kind]time.Time{due.Daily: t0.Add(24 * time.Hour)}})
				if err == nil {
					t.Fatal("Save with a spoilt key: no error")
				}
				if got := errors.Is(err, profile.ErrUnconfirmed); got != tc.unconfirmed {
					t.Errorf("Save: %v; unconfirmed %v, want %v", err, got, tc.unconfirmed)
				}
				n, err := e.rdb.Exists(ctx, e.prefix+":{p:"+snap.ProfileID+"}:profile").Result()
				if err != nil {
					t.Fatal(err)
				}
				if saved := n == 1; saved != tc.saved {
					t.Errorf("profile saved %v, want %v", saved, tc.saved)
				}
			})
		}
	})
}

// Never sent (nothing listens): not applied. Sent to a Redis that
// hangs (SIGSTOP), the wait running out: unconfirmed, and it lands once
// Redis answers again. The same for a /delete.
func TestSaveFailureOnTheWire(t *testing.T) {
	t.Run("nothing listens", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		rdb := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
		t.Cleanup(func() { rdb.Close() })
		st := store.New(rdb, store.Options{Prefix: redistest.Prefix(t)})
		snap := profile.Snapshot{ProfileID: "p1"}
		err = st.Save(ctxT(t), snap, profile.Change{Profile: newProfile(chat.Telegram, "u1")})
		if err == nil || errors.Is(err, profile.ErrUnconfirmed) {
			t.Fatalf("Save with nothing listening: %v, want an error that is not unconfirmed", err)
		}
		err = st.Delete(ctxT(t), profile.Snapshot{ProfileID: "p1", Profile: newProfile(chat.Telegram, "u1")})
		if err == nil || errors.Is(err, profile.ErrUnconfirmed) {
			t.Fatalf("Delete with nothing listening: %v, want an error that is not unconfirmed", err)
		}
	})
	t.Run("redis hangs", func(t *testing.T) {
		srv, _ := redistest.NewRestartable(t)
		rdb, _, closeRedis, err := store.Connect(ctxT(t), "redis://"+srv.Addr()+"/0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = closeRedis() })
		e := newEnv(t, func(testing.TB) redis.UniversalClient { return rdb }, store.Options{})
		if err := e.st.LoadScripts(ctxT(t)); err != nil { // as the bot does at start
			t.Fatal(err)
		}
		snap := mustLoad(t, e, chat.Telegram, "u1")
		srv.Pause()
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		err = e.st.Save(ctx, snap, profile.Change{Profile: newProfile(chat.Telegram, "u1")})
		cancel()
		srv.Resume()
		if !errors.Is(err, profile.ErrUnconfirmed) {
			t.Fatalf("Save to a hung Redis: %v, want profile.ErrUnconfirmed", err)
		}
		got := mustLoad(t, e, chat.Telegram, "u1")
		if !got.Exists {
			t.Fatal("the hung save did not land once Redis answered: the case this test is about did not happen")
		}

		srv.Pause()
		ctx, cancel = context.WithTimeout(context.Background(), 500*time.Millisecond)
		err = e.st.Delete(ctx, got)
		cancel()
		srv.Resume()
		if !errors.Is(err, profile.ErrUnconfirmed) {
			t.Fatalf("Delete on a hung Redis: %v, want profile.ErrUnconfirmed", err)
		}
		if mustLoad(t, e, chat.Telegram, "u1").Exists {
			t.Fatal("the hung delete did not land once Redis answered")
		}
	})
}
