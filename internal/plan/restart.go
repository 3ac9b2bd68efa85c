package plan

// Restart is the dose on /resume. After a flare it is STOP-FLARE's
// restart, 80% of the tolerated minutes, at least 5; when 7 or more local
// days have passed without a walk it is LAPSE's, 80% of the last dose.
// Restarts never compound: when both apply, the single lowest restart
// applies, once (STOP-FLARE on a tie). A pause that was not a flare
// (a holiday, a red flag) resumes at the same dose unless LAPSE applies
// (HOLD, code "resumed"). Without a dose there is nothing to restart:
// START.
func Restart(in Input, flare bool) Decision {
	r := newReason(in, "")
	if in.Dose.IsZero() {
		return start(in, r)
	}
	var best *Decision
	consider := func(d Decision) {
		if best == nil || d.Dose.Volume() < best.Dose.Volume() {
			best = &d
		}
	}
	if flare {
		// Rule STOP-FLARE
		consider(Decision{Rule: RuleStopFlare, Dose: reducedDose(in), Session: true, Reason: r.with("resume"), SetsDose: true})
	}
	if days, ok := lapse(in); ok {
		consider(lapseDecision(in, r, days))
	}
	if best == nil {
		return hold(in, r, RuleHold, "resumed")
	}
	return *best
}
