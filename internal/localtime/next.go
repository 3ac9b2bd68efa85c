package localtime

import "time"

// Next returns the first reminder instant strictly after after: on a day in
// d (the calendar day in loc) at clock c in loc. The result is expressed in
// loc. A nil loc means UTC. It returns the zero Time when d is empty or c
// is out of range.
//
// DST rules, decided explicitly rather than left to time.Date:
//   - a clock time that does not exist that day (spring-forward gap) fires at
//     the first instant after the gap, e.g. 02:30 Europe/Berlin on
//     2026-03-29 fires at 03:00 CEST;
//   - a clock time that happens twice (fall-back) fires once, at its first
//     occurrence, e.g. 01:30 America/New_York on 2026-11-01 fires at
//     01:30 EDT and not again at 01:30 EST.
//
// The cost is at most eight date steps.
func Next(after time.Time, c Clock, d Days, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	if d&Daily == 0 || !c.valid() {
		return time.Time{}
	}
	y, m, day := after.In(loc).Date()
	// A day in d comes within seven days; one more covers a fire time on
	// after's own date that is not strictly after it.
	for i := 0; i <= 7; i++ {
		date := time.Date(y, m, day+i, 0, 0, 0, 0, time.UTC)
		if !d.Has(date.Weekday()) {
			continue
		}
		dy, dm, dd := date.Date()
		if t := resolve(dy, dm, dd, c, loc); t.After(after) {
			return t
		}
	}
	return time.Time{} // not reached for a non-empty d
}

// resolve returns the instant at which the wall clock y-m-d c:00 happens in
// loc: its first occurrence when it happens twice, or the end of the gap
// when it does not happen at all.
func resolve(y int, m time.Month, d int, c Clock, loc *time.Location) time.Time {
	// The wall time written as if it were UTC; an instant t shows this wall
	// time in loc exactly when t + offset(t) == wall.
	wall := time.Date(y, m, d, c.Hour, c.Minute, 0, 0, time.UTC)
	// Real offsets lie within about ±15h, so every instant showing wall is
	// between the two probes, a day either side, and the offsets in force
	// around it are the offsets at the probes (assuming at most one
	// transition in those two days, true of every real zone).
	before := offsetAt(wall.Add(-24*time.Hour), loc)
	afterOff := offsetAt(wall.Add(24*time.Hour), loc)

	var best time.Time
	for _, off := range []int{before, afterOff} {
		t := wall.Add(-time.Duration(off) * time.Second)
		if offsetAt(t, loc) != off {
			continue // t shows a different wall time
		}
		if best.IsZero() || t.Before(best) {
			best = t // the earlier of two occurrences
		}
	}
	if !best.IsZero() {
		return best.In(loc)
	}

	if afterOff > before {
		// Gap: wall is skipped. The clock jumps at the transition T, with
		// wall - afterOff < T <= wall - before; the first instant after the
		// gap is T, the start of the zone period holding wall - before.
		late := wall.Add(-time.Duration(before) * time.Second).In(loc)
		if start, _ := late.ZoneBounds(); !start.IsZero() && !start.After(late) &&
			start.After(wall.Add(-time.Duration(afterOff)*time.Second)) {
			return start.In(loc)
		}
		return late
	}
	// Unreachable for real zone data; fall back to time.Date's choice.
	return time.Date(y, m, d, c.Hour, c.Minute, 0, 0, loc)
}

func offsetAt(t time.Time, loc *time.Location) int {
	_, off := t.In(loc).Zone()
	return off
}
