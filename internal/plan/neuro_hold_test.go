package plan

import (
	"testing"
	"time"
)

// NEURO-HOLD: spread further down the leg, or the leg newly weaker: no
// progression; hold or reduce; advise a clinician within a few days, on
// each day the answer is yes.
func TestRule_NEURO_HOLD_HoldsOrReduces(t *testing.T) {
	neuro := func(code string, d Dose) want {
		return want{rule: RuleNeuroHold, code: code, dose: d, session: true, advice: AdviceWithinDays}
	}
	spread := func(in *Input) { in.Today.Spread = true }
	runDecide(t, []decideCase{
		{"spread, walks qualify: no progression", spread, neuro("hold", dose(12, 3))},
		{"spread, pain baseline+1: hold, not reduce", func(in *Input) { spread(in); in.Today.Leg = 4 }, neuro("hold", dose(12, 3))},
		{"spread, pain baseline+2: reduce to 80% of 12", func(in *Input) { spread(in); in.Today.Leg = 5 },
			want{rule: RuleNeuroHold, code: "reduce", dose: dose(9, 3), session: true, advice: AdviceWithinDays, sets: true}},
		{"spread, walk peak 6: reduce", func(in *Input) { spread(in); in.Today.WalkPeak, in.Walks[1].Peak = 6, 6 },
			want{rule: RuleNeuroHold, code: "reduce", dose: dose(9, 3), session: true, advice: AdviceWithinDays, sets: true}},
		{"spread beats REST", func(in *Input) {
			spread(in)
			in.Today.Leg, in.History[6].Rule = 6, RuleReduce
		}, want{rule: RuleNeuroHold, code: "reduce", dose: dose(9, 3), session: true, advice: AdviceWithinDays, sets: true}},
		{"spread beats LAPSE", func(in *Input) { spread(in); in.Walks = []Walk{walkOn(-9, 12, 2)} }, neuro("hold", dose(12, 3))},
		{"no spread: no NEURO-HOLD", nil, progressed},
	})
}

// v2.1: NEURO-HOLD lasts through the 6th local day after the last yes and
// ends on the 7th, counted in local days, not hours; the advice comes only
// on a day the answer is yes.
func TestRule_NEURO_HOLD_ThroughThe6thLocalDay(t *testing.T) {
	cases := []struct {
		name  string
		yesAt []time.Time
		now   time.Time
		hold  bool
		days  int
	}{
		{"yes yesterday", []time.Time{on(-1, 8, 0)}, now, true, 1},
		{"yes on day -6 at 08:00: the 6th local day, held", []time.Time{on(-6, 8, 0)}, now, true, 6},
		{"yes on day -6 at 00:30, now 23:30 (6 days 22 hours): the 6th local day, held", []time.Time{on(-6, 0, 30)}, on(0, 23, 30), true, 6},
		{"yes on day -7: the 7th local day, ended", []time.Time{on(-7, 8, 0)}, now, false, 0},
		// Monday 24 March 23:30 CET to Monday 31 March 00:30 CEST is 144
		// hours, yet the 7th local day.
		{"yes day -7 at 23:30, now 00:30: 144 hours, still the 7th local day", []time.Time{on(-7, 23, 30)}, on(0, 0, 30), false, 0},
		{"a later yes extends it", []time.Time{on(-9, 8, 0), on(-3, 8, 0)}, now, true, 3},
		{"two old yeses, none within 6 days", []time.Time{on(-12, 8, 0), on(-8, 8, 0)}, now, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			in.History = mornings(-13, -1, 3)
			for _, y := range c.yesAt {
				in.History = append(in.History, CheckIn{At: y, Leg: 3, Back: 1, Spread: true, WalkPeak: NoPain, Rule: RuleNeuroHold, Code: "hold"})
			}
			sortByAt(in.History)
			in.at(c.now)
			d := Decide(in)
			if !c.hold {
				check(t, d, progressed)
				return
			}
			check(t, d, want{rule: RuleNeuroHold, code: "hold-days", dose: dose(12, 3), session: true})
			if d.Reason.Days != c.days {
				t.Errorf("Reason.Days = %d, want %d", d.Reason.Days, c.days)
			}
		})
	}
}

// sortByAt sorts check-ins oldest first.
func sortByAt(cs []CheckIn) {
	for i := 1; i < len(cs); i++ {
		for j := i; j > 0 && cs[j].At.Before(cs[j-1].At); j-- {
			cs[j], cs[j-1] = cs[j-1], cs[j]
		}
	}
}

// A yes at a later check-in of a day whose morning raised the dose: the
// day is decided by NEURO-HOLD, so it holds at the dose before the raise
// ("no progression"), which lowers the day's plan and may replace it.
func TestRule_NEURO_HOLD_LaterTheSameDayUndoesTheMorningsStep(t *testing.T) {
	in := base()
	in.History = append(in.History, CheckIn{At: now, Leg: 3, Back: 1, Settled: SettledYes, WalkPeak: 2, Rule: RuleProgress, Code: "minutes"})
	in.Dose = dose(13, 3)
	in.Doses = append(in.Doses, DoseChange{At: now, Dose: dose(13, 3), Rule: RuleProgress})
	in.Today = &CheckIn{Leg: 3, Back: 1, WalkPeak: NoPain, Spread: true}
	in.at(on(0, 21, 0))
	got := Decide(in)
	check(t, got, want{rule: RuleNeuroHold, code: "hold", dose: dose(12, 3), session: true, advice: AdviceWithinDays, sets: true})
	if !MayReplace(Decision{Rule: RuleProgress, Dose: dose(13, 3), Session: true}, got) {
		t.Errorf("MayReplace(PROGRESS 13, NEURO-HOLD 12) = false")
	}

	// The next morning the hold goes on at 12, and a step set on an
	// earlier day is not undone.
	in.History = append(in.History, CheckIn{At: on(0, 21, 0), Leg: 3, Back: 1, Spread: true, WalkPeak: NoPain, Rule: RuleNeuroHold, Code: "hold"})
	in.Doses = append(in.Doses, DoseChange{At: on(0, 21, 0), Dose: dose(12, 3), Rule: RuleNeuroHold})
	in.Dose = dose(12, 3)
	in.Today = &CheckIn{Leg: 3, Back: 1, WalkPeak: NoPain}
	in.at(on(1, 8, 0))
	check(t, Decide(in), holding(RuleNeuroHold, "hold-days", dose(12, 3)))

	in = base()
	in.Dose = dose(13, 3)
	in.Doses = append(in.Doses, DoseChange{At: on(-1, 8, 0), Dose: dose(13, 3), Rule: RuleProgress})
	in.Today.Spread = true
	check(t, Decide(in), want{rule: RuleNeuroHold, code: "hold", dose: dose(13, 3), session: true, advice: AdviceWithinDays})
}
