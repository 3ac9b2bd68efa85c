package dialog

import (
	"slices"
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// plannedWalks counts the last 7 local days (today included) against the
// plan: walks walked, and walks planned on the days the plan had them.
// Rest, pause and flare days never count against the person: a planned
// day on which they were paused at any moment, or that a rule made a
// day without a session (REST, STOP-FLARE, a red flag), is not counted
// as planned.
func (t *turn) plannedWalks() (walked, planned int) {
	loc := t.location()
	today := t.now.In(loc)
	off := t.daysOff()
	for back := 6; back >= 0; back-- {
		y, m, d := today.Date()
		day := time.Date(y, m, d-back, 12, 0, 0, 0, loc)
		if day.Before(t.p.Created) && t.localDate(day) != t.localDate(t.p.Created) {
			continue // before the person started
		}
		dose := t.doseOn(day)
		if dose.IsZero() || off[t.localDate(day)] {
			continue
		}
		if slices.Contains(t.plannedDays(dose), day.Weekday()) {
			planned++
		}
	}
	from := t.localDate(today.AddDate(0, 0, -6))
	for _, e := range t.entries() {
		if e.Kind == profile.KindWalk && e.Walk != nil && !e.Walk.Skipped && e.Walk.Minutes > 0 &&
			t.localDate(e.At) >= from && !e.At.After(t.now) {
			walked++
		}
	}
	return walked, planned
}

// doseOn is the dose in force at tm, per the recorded dose changes (the
// current dose when none is older).
func (t *turn) doseOn(tm time.Time) plan.Dose {
	for i := len(t.p.Doses) - 1; i >= 0; i-- {
		if !t.p.Doses[i].At.After(tm) {
			return t.p.Doses[i].Dose
		}
	}
	if len(t.p.Doses) > 0 {
		return t.p.Doses[0].Dose
	}
	return t.p.Dose
}

// daysOff are the local dates (of the log as loaded) that do not count
// against the person: paused at any moment, or decided without a
// session.
func (t *turn) daysOff() map[string]bool { return t.daysOffIn(t.entries()) }

// daysOffIn is daysOff of log.
func (t *turn) daysOffIn(log []profile.Entry) map[string]bool {
	off := map[string]bool{}
	loc := t.location()
	var pausedFrom time.Time
	markSpan := func(from, to time.Time) {
		for d := from.In(loc); !d.After(to); d = d.AddDate(0, 0, 1) {
			off[t.localDate(d)] = true
		}
		off[t.localDate(to)] = true
	}
	for _, e := range log {
		switch {
		case e.Kind == profile.KindPause:
			if pausedFrom.IsZero() {
				pausedFrom = e.At
			}
		case e.Kind == profile.KindResume && !pausedFrom.IsZero():
			markSpan(pausedFrom, e.At)
			pausedFrom = time.Time{}
		case e.Kind == profile.KindCheckIn && e.CheckIn != nil:
			switch e.CheckIn.Rule {
			case plan.RuleRest, plan.RuleStopFlare, plan.RuleUrgent, plan.RuleDoctor:
				off[t.localDate(e.At)] = true
			}
		case e.Kind == profile.KindWalk && e.Walk != nil && plan.Flare(e.Walk.Peak):
			off[t.localDate(e.At)] = true
		}
	}
	if t.p.Pause.Active {
		if pausedFrom.IsZero() || t.p.Pause.Since.Before(pausedFrom) {
			pausedFrom = t.p.Pause.Since
		}
		end := t.now
		if !t.p.Pause.Until.IsZero() && t.p.Pause.Until.Before(end) {
			end = t.p.Pause.Until
		}
		markSpan(pausedFrom, end)
	} else if !pausedFrom.IsZero() {
		markSpan(pausedFrom, pausedFrom)
	}
	return off
}
