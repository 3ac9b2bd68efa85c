package dialog

import (
	"strconv"

	"treadwell/internal/localtime"
	"treadwell/internal/plan"
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

var baselineLegQuestion = scoreQuestion("onboard.baseline_leg", func(t *turn, n int) outcome {
	t.p.BaselineLeg = n
	return next()
})

var baselineBackQuestion = scoreQuestion("onboard.baseline_back", func(t *turn, n int) outcome {
	t.p.BaselineBack = n
	return next()
})

var toleranceQuestion = &question{
	prompt: func(t *turn) string { return t.text("onboard.tolerance") },
	choices: func(*turn) [][]choice {
		var row []choice
		for _, m := range []int{5, 10, 15, 20, 30} {
			row = append(row, choice{Value: strconv.Itoa(m), Label: strconv.Itoa(m)})
		}
		return [][]choice{row}
	},
	free: true,
	answer: func(t *turn, v string) outcome {
		n, err := parseMinutes(v, minTolerance, maxTolerance)
		if err != nil {
			return refuse("input.tolerance")
		}
		t.p.ToleranceMinutes = n
		return next()
	},
}

var placeQuestion = &question{
	prompt: func(t *turn) string { return t.text("onboard.place") },
	choices: func(t *turn) [][]choice {
		return [][]choice{{
			{Value: string(plan.Treadmill), Label: t.text("button.treadmill")},
			{Value: string(plan.Outdoors), Label: t.text("button.outdoors")},
		}}
	},
	answer: func(t *turn, v string) outcome {
		switch plan.Place(v) {
		case plan.Treadmill, plan.Outdoors:
			t.p.Settings.Place = plan.Place(v)
			return next()
		}
		return refuse("input.choose")
	},
}

var timeQuestion = &question{
	prompt: func(t *turn) string { return t.text("onboard.time") },
	choices: func(*turn) [][]choice {
		return [][]choice{{{Value: "07:30", Label: "07:30"}, {Value: "12:00", Label: "12:00"}, {Value: "18:00", Label: "18:00"}}}
	},
	free:  true,
	typed: true,
	answer: func(t *turn, v string) outcome {
		c, err := localtime.ParseClock(v)
		if err != nil {
			return refuse("input.time")
		}
		t.p.Settings.Remind = c
		return next()
	},
}

var zoneQuestion = &question{
	prompt: func(t *turn) string { return t.text("onboard.zone") },
	free:   true,
	typed:  true,
	answer: func(t *turn, v string) outcome {
		z, err := localtime.ParseZone(v)
		if err != nil {
			return refuse("input.zone")
		}
		t.p.Settings.Zone = localtime.Zone(z)
		return next()
	},
}

var daysQuestion = &question{
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
	answer: func(t *turn, v string) outcome {
		d, err := localtime.ParseDays(v)
		if err != nil {
			return refuse("input.days")
		}
		t.p.Settings.Days = d
		return next()
	},
}
