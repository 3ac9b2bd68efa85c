package plan

import "time"

// reportWindow is how far back "the walk this morning reports on" may
// be (v2.1 reading "Days").
const reportWindow = 36 * time.Hour

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

// ReportedWalk is the logged walk a morning check-in at at reports on:
// the most recent walk before it, on an earlier local day, no more than
// 36 hours earlier, and after the newest restart (a walk a restart
// already answered for is not judged again, so restarts and reductions
// never compound). ok is false when there is none, or when at is not
// the morning check-in of its day.
func ReportedWalk(in Input, at time.Time) (Walk, bool) {
	probe := in
	probe.Now, probe.Today = at, &CheckIn{At: at}
	if !isMorning(probe) {
		return Walk{}, false
	}
	restart := lastRestart(in)
	for i := len(in.Walks) - 1; i >= 0; i-- {
		w := in.Walks[i]
		if !w.At.Before(at) || !walked(w) {
			continue
		}
		if at.Sub(w.At) > reportWindow || in.dayOf(w.At) >= in.dayOf(at) || w.At.Before(restart) {
			return Walk{}, false
		}
		return w, true
	}
	return Walk{}, false
}

// todayPain is the pain of the check-in being decided, NoPain without one.
func todayPain(in Input) int {
	if in.Today == nil {
		return NoPain
	}
	return in.Today.Pain()
}

// reportedPeak is the highest pain during the walk this morning reports
// on: the check-in's answer, NoPain when there is none (not a morning
// check-in, or nothing walked).
func reportedPeak(in Input) int {
	if in.Today == nil || !isMorning(in) {
		return NoPain
	}
	// Restarts never compound (STOP-FLARE, LAPSE, v2 reading): a walk
	// at or before the newest restart was answered for by that restart,
	// so its peak does not REDUCE (or REST, or HOLD) again.
	if on := in.Today.ReportsOn; !on.IsZero() && !on.After(lastRestart(in)) {
		return NoPain
	}
	return in.Today.WalkPeak
}

// setAt is when the current dose was last set (by any rule, even to the
// same minutes); zero when unknown.
func setAt(in Input) time.Time {
	if n := len(in.Doses); n > 0 {
		return in.Doses[n-1].At
	}
	return time.Time{}
}

// walksSinceSet are the walks walked since the current dose was set,
// oldest first.
func walksSinceSet(in Input) []Walk {
	since := setAt(in)
	var out []Walk
	for _, w := range in.Walks {
		// A walk logged at the very instant the dose was set (a test
		// clock, or one message's turn) is at that dose.
		if walked(w) && !w.At.Before(since) && !w.At.After(in.Now) {
			out = append(out, w)
		}
	}
	return out
}

// settledWalk reports whether a walk counts as settled by the next
// morning: answered yes, or, without an answer, a walk that peaked at
// 0-3. A walk of 4-5 without an answer is not settled.
func settledWalk(w Walk) bool {
	switch w.Settled {
	case SettledYes:
		return true
	case SettledUnknown:
		return w.Peak >= 0 && w.Peak <= 3
	}
	return false
}

// tolerated reports whether a walk shows the dose was tolerated: walked
// in full, peaking at 0-3, or 4-5 and settled.
func tolerated(w Walk) bool {
	if !walked(w) || w.CutShort {
		return false
	}
	return (w.Peak >= 0 && w.Peak <= 3) || (w.Peak >= 4 && w.Peak <= flarePeak && w.Settled == SettledYes)
}

// toleratedMinutes is the tolerated dose (v2.1 reading): the planned
// minutes of the most recent walk at the current dose that was
// tolerated; if there is none, the current dose's minutes; without a
// dose, START's. Minutes walked beyond the plan never raise it.
//
// Interpretation (lead): the short session PROGRESS added under the
// volume cap is a part session by construction, so a walk planned at
// its length does not set the tolerated minutes per session (read
// literally, one comfortable 6-minute short walk would bring a REDUCE of
// every 30-minute session to 5 minutes).
func toleratedMinutes(in Input) int {
	d := currentOrStart(in)
	cur := d.Minutes
	ws := walksSinceSet(in)
	for i := len(ws) - 1; i >= 0; i-- {
		if d.ShortMinutes > 0 && ws[i].Planned == d.ShortMinutes {
			continue
		}
		// "Settled" belongs to a walk (v2): this morning's answer is
		// the reported walk's, even before it is joined onto the log.
		if w := walkSettled(in, ws[i]); tolerated(w) && w.Planned > 0 {
			return min(w.Planned, cur)
		}
	}
	return cur
}

// restartRules are the rules whose dose is a (re)start: LAPSE's 7-day
// clock runs from the newest of them or the newest walk.
var restartRules = map[RuleID]bool{RuleStart: true, RuleLapse: true, RuleStopFlare: true}

// lastRestart is when the newest restart set the dose; zero when none.
func lastRestart(in Input) time.Time {
	for i := len(in.Doses) - 1; i >= 0; i-- {
		if restartRules[in.Doses[i].Rule] {
			return in.Doses[i].At
		}
	}
	return time.Time{}
}

// lapse reports whether LAPSE matches: a dose is set and 7 or more local
// days have passed since the later of the newest walk and the newest
// restart. days counts local days since the newest walk (or, with none,
// since the restart).
func lapse(in Input) (days int, ok bool) {
	if in.Dose.IsZero() {
		return 0, false
	}
	ref := lastRestart(in)
	w, walkedOnce := newestWalked(in.Walks)
	if walkedOnce && w.At.After(ref) {
		ref = w.At
	}
	if ref.IsZero() {
		return 0, false // nothing to measure the gap from
	}
	if in.today()-in.dayOf(ref) < 7 {
		return 0, false
	}
	from := ref
	if walkedOnce {
		from = w.At
	}
	return in.today() - in.dayOf(from), true
}
