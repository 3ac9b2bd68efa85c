package plan

import "time"

const (
	day  = 24 * time.Hour
	week = 7 * day
)

// walked reports whether w was actually walked.
func walked(w Walk) bool { return !w.Skipped && w.Minutes > 0 }

// newestWalked is the newest walk that was actually walked.
func newestWalked(walks []Walk) (Walk, bool) {
	for i := len(walks) - 1; i >= 0; i-- {
		if walked(walks[i]) {
			return walks[i], true
		}
	}
	return Walk{}, false
}

// todayPain is today's (next-morning) pain, NoPain without a check-in.
func todayPain(in Input) int {
	if in.Today == nil {
		return NoPain
	}
	return in.Today.Pain()
}

// lastWalkPain is "pain during the last walk": today's answer when given,
// else the peak of the newest walk in the log.
//
// Interpretation (beyond the lead's): the fallback only uses a walk logged
// after the newest earlier check-in, i.e. one no check-in has judged yet.
// Otherwise one walk above 5 would make every later check-in match REDUCE
// (and from the second one REST) until the person walks again, which a
// rest day tells them not to do: an endless run of rest days.
func lastWalkPain(in Input) int {
	if in.Today != nil && in.Today.WalkPeak != NoPain {
		return in.Today.WalkPeak
	}
	w, ok := newestWalked(in.Walks)
	if !ok {
		return NoPain
	}
	if n := len(in.History); n > 0 && !w.At.After(in.History[n-1].At) {
		return NoPain
	}
	return w.Peak
}

// lastToleratedMinutes is the minutes of the newest walk that was walked
// with a peak of at most 5 (a peak not given counts as tolerated); without
// one, the current dose's minutes; without a dose, START's minutes.
func lastToleratedMinutes(in Input) int {
	for i := len(in.Walks) - 1; i >= 0; i-- {
		if w := in.Walks[i]; walked(w) && w.Peak <= flarePeak {
			return w.Minutes
		}
	}
	if !in.Dose.IsZero() {
		return in.Dose.Minutes
	}
	return startDose(in).Minutes
}

// lapse reports whether LAPSE matches: a dose is set and nothing has been
// walked for 7 days or more. days counts whole days since the newest walk
// (or, with no walk at all, since the newest dose change).
func lapse(in Input) (days int, ok bool) {
	if in.Dose.IsZero() {
		return 0, false
	}
	var since time.Time
	if w, found := newestWalked(in.Walks); found {
		since = w.At
	} else if n := len(in.Doses); n > 0 {
		since = in.Doses[n-1].At
	} else {
		return 0, false // nothing to measure the gap from
	}
	// Interpretation: a LAPSE restart recorded after the newest walk restarts
	// the 7-day clock, so a long gap lowers the dose once a week, not again
	// at every check-in.
	ref := since
	for _, c := range in.Doses {
		if c.Rule == RuleLapse && c.At.After(ref) {
			ref = c.At
		}
	}
	if in.Now.Sub(ref) < week {
		return 0, false
	}
	return int(in.Now.Sub(since) / day), true
}

// weekWorse reports whether WEEK-GUARD matches: the average pain of the
// check-ins (History and Today) in the 7 days ending at in.Now is above the
// average of those in the 7 days before. Both windows need a check-in.
//
// Interpretation (lead): "this week" and "last week" are rolling 7-day
// windows, (Now-7d, Now] and (Now-14d, Now-7d]; Today always counts in the
// current one.
func weekWorse(in Input) bool {
	var thisSum, thisN, lastSum, lastN int
	from, prevFrom := in.Now.Add(-week), in.Now.Add(-2*week)
	for _, c := range in.History {
		switch {
		case c.At.After(in.Now):
		case c.At.After(from):
			thisSum, thisN = thisSum+c.Pain(), thisN+1
		case c.At.After(prevFrom):
			lastSum, lastN = lastSum+c.Pain(), lastN+1
		}
	}
	if in.Today != nil {
		thisSum, thisN = thisSum+in.Today.Pain(), thisN+1
	}
	if thisN == 0 || lastN == 0 {
		return false
	}
	// thisSum/thisN > lastSum/lastN without rounding.
	return thisSum*lastN > lastSum*thisN
}
