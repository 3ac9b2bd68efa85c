package plan

import "time"

// redFlagEvery and limbEvery are how many local days apart the red-flag
// screen and the lower-limb question come at the latest for a person who
// checks in daily (red-flag timing, version 2).
const (
	redFlagEvery = 7
	limbEvery    = 7
)

// RedFlagsDue reports whether the red-flag screen is due at the check-in
// being decided: never asked yet, at the first check-in on or after the
// 7th local day since the last screen, or whenever pain has jumped 2 or
// more points above baseline. Onboarding, /stop because of pain and
// /resume ask it too; the engine handles those.
func RedFlagsDue(in Input, lastScreen time.Time) bool {
	if lastScreen.IsZero() || in.today()-in.dayOf(lastScreen) >= redFlagEvery {
		return true
	}
	return in.Today != nil && in.Today.Pain() >= Baseline(in)+2
}

// LimbDue reports whether the weekly lower-limb question is due: at the
// first check-in on or after the 7th local day since since (onboarding,
// or when it was last asked).
func LimbDue(in Input, since time.Time) bool {
	return since.IsZero() || in.today()-in.dayOf(since) >= limbEvery
}

// ResumeNeedsRedFlags reports whether /resume must ask the red-flag
// screen: after a flare, or after a pause of more than 7 local days.
func ResumeNeedsRedFlags(pausedSince, now time.Time, loc *time.Location, flare bool) bool {
	return flare || LocalDays(pausedSince, now, loc) > 7
}
