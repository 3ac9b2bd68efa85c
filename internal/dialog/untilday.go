package dialog

import (
	"strings"
	"time"

	"treadwell/internal/localtime"
	"treadwell/messages"
)

// maxUntilLen bounds what parseUntilDay reads: "hasta el miércoles" is
// far shorter; longer input is refused before any other work.
const maxUntilLen = 64

// untilWords are the words a typed "until when" is read with: "until"
// and "tomorrow" in every language of the catalog (words.until,
// words.tomorrow), and the person's day words (English always works).
type untilWords struct {
	until, tomorrow []string
	days            *localtime.DayWords
}

// untilWords are the engine's words for the person's language.
func (t *turn) untilWords() untilWords {
	days, ok := t.e.dayWords[t.lang]
	if !ok {
		days = t.e.dayWords[messages.Fallback]
	}
	return untilWords{until: t.e.untilWords, tomorrow: t.e.untilTomorrow, days: days}
}

// parseUntilDay reads the day a pause ends, optionally after an "until"
// word: a date "2026-12-01", a weekday ("friday", "el viernes": the
// next one after today, a week ahead when today is that day), or
// "tomorrow" ("mañana"). It returns the start of that day in loc: the
// pause covers the days before it and ends as that day begins. The day
// is always after now and at most maxStop ahead.
func parseUntilDay(s string, now time.Time, loc *time.Location, w untilWords) (time.Time, error) {
	if len(s) > maxUntilLen {
		return time.Time{}, errRange
	}
	fields := strings.Fields(strings.ToLower(s))
	if len(fields) > 0 && isStopWord(fields[0], w.until) {
		fields = fields[1:]
	}
	day := strings.Join(fields, " ")
	if day == "" {
		return time.Time{}, errNotNumber
	}
	y, m, d := now.In(loc).Date()
	ahead := -1
	if isStopWord(day, w.tomorrow) {
		ahead = 1
	} else if w.days != nil {
		if wd, ok := w.days.Weekday(day); ok {
			ahead = (int(wd)-int(now.In(loc).Weekday())+6)%7 + 1
		}
	}
	if ahead < 0 {
		return parseStopDate(day, now, loc)
	}
	return time.Date(y, m, d+ahead, 0, 0, 0, 0, loc), nil
}
