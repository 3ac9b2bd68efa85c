package plan

// Decide is the rules file's decision table (version 2): the rows are
// checked top-down and the first that matches decides.
//
// in.Today is the check-in being decided. Only the first check-in of a
// local day decides the day; the engine lets a later one replace that
// decision only when MayReplace allows it. With in.Today == nil (the
// first plan at onboarding, or a look at the plan without a check-in)
// only the red flags and START are checked, and otherwise the current
// dose is shown under HOLD (code "no-checkin"): nothing is decided
// without a check-in.
//
// STOP-FLARE is not reached by a check-in: the engine handles /stop and
// a walk peak above 5 itself, with Flare and Restart.
func Decide(in Input) Decision {
	r := newReason(in, "")

	// Rule RF-URGENT: plan and reminders paused, no walking suggestion.
	if in.RedFlags.Urgent {
		return Decision{Rule: RuleUrgent, Dose: in.Dose, Pause: true, Advice: AdviceEmergency, Reason: r.with("red-flag")}
	}
	// Rule RF-DOCTOR: contact a doctor today, paused until /resume.
	if in.RedFlags.Doctor {
		return Decision{Rule: RuleDoctor, Dose: in.Dose, Pause: true, Advice: AdviceToday, Reason: r.with("red-flag")}
	}

	if in.Today == nil {
		if in.Dose.IsZero() {
			return start(in, r)
		}
		return hold(in, r, RuleHold, "no-checkin")
	}

	reduceWhy := reduceCode(in, r)

	// Rule NEURO-HOLD: no progression while the hold lasts (through the
	// 6th local day after the last yes); reduce when REDUCE's
	// conditions hold too; the advice on each day the answer is yes.
	if days, ok := neuroHold(in); ok {
		d := Decision{Rule: RuleNeuroHold, Dose: currentOrStart(in), Session: true, Reason: r.with("hold")}
		if in.Today.Spread {
			d.Advice = AdviceWithinDays
		} else {
			d.Reason.Code, d.Reason.Days = "hold-days", days
		}
		if reduceWhy != "" {
			d.Dose, d.Reason.Code, d.SetsDose = reducedDose(in), "reduce", true
		} else if before, ok := doseBeforeTodaysRaise(in); ok {
			// "No progression": a yes at a later check-in of a day
			// whose morning raised the dose holds at the dose before
			// the raise, so the day decided by NEURO-HOLD does not
			// progress (a later event may lower the day's plan).
			d.Dose, d.SetsDose = before, true
		}
		return d
	}

	// Rule STOP-FLARE: not part of a check-in (see above).

	// Rule REST: REDUCE would match and the previous check-in (no more
	// than 3 local days earlier) was decided by REDUCE or REST. Checked
	// before REDUCE, otherwise it could never match. A rest day keeps
	// the dose.
	if reduceWhy != "" && reducedInARow(in, 1) {
		d := Decision{Rule: RuleRest, Dose: in.Dose, Reason: r.with("rest")}
		// The third such check-in in a row: advise a clinician.
		if reducedInARow(in, 2) {
			d.Advice, d.Reason.Code = AdviceIfNotSettled, "not-settling"
		}
		return d
	}

	// Rule REDUCE: 80% of the tolerated minutes, at least 5.
	if reduceWhy != "" {
		return Decision{Rule: RuleReduce, Dose: reducedDose(in), Session: true, Reason: r.with(reduceWhy), SetsDose: true}
	}

	// The rows below keep, restart or raise the current dose; without one
	// there is nothing to keep, so this is the first plan.
	if in.Dose.IsZero() {
		return start(in, r)
	}

	// Rule LAPSE: restart at 80% of the last dose (v2: before HOLD and
	// WEEK-GUARD).
	if days, ok := lapse(in); ok {
		return lapseDecision(in, r, days)
	}

	// Rule LIMB-HOLD: same dose, no progression, through the 6th local
	// day after the yes.
	if days, ok := limbHold(in); ok {
		d := hold(in, r, RuleLimbHold, "limb")
		if in.Today.Limb {
			d.Advice = AdviceLimb
		} else {
			d.Reason.Code, d.Reason.Days = "limb-days", days
		}
		return d
	}

	// Rule HOLD: same dose as last time.
	if code := holdCode(in, r); code != "" {
		return hold(in, r, RuleHold, code)
	}
	// Rule HOLD: "and no progression on the next local day either".
	if heldYesterday(in) {
		return hold(in, r, RuleHold, "after-hold")
	}

	// Rule WEEK-GUARD: no progression this week (HOLD at most).
	if weekWorse(in) {
		return hold(in, r, RuleWeekGuard, "week-worse")
	}

	// Rule MAINTAIN: the target held for 4 weeks.
	if maintaining(in) {
		return maintain(in, r)
	}

	// Rule PROGRESS, or HOLD "building" while there are not yet two
	// qualifying walks at this dose.
	if readyToProgress(in) {
		return progress(in, r)
	}
	return hold(in, r, RuleHold, "building")
}

// newReason fills the figures every decision carries.
func newReason(in Input, code string) Reason {
	return Reason{
		Code:        code,
		Pain:        todayPain(in),
		Baseline:    Baseline(in),
		WalkPeak:    reportedPeak(in),
		FromMinutes: in.Dose.Minutes,
		Short:       in.Dose.ShortMinutes,
	}
}

func (r Reason) with(code string) Reason {
	r.Code = code
	return r
}

// reduceCode is which of REDUCE's conditions match ("" for none):
// pain at least baseline + 2, or the walk this morning reports on peaked
// above 5.
func reduceCode(in Input, r Reason) string {
	switch {
	case r.Pain != NoPain && r.Pain >= r.Baseline+2 && isMorning(in):
		return "morning-pain"
	case r.Pain != NoPain && r.Pain >= r.Baseline+2:
		return "pain-up" // a later check-in the same day: it may only lower the day's plan
	case Flare(r.WalkPeak):
		return "walk-pain"
	}
	return ""
}

// reducedInARow reports whether each of the n check-ins before this one
// (previousCheckIns, each no more than 3 local days before the one after
// it) was decided by REDUCE or REST.
func reducedInARow(in Input, n int) bool {
	days := previousCheckIns(in)
	if len(days) < n {
		return false
	}
	after := in.today()
	for _, c := range days[:n] {
		if after-in.dayOf(c.At) > 3 || (c.Rule != RuleReduce && c.Rule != RuleRest) {
			return false
		}
		after = in.dayOf(c.At)
	}
	return true
}

// holdCode is which of HOLD's conditions match ("" for none): the
// person answered that pain had "not quite" or "not" settled by the
// morning, or the walk this morning reports on peaked at 4-5 and was not
// settled. v2: a morning 1 point above the baseline alone is noise.
func holdCode(in Input, r Reason) string {
	if !isMorning(in) {
		return ""
	}
	settled := in.Today.Settled
	switch {
	case settled == SettledNotQuite || settled == SettledNo:
		return "not-settled"
	case r.WalkPeak >= 4 && r.WalkPeak <= flarePeak && settled != SettledYes:
		return "walk-pain"
	}
	return ""
}

// heldYesterday reports whether the previous local day was decided by
// HOLD for one of its own reasons: then there is no progression today
// either.
func heldYesterday(in Input) bool {
	days := lastCheckInOfDays(in)
	if len(days) == 0 {
		return false
	}
	c := days[0]
	return in.today()-in.dayOf(c.At) == 1 && c.Rule == RuleHold &&
		(c.Code == "not-settled" || c.Code == "walk-pain")
}

// hold keeps the current dose under rule with code.
func hold(in Input, r Reason, rule RuleID, code string) Decision {
	return Decision{Rule: rule, Dose: in.Dose, Session: true, Reason: r.with(code)}
}

// lapseDecision is LAPSE's restart at 80% of the current dose's minutes
// (rounded down, at least 5).
func lapseDecision(in Input, r Reason, days int) Decision {
	// Rule LAPSE
	d := withMinutes(in.Dose, min(in.Dose.Minutes, percent80(in.Dose.Minutes)))
	r = r.with("lapse")
	r.Days = days
	return Decision{Rule: RuleLapse, Dose: d, Session: true, Reason: r, SetsDose: true}
}

// start is START's first plan.
func start(in Input, r Reason) Decision {
	// Rule START
	return Decision{Rule: RuleStart, Dose: startDose(in), Session: true, Reason: r.with("first"), SetsDose: true}
}

// previousCheckIns are the check-ins REST looks back along, newest first:
// for a later check-in of the day the day's latest earlier one (it
// carries the day's decision so far), then the last check-in of each
// earlier local day. Rule REST (v2.1): "the previous check-in, no more
// than 3 local days earlier, was decided by REDUCE or REST" - after a
// morning REDUCE, a later check-in with pain still up is a rest day, not
// a second reduction the same day.
func previousCheckIns(in Input) []CheckIn {
	var out []CheckIn
	today := in.today()
	for i := len(in.History) - 1; i >= 0; i-- {
		d := in.dayOf(in.History[i].At)
		if d > today {
			continue
		}
		if d == today {
			out = append(out, in.History[i])
		}
		break
	}
	return append(out, lastCheckInOfDays(in)...)
}

// doseBeforeTodaysRaise is the dose before a PROGRESS or MAINTAIN step
// taken earlier on today's local day; ok is false when the current dose
// was not raised today.
func doseBeforeTodaysRaise(in Input) (Dose, bool) {
	n := len(in.Doses)
	if n < 2 {
		return Dose{}, false
	}
	last, prev := in.Doses[n-1], in.Doses[n-2].Dose
	if last.Rule != RuleProgress && last.Rule != RuleMaintain || last.At.After(in.Now) || in.dayOf(last.At) != in.today() {
		return Dose{}, false
	}
	up := last.Dose.Minutes > prev.Minutes || last.Dose.Volume() > prev.Volume() ||
		last.Dose.Pace > prev.Pace || last.Dose.InclinePct > prev.InclinePct
	return prev, up
}
