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
	if line := t.plannedText(); line != "" {
		b.WriteString("\n")
		b.WriteString(line)
	}
	// The day's decision as it was made; without a check-in today, the
	// current dose (nothing is decided again here).
	d, ok := t.dayDecision()
	if !ok {
		d = plan.Decide(t.planInput(nil))
	}
	if d.Rule == plan.RuleMaintain {
		if best := t.bestWeekMinutes(); best > 0 {
			b.WriteString("\n")
			b.WriteString(t.text(messages.WeeklyBest, "minutes", best))
		}
	}
	b.WriteString("\n\n")
	b.WriteString(t.text(messages.WeeklyNext, "minutes", t.p.Dose.Minutes, "sessions", t.p.Dose.SessionsPerWeek))
	b.WriteString(" ")
	b.WriteString(t.reason(d))
	if w := t.weekText(t.p.Dose); w != "" {
		b.WriteString("\n")
		b.WriteString(w)
	}
	return b.String()
}

// bestWeekMinutes is the most minutes walked in any 7 local days
// (Monday to Sunday) of the log as loaded: MAINTAIN's weekly summary
// compares with the person's own best weeks.
func (t *turn) bestWeekMinutes() int {
	weeks := map[string]int{}
	loc := t.location()
	for _, e := range t.entries() {
		if e.Kind != profile.KindWalk || e.Walk == nil || e.Walk.Skipped {
			continue
		}
		at := e.At.In(loc)
		monday := at.AddDate(0, 0, -((int(at.Weekday()) + 6) % 7))
		weeks[monday.Format(time.DateOnly)] += e.Walk.Minutes
	}
	best := 0
	for _, m := range weeks {
		best = max(best, m)
	}
	return best
}
