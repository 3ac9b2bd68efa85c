package plan

import "slices"

// baselineWindow is how many recent morning check-ins the baseline is the
// lower middle value of, and baselineMinHistory how many it needs before
// it replaces the onboarding answer (rules file, Inputs, and the v2.1
// reading "Baseline").
const (
	baselineWindow     = 7
	baselineMinHistory = 3
)

// Baseline is the person's usual morning pain: the lower middle value of
// the pains (higher of leg and back) of the last 7 morning check-ins in
// in.History (Today is not part of it), or the onboarding answer while
// there are fewer than 3. A lower baseline makes REDUCE trigger sooner,
// the careful side.
func Baseline(in Input) int {
	mornings := morningCheckIns(in)
	if len(mornings) < baselineMinHistory {
		return max(in.OnboardingLeg, in.OnboardingBack)
	}
	recent := mornings[max(0, len(mornings)-baselineWindow):]
	pains := make([]int, len(recent))
	for i, c := range recent {
		pains[i] = c.Pain()
	}
	slices.Sort(pains)
	return pains[(len(pains)-1)/2]
}

// morningCheckIns are the check-ins of in.History that were the first of
// their local day, oldest first.
func morningCheckIns(in Input) []CheckIn {
	var out []CheckIn
	last := 0
	for i, c := range in.History {
		d := in.dayOf(c.At)
		if i == 0 || d != last {
			out = append(out, c)
		}
		last = d
	}
	return out
}

// isMorning reports whether the check-in being decided is the first of
// its local day.
func isMorning(in Input) bool {
	if in.Today == nil {
		return false
	}
	d := in.dayOf(in.Today.At)
	for i := len(in.History) - 1; i >= 0; i-- {
		if in.dayOf(in.History[i].At) == d {
			return false
		}
	}
	return true
}

// IsMorning reports whether a check-in at in.Now would be the person's
// morning check-in: no check-in in in.History on the same local day.
func IsMorning(in Input) bool {
	probe := in
	probe.Today = &CheckIn{At: in.Now}
	return isMorning(probe)
}

// lastCheckInOfDays is, for each local day before today that has a
// check-in, the last check-in of that day (it carries the day's final
// decision), newest first.
func lastCheckInOfDays(in Input) []CheckIn {
	var out []CheckIn
	today := in.today()
	seen := today
	for i := len(in.History) - 1; i >= 0; i-- {
		c := in.History[i]
		d := in.dayOf(c.At)
		if d >= today || d == seen {
			continue
		}
		out = append(out, c)
		seen = d
	}
	return out
}
