package plan

import "testing"

// atTarget is a treadmill walker at 30 minutes, 5 sessions (pace and
// incline as given), the target reached on local day -since at 08:00,
// with two walks at 30 peaking at 2 on the last two days.
func atTarget(since int, pace Pace, incline int) func(*Input) {
	return func(in *Input) {
		d := Dose{Minutes: 30, SessionsPerWeek: 5, Pace: pace, InclinePct: incline}
		in.Dose = d
		in.Doses = []DoseChange{{At: on(-since, 8, 0), Dose: Dose{Minutes: 30, SessionsPerWeek: 5}, Rule: RuleProgress}}
		if pace != PaceEasy || incline != 0 {
			in.Doses = append(in.Doses, DoseChange{At: on(-since+1, 8, 0), Dose: d, Rule: RuleProgress})
		}
		in.Walks[0].Planned, in.Walks[1].Planned = 30, 30
		in.Walks[0].Minutes, in.Walks[1].Minutes = 30, 30
	}
}

// changed adds a change of pace or incline to d on local day -ago.
func changed(ago int, d Dose, rule RuleID) func(*Input) {
	return func(in *Input) {
		in.Dose = d
		in.Doses = append(in.Doses, DoseChange{At: on(-ago, 8, 0), Dose: d, Rule: rule})
	}
}

// MAINTAIN (v2): the target (30 minutes, 5 days a week) held for 4 weeks:
// keep the dose; a brisker pace or 1% incline steps at most every 2
// weeks. Weeks are counted in the person's local days (v2.1 "Days").
func TestRule_MAINTAIN_AfterFourWeeksAtTarget(t *testing.T) {
	full := Dose{Minutes: 30, SessionsPerWeek: 5}
	brisk := Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk}
	incl := func(p int) Dose { return Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: p} }
	maintain := func(code string, d Dose) want {
		return want{rule: RuleMaintain, code: code, dose: d, session: true, sets: code != "keep"}
	}
	then := func(fs ...func(*Input)) func(*Input) {
		return func(in *Input) {
			for _, f := range fs {
				f(in)
			}
		}
	}
	runDecide(t, []decideCase{
		// 28 local days since 08:00 CET on 3 March; 27 days 23 hours.
		{"28 local days at the target: MAINTAIN offers a brisker pace", atTarget(28, PaceEasy, 0), maintain("pace", brisk)},
		{"27 local days: still PROGRESS (its own pace step)", atTarget(27, PaceEasy, 0), progressTo(brisk, "pace")},
		{"a pace step 13 local days ago: keep", then(atTarget(40, PaceEasy, 0), changed(13, brisk, RuleMaintain)), maintain("keep", brisk)},
		{"a pace step 14 local days ago: 1% incline", then(atTarget(40, PaceEasy, 0), changed(14, brisk, RuleMaintain)), maintain("incline", incl(1))},
		{"an incline step 10 local days ago: keep", then(atTarget(40, PaceEasy, 0), changed(30, brisk, RuleMaintain), changed(10, incl(1), RuleMaintain)), maintain("keep", incl(1))},
		{"an incline step 15 local days ago: the next 1%", then(atTarget(40, PaceEasy, 0), changed(30, brisk, RuleMaintain), changed(15, incl(1), RuleMaintain)), maintain("incline", incl(2))},
		{"a walk at 4 within 2 weeks: no incline", then(atTarget(40, PaceEasy, 0), changed(20, brisk, RuleMaintain), func(in *Input) {
			in.Walks = append([]Walk{{At: on(-5, 18, 0), Minutes: 30, Planned: 30, Peak: 4, Settled: SettledYes}}, in.Walks...)
		}), maintain("keep", brisk)},
		{"outdoors, brisk: nothing more to offer", then(atTarget(40, PaceEasy, 0), changed(20, brisk, RuleMaintain), func(in *Input) { in.Place = Outdoors }), maintain("keep", brisk)},
		{"one walk since the last step: keep", then(atTarget(40, PaceEasy, 0), changed(20, brisk, RuleMaintain), func(in *Input) { in.Walks = in.Walks[1:] }), maintain("keep", brisk)},
		{"HOLD comes first", then(atTarget(40, PaceEasy, 0), func(in *Input) { in.Today.Settled = SettledNo }), holding(RuleHold, "not-settled", full)},
		{"WEEK-GUARD comes first", then(atTarget(40, PaceEasy, 0), func(in *Input) {
			in.History = append(mornings(-13, -7, 2), mornings(-6, -1, 3)...)
		}), holding(RuleWeekGuard, "week-worse", full)},
		{"a lapse drops back: LAPSE", then(atTarget(40, PaceEasy, 0), func(in *Input) { in.Walks = []Walk{walkOn(-8, 30, 2)}; in.Today.WalkPeak = NoPain }),
			want{rule: RuleLapse, code: "lapse", dose: Dose{Minutes: 24, SessionsPerWeek: 5}, session: true, sets: true}},
		{"after the lapse restart the rules above apply: PROGRESS within the cap", then(atTarget(40, PaceEasy, 0),
			changed(3, Dose{Minutes: 24, SessionsPerWeek: 5}, RuleLapse)), progressTo(Dose{Minutes: 26, SessionsPerWeek: 5}, "minutes")},
	})
}
