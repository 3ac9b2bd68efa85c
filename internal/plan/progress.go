package plan

import "time"

// progressWalks is how many of the latest walks PROGRESS looks at.
const progressWalks = 2

// walkSettled is a walk's next-morning answer: its own, or for the walk
// the check-in being decided reports on, that check-in's answer.
func walkSettled(in Input, w Walk) Walk {
	if in.Today != nil && !in.Today.ReportsOn.IsZero() && w.At.Equal(in.Today.ReportsOn) && in.Today.Settled != SettledUnknown {
		w.Settled = in.Today.Settled
	}
	return w
}

// readyToProgress reports whether PROGRESS's walk condition holds: each
// of the last 2 walks since the current dose was last set was walked in
// full, peaked at 0-5 and settled back by the next morning (a 0-3 walk
// with no next-morning answer counts as settled, a 4-5 walk without one
// does not).
func readyToProgress(in Input) bool {
	ws := walksSinceSet(in)
	if len(ws) < progressWalks {
		return false
	}
	for _, w := range ws[len(ws)-progressWalks:] {
		w = walkSettled(in, w)
		if w.CutShort || w.Peak < 0 || w.Peak > flarePeak || !settledWalk(w) {
			return false
		}
	}
	return true
}

// progress is PROGRESS's increase, once no row above it matched and the
// walks qualify: about 10%, at least 1 minute, within the volume cap.
// Order: minutes up to 30; then sessions per week up to 5 (a session
// that would break the cap is added shorter, and grows first); then a
// brisker pace; then, on a treadmill only, incline in 1% steps after 2
// weeks at 30 minutes with every walk at 0-3. Pace and incline come at
// most one step per 7 days. When a limit leaves no room the dose is held
// under PROGRESS with code "capped" (or "incline-wait"), and
// "at-target" at the top.
func progress(in Input, r Reason) Decision {
	// Rule PROGRESS
	d := in.Dose
	limit := VolumeCap(in)
	out := func(nd Dose, code string) Decision {
		rr := r.with(code)
		rr.Short = nd.ShortMinutes
		return Decision{Rule: RuleProgress, Dose: nd, Session: true, Reason: rr, SetsDose: nd != d}
	}

	switch {
	case d.Minutes < Target.Minutes:
		nd := withMinutes(d, stepMinutes(d.Minutes))
		if nd.Volume() > limit {
			nd = withMinutes(d, fitMinutes(d, limit))
		}
		if nd.Minutes <= d.Minutes {
			return out(d, "capped")
		}
		return out(nd, "minutes")
	case d.ShortMinutes > 0:
		nd := d
		nd.ShortMinutes = min(d.Minutes, limit-d.Minutes*(d.SessionsPerWeek-1))
		if nd.ShortMinutes <= d.ShortMinutes {
			return out(d, "capped")
		}
		if nd.ShortMinutes >= d.Minutes {
			nd.ShortMinutes = 0
			return out(nd, "short-full")
		}
		return out(nd, "short")
	case d.SessionsPerWeek < Target.SessionsPerWeek:
		nd := d
		nd.SessionsPerWeek++
		if nd.Volume() <= limit {
			return out(nd, "sessions")
		}
		// The cap: the added session is shorter so that it holds.
		short := limit - d.Minutes*d.SessionsPerWeek
		if short < minMinutes {
			return out(d, "capped")
		}
		nd.ShortMinutes = short
		return out(nd, "sessions-short")
	}

	if intensityAtTop(in, d) {
		return out(d, "at-target")
	}
	if last := lastStepAt(in); !last.IsZero() && in.Now.Sub(last) < week {
		return out(d, "capped")
	}
	if d.Pace < PaceBrisk {
		d2 := d
		d2.Pace = PaceBrisk
		return out(d2, "pace")
	}
	if !inclineAllowed(in) {
		return out(d, "incline-wait")
	}
	d2 := d
	d2.InclinePct++
	return out(d2, "incline")
}

// fitMinutes is the most minutes a session of d may have for its weekly
// volume to stay within limit.
func fitMinutes(d Dose, limit int) int {
	if d.ShortMinutes > 0 && d.SessionsPerWeek > 1 {
		return (limit - d.ShortMinutes) / (d.SessionsPerWeek - 1)
	}
	return limit / max(1, d.SessionsPerWeek)
}

// intensityAtTop reports whether pace and incline have nowhere left to
// go: a brisk pace, and on a treadmill the incline cap.
func intensityAtTop(in Input, d Dose) bool {
	return d.Pace >= PaceBrisk && (in.Place != Treadmill || d.InclinePct >= maxInclinePct)
}

// lastStepAt is when PROGRESS or MAINTAIN last raised the dose (zero if
// never, as far as in.Doses tells).
func lastStepAt(in Input) time.Time {
	for i := len(in.Doses) - 1; i >= 0; i-- {
		if c := in.Doses[i]; c.Rule == RuleProgress || c.Rule == RuleMaintain {
			return c.At
		}
	}
	return time.Time{}
}

// atTargetMinutesSince is when the minutes last reached 30 and stayed
// there, according to in.Doses; ok is false when they are not at 30.
func atTargetMinutesSince(in Input) (since time.Time, ok bool) {
	for i := len(in.Doses) - 1; i >= 0 && in.Doses[i].Dose.Minutes >= Target.Minutes; i-- {
		since, ok = in.Doses[i].At, true
	}
	return since, ok
}

// inclineAllowed reports whether the minutes have been at 30 for 14 local
// days or more (per in.Doses) and every walk of those 14 days peaked at
// 0-3.
func inclineAllowed(in Input) bool {
	since, ok := atTargetMinutesSince(in)
	if !ok || in.today()-in.dayOf(since) < 14 {
		return false
	}
	return calmWalksSince(in, in.Now.Add(-2*week))
}

// calmWalksSince reports whether every walk after from peaked at 0-3.
func calmWalksSince(in Input, from time.Time) bool {
	for _, w := range in.Walks {
		if walked(w) && w.At.After(from) && !(w.Peak >= 0 && w.Peak <= 3) {
			return false
		}
	}
	return true
}
