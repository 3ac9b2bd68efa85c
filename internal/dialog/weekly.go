package dialog

import (
	"fmt"
	"strings"
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// weekFigures are one week's walking and morning pain.
type weekFigures struct {
	minutes, walks int
	legSum, legN   int
}

func (w weekFigures) leg() (float64, bool) {
	if w.legN == 0 {
		return 0, false
	}
	return float64(w.legSum) / float64(w.legN), true
}

// weeks sums the 7 days up to now and the 7 before, in the log as loaded.
func (t *turn) weeks() (this, last weekFigures) {
	for _, e := range t.entries() {
		age := t.now.Sub(e.At)
		if age < 0 || age >= 14*24*time.Hour {
			continue
		}
		w := &this
		if age >= 7*24*time.Hour {
			w = &last
		}
		switch {
		case e.Kind == profile.KindWalk && e.Walk != nil && !e.Walk.Skipped:
			w.minutes += e.Walk.Minutes
			w.walks++
		case e.Kind == profile.KindCheckIn && e.CheckIn != nil:
			w.legSum += e.CheckIn.Leg
			w.legN++
		}
	}
	return this, last
}

// weeklySummary is the weekly message: the week's minutes and walks, the
// pain trend, and next week's plan with the rule behind it. A quiet week
// gets a kind word, never blame.
func (t *turn) weeklySummary() string {
	this, last := t.weeks()
	var b strings.Builder
	b.WriteString(t.text(messages.WeeklyTitle))
	b.WriteString("\n")
	if this.walks == 0 {
		b.WriteString(t.text(messages.WeeklyQuiet))
	} else {
		b.WriteString(t.text(messages.WeeklyWalked, "minutes", this.minutes, "walks", this.walks,
			"last_minutes", last.minutes, "last_walks", last.walks))
	}
	b.WriteString("\n")
	now, okNow := this.leg()
	before, okBefore := last.leg()
	switch {
	case !okNow || !okBefore:
		b.WriteString(t.text(messages.WeeklyPainUnknown))
	case now <= before-0.5:
		b.WriteString(t.text(messages.WeeklyPainDown, "from", fmt.Sprintf("%.1f", before), "to", fmt.Sprintf("%.1f", now)))
	case now >= before+0.5:
		b.WriteString(t.text(messages.WeeklyPainUp, "from", fmt.Sprintf("%.1f", before), "to", fmt.Sprintf("%.1f", now)))
	default:
		b.WriteString(t.text(messages.WeeklyPainFlat, "to", fmt.Sprintf("%.1f", now)))
	}
	d := plan.Decide(t.planInput(nil))
	b.WriteString("\n\n")
	b.WriteString(t.text(messages.WeeklyNext, "minutes", d.Dose.Minutes, "sessions", d.Dose.SessionsPerWeek))
	b.WriteString(" ")
	b.WriteString(t.reason(d))
	return b.String()
}
