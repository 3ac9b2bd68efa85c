package plan

// flarePeak is the highest walk pain the pain-monitoring model accepts;
// above it is "too much" (STOP-FLARE, REDUCE).
const flarePeak = 5

// Flare reports whether a pain during a walk triggers STOP-FLARE (above 5).
func Flare(walkPeak int) bool {
	// Rule STOP-FLARE
	return walkPeak > flarePeak
}

// ResumeDose is STOP-FLARE's dose on /resume: 80% of the last tolerated
// minutes (rounded down), at least 5; sessions, pace and incline stay as
// they are (never higher). The daily check-in never reaches STOP-FLARE in
// Decide; the engine handles /stop and Flare itself.
func ResumeDose(in Input) Decision {
	// Rule STOP-FLARE
	return Decision{
		Rule:    RuleStopFlare,
		Dose:    reducedDose(in),
		Session: true,
		Reason:  newReason(in, "resume"),
	}
}
