package plan

import (
	"testing"
	"time"
)

func TestRule_NEURO_HOLD(t *testing.T) {
	neuro := func(code string, d Dose) want {
		return want{rule: RuleNeuroHold, code: code, dose: d, session: true, advice: AdviceWithinDays}
	}
	spread := func(in *Input) { in.Today.Spread = true }
	runDecide(t, []decideCase{
		{"spread, pain at baseline: hold", spread, neuro("hold", dose(12, 3))},
		{"spread, walks qualify: still no progression", func(in *Input) { spread(in); in.Today.Leg = 1 }, neuro("hold", dose(12, 3))},
		{"spread, pain baseline+1: hold, not reduce", func(in *Input) { spread(in); in.Today.Leg = 4 }, neuro("hold", dose(12, 3))},
		{"spread, pain baseline+2: reduce to 80% of 12", func(in *Input) { spread(in); in.Today.Leg = 5 }, neuro("reduce", dose(9, 3))},
		{"spread, walk peak 5: hold", func(in *Input) { spread(in); in.Today.WalkPeak = 5 }, neuro("hold", dose(12, 3))},
		{"spread, walk peak 6: reduce", func(in *Input) {
			spread(in)
			in.Today.WalkPeak, in.Walks[1].Peak = 6, 6
		}, neuro("reduce", dose(9, 3))},
		{"spread beats REST", func(in *Input) {
			spread(in)
			in.Today.Leg, in.History[6].Rule = 6, RuleReduce
		}, neuro("reduce", dose(9, 3))},
		{"reduce keeps the 5-minute floor", func(in *Input) {
			spread(in)
			in.Today.Leg, in.Dose, in.Walks = 6, dose(6, 3), walks(6, 2, 2)
		}, neuro("reduce", dose(5, 3))},
		{"spread with no dose yet: hold at START's dose", func(in *Input) {
			spread(in)
			in.Dose, in.Doses, in.Walks, in.ToleranceMinutes = Dose{}, nil, nil, 20
		}, neuro("hold", dose(16, 3))},
		{"no spread: no NEURO-HOLD", nil, progressTo(dose(13, 3), "minutes")},
	})
}

func TestRule_STOP_FLARE(t *testing.T) {
	for peak, want := range map[int]bool{NoPain: false, 0: false, 5: false, 6: true, 10: true} {
		if got := Flare(peak); got != want {
			t.Errorf("Flare(%d) = %v, want %v", peak, got, want)
		}
	}

	resume := func(d Dose) want { return want{rule: RuleStopFlare, code: "resume", dose: d, session: true} }
	cases := []decideCase{
		{"80% of the last tolerated 12 minutes", nil, resume(dose(9, 3))},
		{"the flare walk is not tolerated", func(in *Input) {
			in.Walks = append(in.Walks, Walk{At: ago(0, -time.Hour), Minutes: 7, Planned: 12, Peak: 8, CutShort: true})
		}, resume(dose(9, 3))},
		{"a walk without a pain score counts as tolerated", func(in *Input) { in.Walks[1].Minutes, in.Walks[1].Peak = 10, NoPain }, resume(dose(8, 3))},
		{"skipped walks are ignored", func(in *Input) {
			in.Walks = append(in.Walks, Walk{At: ago(0, -time.Hour), Planned: 12, Peak: NoPain, Skipped: true})
		}, resume(dose(9, 3))},
		{"no walk: 80% of the current dose", func(in *Input) { in.Walks = nil; in.Dose = dose(20, 4) }, resume(dose(16, 4))},
		{"no walk, no dose: 80% of START's minutes", func(in *Input) { in.Walks, in.Dose = nil, Dose{} }, resume(dose(9, 3))},
		{"5-minute floor", func(in *Input) { in.Dose, in.Walks = dose(6, 3), walks(6, 2, 2) }, resume(dose(5, 3))},
		{"keeps sessions, pace and incline", func(in *Input) {
			in.Dose, in.Walks = Dose{Minutes: 20, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 2}, walks(20, 2, 2)
		}, resume(Dose{Minutes: 16, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 2})},
		{"never above the current dose", func(in *Input) { in.Dose, in.Walks = dose(10, 3), walks(20, 2, 2) }, resume(dose(10, 3))},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			if c.mod != nil {
				c.mod(&in)
			}
			check(t, ResumeDose(in), c.want)
		})
	}

	t.Run("Decide never answers STOP-FLARE", func(t *testing.T) {
		in := base()
		in.Today.WalkPeak, in.Walks[1].Peak = 9, 9
		check(t, Decide(in), reduceTo("walk-pain", dose(9, 3)))
	})
}

func TestRule_REDUCE(t *testing.T) {
	runDecide(t, []decideCase{
		{"pain baseline+2", func(in *Input) { in.Today.Leg = 5 }, reduceTo("morning-pain", dose(9, 3))},
		{"back pain counts too (max of leg and back)", func(in *Input) { in.Today.Leg, in.Today.Back = 1, 5 }, reduceTo("morning-pain", dose(9, 3))},
		{"pain baseline+1: HOLD, not REDUCE", func(in *Input) { in.Today.Leg = 4 }, holding(RuleHold, "morning-pain", dose(12, 3))},
		{"walk peak 6 today", func(in *Input) { in.Today.WalkPeak, in.Walks[1].Peak = 6, 6 }, reduceTo("walk-pain", dose(9, 3))},
		{"walk peak 5: HOLD, not REDUCE", func(in *Input) { in.Today.WalkPeak, in.Today.Settled = 5, SettledUnknown },
			holding(RuleHold, "walk-pain", dose(12, 3))},
		{"walk peak from the log when not given today", func(in *Input) { in.Today.WalkPeak, in.Walks[1].Peak = NoPain, 7 },
			reduceTo("walk-pain", dose(9, 3))},
		{"a walk an earlier check-in already judged does not count again", func(in *Input) {
			in.Today.WalkPeak = NoPain
			in.Walks = walks(12, 2, 7, 2)[:2] // walks 3 and 2 days ago; check-ins since
		}, holding(RuleHold, "building", dose(12, 3))},
		{"80% rounds down: 14 -> 11", func(in *Input) {
			in.Today.Leg, in.Dose, in.Walks = 5, dose(14, 3), walks(14, 2, 2)
		}, reduceTo("morning-pain", dose(11, 3))},
		{"5-minute floor", func(in *Input) { in.Today.Leg, in.Dose, in.Walks = 5, dose(6, 3), walks(6, 2, 2) }, reduceTo("morning-pain", dose(5, 3))},
		{"from the last tolerated walk, not the current dose", func(in *Input) {
			in.Today.Leg = 5
			in.Dose = dose(15, 3)
			in.Walks = walks(10, 2, 2)
		}, reduceTo("morning-pain", dose(8, 3))},
		{"never above the current dose", func(in *Input) { in.Today.Leg, in.Dose = 5, dose(8, 3) }, reduceTo("morning-pain", dose(8, 3))},
		{"no dose yet: 80% of START's minutes", func(in *Input) {
			in.Today.Leg, in.Dose, in.Doses, in.Walks = 5, Dose{}, nil, nil
		}, reduceTo("morning-pain", dose(9, 3))},
		{"no check-in today: not evaluated", func(in *Input) { in.Today = nil; in.Walks[1].Peak = 8 },
			holding(RuleHold, "no-checkin", dose(12, 3))},
	})

	t.Run("reason figures", func(t *testing.T) {
		in := base()
		in.Today.Leg, in.Today.WalkPeak, in.Walks[1].Peak = 4, 6, 6
		got := Decide(in).Reason
		want := Reason{Code: "walk-pain", Pain: 4, Baseline: 3, WalkPeak: 6, FromMinutes: 12}
		if got != want {
			t.Errorf("reason %+v, want %+v", got, want)
		}
	})
}

func TestRule_REST(t *testing.T) {
	rest := want{rule: RuleRest, code: "rest", dose: dose(12, 3)}
	notSettling := want{rule: RuleRest, code: "not-settling", dose: dose(12, 3), advice: AdviceIfNotSettled}
	setRules := func(in *Input, rules ...RuleID) {
		for i, r := range rules {
			in.History[len(in.History)-len(rules)+i].Rule = r
		}
	}
	runDecide(t, []decideCase{
		{"2nd day: morning pain after a REDUCE", func(in *Input) { in.Today.Leg = 5; setRules(in, RuleReduce) }, rest},
		{"2nd day: walk pain after a REDUCE", func(in *Input) {
			in.Today.WalkPeak, in.Walks[1].Peak = 6, 6
			setRules(in, RuleReduce)
		}, rest},
		{"after a REST", func(in *Input) { in.Today.Leg = 5; setRules(in, RuleHold, RuleRest) }, rest},
		{"3rd day: REDUCE, REDUCE", func(in *Input) { in.Today.Leg = 5; setRules(in, RuleReduce, RuleReduce) }, notSettling},
		{"3rd day: REDUCE, REST", func(in *Input) { in.Today.Leg = 5; setRules(in, RuleReduce, RuleRest) }, notSettling},
		{"4th day: REST, REST", func(in *Input) { in.Today.Leg = 6; setRules(in, RuleReduce, RuleRest, RuleRest) }, notSettling},
		{"1st day: REDUCE", func(in *Input) { in.Today.Leg = 5 }, reduceTo("morning-pain", dose(9, 3))},
		{"not in a row: REDUCE, HOLD", func(in *Input) { in.Today.Leg = 5; setRules(in, RuleReduce, RuleHold) }, reduceTo("morning-pain", dose(9, 3))},
		{"NEURO-HOLD is not REDUCE", func(in *Input) { in.Today.Leg = 5; setRules(in, RuleNeuroHold) }, reduceTo("morning-pain", dose(9, 3))},
		{"REDUCE yesterday, HOLD conditions today", func(in *Input) { in.Today.Leg = 4; setRules(in, RuleReduce) },
			holding(RuleHold, "morning-pain", dose(12, 3))},
		{"REDUCE yesterday, fine today", func(in *Input) { setRules(in, RuleReduce) }, progressTo(dose(13, 3), "minutes")},
		{"no check-in today: not evaluated", func(in *Input) { in.Today = nil; setRules(in, RuleReduce) },
			holding(RuleHold, "no-checkin", dose(12, 3))},
	})
}

func TestRule_HOLD(t *testing.T) {
	held := func(code string) want { return holding(RuleHold, code, dose(12, 3)) }
	runDecide(t, []decideCase{
		{"pain baseline+1", func(in *Input) { in.Today.Leg = 4 }, held("morning-pain")},
		{"pain at baseline: no HOLD", nil, progressTo(dose(13, 3), "minutes")},
		{"pain below baseline: no HOLD", func(in *Input) { in.Today.Leg = 1 }, progressTo(dose(13, 3), "minutes")},
		{"not quite settled", func(in *Input) { in.Today.Settled = SettledNotQuite }, held("not-settled")},
		{"not settled", func(in *Input) { in.Today.Settled = SettledNo }, held("not-settled")},
		{"walk peak 4, settled not asked", func(in *Input) { in.Today.WalkPeak, in.Today.Settled = 4, SettledUnknown }, held("walk-pain")},
		{"walk peak 5, not quite settled", func(in *Input) { in.Today.WalkPeak, in.Today.Settled = 5, SettledNotQuite }, held("not-settled")},
		{"walk peak 3, settled not asked: no HOLD", func(in *Input) {
			in.Today.WalkPeak, in.Today.Settled, in.Walks[1].Peak = 3, SettledUnknown, 3
		}, progressTo(dose(13, 3), "minutes")},
		{"walk peak 4-5 and settled: left to PROGRESS", func(in *Input) {
			in.Today.WalkPeak, in.Walks[0].Peak, in.Walks[1].Peak = 5, 4, 5
		}, progressTo(dose(13, 3), "minutes")},
		{"building: one walk at this dose", func(in *Input) { in.Walks = in.Walks[1:] }, held("building")},
		{"building: walks at the old dose", func(in *Input) { in.Walks = walks(11, 2, 2) }, held("building")},
		{"building: no walks yet, dose set 3 days ago", func(in *Input) { in.Walks, in.Doses[0].At = nil, ago(3, 0) }, held("building")},
		{"no check-in today", func(in *Input) { in.Today = nil }, held("no-checkin")},
		{"no dose: nothing to hold, START", func(in *Input) { in.Today.Leg, in.Dose = 4, Dose{} }, want{rule: RuleStart, code: "first", dose: dose(12, 3), session: true}},
	})
}

func TestRule_WEEK_GUARD(t *testing.T) {
	guard := holding(RuleWeekGuard, "week-worse", dose(12, 3))
	runDecide(t, []decideCase{
		{"this week 3, last week 2", func(in *Input) { in.History = checkins(13, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3) }, guard},
		{"same averages: PROGRESS", func(in *Input) { in.History = checkins(13, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3) },
			progressTo(dose(13, 3), "minutes")},
		{"this week better: PROGRESS", func(in *Input) { in.History = checkins(13, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3) },
			progressTo(dose(13, 3), "minutes")},
		{"a check-in exactly 7 days ago is last week's", func(in *Input) { in.History = checkins(7, 1, 3, 3, 3, 3, 3, 3) }, guard},
		{"a check-in exactly 14 days ago is in neither week", func(in *Input) {
			in.History = append(checkins(14, 0), checkins(6, 3, 3, 3, 3, 3, 3)...)
		}, progressTo(dose(13, 3), "minutes")},
		{"no check-in last week: PROGRESS", func(in *Input) { in.History = checkins(6, 3, 3, 3, 3, 3, 3) },
			progressTo(dose(13, 3), "minutes")},
		{"no check-in today: not evaluated", func(in *Input) {
			in.Today = nil
			in.History = checkins(13, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3)
		}, holding(RuleHold, "no-checkin", dose(12, 3))},
	})

	t.Run("today counts in this week", func(t *testing.T) {
		in := base()
		in.History = checkins(13, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3)
		if weekWorse(in) {
			t.Fatal("equal weeks reported worse")
		}
		in.Today.Leg = 4 // this week (6×3 + 4) / 7 > 3
		if !weekWorse(in) {
			t.Error("today's pain not counted")
		}
	})
}

func TestRule_LAPSE(t *testing.T) {
	lapsed := func(d Dose) want { return want{rule: RuleLapse, code: "lapse", dose: d, session: true} }
	walkAt := func(at time.Time) Walk { return Walk{At: at, Minutes: 12, Planned: 12, Peak: 2} }
	cases := []struct {
		decideCase
		days int
	}{
		{decideCase{"last walk exactly 7 days ago", func(in *Input) { in.Walks = []Walk{walkAt(ago(8, 0)), walkAt(ago(7, 0))} }, lapsed(dose(9, 3))}, 7},
		{decideCase{"last walk 10 days ago", func(in *Input) { in.Walks = []Walk{walkAt(ago(10, 0))} }, lapsed(dose(9, 3))}, 10},
		{decideCase{"skipped walks do not count", func(in *Input) {
			in.Walks = []Walk{walkAt(ago(9, 0)), walkAt(ago(8, 0)), {At: ago(1, 0), Planned: 12, Peak: NoPain, Skipped: true}}
		}, lapsed(dose(9, 3))}, 8},
		{decideCase{"no walk, dose set 7 days ago", func(in *Input) {
			in.Walks, in.Doses[0].At = nil, ago(7, 0)
		}, lapsed(dose(9, 3))}, 7},
		{decideCase{"80% rounds down, 5-minute floor", func(in *Input) {
			in.Dose, in.Walks = dose(6, 3), []Walk{walkAt(ago(9, 0))}
		}, lapsed(dose(5, 3))}, 9},
		{decideCase{"again a week after a LAPSE restart", func(in *Input) {
			in.Dose, in.Walks = dose(9, 3), []Walk{walkAt(ago(20, 0))}
			in.Doses = append(in.Doses, DoseChange{At: ago(7, 0), Dose: dose(9, 3), Rule: RuleLapse})
		}, lapsed(dose(7, 3))}, 20},
		{decideCase{"without a check-in (/plan)", func(in *Input) { in.Today = nil; in.Walks = []Walk{walkAt(ago(7, 0))} }, lapsed(dose(9, 3))}, 7},
		{decideCase{"last walk 6 days 23 hours ago: no LAPSE", func(in *Input) {
			in.Walks = []Walk{walkAt(ago(8, 0)), walkAt(ago(7, time.Hour))}
		}, progressTo(dose(13, 3), "minutes")}, 0},
		{decideCase{"last walk 6 days ago: no LAPSE", func(in *Input) { in.Walks = []Walk{walkAt(ago(6, 0))} },
			holding(RuleHold, "building", dose(12, 3))}, 0},
		{decideCase{"no walk, dose set 6 days ago: no LAPSE", func(in *Input) { in.Walks, in.Doses[0].At = nil, ago(6, 0) },
			holding(RuleHold, "building", dose(12, 3))}, 0},
		{decideCase{"no walk, no dose record: no LAPSE", func(in *Input) { in.Walks, in.Doses = nil, nil },
			holding(RuleHold, "building", dose(12, 3))}, 0},
		{decideCase{"not twice: LAPSE restart after the last walk, 2 days ago", func(in *Input) {
			in.Dose, in.Walks = dose(9, 3), []Walk{walkAt(ago(12, 0))}
			in.Doses = append(in.Doses, DoseChange{At: ago(2, 0), Dose: dose(9, 3), Rule: RuleLapse})
		}, holding(RuleHold, "building", dose(9, 3))}, 0},
		{decideCase{"no dose: START, not LAPSE", func(in *Input) { in.Dose, in.Walks = Dose{}, []Walk{walkAt(ago(9, 0))} },
			want{rule: RuleStart, code: "first", dose: dose(12, 3), session: true}}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			c.mod(&in)
			got := Decide(in)
			check(t, got, c.want)
			if got.Reason.Days != c.days {
				t.Errorf("days %d, want %d", got.Reason.Days, c.days)
			}
		})
	}
}
