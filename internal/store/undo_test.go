package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/profile"
	"treadwell/internal/store"
)

// /undo's removal: the newest entries of the window go, with the save's
// compare-and-set; the older list is left alone, and a stale snapshot
// removes nothing.
func TestDropNewest(t *testing.T) {
	each(t, func(t *testing.T, nc func(testing.TB) redis.UniversalClient) {
		e := newEnv(t, nc, store.Options{LogCap: 10, LogRead: 3})
		p := newProfile("telegram", "4")
		snap := mustLoad(t, e, "telegram", "4")
		mustSave(t, e, snap, profile.Change{Profile: p, Append: []profile.Entry{entry(0), entry(1), entry(2), entry(3), entry(4)}})
		stale := mustLoad(t, e, "telegram", "4")
		mustSave(t, e, stale, profile.Change{Profile: p, DropNewest: 1})
		if err := e.st.Save(ctxT(t), stale, profile.Change{Profile: p, DropNewest: 1}); !errors.Is(err, profile.ErrConflict) {
			t.Fatalf("a second drop from the same snapshot: %v, want a conflict", err)
		}
		snap = mustLoad(t, e, "telegram", "4")
		if g, w := minutes(logOf(t, snap)), []int{2, 3}; !slices.Equal(g, w) {
			t.Errorf("window after the drop = %v, want %v", g, w)
		}
		mustSave(t, e, snap, profile.Change{Profile: p, Append: []profile.Entry{entry(5)}})
		all, err := e.st.History(ctxT(t), snap.ProfileID)
		if err != nil {
			t.Fatal(err)
		}
		if g, w := minutes(all), []int{0, 1, 2, 3, 5}; !slices.Equal(g, w) {
			t.Errorf("History = %v, want %v", g, w)
		}
	})
}
