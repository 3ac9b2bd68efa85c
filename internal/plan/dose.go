package plan

import "time"

// Dose limits from the rules file, and the lead's choices where the rules
// file gives none.
const (
	minMinutes      = 5  // START, REDUCE, STOP-FLARE: "at least 5 minutes"
	maxStartMinutes = 20 // START: "at most 20 minutes"
	// Not in the rules file: START's sessions per week is a lead's choice,
	// to be reviewed by a clinician.
	startSessions = 3
	// Not in the rules file: the incline cap is a lead's choice, to be
	// reviewed by a clinician.
	maxInclinePct = 5
)

// percent80 is 80% of m, rounded down (conservative), at least 5 minutes.
func percent80(m int) int { return max(minMinutes, m*8/10) }

// startDose is START's dose: 80% of the tolerance minutes (rounded down),
// clamped to 5-20 minutes, at an easy pace with no incline.
func startDose(in Input) Dose {
	// Rule START
	m := min(max(in.ToleranceMinutes*8/10, minMinutes), maxStartMinutes)
	return Dose{Minutes: m, SessionsPerWeek: startSessions, Pace: PaceEasy, InclinePct: 0}
}

// currentOrStart is the current dose, or START's dose while there is none.
func currentOrStart(in Input) Dose {
	if in.Dose.IsZero() {
		return startDose(in)
	}
	return in.Dose
}

// reducedDose is the dose of REDUCE, NEURO-HOLD's reduction and STOP-FLARE's
// resume: 80% of the last tolerated minutes (rounded down, at least 5).
// Sessions, pace and incline stay as they are.
//
// Interpretation: a reduction never raises the minutes above the current
// dose (the last tolerated walk may have been longer than planned).
func reducedDose(in Input) Dose {
	d := currentOrStart(in)
	d.Minutes = max(minMinutes, min(percent80(lastToleratedMinutes(in)), d.Minutes))
	return d
}

// stepMinutes is PROGRESS's minutes step: about 10% more (rounded half
// up), at least 1 minute, at most the target's 30 minutes.
func stepMinutes(m int) int {
	return min(m+max(1, (m+5)/10), Target.Minutes)
}

// stepToTarget is one PROGRESS step towards Target: minutes first, then
// sessions per week. ok is false when d is already at (or past) Target.
func stepToTarget(d Dose) (next Dose, code string, ok bool) {
	switch {
	case d.Minutes < Target.Minutes:
		d.Minutes = stepMinutes(d.Minutes)
		return d, "minutes", true
	case d.SessionsPerWeek < Target.SessionsPerWeek:
		d.SessionsPerWeek++
		return d, "sessions", true
	}
	return d, "", false
}

// doseInForce is the dose that was in force at t according to in.Doses.
// When every recorded change is after t, it is the oldest recorded dose
// (the earliest known, so the 20% cap errs on the low side); with no
// record at all, the current dose.
func doseInForce(in Input, t time.Time) Dose {
	for i := len(in.Doses) - 1; i >= 0; i-- {
		if !in.Doses[i].At.After(t) {
			return in.Doses[i].Dose
		}
	}
	if len(in.Doses) > 0 {
		return in.Doses[0].Dose
	}
	return in.Dose
}

// lastStepAt is when PROGRESS last changed the dose (zero if never, as far
// as in.Doses tells).
func lastStepAt(in Input) time.Time {
	for i := len(in.Doses) - 1; i >= 0; i-- {
		c := in.Doses[i]
		if c.Rule == RuleProgress && (i == 0 || c.Dose != in.Doses[i-1].Dose) {
			return c.At
		}
	}
	return time.Time{}
}

// atTargetMinutesSince is when the minutes last reached the target and
// stayed there, according to in.Doses; ok is false when unknown.
func atTargetMinutesSince(in Input) (since time.Time, ok bool) {
	for i := len(in.Doses) - 1; i >= 0 && in.Doses[i].Dose.Minutes >= Target.Minutes; i-- {
		since, ok = in.Doses[i].At, true
	}
	return since, ok
}
