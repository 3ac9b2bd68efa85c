package plan

// Decide is the rules file's decision table: the rows are checked top-down
// and the first that matches decides today's suggestion.
//
// With in.Today == nil (the /plan command, no check-in today) only the rows
// that need no answers from today are checked: the red flags, LAPSE, START,
// and otherwise HOLD at the current dose (code "no-checkin").
//
// STOP-FLARE is not reached by the daily check-in: the engine handles /stop
// and a walk peak above 5 itself, with Flare and ResumeDose.
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
		return decideWithoutCheckIn(in, r)
	}

	reduceWhy := reduceCode(in, r)

	// Rule NEURO-HOLD: no progression; reduce when REDUCE's conditions hold
	// too, otherwise hold; see a clinician within a few days.
	if in.Today.Spread {
		d := Decision{Rule: RuleNeuroHold, Dose: currentOrStart(in), Session: true, Advice: AdviceWithinDays, Reason: r.with("hold")}
		if reduceWhy != "" {
			d.Dose, d.Reason.Code = reducedDose(in), "reduce"
		}
		return d
	}

	// Rule STOP-FLARE: not part of the daily check-in (see above).

	// Rule REST: "REDUCE matched on two check-ins in a row". Checked just
	// before REDUCE: in strict table order REDUCE would always match first
	// and REST could never be reached. A rest day keeps the dose.
	if reduceWhy != "" && reducedBefore(in, 1) {
		d := Decision{Rule: RuleRest, Dose: in.Dose, Reason: r.with("rest")}
		// Third REDUCE/REST day in a row: pain has not settled after 3
		// days, suggest seeing a clinician.
		if reducedBefore(in, 2) {
			d.Advice, d.Reason.Code = AdviceIfNotSettled, "not-settling"
		}
		return d
	}

	// Rule REDUCE: 80% of the last tolerated minutes, at least 5.
	if reduceWhy != "" {
		return Decision{Rule: RuleReduce, Dose: reducedDose(in), Session: true, Reason: r.with(reduceWhy)}
	}

	// The rows below keep, restart or raise the current dose; without one
	// there is nothing to keep, so this is the first plan.
	if in.Dose.IsZero() {
		return start(in, r)
	}

	// Rule LAPSE: restart at 80% of the last dose. Checked before HOLD
	// and WEEK-GUARD although the table lists it after them: both only
	// cap progression ("HOLD at most"), and keeping the full dose after a
	// week without walking would be less careful than the restart LAPSE
	// asks for. Recorded in the README for clinical review.
	if days, ok := lapse(in); ok {
		return lapseDecision(in, r, days)
	}

	// Rule HOLD: same dose as last time.
	if code := holdCode(in, r); code != "" {
		return hold(in, r, RuleHold, code)
	}

	// Rule WEEK-GUARD: no progression this week.
	if weekWorse(in) {
		return hold(in, r, RuleWeekGuard, "week-worse")
	}

	// Rule PROGRESS, or HOLD "building" while there are not yet two
	// qualifying walks at this dose.
	if readyToProgress(in) {
		return progress(in, r)
	}
	return hold(in, r, RuleHold, "building")
}

// decideWithoutCheckIn is Decide below the red flags when there is no
// check-in today.
func decideWithoutCheckIn(in Input, r Reason) Decision {
	if days, ok := lapse(in); ok {
		return lapseDecision(in, r, days)
	}
	if in.Dose.IsZero() {
		return start(in, r)
	}
	return hold(in, r, RuleHold, "no-checkin")
}

// newReason fills the figures every decision carries.
func newReason(in Input, code string) Reason {
	return Reason{
		Code:        code,
		Pain:        todayPain(in),
		Baseline:    Baseline(in),
		WalkPeak:    lastWalkPain(in),
		FromMinutes: in.Dose.Minutes,
	}
}

func (r Reason) with(code string) Reason {
	r.Code = code
	return r
}

// reduceCode is which of REDUCE's conditions match today ("" for none):
// next-morning pain at least baseline + 2, or pain during the last walk
// above 5.
func reduceCode(in Input, r Reason) string {
	switch {
	case in.Today != nil && r.Pain >= r.Baseline+2:
		return "morning-pain"
	case Flare(r.WalkPeak):
		return "walk-pain"
	}
	return ""
}

// reducedBefore reports whether each of the newest n earlier check-ins got
// REDUCE or REST.
func reducedBefore(in Input, n int) bool {
	if len(in.History) < n {
		return false
	}
	for _, c := range in.History[len(in.History)-n:] {
		if c.Rule != RuleReduce && c.Rule != RuleRest {
			return false
		}
	}
	return true
}

// holdCode is which of HOLD's conditions match today ("" for none).
func holdCode(in Input, r Reason) string {
	settled := in.Today.Settled
	switch {
	case r.Pain == r.Baseline+1:
		return "morning-pain"
	case settled == SettledNotQuite || settled == SettledNo:
		return "not-settled"
	// Interpretation (lead): walk pain 4-5 that settled by the morning is
	// left to PROGRESS, as its row allows (pain-monitoring model).
	case r.WalkPeak >= 4 && r.WalkPeak <= flarePeak && settled != SettledYes:
		return "walk-pain"
	}
	return ""
}

// hold keeps the current dose under rule with code.
func hold(in Input, r Reason, rule RuleID, code string) Decision {
	return Decision{Rule: rule, Dose: in.Dose, Session: true, Reason: r.with(code)}
}

// lapseDecision is LAPSE's restart at 80% of the current dose's minutes
// (rounded down, at least 5).
func lapseDecision(in Input, r Reason, days int) Decision {
	// Rule LAPSE
	d := in.Dose
	d.Minutes = min(d.Minutes, percent80(d.Minutes))
	r = r.with("lapse")
	r.Days = days
	return Decision{Rule: RuleLapse, Dose: d, Session: true, Reason: r}
}

// start is START's first plan.
func start(in Input, r Reason) Decision {
	// Rule START
	return Decision{Rule: RuleStart, Dose: startDose(in), Session: true, Reason: r.with("first")}
}
