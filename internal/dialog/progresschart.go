package dialog

import (
	"fmt"
	"strings"
	"time"

	"treadwell/internal/chart"
	"treadwell/internal/chat"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// chartDays is how far back the progress chart looks.
const chartDays = 28

// imagePlatforms can show the chart; others (the terminal) get a text
// sparkline beside it.
var imagePlatforms = map[chat.Platform]bool{chat.Telegram: true, chat.Discord: true}

// chartData gathers the last 28 local days: minutes walked, the morning's
// pain, and whether the plan was paused that day.
func (t *turn) chartData() chart.Data {
	loc := t.location()
	y, m, d := t.now.In(loc).Date()
	today := time.Date(y, m, d, 12, 0, 0, 0, loc) // noon: safe across DST
	days := make([]chart.Day, chartDays)
	index := map[string]int{}
	for i := range days {
		day := today.AddDate(0, 0, i-chartDays+1)
		days[i] = chart.Day{Date: day, Leg: -1, Back: -1}
		index[day.Format(time.DateOnly)] = i
	}
	var pausedSince time.Time // zero: not paused
	markPaused := func(from, to time.Time) {
		for i := range days {
			if !days[i].Date.Before(from) && days[i].Date.Before(to) {
				days[i].Paused = true
			}
		}
	}
	for _, e := range t.entries() {
		switch e.Kind {
		case profile.KindPause:
			if pausedSince.IsZero() {
				pausedSince = startOfDay(e.At, loc)
			}
		case profile.KindResume:
			if !pausedSince.IsZero() {
				markPaused(pausedSince, e.At)
				pausedSince = time.Time{}
			}
		}
		i, ok := index[e.At.In(loc).Format(time.DateOnly)]
		if !ok {
			continue
		}
		switch {
		case e.Kind == profile.KindWalk && e.Walk != nil && !e.Walk.Skipped:
			days[i].Minutes += e.Walk.Minutes
		case e.Kind == profile.KindCheckIn && e.CheckIn != nil && days[i].Leg < 0:
			days[i].Leg, days[i].Back = e.CheckIn.Leg, e.CheckIn.Back
		}
	}
	if !pausedSince.IsZero() && t.p.Pause.Active {
		markPaused(pausedSince, today.Add(24*time.Hour))
	}
	var weekdays [7]string
	copy(weekdays[:], strings.Split(t.text(messages.DateWeekdays), ","))
	return chart.Data{
		Days:        days,
		DoseMinutes: t.p.Dose.Minutes,
		Target:      plan.Target.Minutes,
		Labels: chart.Labels{
			Title: t.text(messages.ChartTitle), Minutes: t.text(messages.ChartMinutes), Pain: t.text(messages.ChartPain),
			Leg: t.text(messages.ChartLeg), Back: t.text(messages.ChartBack), Dose: t.text(messages.ChartDose),
			Target: t.text(messages.ChartTarget), Paused: t.text(messages.ChartPaused), Weekdays: weekdays,
		},
	}
}

func startOfDay(at time.Time, loc *time.Location) time.Time {
	y, m, d := at.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// progressChart is the chart message of /progress: the PNG and two lines
// comparing this week with the last; on a terminal also a sparkline of
// the minutes.
func (t *turn) progressChart(data chart.Data) (chat.Outgoing, bool) {
	png, err := chart.Render(data)
	if err != nil {
		t.e.log.Warn("rendering the progress chart failed", "err", err)
		return chat.Outgoing{}, false
	}
	this, last := t.weeks()
	lines := []string{t.text(messages.ChartWeek, "minutes", this.minutes, "walks", this.walks,
		"last_minutes", last.minutes, "last_walks", last.walks)}
	now, ok1 := this.leg()
	before, ok2 := last.leg()
	if ok1 && ok2 {
		lines = append(lines, t.text(messages.ChartPainWeek, "from", fmt.Sprintf("%.1f", before), "to", fmt.Sprintf("%.1f", now)))
	} else {
		lines = append(lines, t.text(messages.WeeklyPainUnknown))
	}
	if !imagePlatforms[t.in.From.Platform] {
		minutes := make([]int, len(data.Days))
		for i, d := range data.Days {
			minutes[i] = d.Minutes
		}
		lines = append(lines, t.text(messages.ChartSparkline, "line", chart.Sparkline(minutes, max(plan.Target.Minutes, data.DoseMinutes))))
	}
	return chat.Outgoing{To: t.in.From, Text: strings.Join(lines, "\n"), Image: png}, true
}
