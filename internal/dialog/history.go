package dialog

import (
	"fmt"
	"math/bits"
	"slices"
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// Dose changes kept in the profile: every change of the last 35 days
// (the volume cap looks back 7 days, MAINTAIN 4 weeks) and the one in
// force before them, at most maxDoseChanges.
const (
	doseChangesKept = 35 * 24 * time.Hour
	maxDoseChanges  = 120
)

// planInput gathers what the rules look at from the profile and the log
// (the log as loaded plus this turn's entries). today is the check-in
// being decided, or nil. Each walk carries the next morning's "settled"
// answer, kept on the check-in that reports on it.
func (t *turn) planInput(today *plan.CheckIn) plan.Input {
	in := plan.Input{
		Now:              t.now,
		Loc:              t.location(),
		Place:            t.p.Settings.Place,
		OnboardingLeg:    t.p.BaselineLeg,
		OnboardingBack:   t.p.BaselineBack,
		ToleranceMinutes: t.p.ToleranceMinutes,
		ReminderDays:     bits.OnesCount8(uint8(t.p.Settings.Days) & 0x7f),
		Dose:             t.p.Dose,
		Doses:            t.p.Doses,
		Today:            today,
		RedFlags:         plan.RedFlags{Urgent: t.p.RedFlags.Urgent, Doctor: t.p.RedFlags.Doctor},
	}
	in.History, in.Walks = t.history()
	if today != nil && !today.ReportsOn.IsZero() {
		// Today's answer settles the walk it reports on: on a copy, the
		// cached walks stay as the log has them.
		on := today.ReportsOn.UTC()
		for i := len(in.Walks) - 1; i >= 0; i-- {
			if in.Walks[i].At.UTC().Equal(on) {
				in.Walks = slices.Clone(in.Walks)
				in.Walks[i].Settled = today.Settled
				break
			}
		}
	}
	return in
}

// history is the check-ins and walks of the log for the rules, each
// walk with the next morning's "settled" answer joined on. A turn asks
// for it several times (the limb and red-flag questions, the decision):
// it is built once per state of the log (what the turn appended).
func (t *turn) history() ([]plan.CheckIn, []plan.Walk) {
	if t.hist.built && t.hist.appended == len(t.appended) {
		return t.hist.checkIns, t.hist.walks
	}
	var checkIns []plan.CheckIn
	var walks []plan.Walk
	settled := map[time.Time]plan.Settled{}
	for _, e := range t.entries() {
		switch {
		case e.Kind == profile.KindCheckIn && e.CheckIn != nil:
			checkIns = append(checkIns, *e.CheckIn)
			if c := e.CheckIn; !c.ReportsOn.IsZero() {
				settled[c.ReportsOn.UTC()] = c.Settled
			}
		case e.Kind == profile.KindWalk && e.Walk != nil:
			walks = append(walks, *e.Walk)
		}
	}
	for i, w := range walks {
		if s, ok := settled[w.At.UTC()]; ok {
			walks[i].Settled = s
		}
	}
	t.hist.checkIns, t.hist.walks = slices.Clip(checkIns), slices.Clip(walks)
	t.hist.built, t.hist.appended = true, len(t.appended)
	return t.hist.checkIns, t.hist.walks
}

// entries is the log as loaded (the window) plus what this turn
// appended. The window is decoded here, on first use, so that a turn
// that never looks at the log does not pay for it. A window that cannot
// be decoded fails the turn (t.err): deciding from a history with holes
// could suggest too much.
func (t *turn) entries() []profile.Entry {
	if !t.decoded {
		t.decoded = true
		var err error
		if t.window, err = t.snap.Entries(); err != nil {
			t.failed(fmt.Errorf("decode the log: %w", err))
		}
	}
	if len(t.appended) == 0 {
		return t.window
	}
	all := make([]profile.Entry, 0, len(t.window)+len(t.appended))
	return append(append(all, t.window...), t.appended...)
}

// walkSinceCheckIn reports whether a walk was logged since the newest
// check-in (a skipped one is no walk).
func (t *turn) walkSinceCheckIn() bool {
	log := t.entries()
	for i := len(log) - 1; i >= 0; i-- {
		switch e := log[i]; {
		case e.Kind == profile.KindCheckIn:
			return false
		case e.Kind == profile.KindWalk && e.Walk != nil && !e.Walk.Skipped:
			return true
		}
	}
	return false
}

// lastCheckInAt is when the newest check-in was made (zero when none).
func (t *turn) lastCheckInAt() time.Time {
	log := t.entries()
	for i := len(log) - 1; i >= 0; i-- {
		if log[i].Kind == profile.KindCheckIn {
			return log[i].At
		}
	}
	return time.Time{}
}

// todayCheckIn is today's check-in in the person's zone, if any.
func (t *turn) todayCheckIn() (plan.CheckIn, bool) {
	loc := t.location()
	log := t.entries()
	for i := len(log) - 1; i >= 0; i-- {
		e := log[i]
		if e.Kind != profile.KindCheckIn || e.CheckIn == nil {
			continue
		}
		if plan.LocalDays(e.At, t.now, loc) == 0 {
			return *e.CheckIn, true
		}
		return plan.CheckIn{}, false
	}
	return plan.CheckIn{}, false
}

// localDate is the person's local date of tm, as DayPlan stores it.
func (t *turn) localDate(tm time.Time) string { return tm.In(t.location()).Format(time.DateOnly) }

// dayDecision is today's stored decision, if today has one.
func (t *turn) dayDecision() (plan.Decision, bool) {
	if t.p.Day.Day == "" || t.p.Day.Day != t.localDate(t.now) {
		return plan.Decision{}, false
	}
	return t.p.Day.Decision(), true
}

// decideDay makes d the day's decision when it is the first of the
// local day, or when the rules let it replace the one made earlier that
// day (it may only lower it); otherwise the earlier one stands. It
// returns the day's decision and whether d is it.
func (t *turn) decideDay(d plan.Decision) (plan.Decision, bool) {
	if old, ok := t.dayDecision(); ok && !d.Pause && !lowers(old, d) {
		return old, false
	}
	t.p.Day = profile.NewDayPlan(t.localDate(t.now), t.now, d)
	t.apply(d)
	return d, true
}

// lowers reports whether a later decision d replaces the day's
// decision old: the rules must allow it (plan.MayReplace), and it must
// change something: less walking, no session, or a rule with news of
// its own (REDUCE, REST, NEURO-HOLD, LIMB-HOLD, STOP-FLARE). A HOLD or
// WEEK-GUARD at the same dose leaves the morning's decision standing.
func lowers(old, d plan.Decision) bool {
	if !plan.MayReplace(old, d) {
		return false
	}
	return old.Dose.Exceeds(d.Dose) || old.Session != d.Session ||
		(d.Rule != plan.RuleHold && d.Rule != plan.RuleWeekGuard)
}

// lowerDay makes d, decided later in the day (a /resume), the day's
// decision when today already has one, and returns what today holds
// now. d replaces it when it plans no more walking; when the day had no
// session (a flare, a red flag) it keeps none: d's dose is the plan from
// the next check-in (code "resumed-today"), so a day that had no walk
// never gets one. Before the day's first check-in there is nothing to
// lower: d only sets the dose, and is what today holds.
func (t *turn) lowerDay(d plan.Decision) plan.Decision {
	old, ok := t.dayDecision()
	if !ok {
		return d
	}
	if raisesDose(d, old) {
		d.Session, d.Reason.Code = false, "resumed-today"
	}
	t.p.Day = profile.NewDayPlan(t.localDate(t.now), t.now, d)
	return d
}

// apply makes a decision the plan: pause for red flags, and a dose a
// rule set recorded with that rule (even when it is the same dose:
// PROGRESS counts walks from then).
func (t *turn) apply(d plan.Decision) {
	t.p.LastRule = d.Rule
	if d.Pause && !t.p.Pause.Active {
		t.pause(t.now, d.Rule, false, timeZero)
	}
	if !d.Session || !d.SetsDose {
		return
	}
	t.p.Dose = d.Dose
	t.p.Doses = pruneDoses(append(t.p.Doses, plan.DoseChange{At: t.now, Dose: d.Dose, Rule: d.Rule}), t.now)
}

// pruneDoses keeps the dose changes the rules look at (see
// doseChangesKept).
func pruneDoses(ds []plan.DoseChange, now time.Time) []plan.DoseChange {
	from := 0
	for i := range ds {
		if i+1 < len(ds) && now.Sub(ds[i+1].At) > doseChangesKept {
			from = i + 1
		}
	}
	from = max(from, len(ds)-maxDoseChanges)
	if from == 0 {
		return ds
	}
	return append([]plan.DoseChange(nil), ds[from:]...)
}

// raisesDose reports whether a plans more walking today than b: a
// session where b had none, or more of it.
func raisesDose(a, b plan.Decision) bool {
	return a.Session && (!b.Session || a.Dose.Exceeds(b.Dose))
}
