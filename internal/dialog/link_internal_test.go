package dialog

import (
	"testing"
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// mergedLog leaves out what the target holds already, one for one, and
// keeps the rest in order of time.
func TestMergedLog(t *testing.T) {
	at := time.Date(2026, 12, 8, 9, 0, 0, 0, time.UTC)
	walk := func(min int, h int) profile.Entry {
		return profile.Entry{Kind: profile.KindWalk, At: at.Add(time.Duration(h) * time.Hour), Walk: &plan.Walk{Minutes: min}}
	}
	for _, tc := range []struct {
		name         string
		theirs, mine []profile.Entry
		want         []profile.Entry
	}{
		{"disjoint, in order of time", []profile.Entry{walk(8, 0), walk(9, 2)}, []profile.Entry{walk(5, 1)}, []profile.Entry{walk(8, 0), walk(5, 1), walk(9, 2)}},
		{"merged before", []profile.Entry{walk(8, 0), walk(5, 1)}, []profile.Entry{walk(5, 1)}, []profile.Entry{walk(8, 0), walk(5, 1)}},
		{"new since the first merge", []profile.Entry{walk(8, 0), walk(5, 1)}, []profile.Entry{walk(5, 1), walk(6, 3)}, []profile.Entry{walk(8, 0), walk(5, 1), walk(6, 3)}},
		{"one for one", []profile.Entry{walk(5, 1)}, []profile.Entry{walk(5, 1), walk(5, 1)}, []profile.Entry{walk(5, 1), walk(5, 1)}},
		{"same instant, another walk", []profile.Entry{walk(5, 1)}, []profile.Entry{walk(6, 1)}, []profile.Entry{walk(5, 1), walk(6, 1)}},
		{"empty", nil, nil, nil},
	} {
		got, err := mergedLog(tc.theirs, tc.mine)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) {
			t.Fatalf("%s: %d entries, want %d", tc.name, len(got), len(tc.want))
		}
		for i := range got {
			if !got[i].At.Equal(tc.want[i].At) || got[i].Walk.Minutes != tc.want[i].Walk.Minutes {
				t.Fatalf("%s: entry %d is %v %d min, want %v %d min", tc.name, i, got[i].At, got[i].Walk.Minutes, tc.want[i].At, tc.want[i].Walk.Minutes)
			}
		}
	}
}
