package dialog_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"treadwell/internal/plan"
	"treadwell/messages"
)

// Every reason the rules can give has its sentence: drive the rule table
// with many generated inputs and look each decision's reason up.
func TestCatalogHasEveryReason(t *testing.T) {
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	now := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
	seen := map[string]bool{}
	check := func(d plan.Decision) {
		key := "reason." + string(d.Rule) + "." + d.Reason.Code
		if !seen[key] && !msgs.Has(messages.Dynamic(key)) {
			t.Errorf("no catalog sentence %q", key)
		}
		seen[key] = true
	}
	for i := 0; i < 20000; i++ {
		in := randomInput(rng, now)
		check(plan.Decide(in))
		check(plan.Restart(in, true))
		check(plan.Restart(in, false))
	}
	for _, rule := range plan.Rules {
		any := false
		for k := range seen {
			if len(k) > len("reason.")+len(rule) && k[len("reason."):len("reason.")+len(rule)] == string(rule) {
				any = true
			}
		}
		if !any {
			t.Errorf("the generated inputs never reached %s: widen randomInput", rule)
		}
	}
}

func randomInput(rng *rand.Rand, now time.Time) plan.Input {
	score := func() int { return rng.IntN(11) }
	in := plan.Input{
		Now: now, Place: plan.Treadmill, OnboardingLeg: score(), OnboardingBack: score(),
		ToleranceMinutes: 1 + rng.IntN(40),
		RedFlags:         plan.RedFlags{Urgent: rng.IntN(40) == 0, Doctor: rng.IntN(40) == 0},
	}
	if rng.IntN(3) == 0 {
		in.Place = plan.Outdoors
	}
	if rng.IntN(6) > 0 {
		in.Dose = plan.Dose{Minutes: 5 + rng.IntN(26), SessionsPerWeek: 3 + rng.IntN(3), Pace: plan.Pace(rng.IntN(2)), InclinePct: rng.IntN(3)}
		if rng.IntN(3) == 0 {
			in.Dose.Minutes = 30
		}
		if rng.IntN(4) == 0 {
			in.Dose.SessionsPerWeek = 5
			if rng.IntN(2) == 0 {
				in.Dose.SessionsPerWeek, in.Dose.ShortMinutes = 4, 5+rng.IntN(in.Dose.Minutes-4)
			}
		}
		if in.Dose.ShortMinutes >= in.Dose.Minutes {
			in.Dose.ShortMinutes = 0
		}
		for d := 35; d > 0; d -= 1 + rng.IntN(12) {
			in.Doses = append(in.Doses, plan.DoseChange{At: now.Add(-time.Duration(d) * 24 * time.Hour), Dose: in.Dose,
				Rule: []plan.RuleID{plan.RuleProgress, plan.RuleStart, plan.RuleLapse, plan.RuleReduce}[rng.IntN(4)]})
		}
	}
	in.ReminderDays = 1 + rng.IntN(7)
	for d := 20; d > 0; d -= 1 + rng.IntN(4) {
		at := now.Add(-time.Duration(d) * 24 * time.Hour)
		in.History = append(in.History, plan.CheckIn{At: at, Leg: score(), Back: score(), Settled: plan.Settled(rng.IntN(4)),
			WalkPeak: rng.IntN(12) - 1, Rule: []plan.RuleID{plan.RuleReduce, plan.RuleHold, plan.RuleProgress, plan.RuleRest}[rng.IntN(4)],
			Code: []string{"not-settled", "building", "walk-pain"}[rng.IntN(3)], Spread: rng.IntN(30) == 0,
			LimbAsked: rng.IntN(3) == 0, Limb: rng.IntN(10) == 0})
		if rng.IntN(4) > 0 {
			peak := rng.IntN(7)
			if rng.IntN(3) == 0 {
				peak = rng.IntN(11)
			}
			in.Walks = append(in.Walks, plan.Walk{At: at.Add(time.Hour), Minutes: in.Dose.Minutes, Planned: in.Dose.Minutes,
				Peak: peak, CutShort: rng.IntN(8) == 0, Skipped: rng.IntN(10) == 0})
		}
	}
	if rng.IntN(5) == 0 {
		in.Walks = nil
	}
	if rng.IntN(4) > 0 {
		in.Today = &plan.CheckIn{At: now, Leg: score(), Back: score(), Settled: plan.Settled(rng.IntN(4)),
			WalkPeak: rng.IntN(12) - 1, Spread: rng.IntN(8) == 0, LimbAsked: rng.IntN(4) == 0, Limb: rng.IntN(4) == 0}
		if rng.IntN(5) == 0 { // a later check-in the same day
			in.History = append(in.History, plan.CheckIn{At: now.Add(-3 * time.Hour), Leg: score(), Back: score(), Rule: plan.RuleProgress})
		}
	}
	return in
}
