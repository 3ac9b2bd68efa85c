package dialog

import (
	"strconv"

	"treadwell/internal/localtime"
	"treadwell/internal/plan"
	"treadwell/messages"
)

// The questions about the person's settings, asked in onboarding and
// from /settings; each records its answer, and the flow asking it says
// what comes next.
const (
	stepBaseLeg   stepID = "baseline_leg"
	stepBaseBack  stepID = "baseline_back"
	stepTolerance stepID = "tolerance"
	stepPlace     stepID = "place"
	stepTime      stepID = "time"
	stepZone      stepID = "zone"
	stepDays      stepID = "days"
)

// Walking-time limits for typed minutes.
const (
	minTolerance = 1
	maxTolerance = 180
)

var baselineLegQuestion = scoreQuestion(messages.OnboardBaselineLeg, func(t *turn, n int) outcome {
	t.p.BaselineLeg = n
	return next()
})

var baselineBackQuestion = scoreQuestion(messages.OnboardBaselineBack, func(t *turn, n int) outcome {
	t.p.BaselineBack = n
	return next()
})

var toleranceQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.OnboardTolerance) },
	choices: func(*turn) [][]choice {
		var row []choice
		for _, m := range []int{5, 10, 15, 20, 30} {
			row = append(row, choice{Value: strconv.Itoa(m), Label: strconv.Itoa(m)})
		}
		return [][]choice{row}
	},
	free: true,
	answer: func(t *turn, v string) outcome {
		n, err := t.e.typed.minutes(t.lang, v, minTolerance, maxTolerance)
		if err != nil {
			return refuse(messages.InputTolerance)
		}
		t.p.ToleranceMinutes = n
		return next()
	},
}

var placeQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.OnboardPlace) },
	choices: func(t *turn) [][]choice {
		return [][]choice{{
			{Value: string(plan.Treadmill), Label: t.text(messages.ButtonTreadmill)},
			{Value: string(plan.Outdoors), Label: t.text(messages.ButtonOutdoors)},
		}}
	},
	answer: func(t *turn, v string) outcome {
		switch plan.Place(v) {
		case plan.Treadmill, plan.Outdoors:
			t.p.Settings.Place = plan.Place(v)
			return next()
		}
		return refuse(messages.InputChoose)
	},
}

var timeQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.OnboardTime) },
	choices: func(*turn) [][]choice {
		return [][]choice{{{Value: "07:30", Label: "07:30"}, {Value: "12:00", Label: "12:00"}, {Value: "18:00", Label: "18:00"}}}
	},
	free:  true,
	typed: true,
	answer: func(t *turn, v string) outcome {
		c, err := localtime.ParseClock(v)
		if err != nil {
			return refuse(messages.InputTime)
		}
		t.p.Settings.Remind = c
		t.keepNudgeAfter(c)
		return next()
	},
}

var daysQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.OnboardDays) },
	typed:  true,
	choices: func(t *turn) [][]choice {
		return [][]choice{{
			{Value: localtime.Daily.String(), Label: t.text(messages.ButtonEveryDay)},
			{Value: localtime.Weekdays.String(), Label: t.text(messages.ButtonWeekdays)},
			{Value: "mon,wed,fri", Label: t.text(messages.ButtonMonWedFri)},
		}}
	},
	free: true,
	answer: func(t *turn, v string) outcome {
		words, ok := t.e.dayWords[t.lang]
		if !ok {
			words = t.e.dayWords[messages.Fallback]
		}
		d, err := words.Parse(v)
		if err != nil {
			return refuse(messages.InputDays)
		}
		t.p.Settings.Days = d
		return next()
	},
}
