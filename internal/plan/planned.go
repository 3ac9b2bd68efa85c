package plan

import "time"

// mondayFirst is the order of the days of a week.
var mondayFirst = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// PlannedDays are the days of the week the sessions of a week fall on,
// Monday first: the reminder days (bit w of reminderDays set for
// time.Weekday w) spread evenly when there are more of them than
// sessions, and other days spread evenly added when there are fewer.
// With a short session it falls on the last of them.
func PlannedDays(reminderDays uint8, sessions int) []time.Weekday {
	sessions = min(max(sessions, 0), 7)
	var on, off []time.Weekday
	for _, w := range mondayFirst {
		if reminderDays&(1<<w) != 0 {
			on = append(on, w)
		} else {
			off = append(off, w)
		}
	}
	var picked []time.Weekday
	if len(on) >= sessions {
		picked = spread(on, sessions)
	} else {
		picked = append(on, spread(off, sessions-len(on))...)
	}
	var out []time.Weekday
	for _, w := range mondayFirst {
		for _, p := range picked {
			if p == w {
				out = append(out, w)
			}
		}
	}
	return out
}

// spread picks n of days, evenly apart.
func spread(days []time.Weekday, n int) []time.Weekday {
	out := make([]time.Weekday, 0, n)
	for i := range n {
		out = append(out, days[i*len(days)/n])
	}
	return out
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
