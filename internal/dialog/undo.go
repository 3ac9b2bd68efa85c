package dialog

import (
	"slices"
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// The undo flow (/undo): the newest check-in or walk of the log, shown
// with what today's plan becomes, removed once confirmed.
//
// The day's decision and the dose history stay consistent with the log:
// a check-in that made the day's decision takes it along (the day has
// none until the next check-in, which decides it as the day's first) and
// so are the dose changes it made; one that lowered a decision made
// earlier that day is kept, as the rules let a later check-in only lower
// the day (plan.MayReplace) and the decision it replaced is not stored.
// An entry whose turn paused the plan (a flare walk, a red flag) is kept:
// a pause ends with /resume, never by removing its cause.
const flowUndo flow = "undo"

const stepUndoConfirm stepID = "undo_confirm"

var undoFlow = &flowDef{
	name:  flowUndo,
	steps: []step{{id: stepUndoConfirm, ask: undoQuestion}},
}

// undoTarget is the entry /undo asked about, kept in the dialog state
// so the confirmation removes that entry and no newer one.
type undoTarget struct {
	Kind profile.EntryKind `json:"kind"`
	At   time.Time         `json:"at"`
}

// undoPlan is what removing the newest entry does, or why it may not.
type undoPlan struct {
	entry    profile.Entry
	refuse   messages.Key // zero when it may go
	clearDay bool         // the entry made the day's decision
}

// planUndo looks at the newest entry of the log.
func (t *turn) planUndo() undoPlan {
	log := t.entries()
	if len(log) == 0 {
		return undoPlan{refuse: messages.UndoNothing}
	}
	last := log[len(log)-1]
	u := undoPlan{entry: last}
	switch {
	case last.Kind == profile.KindPause:
		u.refuse = messages.UndoPaused
		return u
	case last.Kind != profile.KindCheckIn && last.Kind != profile.KindWalk:
		u.refuse = messages.UndoNothing
		return u
	}
	for _, e := range log[:len(log)-1] {
		if e.Kind == profile.KindPause && !e.At.Before(last.At) {
			u.refuse = messages.UndoPaused // the check-in's decision paused
			return u
		}
	}
	if last.Kind == profile.KindCheckIn && t.p.Day.Day != "" && t.p.Day.At.Equal(last.At) {
		loc := t.location()
		for _, e := range log[:len(log)-1] {
			if e.Kind == profile.KindCheckIn && localDate(e.At, loc) == t.p.Day.Day {
				u.refuse = messages.UndoDayLowered
				return u
			}
		}
		u.clearDay = true
	}
	return u
}

// undo is /undo: shows the newest check-in or walk and asks first.
func (t *turn) undo(string) {
	if !t.needOnboarded() {
		return
	}
	u := t.planUndo()
	if t.err != nil {
		return
	}
	if u.refuse != (messages.Key{}) {
		t.say(t.text(u.refuse))
		t.reask()
		return
	}
	t.endFlow()
	t.st.Undo = undoTarget{Kind: u.entry.Kind, At: u.entry.At}
	t.st.Flow = flowUndo
	t.beginHere()
}

var undoQuestion = &question{
	prompt: func(t *turn) string {
		u := t.planUndo()
		return t.undoText(u) + "\n\n" + t.undoDayText(u)
	},
	choices: func(t *turn) [][]choice {
		return [][]choice{{{Value: "yes", Label: t.text(messages.ButtonUndoYes)}, {Value: "no", Label: t.text(messages.ButtonUndoNo)}}}
	},
	answer: func(t *turn, v string) outcome {
		switch v {
		case "yes":
			t.removeNewest()
			return ended()
		case "no":
			t.say(t.text(messages.UndoKept))
			return ended()
		}
		return refuse(messages.InputChoose)
	},
}

// undoText is the confirmation: which entry goes.
func (t *turn) undoText(u undoPlan) string {
	e := u.entry
	switch {
	case e.Kind == profile.KindCheckIn && e.CheckIn != nil:
		return t.text(messages.UndoConfirmCheckin, "when", t.entryWhen(e.At), "leg", e.CheckIn.Leg, "pain", e.CheckIn.Back) // {pain}: the back score
	case e.Kind == profile.KindWalk && e.Walk != nil && e.Walk.Skipped:
		return t.text(messages.UndoConfirmSkip, "when", t.entryWhen(e.Walk.At))
	case e.Kind == profile.KindWalk && e.Walk != nil:
		return t.text(messages.UndoConfirmWalk, "when", t.entryWhen(e.Walk.At), "minutes", e.Walk.Minutes)
	}
	return t.text(messages.UndoNothing)
}

// undoDayText says what today's plan becomes.
func (t *turn) undoDayText(u undoPlan) string {
	if u.clearDay && t.p.Day.Day == t.localDate(t.now) {
		return t.text(messages.UndoDayCleared)
	}
	return t.text(messages.UndoDayStays)
}

// entryWhen words when an entry was made: "Thu 26 Nov 08:00".
func (t *turn) entryWhen(at time.Time) string {
	return t.date(at) + " " + at.In(t.location()).Format("15:04")
}

// removeNewest removes the confirmed entry, if it is still the newest
// (another message may have logged something since: the save's
// compare-and-set made this turn see it).
func (t *turn) removeNewest() {
	u := t.planUndo()
	want := t.st.Undo
	if u.refuse != (messages.Key{}) || u.entry.Kind != want.Kind || !u.entry.At.Equal(want.At) {
		t.say(t.text(messages.UndoChanged))
		return
	}
	t.dropNewest()
	if u.entry.Kind == profile.KindCheckIn {
		at := u.entry.At
		if u.clearDay {
			t.p.Day = profile.DayPlan{}
		}
		t.p.Doses = slices.DeleteFunc(slices.Clone(t.p.Doses), func(c plan.DoseChange) bool { return c.At.Equal(at) })
		if n := len(t.p.Doses); n > 0 {
			t.p.Dose = t.p.Doses[n-1].Dose
		}
		if c := u.entry.CheckIn; c != nil && c.LimbAsked && t.p.LimbAsked.Equal(at) {
			// Its answer is gone: the next check-in asks again.
			t.p.LimbAsked = time.Time{}
		}
	}
	t.say(t.text(messages.UndoDone))
}

// dropNewest removes the newest entry of the loaded window: the save
// drops it (Change.DropNewest) and the rest of the turn no longer sees
// it. Only for an entry of the window, before the turn appends any.
func (t *turn) dropNewest() {
	t.entries()
	t.window = t.window[:len(t.window)-1]
	t.dropped++
	t.hist.built = false
}
