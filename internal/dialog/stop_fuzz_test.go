package dialog_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// Whatever follows "/stop" (that does not make it another word), the
// engine pauses, says so in its first line, and any end it saves lies in
// the future.
func FuzzStopAlwaysPauses(f *testing.F) {
	for _, s := range []string{"", "!", ".", " 3d", "3d", "\t3d", " 15251w", " 9999999999999999999d", " until 1734-01-01",
		" until 2026-12-01", " -3d", " 3 días", "@TreadwellBot 2w", "?", " \x00", " \xff", strings.Repeat(" 9", 300)} {
		f.Add(s)
	}
	h := newHarness(f)
	n := 0
	f.Fuzz(func(t *testing.T, suffix string) {
		if r, _ := utf8.DecodeRuneInString(suffix); unicode.IsLetter(r) || !utf8.ValidString(suffix) {
			t.Skip("another word, or not text a platform would deliver")
		}
		h.t = t
		n++
		p := h.person(fmt.Sprint("fuzz", n))
		out := p.say("/stop" + suffix)
		if got := firstLine(out); !strings.HasPrefix(got, "Paused") {
			t.Fatalf("/stop%q: first line %q", suffix, got)
		}
		snap, err := h.store.Load(context.Background(), "console", p.addr.UserID)
		if err != nil {
			t.Fatal(err)
		}
		pz := snap.Profile.Pause
		if !pz.Active || (!pz.Until.IsZero() && !pz.Until.After(h.clock.Now())) {
			t.Fatalf("/stop%q: pause %+v", suffix, pz)
		}
	})
}
