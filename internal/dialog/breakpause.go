package dialog

import (
	"time"

	"treadwell/internal/profile"
	"treadwell/messages"
)

// The break of /settings: a pause for a holiday or a busy spell until a
// day the person names, that is not a flare. It has no rule of the
// table and no flare advice, red flags or follow-ups; it ends by itself
// as that day begins (the reminders are queued for then, and the next
// message resumes through /resume's path, needActive), and /resume
// treats it as a break: the same dose, or one LAPSE restart after 7
// local days without a walk. /stop stays the path for pain.
const stepBreakUntil stepID = "break_until"

// breakButtons are the days offered, in local days from today.
var breakButtons = []int{1, 7, 14}

var breakUntilQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.SettingsBreakPrompt) },
	choices: func(t *turn) [][]choice {
		var row []choice
		loc := t.location()
		y, m, d := t.now.In(loc).Date()
		for _, n := range breakButtons {
			day := time.Date(y, m, d+n, 0, 0, 0, 0, loc)
			label := t.date(day)
			if n == 1 {
				label = t.text(messages.ButtonBreakTomorrow)
			}
			row = append(row, choice{Value: day.Format(time.DateOnly), Label: label})
		}
		return [][]choice{row}
	},
	free:  true,
	typed: true,
	answer: func(t *turn, v string) outcome {
		if t.p.Pause.Active {
			// Paused since the question was asked (a /stop keeps its
			// own pause): a break never replaces a pause.
			t.say(t.pausedNote())
			return ended()
		}
		until, err := parseUntilDay(v, t.now, t.location(), t.untilWords())
		if err != nil {
			return refuse(messages.InputBreakUntil)
		}
		t.pauseForBreak(until)
		t.say(t.text(messages.SettingsBreakDone, "date", t.date(until)))
		return ended()
	},
}

// pauseForBreak pauses until the start of a day for a break, and logs
// it as a pause that is not a flare (WhyBreak).
func (t *turn) pauseForBreak(until time.Time) {
	t.p.Pause = profile.Pause{Active: true, Since: t.now, Until: until, Why: profile.WhyBreak}
	t.p.Snooze = time.Time{} // a pause cancels a snoozed reminder
	p := t.p.Pause
	t.record(profile.Entry{Kind: profile.KindPause, Pause: &p})
}
