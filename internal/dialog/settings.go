package dialog

import (
	"slices"

	"treadwell/internal/chat"
	"treadwell/internal/localtime"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// The settings flow (/settings): the current settings, a menu of what to
// change, and one setting question; then the next reminder.
const flowSettings flow = "settings"

const (
	stepSettingsMenu stepID = "settings_menu"
	stepWeekly       stepID = "weekly"
)

var settingsFlow = &flowDef{
	name: flowSettings,
	steps: []step{
		{id: stepSettingsMenu, ask: settingsMenuQuestion},
		{id: stepTime, ask: thenFinish(timeQuestion)},
		{id: stepZone, ask: thenFinish(zoneQuestion)},
		{id: stepDays, ask: thenFinish(daysQuestion)},
		{id: stepPlace, ask: thenFinish(placeQuestion)},
		{id: stepWeekly, ask: thenFinish(weeklyQuestion)},
		{id: stepNudge, ask: nudgeQuestion},
		{id: stepBreakUntil, ask: breakUntilQuestion},
	},
	finish: func(t *turn) outcome {
		t.say(t.text(messages.SettingsSaved), t.nextReminderText())
		return next()
	},
}

// thenFinish is q, after whose answer the flow finishes: one setting is
// changed at a time.
func thenFinish(q *question) *question {
	c := *q
	finish := func(o outcome) outcome {
		if o == next() {
			return finishFlow()
		}
		return o
	}
	c.answer = func(t *turn, v string) outcome { return finish(q.answer(t, v)) }
	if q.location != nil {
		c.location = func(t *turn, at chat.Location) outcome { return finish(q.location(t, at)) }
	}
	return &c
}

// startSettings is /settings: show the current settings and offer to
// change one.
func (t *turn) startSettings() {
	if !t.needOnboarded() {
		return
	}
	if t.pauseExpired() {
		// A dated pause (a break) that has run out resumes here, as in
		// needActive; /settings then shows the settings as they run.
		t.say(t.text(messages.PauseEnded))
		t.resume()
		return
	}
	t.begin(flowSettings)
}

// Values of the settings menu that are not steps.
const (
	settingFollowUps = "followups"
	settingResume    = "resume"
)

var settingsMenuQuestion = &question{
	prompt: func(t *turn) string {
		s := t.p.Settings
		nudge := t.text(messages.SettingsNudgeIsOff)
		if s.Nudge {
			nudge = t.text(messages.SettingsNudgeIsOn, "time", s.NudgeTime().String())
		}
		weekly := t.text(messages.SettingsWeeklyOff)
		if w := s.Weekly; !w.Off {
			weekly = t.text(messages.SettingsWeeklyOn, "day", t.text(messages.Dynamic("day."+w.String())))
		}
		followups := t.text(messages.SettingsFollowupsIsOn)
		if s.NoFollowUps {
			followups = t.text(messages.SettingsFollowupsIsOff)
		}
		menu := t.text(messages.SettingsMenu, "time", s.Remind, "zone", s.Zone,
			"days", t.daysText(s.Days), "place", t.text(messages.Dynamic("place."+string(s.Place))), "nudge", nudge, "weekly", weekly,
			"followups", followups)
		switch pz := t.p.Pause; {
		case !pz.Active:
			return menu
		case pz.Until.IsZero():
			return t.text(messages.SettingsPaused) + "\n\n" + menu
		default:
			return t.text(messages.SettingsPausedUntil, "date", t.date(pz.Until)) + "\n\n" + menu
		}
	},
	choices: func(t *turn) [][]choice {
		// Paused: a way to resume now; otherwise a break.
		pause := choice{Value: string(stepBreakUntil), Label: t.text(messages.ButtonSetBreak)}
		if t.p.Pause.Active {
			pause = choice{Value: settingResume, Label: t.text(messages.ButtonResumeNow)}
		}
		return [][]choice{
			{{Value: string(stepTime), Label: t.text(messages.ButtonSetTime)}, {Value: string(stepZone), Label: t.text(messages.ButtonSetZone)}},
			{{Value: string(stepDays), Label: t.text(messages.ButtonSetDays)}, {Value: string(stepPlace), Label: t.text(messages.ButtonSetPlace)}},
			{{Value: string(stepNudge), Label: t.text(messages.ButtonSetNudge)}, {Value: string(stepWeekly), Label: t.text(messages.ButtonSetWeekly)}},
			{{Value: settingFollowUps, Label: t.text(messages.ButtonSetFollowups)}, pause},
		}
	},
	answer: func(t *turn, v string) outcome {
		switch id := stepID(v); id {
		case stepTime, stepZone, stepDays, stepPlace, stepWeekly, stepNudge:
			return goTo(id)
		case stepBreakUntil:
			if t.p.Pause.Active {
				t.say(t.pausedNote())
				return ended()
			}
			return goTo(id)
		case settingResume:
			if !t.p.Pause.Active {
				t.say(t.text(messages.ResumeNotPaused))
				return ended()
			}
			return startFlow(flowResume)
		case settingFollowUps:
			t.p.Settings.NoFollowUps = !t.p.Settings.NoFollowUps
			if t.p.Settings.NoFollowUps {
				t.say(t.text(messages.SettingsFollowupsOff))
			} else {
				t.say(t.text(messages.SettingsFollowupsOn))
			}
			return ended()
		}
		return refuse(messages.InputChoose)
	},
}

// daysText words reminder days for people.
func (t *turn) daysText(d localtime.Days) string {
	switch {
	case d == localtime.Daily:
		return t.text(messages.DaysDaily)
	case d == localtime.Weekdays:
		return t.text(messages.DaysWeekdays)
	case d == localtime.Weekends:
		return t.text(messages.DaysWeekends)
	}
	return t.text(messages.DaysList, "days", d.String())
}

func (t *turn) nextReminderText() string {
	if t.paused() {
		return t.text(messages.ReminderPaused)
	}
	at := t.nextReminder()
	if at.IsZero() {
		return ""
	}
	return t.text(messages.ReminderNext, "when", t.reminderWhen(at))
}

// weeklyDays are the days offered for the weekly summary.
var weeklyDays = []string{"sun", "sat", "mon", "fri"}

var weeklyQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.SettingsWeeklyPrompt) },
	choices: func(t *turn) [][]choice {
		var row []choice
		for _, d := range weeklyDays {
			row = append(row, choice{Value: d, Label: t.text(messages.Dynamic("day." + d))})
		}
		return [][]choice{row, {{Value: "off", Label: t.text(messages.ButtonWeeklyOff)}}}
	},
	answer: func(t *turn, v string) outcome {
		w, err := profile.ParseWeeklySummary(v)
		if err != nil || (!w.Off && !slices.Contains(weeklyDays, v)) {
			return refuse(messages.InputChoose)
		}
		t.p.Settings.Weekly = w
		return next()
	},
}
