package dialog

import (
	"slices"
	"strconv"

	"treadwell/internal/localtime"
	"treadwell/internal/plan"
)

// Walking-time limits for typed minutes.
const (
	minTolerance = 1
	maxTolerance = 180
)

// settingQuestion covers the questions asked both in onboarding and from
// /settings.
func settingQuestion(id stepID) question {
	switch id {
	case stepBaseLeg:
		return scoreQuestion("onboard.baseline_leg", func(t *turn, n int) {
			t.p.BaselineLeg = n
			t.afterSetting(id)
		})
	case stepBaseBack:
		return scoreQuestion("onboard.baseline_back", func(t *turn, n int) {
			t.p.BaselineBack = n
			t.afterSetting(id)
		})
	case stepTolerance:
		return question{
			prompt: func(t *turn) string { return t.text("onboard.tolerance") },
			choices: func(*turn) [][]choice {
				var row []choice
				for _, m := range []int{5, 10, 15, 20, 30} {
					row = append(row, choice{Value: strconv.Itoa(m), Label: strconv.Itoa(m)})
				}
				return [][]choice{row}
			},
			free: true,
			answer: func(t *turn, v string) string {
				n, err := parseMinutes(v, minTolerance, maxTolerance)
				if err != nil {
					return "input.tolerance"
				}
				t.p.ToleranceMinutes = n
				t.afterSetting(id)
				return ""
			},
		}
	case stepPlace:
		return question{
			prompt: func(t *turn) string { return t.text("onboard.place") },
			choices: func(t *turn) [][]choice {
				return [][]choice{{
					{Value: string(plan.Treadmill), Label: t.text("button.treadmill")},
					{Value: string(plan.Outdoors), Label: t.text("button.outdoors")},
				}}
			},
			answer: func(t *turn, v string) string {
				switch plan.Place(v) {
				case plan.Treadmill, plan.Outdoors:
					t.p.Settings.Place = plan.Place(v)
					t.afterSetting(id)
					return ""
				}
				return "input.choose"
			},
		}
	case stepTime:
		return question{
			prompt: func(t *turn) string { return t.text("onboard.time") },
			choices: func(*turn) [][]choice {
				return [][]choice{{{Value: "07:30", Label: "07:30"}, {Value: "12:00", Label: "12:00"}, {Value: "18:00", Label: "18:00"}}}
			},
			free:  true,
			typed: true,
			answer: func(t *turn, v string) string {
				c, err := localtime.ParseClock(v)
				if err != nil {
					return "input.time"
				}
				t.p.Settings.Remind = c.String()
				t.afterSetting(id)
				return ""
			},
		}
	case stepZone:
		return question{
			prompt: func(t *turn) string { return t.text("onboard.zone") },
			free:   true,
			typed:  true,
			answer: func(t *turn, v string) string {
				z, err := localtime.ParseZone(v)
				if err != nil {
					return "input.zone"
				}
				t.p.Settings.Zone = z
				t.afterSetting(id)
				return ""
			},
		}
	case stepDays:
		return question{
			prompt: func(t *turn) string { return t.text("onboard.days") },
			typed:  true,
			choices: func(t *turn) [][]choice {
				return [][]choice{{
					{Value: localtime.Daily.String(), Label: t.text("button.every_day")},
					{Value: localtime.Weekdays.String(), Label: t.text("button.weekdays")},
					{Value: "mon,wed,fri", Label: t.text("button.mon_wed_fri")},
				}}
			},
			free: true,
			answer: func(t *turn, v string) string {
				d, err := localtime.ParseDays(v)
				if err != nil {
					return "input.days"
				}
				t.p.Settings.Days = d.String()
				t.afterSetting(id)
				return ""
			},
		}
	}
	return question{}
}

// startSettings is /settings: show the current settings and offer to
// change one.
func (t *turn) startSettings() {
	if !t.needOnboarded() {
		return
	}
	t.endFlow()
	t.st.Flow = flowSettings
	t.ask(stepSettingsMenu)
}

func settingsMenuQuestion() question {
	return question{
		prompt: func(t *turn) string {
			s := t.p.Settings
			nudge := t.text("settings.nudge_is_off")
			if s.Nudge {
				nudge = t.text("settings.nudge_is_on")
			}
			weekly := t.text("settings.weekly_off")
			if day := weeklyDay(t.p); day != "" {
				weekly = t.text("settings.weekly_on", "day", t.text("day."+day))
			}
			return t.text("settings.menu", "time", s.Remind, "zone", s.Zone,
				"days", t.daysText(s.Days), "place", t.text("place."+string(s.Place)), "nudge", nudge, "weekly", weekly)
		},
		choices: func(t *turn) [][]choice {
			return [][]choice{
				{{Value: string(stepTime), Label: t.text("button.set_time")}, {Value: string(stepZone), Label: t.text("button.set_zone")}},
				{{Value: string(stepDays), Label: t.text("button.set_days")}, {Value: string(stepPlace), Label: t.text("button.set_place")}},
				{{Value: "nudge", Label: t.text("button.set_nudge")}, {Value: string(stepWeekly), Label: t.text("button.set_weekly")}},
			}
		},
		answer: func(t *turn, v string) string {
			switch id := stepID(v); id {
			case stepTime, stepZone, stepDays, stepPlace, stepWeekly:
				t.ask(id)
				return ""
			case "nudge":
				t.p.Settings.Nudge = !t.p.Settings.Nudge
				t.endFlow()
				if t.p.Settings.Nudge {
					t.say(t.text("settings.nudge_on"))
				} else {
					t.say(t.text("settings.nudge_off"))
				}
				return ""
			}
			return "input.choose"
		},
	}
}

func (t *turn) finishSettings() {
	t.endFlow()
	t.say(t.text("settings.saved"), t.nextReminderText())
}

// daysText words a stored days value for people.
func (t *turn) daysText(days string) string {
	d, err := localtime.ParseDays(days)
	switch {
	case err != nil:
		return days
	case d == localtime.Daily:
		return t.text("days.daily")
	case d == localtime.Weekdays:
		return t.text("days.weekdays")
	case d == localtime.Weekends:
		return t.text("days.weekends")
	}
	return t.text("days.list", "days", d.String())
}

func (t *turn) nextReminderText() string {
	if t.paused() {
		return t.text("reminder.paused")
	}
	next := nextDue(t.p, t.now)
	if next.IsZero() {
		return ""
	}
	when := t.text("reminder.at", "date", t.date(next), "time", next.In(t.location()).Format("15:04"), "zone", t.p.Settings.Zone)
	return t.text("reminder.next", "when", when)
}

// weeklyDays are the days offered for the weekly summary.
var weeklyDays = []string{"sun", "sat", "mon", "fri"}

func weeklyQuestion() question {
	return question{
		prompt: func(t *turn) string { return t.text("settings.weekly_prompt") },
		choices: func(t *turn) [][]choice {
			var row []choice
			for _, d := range weeklyDays {
				row = append(row, choice{Value: d, Label: t.text("day." + d)})
			}
			return [][]choice{row, {{Value: "off", Label: t.text("button.weekly_off")}}}
		},
		answer: func(t *turn, v string) string {
			if v != "off" && !slices.Contains(weeklyDays, v) {
				return "input.choose"
			}
			t.p.Settings.Weekly = v
			t.finishSettings()
			return ""
		},
	}
}
