package plan

import "time"

// RedFlagsDue reports whether the red-flag questions are due at a daily
// check-in, for the rules file's data-driven "When they are asked": never
// asked yet, not asked for 7 days or more, or morning pain has jumped 2 or
// more points above baseline. /stop and onboarding always ask; the engine
// handles those.
func RedFlagsDue(in Input, lastAsked time.Time) bool {
	if lastAsked.IsZero() || in.Now.Sub(lastAsked) >= week {
		return true
	}
	return in.Today != nil && in.Today.Pain() >= Baseline(in)+2
}

// ResumeNeedsRedFlags reports whether /resume must ask the red-flag
// questions: after a flare, or after a pause of more than 7 days.
func ResumeNeedsRedFlags(pausedSince, now time.Time, flare bool) bool {
	return flare || now.Sub(pausedSince) > week
}
