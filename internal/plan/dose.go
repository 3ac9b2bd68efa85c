package plan

// Dose limits from the rules file, and the lead's choices where the rules
// file gives none.
const (
	minMinutes      = 5  // START, REDUCE, STOP-FLARE, LAPSE: "at least 5 minutes"
	maxStartMinutes = 20 // START: "at most 20 minutes"
	// START (v2): sessions per week = the reminder days, 3 to 5.
	minStartSessions = 3
	maxStartSessions = 5
	// Not in the rules file: the incline cap is a lead's choice, to be
	// reviewed by a clinician.
	maxInclinePct = 5
)

// percent80 is 80% of m, rounded down (conservative), at least 5 minutes.
func percent80(m int) int { return max(minMinutes, m*8/10) }

// startDose is START's dose: 80% of the tolerance minutes (rounded down),
// clamped to 5-20 minutes, as many sessions a week as reminder days (3 to
// 5), at an easy pace with no incline.
func startDose(in Input) Dose {
	// Rule START
	m := min(max(in.ToleranceMinutes*8/10, minMinutes), maxStartMinutes)
	s := min(max(in.ReminderDays, minStartSessions), maxStartSessions)
	return Dose{Minutes: m, SessionsPerWeek: s, Pace: PaceEasy, InclinePct: 0}
}

// currentOrStart is the current dose, or START's dose while there is none.
func currentOrStart(in Input) Dose {
	if in.Dose.IsZero() {
		return startDose(in)
	}
	return in.Dose
}

// withMinutes is d at m minutes a session; a short session is never
// longer than the others (and stops being short at their length).
func withMinutes(d Dose, m int) Dose {
	d.Minutes = m
	if d.ShortMinutes >= m {
		d.ShortMinutes = 0
	}
	return d
}

// reducedDose is the dose of REDUCE, NEURO-HOLD's reduction and
// STOP-FLARE's restart: 80% of the tolerated minutes (rounded down, at
// least 5), never above the current dose. Sessions, pace and incline
// stay as they are.
func reducedDose(in Input) Dose {
	d := currentOrStart(in)
	return withMinutes(d, max(minMinutes, min(percent80(toleratedMinutes(in)), d.Minutes)))
}

// stepMinutes is PROGRESS's minutes step: about 10% more (rounded half
// up), at least 1 minute, at most the target's 30 minutes.
func stepMinutes(m int) int {
	return min(m+max(1, (m+5)/10), Target.Minutes)
}

// stepToTarget is one projected PROGRESS step towards Target: minutes
// first, then a short session to full length, then sessions per week.
// ok is false when d is already at (or past) Target.
func stepToTarget(d Dose) (next Dose, ok bool) {
	switch {
	case d.Minutes < Target.Minutes:
		return withMinutes(d, stepMinutes(d.Minutes)), true
	case d.ShortMinutes > 0:
		d.ShortMinutes = 0
		return d, true
	case d.SessionsPerWeek < Target.SessionsPerWeek:
		d.SessionsPerWeek++
		return d, true
	}
	return d, false
}
