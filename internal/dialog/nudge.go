package dialog

import (
	"treadwell/internal/localtime"
	"treadwell/messages"
)

// The evening nudge question of /settings: off, or on at a local time
// the person picks or types (read like the reminder time), always later
// than the daily reminder: the nudge is for an evening without a
// check-in, after the day's reminder.
const stepNudge stepID = "nudge"

// nudgeTimes are the evening times offered as buttons.
var nudgeTimes = []localtime.Clock{{Hour: 18}, {Hour: 19}, {Hour: 20}, {Hour: 21}}

// nudgeOff is the value of the "no nudge" button.
const nudgeOff = "off"

var nudgeQuestion = &question{
	prompt: func(t *turn) string {
		return t.text(messages.SettingsNudgePrompt, "time", t.p.Settings.Remind.String())
	},
	choices: func(t *turn) [][]choice {
		var row []choice
		for _, c := range nudgeTimes {
			row = append(row, choice{Value: c.String(), Label: c.String()})
		}
		return [][]choice{row, {{Value: nudgeOff, Label: t.text(messages.ButtonNudgeOff)}}}
	},
	free:  true,
	typed: true,
	answer: func(t *turn, v string) outcome {
		if v == nudgeOff {
			t.p.Settings.Nudge = false
			t.say(t.text(messages.SettingsNudgeOff))
			return ended()
		}
		c, err := localtime.ParseClock(v)
		if err != nil {
			return refuse(messages.InputTime)
		}
		if !clockAfter(c, t.p.Settings.Remind) {
			t.say(t.text(messages.SettingsNudgeTooEarly, "time", t.p.Settings.Remind.String()))
			return askAgain()
		}
		t.p.Settings.Nudge, t.p.Settings.NudgeAt = true, c
		t.say(t.text(messages.SettingsNudgeOn, "time", c.String()))
		return ended()
	},
}

// clockAfter reports whether a is later in the day than b.
func clockAfter(a, b localtime.Clock) bool {
	return a.Hour > b.Hour || (a.Hour == b.Hour && a.Minute > b.Minute)
}

// keepNudgeAfter turns the nudge off, and says so, when a new reminder
// time is at or after it: a nudge never comes before the day's reminder.
func (t *turn) keepNudgeAfter(remind localtime.Clock) {
	s := &t.p.Settings
	if !s.Nudge || clockAfter(s.NudgeTime(), remind) {
		return
	}
	s.Nudge = false
	t.say(t.text(messages.SettingsNudgeDropped, "nudge", s.NudgeTime().String()))
}
