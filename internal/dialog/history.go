package dialog

import (
	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// maxDoseChanges bounds the dose history kept in the profile; PROGRESS
// looks back 7 days.
const maxDoseChanges = 30

// planInput gathers what the rules look at from the profile and the log
// (the log as loaded plus this turn's entries). today is the check-in
// being decided, or nil.
func (t *turn) planInput(today *plan.CheckIn) plan.Input {
	in := plan.Input{
		Now:              t.now,
		Place:            t.p.Settings.Place,
		OnboardingLeg:    t.p.BaselineLeg,
		OnboardingBack:   t.p.BaselineBack,
		ToleranceMinutes: t.p.ToleranceMinutes,
		Dose:             t.p.Dose,
		Doses:            t.p.Doses,
		Today:            today,
		RedFlags:         plan.RedFlags{Urgent: t.p.RedFlags.Urgent, Doctor: t.p.RedFlags.Doctor},
	}
	for _, e := range t.entries() {
		switch {
		case e.Kind == profile.KindCheckIn && e.CheckIn != nil:
			in.History = append(in.History, *e.CheckIn)
		case e.Kind == profile.KindWalk && e.Walk != nil:
			in.Walks = append(in.Walks, *e.Walk)
		}
	}
	return in
}

// entries is the log as loaded plus what this turn appended.
func (t *turn) entries() []profile.Entry {
	if len(t.appended) == 0 {
		return t.snap.Log
	}
	all := make([]profile.Entry, 0, len(t.snap.Log)+len(t.appended))
	return append(append(all, t.snap.Log...), t.appended...)
}

// walkPeakSinceCheckIn is the highest pain of the newest walk logged
// since the last check-in, when one was logged with its pain.
func (t *turn) walkPeakSinceCheckIn() (int, bool) {
	log := t.entries()
	for i := len(log) - 1; i >= 0; i-- {
		e := log[i]
		switch {
		case e.Kind == profile.KindCheckIn:
			return 0, false
		case e.Kind == profile.KindWalk && e.Walk != nil && !e.Walk.Skipped && e.Walk.Peak != plan.NoPain:
			return e.Walk.Peak, true
		}
	}
	return 0, false
}

// todayCheckIn is today's check-in in the person's zone, if any.
func (t *turn) todayCheckIn() (plan.CheckIn, bool) {
	loc := t.location()
	y, m, d := t.now.In(loc).Date()
	log := t.entries()
	for i := len(log) - 1; i >= 0; i-- {
		e := log[i]
		if e.Kind != profile.KindCheckIn || e.CheckIn == nil {
			continue
		}
		ey, em, ed := e.At.In(loc).Date()
		if ey == y && em == m && ed == d {
			return *e.CheckIn, true
		}
		return plan.CheckIn{}, false
	}
	return plan.CheckIn{}, false
}

// apply makes a decision the plan: pause for red flags, and a new dose
// recorded with the rule that set it.
func (t *turn) apply(d plan.Decision) {
	t.p.LastRule = d.Rule
	if d.Pause && !t.p.Pause.Active {
		t.pause(t.now, d.Rule, false, timeZero)
	}
	if !d.Session || d.Dose == t.p.Dose {
		return
	}
	t.p.Dose = d.Dose
	t.p.Doses = append(t.p.Doses, plan.DoseChange{At: t.now, Dose: d.Dose, Rule: d.Rule})
	if n := len(t.p.Doses); n > maxDoseChanges {
		t.p.Doses = append([]plan.DoseChange(nil), t.p.Doses[n-maxDoseChanges:]...)
	}
}
