package dialog

import (
	"strconv"
	"strings"
	"time"
	"unicode"
)

// maxStop is the longest pause /stop sets with a duration; anything
// longer is read as "until /resume", which pauses just as well.
const maxStop = 366 * 24 * time.Hour

// stopUnits are the duration units /stop understands, in the languages
// of the catalog: "3d", "3 days", "3 días", "2w", "12h".
var stopUnits = map[string]time.Duration{
	"h": time.Hour, "hour": time.Hour, "hours": time.Hour, "hora": time.Hour, "horas": time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour, "día": 24 * time.Hour,
	"días": 24 * time.Hour, "dia": 24 * time.Hour, "dias": 24 * time.Hour,
	"w": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
	"semana": 7 * 24 * time.Hour, "semanas": 7 * 24 * time.Hour,
}

// parseStopUntil reads the argument of /stop: "" (until /resume), "3d",
// "2w", "12h", "3 days", or "until" and a day (parseUntilDay: "until
// 2026-12-01", "until friday", "hasta mañana"; the start of that day in
// loc). It returns the end of the pause, always after now, or an error
// when the argument cannot be used; the caller then pauses until
// /resume, because a /stop must never fail to pause.
func parseStopUntil(args string, now time.Time, loc *time.Location, w untilWords) (time.Time, error) {
	args = strings.ToLower(strings.TrimSpace(args))
	if args == "" {
		return time.Time{}, nil
	}
	if isStopWord(strings.Fields(args)[0], w.until) {
		return parseUntilDay(args, now, loc, w)
	}
	split := strings.IndexFunc(args, func(r rune) bool { return !unicode.IsDigit(r) })
	if split <= 0 {
		return time.Time{}, errNotNumber
	}
	unit, ok := stopUnits[strings.TrimSpace(args[split:])]
	if !ok {
		return time.Time{}, errNotNumber
	}
	// Bound the count before multiplying, so a huge number cannot
	// overflow into a pause that ended centuries ago.
	n, err := strconv.ParseInt(args[:split], 10, 64)
	if err != nil || n <= 0 || n > int64(maxStop/unit) {
		return time.Time{}, errRange
	}
	return now.Add(time.Duration(n) * unit), nil
}

func parseStopDate(date string, now time.Time, loc *time.Location) (time.Time, error) {
	d, err := time.ParseInLocation("2006-01-02", date, loc)
	if err != nil {
		return time.Time{}, errNotNumber
	}
	if !d.After(now) || d.Sub(now) > maxStop {
		return time.Time{}, errRange
	}
	return d, nil
}
