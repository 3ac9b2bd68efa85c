package plan

// lowering are the rules a later event of the same local day may put in
// place of the day's decision: they never raise the dose (v2.1 reading
// "One decision per day").
var lowering = map[RuleID]bool{
	RuleReduce: true, RuleRest: true, RuleHold: true, RuleStopFlare: true,
	RuleNeuroHold: true, RuleLimbHold: true, RuleWeekGuard: true,
}

// MayReplace reports whether later, decided after the day's decision
// day on the same local day, may replace it: only a lowering rule, and
// only when it does not raise the dose (more minutes, more weekly
// volume, a brisker pace, more incline, a session on a day without
// one, or the end of a red-flag pause).
func MayReplace(day, later Decision) bool {
	if !lowering[later.Rule] {
		return false
	}
	return !raises(later, day)
}

// raises reports whether a asks for more walking than b.
func raises(a, b Decision) bool {
	// Rules RF-URGENT and RF-DOCTOR: the plan stays paused until the
	// user resumes; a later decision that would end the pause (a rest
	// day without one) asks for more, not less.
	if b.Pause && !a.Pause {
		return true
	}
	if !a.Session {
		return false
	}
	if !b.Session {
		return true
	}
	return a.Dose.Exceeds(b.Dose)
}
