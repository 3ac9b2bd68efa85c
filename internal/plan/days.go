package plan

import "time"

const (
	hour = time.Hour
	day  = 24 * time.Hour
	week = 7 * day
)

// localDay numbers the person's local calendar day of t (days since
// 1970-01-01 in their zone), so "7 local days" is a difference of 7
// whatever the clock time or a DST change in between.
func localDay(t time.Time, loc *time.Location) int {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / int64(day/time.Second))
}

// LocalDays is how many local days lie between from and to in loc: 0 on
// the same local day, 1 on the next, negative when to is earlier.
func LocalDays(from, to time.Time, loc *time.Location) int {
	return localDay(to, loc) - localDay(from, loc)
}

// today is the local day of the decision.
func (in Input) today() int { return localDay(in.Now, in.Loc) }

// dayOf is the local day of t for this person.
func (in Input) dayOf(t time.Time) int { return localDay(t, in.Loc) }
