package plan

import "time"

// maintainAfterDays is how many local days the target must hold before
// MAINTAIN (4 weeks), and maintainStepDays how many local days apart its
// pace or incline steps are at the least (2 weeks). Rule MAINTAIN counts
// the person's local days (v2.1 "Days"), not 24-hour periods: otherwise
// a change to summer time or a check-in a few minutes earlier than the
// day the target was reached would put it off by a day.
const (
	maintainAfterDays = 28
	maintainStepDays  = 14
	maintainStep      = 2 * week // the walks an incline step looks at
)

// targetSince is when the dose last reached the target (30 minutes, 5
// full sessions) and has held it since, according to in.Doses; ok is
// false when the current dose is not at the target.
func targetSince(in Input) (since time.Time, ok bool) {
	if !in.Dose.AtTarget() {
		return time.Time{}, false
	}
	for i := len(in.Doses) - 1; i >= 0 && in.Doses[i].Dose.AtTarget(); i-- {
		since, ok = in.Doses[i].At, true
	}
	return since, ok
}

// maintaining reports whether MAINTAIN applies: the target has held for
// 4 weeks. A flare or lapse lowers the dose, and the rules above take
// over again.
func maintaining(in Input) bool {
	since, ok := targetSince(in)
	return ok && in.today()-in.dayOf(since) >= maintainAfterDays
}

// maintain is MAINTAIN: keep the dose; a brisker pace, then (treadmill)
// 1% incline steps, offered at most every 2 weeks when the last two
// walks went well (and for incline, every walk of those 2 weeks peaked
// at 0-3).
func maintain(in Input, r Reason) Decision {
	// Rule MAINTAIN
	d := in.Dose
	keep := Decision{Rule: RuleMaintain, Dose: d, Session: true, Reason: r.with("keep")}
	if !readyToProgress(in) || intensityAtTop(in, d) {
		return keep
	}
	if last := lastIntensityChange(in); !last.IsZero() && in.today()-in.dayOf(last) < maintainStepDays {
		return keep
	}
	switch {
	case d.Pace < PaceBrisk:
		d.Pace = PaceBrisk
		return Decision{Rule: RuleMaintain, Dose: d, Session: true, Reason: r.with("pace"), SetsDose: true}
	case in.Place == Treadmill && d.InclinePct < maxInclinePct && calmWalksSince(in, in.Now.Add(-maintainStep)):
		d.InclinePct++
		return Decision{Rule: RuleMaintain, Dose: d, Session: true, Reason: r.with("incline"), SetsDose: true}
	}
	return keep
}

// lastIntensityChange is when pace or incline last changed, per
// in.Doses (zero when never).
func lastIntensityChange(in Input) time.Time {
	for i := len(in.Doses) - 1; i > 0; i-- {
		a, b := in.Doses[i-1].Dose, in.Doses[i].Dose
		if a.Pace != b.Pace || a.InclinePct != b.InclinePct {
			return in.Doses[i].At
		}
	}
	return time.Time{}
}
