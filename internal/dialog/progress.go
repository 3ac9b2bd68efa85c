package dialog

import (
	"fmt"
	"strings"
	"time"

	"treadwell/internal/profile"
)

// progressDays is how far back /progress looks.
const progressDays = 14

// dayProgress is one local day of the progress report.
type dayProgress struct {
	date    time.Time
	minutes int
	walked  bool
	leg     int // morning leg pain, -1 when no check-in
}

// progressDays gathers the last 14 local days, oldest first.
func (t *turn) progressDays() []dayProgress {
	loc := t.location()
	y, m, d := t.now.In(loc).Date()
	today := time.Date(y, m, d, 12, 0, 0, 0, loc) // noon: safe across DST
	days := make([]dayProgress, progressDays)
	index := map[string]int{}
	for i := range days {
		day := today.AddDate(0, 0, i-progressDays+1)
		days[i] = dayProgress{date: day, leg: -1}
		index[day.Format(time.DateOnly)] = i
	}
	for _, e := range t.entries() {
		i, ok := index[e.At.In(loc).Format(time.DateOnly)]
		if !ok {
			continue
		}
		switch {
		case e.Kind == profile.KindWalk && e.Walk != nil && !e.Walk.Skipped:
			days[i].minutes += e.Walk.Minutes
			days[i].walked = true
		case e.Kind == profile.KindCheckIn && e.CheckIn != nil && days[i].leg < 0:
			days[i].leg = e.CheckIn.Leg
		}
	}
	return days
}

// showProgress is /progress: the last 14 days as text, the leg-pain
// trend and the walking streak. A missed day is shown, never scolded.
func (t *turn) showProgress() {
	if !t.needOnboarded() {
		return
	}
	days := t.progressDays()
	var b strings.Builder
	b.WriteString(t.text("progress.title"))
	created := t.p.Created.In(t.location()).Format(time.DateOnly)
	for _, d := range days {
		if d.date.Format(time.DateOnly) < created {
			continue // before the person started: nothing to show
		}
		leg := t.text("progress.no_checkin")
		if d.leg >= 0 {
			leg = t.text("progress.leg", "leg", d.leg)
		}
		walk := t.text("progress.no_walk")
		if d.walked {
			walk = t.text("progress.minutes", "minutes", d.minutes)
		}
		fmt.Fprintf(&b, "\n%-10s  %-6s  %s", t.date(d.date), walk, leg)
	}
	if out, ok := t.progressChart(); ok {
		t.out = append(t.out, out)
	}
	t.say(b.String(), t.trendText(days), t.streakText(days))
	t.reask()
}

// trendText compares the average morning leg pain of the last 7 days with
// the 7 before.
func (t *turn) trendText(days []dayProgress) string {
	avg := func(ds []dayProgress) (float64, bool) {
		sum, n := 0, 0
		for _, d := range ds {
			if d.leg >= 0 {
				sum += d.leg
				n++
			}
		}
		if n == 0 {
			return 0, false
		}
		return float64(sum) / float64(n), true
	}
	before, ok1 := avg(days[:7])
	after, ok2 := avg(days[7:])
	if !ok1 || !ok2 {
		return t.text("progress.trend_unknown")
	}
	diff := after - before
	switch {
	case diff <= -0.5:
		return t.text("progress.trend_down", "from", fmt.Sprintf("%.1f", before), "to", fmt.Sprintf("%.1f", after))
	case diff >= 0.5:
		return t.text("progress.trend_up", "from", fmt.Sprintf("%.1f", before), "to", fmt.Sprintf("%.1f", after))
	}
	return t.text("progress.trend_flat", "to", fmt.Sprintf("%.1f", after))
}

// streakText counts days in a row with a walk, up to today (or
// yesterday, when today has no walk yet).
func (t *turn) streakText(days []dayProgress) string {
	i := len(days) - 1
	if !days[i].walked {
		i--
	}
	n := 0
	for ; i >= 0 && days[i].walked; i-- {
		n++
	}
	switch n {
	case 0:
		return ""
	case 1:
		return t.text("progress.streak_one")
	}
	return t.text("progress.streak", "days", n)
}

// date words a day in the person's language: "Mon 30 Nov".
func (t *turn) date(tm time.Time) string {
	tm = tm.In(t.location())
	wd := strings.Split(t.text("date.weekdays"), ",")
	mo := strings.Split(t.text("date.months"), ",")
	if len(wd) != 7 || len(mo) != 12 {
		return tm.Format(time.DateOnly)
	}
	return t.text("date.format", "weekday", strings.TrimSpace(wd[tm.Weekday()]),
		"day", tm.Day(), "month", strings.TrimSpace(mo[tm.Month()-1]))
}
