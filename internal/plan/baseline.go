package plan

import "slices"

// baselineWindow is how many recent check-ins the baseline is the median
// of, and baselineMinHistory how many it needs before it replaces the
// onboarding answer (rules file, Inputs: "the median of the last 7 morning
// check-ins, or the onboarding answer until there are 3").
const (
	baselineWindow     = 7
	baselineMinHistory = 3
)

// Baseline is the person's usual morning pain: the median of the pains of
// the last 7 check-ins in in.History (Today is not part of it), or the
// onboarding answer (max of leg and back) while History holds fewer than 3.
func Baseline(in Input) int {
	n := len(in.History)
	if n < baselineMinHistory {
		return max(in.OnboardingLeg, in.OnboardingBack)
	}
	recent := in.History[max(0, n-baselineWindow):]
	pains := make([]int, len(recent))
	for i, c := range recent {
		pains[i] = c.Pain()
	}
	slices.Sort(pains)
	// Interpretation (lead): for an even count the median is the lower of
	// the two middle values. A lower baseline makes REDUCE and HOLD trigger
	// sooner, which is the conservative side.
	return pains[(len(pains)-1)/2]
}
