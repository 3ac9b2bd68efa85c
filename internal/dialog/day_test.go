package dialog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"treadwell/internal/due"
	"treadwell/internal/plan"
)

// Rules v2, "One decision per local day": the first check-in of the day
// decides and the decision is stored; /plan shows it, a later check-in
// the same day may lower it (REDUCE on pain 2 above usual) but never
// raise it, and /plan after a REDUCE morning says REDUCE, not REST (the
// v1 bug counted today's check-in twice).
func TestOneDecisionPerLocalDay(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard() // START: 8 minutes, usual pain 4
	day0 := func() plan.RuleID {
		snap, _ := h.store.Load(context.Background(), "console", "p")
		return snap.Profile.Day.Rule
	}
	p.say("/done 8")
	p.press("2")
	h.clock.Advance(day)
	mustContain(t, p.checkIn("4", "2", "", "Yes, back to usual", "No"), "(rule HOLD)", "two comfortable walks")
	p.say("/done 8")
	p.press("2")
	h.clock.Advance(day)
	mustContain(t, p.checkIn("4", "2", "", "Yes, back to usual", "No"), "Today's walk: 9 minutes", "(rule PROGRESS)")
	if day0() != plan.RuleProgress {
		t.Fatalf("stored day decision %s, want PROGRESS", day0())
	}
	// /plan shows the stored decision; it decides nothing again.
	mustContain(t, p.say("/plan"), "Today's walk: 9 minutes", "(rule PROGRESS)")
	// A second check-in the same day with the same pain keeps it.
	out := p.checkIn("4", "2", "", "", "No")
	mustContain(t, out, "stays as it is", "Today's walk: 9 minutes", "(rule PROGRESS)")
	// A third, with pain 3 above usual, lowers it.
	out = p.checkIn("7", "2", "", "", "No")
	mustContain(t, out, "Today's walk: 7 minutes", "(rule REDUCE)")
	mustContain(t, p.say("/plan"), "Today's walk: 7 minutes", "(rule REDUCE)")
	mustNotContain(t, p.say("/plan"), "REST")
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if snap.Profile.Dose.Minutes != 7 || snap.Profile.Day.Rule != plan.RuleReduce {
		t.Fatalf("after the later REDUCE: dose %+v, day %s", snap.Profile.Dose, snap.Profile.Day.Rule)
	}
	// The next morning, pain back to usual: no increase on the day
	// after a REDUCE (no walk at the new dose yet).
	h.clock.Advance(day)
	out = p.checkIn("4", "2", "No walk yet", "", "No")
	mustContain(t, out, "Today's walk: 7 minutes")
	mustNotContain(t, out, "(rule PROGRESS)")
}

// Rules v2, LIMB-HOLD: the weekly lower-limb question comes at the first
// check-in on or after the 7th local day since onboarding, not on other
// days; a yes holds the dose for 7 local days with the advice.
func TestRule_LIMB_HOLD_weeklyQuestion(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	walk := func() {
		p.say("/done")
		p.press("Done")
		p.press("2")
	}
	walk()
	for d := 1; d <= 6; d++ {
		h.clock.Advance(day)
		p.say("/checkin")
		p.press("4")
		p.press("2")
		p.press("Yes, back to usual")
		out := p.press("No")
		mustNotContain(t, out, "knee, hip, ankle, foot or shin")
		p.afterSpread(out)
		walk()
	}
	h.clock.Advance(day) // the 7th local day
	p.say("/checkin")
	p.press("4")
	p.press("2")
	p.press("Yes, back to usual")
	mustContain(t, p.press("No"), "any new pain in a knee, hip, ankle, foot or shin?")
	out := p.afterSpread(p.press("Yes"))
	mustContain(t, out, "(rule LIMB-HOLD)", "flat ground", "good shoes", "slower belt", "clinician")
	held := dose(t, h)
	for d := 1; d <= 6; d++ {
		walk()
		h.clock.Advance(day)
		out = p.checkIn("4", "2", "", "Yes, back to usual", "No")
		mustContain(t, out, "(rule LIMB-HOLD)")
		if got := dose(t, h); got != held {
			t.Fatalf("day %d of LIMB-HOLD: dose %+v, want %+v held", d, got, held)
		}
	}
	walk()
	h.clock.Advance(day)
	mustNotContain(t, p.checkIn("4", "2", "", "Yes, back to usual", "No"), "LIMB-HOLD")
}

// Rules v2, RF-URGENT: the urgent message names the zone's emergency
// number once the zone is known (112 in Berlin); before it (onboarding)
// only "your local emergency number", with no number at all.
func TestRule_RF_URGENT_emergencyNumber(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.say("/start")
	p.press("I understand")
	out := p.send(chatPress(p, "Yes"))
	if len(out) != 1 || !out[0].Urgent {
		t.Fatalf("want the urgent message alone, got %s", joined(out))
	}
	mustContain(t, out[0].Text, "your local emergency number")
	mustNotContain(t, out[0].Text, "112", "911", "999")
	// Its follow-up comes 24 hours later, set-up unfinished or not.
	if at := queued(t, h, "p", due.FollowUp); at.Sub(h.clock.Now()) < 24*time.Hour || at.Sub(h.clock.Now()) > 24*time.Hour+2*time.Second {
		t.Fatalf("red-flag follow-up at %v, want 24 hours after %v", at, h.clock.Now())
	}

	p.onboard()
	p.say("/stop")
	p.press("Because of pain")
	out = p.send(chatPress(p, "Yes"))
	if len(out) != 1 || !out[0].Urgent {
		t.Fatalf("want the urgent message alone, got %s", joined(out))
	}
	mustContain(t, out[0].Text, "call 112 now")
}

func dose(t *testing.T, h *harness) plan.Dose {
	t.Helper()
	snap, err := h.store.Load(context.Background(), "console", "p")
	if err != nil {
		t.Fatal(err)
	}
	return snap.Profile.Dose
}

// Rules v2, "Walking more than planned": logged as walked, a kind note,
// and no progression beyond the plan.
func TestWalkMuchLongerThanPlanned(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()      // 8 minutes planned
	p.say("/done 9") // 12% more: no note
	mustNotContain(t, p.press("2"), "more than the")
	p.say("/done 15")
	mustContain(t, p.press("2"), "Logged: 15 minutes", "more than the 8 minutes planned", "too much too soon")
	h.clock.Advance(day)
	out := p.checkIn("4", "2", "", "Yes, back to usual", "No")
	mustContain(t, out, "Today's walk: 9 minutes", "(rule PROGRESS)") // from the plan's 8, not the 15 walked
}

// A /resume on the day of a flare restarts the dose but keeps the day
// without a walk: a day that had no session never gets one (rules v2,
// one decision per day; the restart applies from the next check-in).
func TestResumeOnTheDayOfAFlare(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	h.clock.Advance(day)
	p.checkIn("4", "2", "No walk yet", "", "No")
	p.say("/done 8")
	p.press("7") // STOP-FLARE
	p.press("None of these")
	p.press("None of these")
	h.clock.Advance(3 * time.Hour)
	p.say("/resume")
	p.press("None of these")
	out := p.press("None of these")
	mustContain(t, out, "Welcome back", "ordinary light movement only today", "From your next check-in: 6 minutes", "(rule STOP-FLARE)")
	mustNotContain(t, out, "Today's walk")
	mustContain(t, p.say("/plan"), "rest day", "From your next check-in: 6 minutes")
	h.clock.Advance(day)
	// The flare walk was answered for by the restart: not asked about.
	mustContain(t, p.checkIn("4", "2", "", "", "No"), "Today's walk: 6 minutes")
}

// Rules v2, emergency number: a zone given by its abbreviation ("EET",
// "EST", "IST" and one of its zones) stands for every country on that
// time, not for the country of the zone that stands in for it (EET is
// Greece's 112 and Egypt's 123): the urgent message names no number. A
// zone given by its place or its name names it; a new answer to the
// question after an abbreviation's choices counts as that answer.
func TestRule_RF_URGENT_noNumberForAnAbbreviation(t *testing.T) {
	tests := []struct {
		answers []string // typed to the zone question, in turn
		number  string   // "" for none
	}{
		{[]string{"EET"}, ""},
		{[]string{"EST"}, ""},
		{[]string{"cet"}, ""},
		{[]string{"IST", "Europe/Dublin"}, ""}, // one of the abbreviation's zones
		{[]string{"IST", "Madrid"}, "112"},     // another answer: a place
		{[]string{"Athens"}, "112"},
		{[]string{"Europe/Athens"}, "112"},
		{[]string{"New York"}, "911"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.answers, ","), func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.toZoneQuestion()
			for _, a := range tt.answers {
				p.say(a)
			}
			mustContain(t, p.press("Every day"), "You're all set")
			p.say("/stop")
			p.press("Because of pain")
			out := p.send(chatPress(p, "Yes"))
			if len(out) != 1 || !out[0].Urgent {
				t.Fatalf("want the urgent message alone, got %s", joined(out))
			}
			if tt.number == "" {
				mustContain(t, out[0].Text, "your local emergency number")
				mustNotContain(t, out[0].Text, "112", "911", "999", "123")
				return
			}
			mustContain(t, out[0].Text, "call "+tt.number+" now")
		})
	}
}
