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

// chartData gathers the last 28 local days from the log: the walks
// (walked, planned, cut short, skipped, their peak pain), the check-ins,
// the paused spans, the flares and the red flags, and sign-up. The chart
// places each in its local day.
//
// Planned minutes are what the log records of the plan: each walk keeps
// the dose's minutes when it was walked (a skipped one too), so a day
// with nothing logged shows none.
func (t *turn) chartData() chart.Data {
	data := t.chartDataOver(t.entries(), chartDays)
	if t.e.chartSeen != nil {
		t.e.chartSeen(data)
	}
	return data
}

// chartDataOver is the chart's data of the last days local days from
// log (the /report reads the whole log, and more weeks).
func (t *turn) chartDataOver(log []profile.Entry, days int) chart.Data {
	loc := t.location()
	y, m, d := t.now.In(loc).Date()
	today := time.Date(y, m, d, 12, 0, 0, 0, loc) // noon: safe across DST
	data := chart.Data{
		Zone:        loc,
		First:       today.AddDate(0, 0, 1-days),
		Last:        today,
		SignUp:      t.p.Created,
		DoseMinutes: t.p.Dose.Minutes,
		Target:      plan.Target.Minutes,
		Labels:      chartLabels(t.e.msgs, t.lang),
	}
	for _, e := range log {
		switch {
		case e.Kind == profile.KindWalk && e.Walk != nil:
			w := e.Walk
			data.Walks = append(data.Walks, chart.Walk{At: orAt(w.At, e.At), Minutes: w.Minutes, Planned: w.Planned,
				Peak: w.Peak, CutShort: w.CutShort, Skipped: w.Skipped})
		case e.Kind == profile.KindCheckIn && e.CheckIn != nil:
			data.CheckIns = append(data.CheckIns, chart.CheckIn{At: orAt(e.CheckIn.At, e.At), Leg: e.CheckIn.Leg, Back: e.CheckIn.Back})
		case e.Kind == profile.KindPause && t.flarePause(e):
			data.Flares = append(data.Flares, e.At)
		case e.Kind == profile.KindRedFlags && e.RedFlags != nil && (e.RedFlags.Urgent || e.RedFlags.Doctor):
			data.RedFlags = append(data.RedFlags, e.At)
		}
	}
	data.Pauses = pauseSpans(log, t.p.Pause, t.now)
	return data
}

// flarePause reports whether a pause entry paused for pain: a /stop,
// the reminder's "I'm flaring", a walk above 5. A red-flag pause during
// a flare carries its flare over but is the red flag's. The log does not
// keep /stop's "something else", so only the pause in force can be known
// not to be a flare.
func (t *turn) flarePause(e profile.Entry) bool {
	if e.Pause == nil || !e.Pause.Flare || e.Pause.Rule != plan.RuleStopFlare {
		return false
	}
	cur := t.p.Pause
	return !(cur.Active && cur.Since.Equal(e.At) && !pauseIsFlare(cur))
}

// orAt is t, or at when t is zero (entries written before the record
// kept its own time).
func orAt(t, at time.Time) time.Time {
	if t.IsZero() {
		return at
	}
	return t
}

// pauseSpans are the spans the plan was paused, from the log: a pause
// entry opens one (a pause during a pause only sets its end anew), a
// resume closes it, and a pause with an end (/stop 3d) closes at that end
// when no resume came first. The pause in force, if any, runs to now
// (or its end), also when its start is older than the log as loaded. An
// open span the profile no longer has (a pause ended without a resume
// entry) ends where it began: nothing says how long it lasted.
func pauseSpans(log []profile.Entry, current profile.Pause, now time.Time) []chart.Span {
	var spans []chart.Span
	var open bool
	var from, until time.Time
	closeAt := func(to time.Time) {
		spans = append(spans, chart.Span{From: from, To: to})
		open = false
	}
	for _, e := range log {
		if open && !until.IsZero() && !e.At.Before(until) {
			closeAt(until)
		}
		switch e.Kind {
		case profile.KindPause:
			if !open {
				open, from = true, e.At
			}
			until = time.Time{}
			if e.Pause != nil {
				until = e.Pause.Until
			}
		case profile.KindResume:
			if open {
				closeAt(e.At)
			}
		}
	}
	end := func(until time.Time) time.Time {
		if !until.IsZero() && until.Before(now) {
			return until
		}
		return now
	}
	if open {
		to := from
		if current.Active || !until.IsZero() {
			to = end(until)
		}
		closeAt(to)
	}
	if current.Active && !current.Since.IsZero() {
		spans = append(spans, chart.Span{From: current.Since, To: end(current.Until)})
	}
	return spans
}

// chartLabels are the chart's words in lang.
func chartLabels(msgs *messages.Catalog, lang string) chart.Labels {
	text := func(k messages.Key) string { return msgs.Text(lang, k) }
	l := chart.Labels{
		Title: text(messages.ChartTitle), Minutes: text(messages.ChartMinutes), Walked: text(messages.ChartWalked),
		CutShort: text(messages.ChartCutShort), Skipped: text(messages.ChartSkipped), Planned: text(messages.ChartPlanned),
		Dose: text(messages.ChartDose), Target: text(messages.ChartTarget), Paused: text(messages.ChartPaused),
		BeforeSignUp: text(messages.ChartBeforeSignup), Pain: text(messages.ChartPain), Leg: text(messages.ChartLeg),
		Back: text(messages.ChartBack), Peak: text(messages.ChartPeak), Flare: text(messages.ChartFlare),
		RedFlag: text(messages.ChartRedFlag),
	}
	if months := strings.Split(text(messages.DateMonths), ","); len(months) == len(l.Months) {
		for i, m := range months {
			l.Months[i] = strings.TrimSpace(m)
		}
	}
	return l
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
	// No "0 minutes over 0 walks": an empty week, or a first week with
	// nothing to compare, is said as it is.
	var lines []string
	switch {
	case this.walks == 0:
		lines = append(lines, t.text(messages.ChartWeekNone))
	case last.walks == 0:
		lines = append(lines, t.text(messages.ChartWeekFirst, "minutes", this.minutes, "walks", this.walks))
	default:
		lines = append(lines, t.text(messages.ChartWeek, "minutes", this.minutes, "walks", this.walks,
			"last_minutes", last.minutes, "last_walks", last.walks))
	}
	// The pain comparison only when there is one: /progress's text
	// already says when there are too few check-ins.
	now, ok1 := this.leg()
	before, ok2 := last.leg()
	if ok1 && ok2 {
		lines = append(lines, t.text(messages.ChartPainWeek, "from", fmt.Sprintf("%.1f", before), "to", fmt.Sprintf("%.1f", now)))
	}
	if !imagePlatforms[t.in.From.Platform] {
		if days, err := chart.Days(data); err == nil {
			minutes := make([]int, len(days))
			for i, d := range days {
				minutes[i] = d.Minutes
				if d.Blank {
					minutes[i] = -1 // a gap: before sign-up
				}
			}
			lines = append(lines, t.text(messages.ChartSparkline, "line", chart.Sparkline(minutes, max(plan.Target.Minutes, data.DoseMinutes))))
		}
	}
	return chat.Outgoing{To: t.in.From, Text: strings.Join(lines, "\n"), Image: png}, true
}
