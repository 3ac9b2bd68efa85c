package dialog_test

import (
	"context"
	"testing"
	"time"

	"treadwell/internal/plan"
)

const day = 24 * time.Hour

// Two comfortable walks that settled by the next morning: HOLD after the
// first, PROGRESS after the second.
func TestCheckIn_progressAfterTwoGoodWalks(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard() // dose 8 by START, usual pain 4

	p.say("/done 8")
	mustContain(t, p.press("2"), "Logged: 8 minutes, highest pain 2")

	h.clock.Advance(day)
	// The walk's pain is already logged, so the check-in does not ask it.
	out := p.checkIn("3", "2", "", "Yes, back to usual", "No")
	mustContain(t, out, "Today's walk: 8 minutes", "(rule HOLD)", "two comfortable walks")

	p.say("/done")
	p.press("Done")
	p.press("3")

	h.clock.Advance(day)
	out = p.checkIn("3", "2", "", "Yes, back to usual", "No")
	mustContain(t, out, "Today's walk: 9 minutes", "from 8 to 9 minutes", "(rule PROGRESS)")

	snap, _ := h.store.Load(context.Background(), "console", "p")
	if snap.Profile.Dose.Minutes != 9 || snap.Profile.LastRule != plan.RuleProgress {
		t.Fatalf("dose after PROGRESS = %+v (%s)", snap.Profile.Dose, snap.Profile.LastRule)
	}
}

func TestCheckIn_asksWalkPainWhenNotLogged(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/done 8")
	p.press("2")
	h.clock.Advance(day)
	p.checkIn("3", "2", "", "Yes, back to usual", "No")
	// A second day with no new walk logged: the check-in asks for it.
	h.clock.Advance(day)
	p.say("/checkin")
	p.press("3")
	out := p.press("2")
	mustContain(t, out, "highest pain during your last walk")
	p.press("4")
	p.press("Not quite")
	out = p.press("No")
	mustContain(t, out, "(rule HOLD)", "had not settled back")
}

func TestCheckIn_rules(t *testing.T) {
	cases := []struct {
		name             string
		leg, back        string
		spread           string
		wants            []string
		rule             plan.RuleID
		minutes          int
		redFlagsFirst    bool
		secondDaySameLeg bool
	}{
		{name: "REDUCE on morning pain 2 above usual", leg: "6", back: "3", spread: "No", rule: plan.RuleReduce, minutes: 6,
			wants: []string{"Today's walk: 6 minutes", "pain at today's first check-in (6) is 2 or more above your usual (4)", "(rule REDUCE)"}, redFlagsFirst: true},
		// v2: a morning 1 point above usual alone is noise, not a HOLD of
		// its own: still building (one comfortable walk so far).
		{name: "morning pain 1 above usual is noise", leg: "5", back: "3", spread: "No", rule: plan.RuleHold, minutes: 8,
			wants: []string{"Today's walk: 8 minutes", "two comfortable walks", "(rule HOLD)"}},
		{name: "NEURO-HOLD when it spread", leg: "4", back: "3", spread: "Yes", rule: plan.RuleNeuroHold, minutes: 8,
			wants: []string{"Today's walk: 8 minutes", "spread", "(rule NEURO-HOLD)", "clinician within the next few days"}},
		{name: "REST after REDUCE twice", leg: "6", back: "3", spread: "No", rule: plan.RuleRest, minutes: 6,
			wants: []string{"rest day", "(rule REST)"}, redFlagsFirst: true, secondDaySameLeg: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			p.say("/done 8")
			p.press("2")
			h.clock.Advance(day)
			checkIn := func() string {
				p.say("/checkin")
				p.press(c.leg)
				if out := p.press(c.back); containsAll(out, "highest pain during your last walk") {
					p.press("No walk yet")
				} else {
					p.press("Yes, back to usual")
				}
				out := p.press(c.spread)
				if c.redFlagsFirst && !containsAll(out, "safety check", "sciatica in both legs?") {
					t.Fatalf("pain 2 above usual should ask the red flags first:\n%s", out)
				}
				if containsAll(out, "sciatica in both legs?") {
					p.press("None of these")
					out = p.press("None of these")
				}
				return out
			}
			out := checkIn()
			if c.secondDaySameLeg {
				h.clock.Advance(day)
				out = checkIn()
			}
			mustContain(t, out, c.wants...)
			snap, _ := h.store.Load(context.Background(), "console", "p")
			if snap.Profile.LastRule != c.rule || snap.Profile.Dose.Minutes != c.minutes {
				t.Fatalf("rule %s dose %d, want %s %d", snap.Profile.LastRule, snap.Profile.Dose.Minutes, c.rule, c.minutes)
			}
		})
	}
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !contains(s, sub) {
			return false
		}
	}
	return true
}
