package plan

// flarePeak is the highest walk pain the pain-monitoring model accepts;
// above it is "too much" (STOP-FLARE, REDUCE).
const flarePeak = 5

// Flare reports whether a pain during a walk triggers STOP-FLARE (above 5).
func Flare(walkPeak int) bool {
	// Rule STOP-FLARE
	return walkPeak > flarePeak
}
