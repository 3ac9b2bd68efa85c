package plan

import "testing"

// REDUCE: next-morning pain at least baseline + 2, or the walk this
// morning reports on peaked above 5: next session at 80% of the last
// tolerated minutes, at least 5.
func TestRule_REDUCE_PainOrWalkPeak(t *testing.T) {
	runDecide(t, []decideCase{
		{"leg pain baseline+2", func(in *Input) { in.Today.Leg = 5 }, reduceTo("morning-pain", dose(9, 3))},
		{"back pain baseline+2 (pain is the higher of the two)", func(in *Input) { in.Today.Back = 5 }, reduceTo("morning-pain", dose(9, 3))},
		{"baseline+1 is not enough", func(in *Input) { in.Today.Leg = 4 }, progressed},
		{"the reported walk peaked at 6", func(in *Input) { in.Today.WalkPeak, in.Walks[1].Peak = 6, 6 }, reduceTo("walk-pain", dose(9, 3))},
		{"a peak of 5 is not above 5", func(in *Input) { in.Today.WalkPeak, in.Walks[1].Peak = 5, 5 }, progressed},
		{"80% of 13 rounds down to 10", func(in *Input) {
			in.Dose, in.Doses[0].Dose = dose(13, 3), dose(13, 3)
			in.Walks[0].Planned, in.Walks[1].Planned = 13, 13
			in.Today.Leg = 5
		}, reduceTo("morning-pain", dose(10, 3))},
		{"at least 5 minutes", func(in *Input) {
			in.Dose, in.Doses[0].Dose = dose(6, 3), dose(6, 3)
			in.Walks[0].Planned, in.Walks[1].Planned = 6, 6
			in.Today.Leg = 6
		}, reduceTo("morning-pain", dose(5, 3))},
		{"walked 20 of 12 planned: 80% of 12, not of 20", func(in *Input) {
			in.Walks[0].Minutes, in.Walks[1].Minutes = 20, 20
			in.Today.Leg = 5
		}, reduceTo("morning-pain", dose(9, 3))},
		{"sessions, pace and incline stay", func(in *Input) {
			d := Dose{Minutes: 20, SessionsPerWeek: 4, Pace: PaceBrisk, InclinePct: 1}
			in.Dose, in.Doses[0].Dose = d, d
			in.Walks[0].Planned, in.Walks[1].Planned = 20, 20
			in.Today.Leg = 5
		}, reduceTo("morning-pain", Dose{Minutes: 16, SessionsPerWeek: 4, Pace: PaceBrisk, InclinePct: 1})},
		{"a short session shorter than the new minutes stays", func(in *Input) {
			d := Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 12}
			in.Dose, in.Doses[0].Dose = d, d
			in.Walks[0].Planned, in.Walks[1].Planned = 30, 30
			in.Today.Leg = 5
		}, reduceTo("morning-pain", Dose{Minutes: 24, SessionsPerWeek: 4, ShortMinutes: 12})},
		{"a short session as long as the new minutes is a full one", func(in *Input) {
			d := Dose{Minutes: 15, SessionsPerWeek: 4, ShortMinutes: 12}
			in.Dose, in.Doses[0].Dose = d, d
			in.Walks[0].Planned, in.Walks[1].Planned = 15, 15
			in.Today.Leg = 5
		}, reduceTo("morning-pain", Dose{Minutes: 12, SessionsPerWeek: 4})},
	})
}

// A later check-in the same day with pain 2 above the baseline lowers the
// day's plan ("pain-up"); the reported walk's peak is only the morning's.
func TestRule_REDUCE_LaterCheckIn(t *testing.T) {
	in := base()
	in.History = append(in.History, CheckIn{At: now, Leg: 3, Back: 1, Settled: SettledYes, WalkPeak: 2, Rule: RuleProgress, Code: "minutes"})
	in.Dose = dose(13, 3)
	in.Doses = append(in.Doses, DoseChange{At: now, Dose: dose(13, 3), Rule: RuleProgress})
	in.Today = &CheckIn{Leg: 5, Back: 1, WalkPeak: NoPain}
	in.at(on(0, 16, 0))
	check(t, Decide(in), reduceTo("pain-up", dose(10, 3)))

	in.Today.Leg, in.Today.WalkPeak = 3, 8
	if d := Decide(in); d.Rule == RuleReduce {
		t.Errorf("a later check-in's walk peak reduced again: %s/%s", d.Rule, d.Reason.Code)
	}
}

// The tolerated dose reads each walk's own "settled": this morning's
// answer belongs to the walk it reports on, before the engine has joined
// it onto the log. A 4-5 walk at 20 minutes that settled (today's yes),
// after a short session of 10: REDUCE for back pain is 80% of 20.
func TestRule_REDUCE_ToleratedDoseUsesThisMorningsAnswer(t *testing.T) {
	in := base()
	d := Dose{Minutes: 20, SessionsPerWeek: 4, ShortMinutes: 10}
	in.Dose, in.Doses = d, []DoseChange{{At: on(-5, 8, 0), Dose: d, Rule: RuleProgress}}
	in.Walks = []Walk{walkOn(-2, 10, 2), walkOn(-1, 20, 5)}
	in.Today.WalkPeak, in.Today.Settled, in.Today.Back = 5, SettledYes, 5
	check(t, Decide(in), reduceTo("morning-pain", Dose{Minutes: 16, SessionsPerWeek: 4, ShortMinutes: 10}))

	// Not settled: no full walk at this dose was tolerated (the short
	// one is a part session and does not count): 80% of the current 20.
	in.Today.Settled = SettledNotQuite
	check(t, Decide(in), reduceTo("morning-pain", Dose{Minutes: 16, SessionsPerWeek: 4, ShortMinutes: 10}))
}
