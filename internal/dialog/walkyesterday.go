package dialog

import (
	"strings"
	"time"

	"treadwell/internal/plan"
)

// parseDoneDay splits /done's arguments into the day ("yesterday",
// "ayer": a word of done.yesterday_words in any language, first or
// last) and the rest ("15", "skip"): "/done yesterday 15", "/done 15
// ayer".
func parseDoneDay(args string, yesterday []string) (isYesterday bool, rest string) {
	fields := strings.Fields(args)
	switch {
	case len(fields) == 0:
		return false, ""
	case isStopWord(fields[0], yesterday):
		return true, strings.Join(fields[1:], " ")
	case isStopWord(fields[len(fields)-1], yesterday):
		return true, strings.Join(fields[:len(fields)-1], " ")
	}
	return false, strings.Join(fields, " ")
}

// yesterdayWalk is a walk logged now for yesterday: at the same local
// time yesterday, planned as the dose's session of yesterday's weekday.
func (t *turn) yesterdayWalk() plan.Walk {
	loc := t.location()
	local := t.now.In(loc)
	at := time.Date(local.Year(), local.Month(), local.Day()-1, local.Hour(), local.Minute(), 0, 0, loc)
	w := plan.Walk{At: at, Peak: plan.NoPain}
	if d := t.p.Dose; !d.IsZero() {
		w.Planned = d.Minutes
		if m, ok := plan.SessionMinutes(d, t.plannedDays(d), at.Weekday()); ok {
			w.Planned = m
		}
	}
	return w
}
