package plan

// progressWalks is how many of the latest walks PROGRESS looks at.
const progressWalks = 2

// readyToProgress reports whether PROGRESS's walk condition holds: the last
// 2 walks were at the current dose, walked in full, with pain 0-3, or 4-5
// and settled back by this morning.
//
// Interpretations: skipped walks are left out; a cut-short walk among the
// last 2 blocks progression (it is not skipped over); a walk without a
// pain score does not qualify. "4-5 and settled" is simplified (lead) to
// today's answer being SettledYes.
func readyToProgress(in Input) bool {
	var last []Walk
	for i := len(in.Walks) - 1; i >= 0 && len(last) < progressWalks; i-- {
		if walked(in.Walks[i]) {
			last = append(last, in.Walks[i])
		}
	}
	if len(last) < progressWalks {
		return false
	}
	settled := in.Today != nil && in.Today.Settled == SettledYes
	for _, w := range last {
		if w.CutShort || w.Planned != in.Dose.Minutes {
			return false
		}
		if !(w.Peak >= 0 && w.Peak <= 3) && !(settled && w.Peak >= 4 && w.Peak <= flarePeak) {
			return false
		}
	}
	return true
}

// progress is PROGRESS's increase, once no row above it matched and the
// walks qualify. Order: minutes up to 30 (about 10%, at least 1 minute,
// never more than 20% above the dose in force 7 days ago); then sessions
// per week up to 5; then a brisker pace; then, on a treadmill only, incline
// in 1% steps. When a limit leaves no room the dose is held under PROGRESS
// with code "capped" (or "incline-wait"), and "at-target" at the top.
func progress(in Input, r Reason) Decision {
	// Rule PROGRESS
	d := in.Dose
	out := func(code string) Decision {
		return Decision{Rule: RuleProgress, Dose: d, Session: true, Reason: r.with(code)}
	}

	if d.Minutes < Target.Minutes {
		// 20% over 7 days, rounded down.
		limit := doseInForce(in, in.Now.Add(-week)).Minutes * 12 / 10
		next := min(stepMinutes(d.Minutes), limit)
		if next <= d.Minutes {
			return out("capped")
		}
		d.Minutes = next
		return out("minutes")
	}

	atTop := d.SessionsPerWeek >= Target.SessionsPerWeek && d.Pace >= PaceBrisk &&
		(in.Place != Treadmill || d.InclinePct >= maxInclinePct)
	if atTop {
		return out("at-target")
	}

	// Interpretation: the steps after the minutes (sessions, pace, incline)
	// come at most one per 7 days, counted from the last PROGRESS change of
	// any kind, so reaching 30 minutes and adding a session do not land in
	// the same week (the rules' "never more than 20% over 7 days").
	if last := lastStepAt(in); !last.IsZero() && in.Now.Sub(last) < week {
		return out("capped")
	}

	switch {
	case d.SessionsPerWeek < Target.SessionsPerWeek:
		d.SessionsPerWeek++
		return out("sessions")
	case d.Pace < PaceBrisk:
		d.Pace = PaceBrisk
		return out("pace")
	}

	// Incline: treadmill only (atTop covers outdoors), after 2 weeks at 30
	// minutes with every walk in those 2 weeks at pain 0-3.
	if !inclineAllowed(in) {
		return out("incline-wait")
	}
	d.InclinePct++
	return out("incline")
}

// inclineAllowed reports whether the minutes have been at 30 for 14 days
// or more (per in.Doses) and every walk of those 14 days had pain 0-3.
func inclineAllowed(in Input) bool {
	since, ok := atTargetMinutesSince(in)
	if !ok || in.Now.Sub(since) < 2*week {
		return false
	}
	from := in.Now.Add(-2 * week)
	for _, w := range in.Walks {
		if walked(w) && w.At.After(from) && !(w.Peak >= 0 && w.Peak <= 3) {
			return false
		}
	}
	return true
}
