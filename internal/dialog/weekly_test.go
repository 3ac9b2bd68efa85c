package dialog_test

import (
	"context"
	"strings"
	"testing"
	"time"
	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// weeklyAfter runs two weeks of mornings with the given leg pain and a
// walk on each "walk" day, then composes Sunday's summary.
func weeklyAfter(t *testing.T, legBefore, legNow string, walksBefore, walksNow int) string {
	t.Helper()
	h := newHarness(t)
	p := h.person("w")
	p.onboard() // Thu 26 Nov
	for d := 0; d < 14; d++ {
		h.clock.Advance(day)
		leg, walks := legBefore, walksBefore
		if d >= 7 {
			leg, walks = legNow, walksNow
		}
		p.say("/checkin")
		p.press(leg)
		out := p.press("2")
		if containsAll(out, "highest pain during your last walk") {
			p.press("No walk yet")
		} else {
			p.press("Yes, back to usual")
		}
		p.afterSpread(p.press("No"))
		if d%7 < walks {
			p.say("/done 8")
			p.press("2")
		}
	}
	// The summary is due on Thursday evening, the end of the second week.
	h.clock.Advance(11 * time.Hour) // Thu 10 Dec 19:00 Berlin
	snap, err := h.store.Load(context.Background(), "console", "w")
	if err != nil {
		t.Fatal(err)
	}
	snap.Profile.Settings.Weekly = profile.WeeklySummary{Day: time.Thursday}
	now := h.clock.Now()
	r := h.engine.Reminder(snap, due.Weekly, now, now, 2*time.Hour)
	if len(r.Send) != 1 {
		t.Fatalf("no weekly summary sent: %+v", r)
	}
	return r.Send[0].Text
}

func TestWeeklySummary(t *testing.T) {
	cases := []struct {
		name                  string
		before, now           string
		walksBefore, walksNow int
		wants, unwanted       []string
	}{
		{"falling pain", "5", "3", 3, 4, []string{"32 minutes over 4 walks", "24 minutes over 3 walks", "down from 5.0 to 3.0", "Next week:", "(rule "}, []string{"quiet"}},
		{"rising pain", "3", "5", 4, 4, []string{"32 minutes over 4 walks", "up from 3.0 to 5.0", "/stop"}, nil},
		{"flat pain", "4", "4", 2, 2, []string{"16 minutes over 2 walks", "steady, around 4.0"}, nil},
		{"a quiet week", "4", "4", 3, 0, []string{"A quiet week, and that's OK"}, []string{"0 minutes", "missed"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := weeklyAfter(t, c.before, c.now, c.walksBefore, c.walksNow)
			mustContain(t, got, c.wants...)
			for _, u := range c.unwanted {
				if strings.Contains(got, u) {
					t.Fatalf("summary contains %q:\n%s", u, got)
				}
			}
		})
	}
}

// The weekly summary is queued for Sunday 19:00 by default; /settings
// moves it or turns it off.
func TestWeeklySummarySchedule(t *testing.T) {
	h := newHarness(t)
	p := h.person("s")
	p.onboard() // Thu 26 Nov, Berlin
	next := func() time.Time { return queued(t, h, "s", due.Weekly) }
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if got, want := next(), time.Date(2026, 11, 29, 19, 0, 0, 0, berlin); !got.Equal(want) {
		t.Fatalf("weekly summary queued for %v, want %v", got, want)
	}
	p.say("/settings")
	mustContain(t, joined(p.last), "Weekly summary: Sunday evenings")
	p.press("Weekly summary")
	p.press("Friday")
	if got, want := next(), time.Date(2026, 11, 27, 19, 0, 0, 0, berlin); !got.Equal(want) {
		t.Fatalf("after choosing Friday: %v, want %v", got, want)
	}
	p.say("/settings")
	p.press("Weekly summary")
	p.press("No summary")
	if got := next(); !got.IsZero() {
		t.Fatalf("still queued after opting out: %v", got)
	}
}
