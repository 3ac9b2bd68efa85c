package plan

import "testing"

// One decision per day (v2, v2.1): a later event that day may replace the
// day's decision only by one that does not raise the dose (REDUCE, REST,
// HOLD, STOP-FLARE, NEURO-HOLD, LIMB-HOLD, WEEK-GUARD).
func TestMayReplace_OnlyLowering(t *testing.T) {
	walk := func(rule RuleID, d Dose) Decision {
		return Decision{Rule: rule, Dose: d, Session: true, Reason: Reason{Code: "x"}}
	}
	noWalk := func(rule RuleID, d Dose) Decision { return Decision{Rule: rule, Dose: d, Reason: Reason{Code: "x"}} }
	day := walk(RuleProgress, dose(13, 3))
	brisk := Dose{Minutes: 13, SessionsPerWeek: 3, Pace: PaceBrisk}
	incline := Dose{Minutes: 13, SessionsPerWeek: 3, InclinePct: 1}
	cases := []struct {
		name       string
		day, later Decision
		want       bool
	}{
		// Every lowering rule, at the same dose or lower.
		{"REDUCE", day, walk(RuleReduce, dose(10, 3)), true},
		{"REST", day, noWalk(RuleRest, dose(13, 3)), true},
		{"HOLD", day, walk(RuleHold, dose(13, 3)), true},
		{"STOP-FLARE", day, walk(RuleStopFlare, dose(10, 3)), true},
		{"NEURO-HOLD", day, walk(RuleNeuroHold, dose(13, 3)), true},
		{"NEURO-HOLD's reduction", day, walk(RuleNeuroHold, dose(10, 3)), true},
		{"LIMB-HOLD", day, walk(RuleLimbHold, dose(13, 3)), true},
		{"WEEK-GUARD", day, walk(RuleWeekGuard, dose(13, 3)), true},
		{"REST after a REDUCE", walk(RuleReduce, dose(9, 3)), noWalk(RuleRest, dose(9, 3)), true},
		{"a short session counts at its length", walk(RuleProgress, Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 18}),
			walk(RuleHold, Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 18}), true},

		// Rules that may raise are refused, even at a lower dose.
		{"PROGRESS", day, walk(RuleProgress, dose(13, 3)), false},
		{"PROGRESS capped, lower", day, walk(RuleProgress, dose(12, 3)), false},
		{"MAINTAIN", day, walk(RuleMaintain, dose(13, 3)), false},
		{"START", day, walk(RuleStart, dose(10, 3)), false},
		{"LAPSE, though lower", day, walk(RuleLapse, dose(10, 3)), false},
		// Red flags are not a replacement: the engine pauses for them.
		{"RF-URGENT", day, Decision{Rule: RuleUrgent, Pause: true, Reason: Reason{Code: "red-flag"}}, false},
		{"RF-DOCTOR", day, Decision{Rule: RuleDoctor, Pause: true, Reason: Reason{Code: "red-flag"}}, false},

		// A lowering rule that would raise the dose is refused.
		{"HOLD at the old dose after a REDUCE", walk(RuleReduce, dose(9, 3)), walk(RuleHold, dose(12, 3)), false},
		{"HOLD with a session on a REST day", noWalk(RuleRest, dose(12, 3)), walk(RuleHold, dose(12, 3)), false},
		{"WEEK-GUARD with more sessions", day, walk(RuleWeekGuard, dose(13, 4)), false},
		{"LIMB-HOLD with more minutes, less volume", day, walk(RuleLimbHold, dose(14, 2)), false},
		{"HOLD at a brisker pace", day, walk(RuleHold, brisk), false},
		{"HOLD with more incline", day, walk(RuleHold, incline), false},
		{"NEURO-HOLD with a longer short session", walk(RuleProgress, Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 18}),
			walk(RuleNeuroHold, Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 20}), false},
		// RF-DOCTOR pauses the plan until the user resumes: a rest day
		// would end the pause.
		{"REST on a RF-DOCTOR day", Decision{Rule: RuleDoctor, Dose: dose(12, 3), Pause: true}, noWalk(RuleRest, dose(12, 3)), false},
		{"REST on a RF-URGENT day", Decision{Rule: RuleUrgent, Dose: dose(12, 3), Pause: true}, noWalk(RuleRest, dose(12, 3)), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := MayReplace(c.day, c.later); got != c.want {
				t.Errorf("MayReplace(%s %+v, %s %+v) = %v, want %v", c.day.Rule, c.day.Dose, c.later.Rule, c.later.Dose, got, c.want)
			}
		})
	}
}
