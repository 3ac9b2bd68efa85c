package dialog

import (
	"fmt"
	"strings"
	"time"

	"treadwell/internal/chart"
	"treadwell/internal/chat"
	"treadwell/messages"
)

// progressDays is how far back the /progress table looks: the newest
// days of the chart's four weeks.
const progressDays = 14

// showProgress is /progress: the four-week chart, then the last 14 days
// as text, the leg-pain trend and the walking streak. A missed day is
// shown, never scolded.
func (t *turn) showProgress() {
	if !t.needOnboarded() {
		return
	}
	data := t.chartData()
	all, err := chart.Days(data)
	if err != nil {
		t.e.log.Warn("gathering the progress days failed", "err", err)
	}
	days := all[max(len(all)-progressDays, 0):]
	var b strings.Builder
	b.WriteString(t.text(messages.ProgressTitle))
	for _, d := range days {
		if d.Blank {
			continue // before the person started: nothing to show
		}
		leg := t.text(messages.ProgressNoCheckin)
		if d.Leg >= 0 {
			leg = t.text(messages.ProgressLeg, "leg", d.Leg)
		}
		walk := t.text(messages.ProgressNoWalk)
		if walked(d) {
			walk = t.text(messages.ProgressMinutes, "minutes", d.Minutes)
		}
		fmt.Fprintf(&b, "\n%-10s  %-6s  %s", t.date(d.Date), walk, leg)
	}
	if out, ok := t.progressChart(data); ok {
		t.out = append(t.out, out)
	}
	// The clinician report is one tap away from the figures it sums up.
	t.sayButtons([][]chat.Button{{{Label: t.text(messages.ButtonReport), Data: "/report"}}},
		b.String(), t.trendText(days), t.plannedText())
	t.reask()
}

// walked reports a day with a walk: every logged walk has minutes.
func walked(d chart.Day) bool { return d.Minutes > 0 }

// trendText compares the average morning leg pain of the last 7 days with
// the 7 before.
func (t *turn) trendText(days []chart.Day) string {
	avg := func(ds []chart.Day) (float64, bool) {
		sum, n := 0, 0
		for _, d := range ds {
			if d.Leg >= 0 {
				sum += d.Leg
				n++
			}
		}
		if n == 0 {
			return 0, false
		}
		return float64(sum) / float64(n), true
	}
	if len(days) < 14 {
		return t.text(messages.ProgressTrendUnknown)
	}
	before, ok1 := avg(days[:7])
	after, ok2 := avg(days[7:])
	if !ok1 || !ok2 {
		return t.text(messages.ProgressTrendUnknown)
	}
	diff := after - before
	switch {
	case diff <= -0.5:
		return t.text(messages.ProgressTrendDown, "from", fmt.Sprintf("%.1f", before), "to", fmt.Sprintf("%.1f", after))
	case diff >= 0.5:
		return t.text(messages.ProgressTrendUp, "from", fmt.Sprintf("%.1f", before), "to", fmt.Sprintf("%.1f", after))
	}
	return t.text(messages.ProgressTrendFlat, "to", fmt.Sprintf("%.1f", after))
}

// plannedText counts walks against the plan ("4 of 5 planned walks
// this week"), not days in a row: rest, pause and flare days never count
// against the person.
func (t *turn) plannedText() string {
	walked, planned := t.plannedWalks()
	if planned == 0 && walked == 0 {
		return ""
	}
	if walked > planned {
		return t.text(messages.ProgressPlannedExtra, "walked", walked, "planned", planned)
	}
	return t.text(messages.ProgressPlanned, "walked", walked, "planned", planned)
}

// date words a day in the person's language: "Mon 30 Nov".
func (t *turn) date(tm time.Time) string {
	tm = tm.In(t.location())
	wd := strings.Split(t.text(messages.DateWeekdays), ",")
	mo := strings.Split(t.text(messages.DateMonths), ",")
	if len(wd) != 7 || len(mo) != 12 {
		return tm.Format(time.DateOnly)
	}
	return t.text(messages.DateFormat, "weekday", strings.TrimSpace(wd[tm.Weekday()]),
		"day", tm.Day(), "month", strings.TrimSpace(mo[tm.Month()-1]))
}
