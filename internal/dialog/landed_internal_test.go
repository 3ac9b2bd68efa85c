package dialog

import (
	"strconv"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/profile"
)

// The memory of unconfirmed saves matches only the state that save
// wrote, from the same chat, while it is kept, and stays bounded.
func TestUnconfirmedSavesMatchOnlyWhatLanded(t *testing.T) {
	now := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	from := chat.Address{Platform: chat.Telegram, ChatID: "1", UserID: "1"}
	snap := profile.Snapshot{ProfileID: "telegram:1", Exists: true, Version: 4, Dialog: []byte(`{"step":"leg"}`)}
	ch := profile.Change{Dialog: []byte(`{"step":"back"}`)}
	landedSnap := profile.Snapshot{ProfileID: "telegram:1", Exists: true, Version: 5, Dialog: ch.Dialog}
	in := chat.Incoming{From: from, Text: "7"}

	var u unconfirmedSaves
	u.remember(snap, ch, in, []chat.Outgoing{{To: from, Text: "back?"}}, now)
	for _, tc := range []struct {
		name string
		snap profile.Snapshot
		in   chat.Incoming
		at   time.Time
		want bool
	}{
		{"landed", landedSnap, in, now.Add(time.Minute), true},
		{"not landed", snap, in, now.Add(time.Minute), false},
		{"saved since", profile.Snapshot{ProfileID: "telegram:1", Version: 6, Dialog: ch.Dialog}, in, now, false},
		{"another state at that version", profile.Snapshot{ProfileID: "telegram:1", Version: 5, Dialog: []byte(`{}`)}, in, now, false},
		{"another chat", landedSnap, chat.Incoming{From: chat.Address{Platform: chat.Discord, ChatID: "9", UserID: "9"}}, now, false},
		{"too late", landedSnap, in, now.Add(unconfirmedKept + time.Second), false},
		{"another person", profile.Snapshot{ProfileID: "telegram:2", Version: 5, Dialog: ch.Dialog}, in, now, false},
	} {
		s, ok := u.landed(tc.snap, tc.in, tc.at)
		if ok != tc.want {
			t.Errorf("%s: landed %v, want %v", tc.name, ok, tc.want)
		}
		if ok && (len(s.out) != 1 || s.out[0].Text != "back?") {
			t.Errorf("%s: replies %+v, want the unsent ones", tc.name, s.out)
		}
	}
	u.forget("telegram:1")
	if _, ok := u.landed(landedSnap, in, now); ok || u.n.Load() != 0 {
		t.Errorf("a forgotten save still matched (%v) or counted (%d)", ok, u.n.Load())
	}

	for i := range unconfirmedMax + 100 {
		id := strconv.Itoa(i)
		u.remember(profile.Snapshot{ProfileID: id}, ch, in, nil, now.Add(time.Duration(i)*time.Second))
	}
	if n := len(u.saves); n > unconfirmedMax || u.n.Load() != int64(n) {
		t.Fatalf("%d saves remembered (counted %d), want at most %d", n, u.n.Load(), unconfirmedMax)
	}
	if _, ok := u.landed(profile.Snapshot{ProfileID: strconv.Itoa(unconfirmedMax + 99), Version: 1, Dialog: ch.Dialog}, in, now); !ok {
		t.Fatal("the newest save was not kept")
	}
}
