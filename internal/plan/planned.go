package plan

import (
	"slices"
	"time"
)

// mondayFirst is the order of the days of a week.
var mondayFirst = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// PlannedDays are the days of the week the sessions of a week fall on,
// Monday first: chosen among the reminder days (bit w of reminderDays
// set for time.Weekday w) when there are at least as many of them as
// sessions, or all reminder days plus other days when there are fewer,
// spread as evenly over the week as they can be (the largest gap between
// walks, counted around the week, as small as possible; then the fewest
// walking days in a row; then the earliest days). With a short session
// it falls on the last of them.
func PlannedDays(reminderDays uint8, sessions int) []time.Weekday {
	sessions = min(max(sessions, 0), 7)
	var on, off []int // Monday-first indexes
	for i, w := range mondayFirst {
		if reminderDays&(1<<w) != 0 {
			on = append(on, i)
		} else {
			off = append(off, i)
		}
	}
	fixed, pool, need := []int(nil), on, sessions
	if len(on) < sessions {
		fixed, pool, need = on, off, sessions-len(on)
	}
	var best []int
	bestGap, bestRun := 8, 8
	for _, pick := range subsets(pool, need) {
		days := append(append([]int(nil), fixed...), pick...)
		slices.Sort(days)
		gap, run := spreadOf(days)
		if gap < bestGap || (gap == bestGap && run < bestRun) {
			best, bestGap, bestRun = days, gap, run
		}
	}
	out := make([]time.Weekday, len(best))
	for i, d := range best {
		out[i] = mondayFirst[d]
	}
	return out
}

// subsets are the n-element subsets of xs, in lexicographic order.
func subsets(xs []int, n int) [][]int {
	if n == 0 {
		return [][]int{nil}
	}
	var out [][]int
	for i := 0; i+n <= len(xs); i++ {
		for _, rest := range subsets(xs[i+1:], n-1) {
			out = append(out, append([]int{xs[i]}, rest...))
		}
	}
	return out
}

// spreadOf is the largest gap in days between consecutive days of a
// sorted week, counted around the week (Sunday to Monday is 1), and the
// longest run of days in a row, also around the week.
func spreadOf(days []int) (largestGap, longestRun int) {
	n := len(days)
	if n == 0 {
		return 7, 0
	}
	if n == 7 {
		return 1, 7
	}
	gap := func(i int) int { // from days[i] to the next walking day
		g := (days[(i+1)%n] - days[i] + 7) % 7
		if g == 0 {
			g = 7
		}
		return g
	}
	// Start counting runs just after a gap of more than a day, so a run
	// across Sunday to Monday is counted whole.
	first := 0
	for i := range n {
		if gap(i) > 1 {
			first = (i + 1) % n
			break
		}
	}
	run := 0
	for k := range n {
		i := (first + k) % n
		run++
		longestRun = max(longestRun, run)
		if g := gap(i); g > 1 {
			run = 0
		}
		largestGap = max(largestGap, gap(i))
	}
	return largestGap, longestRun
}

// SessionMinutes is the planned minutes of the session on weekday w of
// a week planned with days (PlannedDays): the short session on the last
// planned day, the full minutes on the others; ok is false on a day
// without a session.
func SessionMinutes(d Dose, days []time.Weekday, w time.Weekday) (minutes int, ok bool) {
	for i, p := range days {
		if p != w {
			continue
		}
		if i == len(days)-1 && d.ShortMinutes > 0 {
			return d.ShortMinutes, true
		}
		return d.Minutes, true
	}
	return 0, false
}
