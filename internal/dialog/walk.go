package dialog

import (
	"strings"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// The walk flow (/done): how the walk went, how long, and the highest
// pain during it. Pain above 5 is STOP-FLARE: the plan pauses and the
// red-flag check follows.
const flowWalk flow = "walk"

const (
	stepOutcome stepID = "outcome"
	stepMinutes stepID = "minutes"
	stepPeak    stepID = "peak"
)

const maxWalkMinutes = 300

var walkFlow = &flowDef{
	name: flowWalk,
	steps: []step{
		{id: stepOutcome, ask: walkOutcomeQuestion},
		{id: stepMinutes, ask: walkMinutesQuestion},
		{id: stepPeak, ask: walkPeakPainQuestion},
	},
	finish: logWalk,
}

// startWalk is /done: "/done 12" logs 12 minutes and asks the highest
// pain; "/done" asks how it went first.
func (t *turn) startWalk(args string) {
	if !t.needOnboarded() {
		return
	}
	t.endFlow()
	t.st.Flow = flowWalk
	t.st.Walk = plan.Walk{At: t.now, Planned: t.plannedToday(), Peak: plan.NoPain}
	yesterday, args := parseDoneDay(args, t.e.yesterdayWords)
	if yesterday {
		t.st.Walk = t.yesterdayWalk()
	}
	switch a := strings.ToLower(strings.TrimSpace(args)); a {
	case "":
		t.beginHere()
	case "skip", "skipped":
		t.logSkipped()
	default:
		n, err := t.e.typed.minutes(t.lang, a, 1, maxWalkMinutes)
		if err != nil {
			t.say(t.text(messages.InputMinutes))
			t.beginHere()
			return
		}
		t.st.Walk.Minutes = n
		t.st.Walk.CutShort = t.st.Walk.Planned > 0 && n < t.st.Walk.Planned
		t.beginHere(stepPeak)
	}
}

var walkOutcomeQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.WalkOutcome, "minutes", t.st.Walk.Planned) },
	choices: func(t *turn) [][]choice {
		return [][]choice{{
			{Value: "done", Label: t.text(messages.ButtonWalkDone)},
			{Value: "short", Label: t.text(messages.ButtonWalkShort)},
			{Value: "skipped", Label: t.text(messages.ButtonWalkSkipped)},
		}}
	},
	answer: func(t *turn, v string) outcome {
		switch v {
		case "done":
			if t.st.Walk.Planned == 0 {
				return goTo(stepMinutes)
			}
			t.st.Walk.Minutes = t.st.Walk.Planned
			return goTo(stepPeak)
		case "short":
			t.st.Walk.CutShort = true
			return goTo(stepMinutes)
		case "skipped":
			t.logSkipped()
			return ended()
		}
		return refuse(messages.InputChoose)
	},
}

var walkMinutesQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.WalkMinutes) },
	free:   true,
	typed:  true,
	answer: func(t *turn, v string) outcome {
		n, err := t.e.typed.minutes(t.lang, v, 1, maxWalkMinutes)
		if err != nil {
			return refuse(messages.InputMinutes)
		}
		t.st.Walk.Minutes = n
		return next()
	},
}

var walkPeakPainQuestion = scoreQuestion(messages.WalkPeak, func(t *turn, n int) outcome {
	t.st.Walk.Peak = n
	return next()
})

// plannedToday is the planned minutes of a walk logged now: today's
// session of the day's decision (or of the current dose).
func (t *turn) plannedToday() int {
	if t.p.Dose.IsZero() {
		return 0
	}
	d := t.p.Dose
	if day, ok := t.dayDecision(); ok && day.Session {
		d = day.Dose
	}
	return t.minutesToday(d)
}

// walkedMuchLonger is "more than 20% longer than planned" (v2 reading
// "Walking more than planned").
func walkedMuchLonger(w plan.Walk) bool { return w.Planned > 0 && w.Minutes*10 > w.Planned*12 }

// logSkipped records a skipped walk, without blame.
func (t *turn) logSkipped() {
	w := t.st.Walk
	w.Skipped, w.Minutes = true, 0
	t.record(profile.Entry{Kind: profile.KindWalk, Walk: &w})
	t.endFlow()
	t.say(t.text(messages.WalkSkipped))
}

// logWalk records the walk. Pain above 5 during it is STOP-FLARE: pause,
// acknowledge, flare advice, red-flag check.
func logWalk(t *turn) outcome {
	w := t.st.Walk
	t.record(profile.Entry{Kind: profile.KindWalk, Walk: &w})
	if plan.Flare(w.Peak) {
		// Rule STOP-FLARE: end the session, log it, pause; the day's
		// plan becomes the flare's.
		t.pause(t.now, plan.RuleStopFlare, true, timeZero)
		t.p.Pause.Why = profile.WhyPain
		t.p.LastRule = plan.RuleStopFlare
		t.p.Day = profile.NewDayPlan(t.localDate(t.now), t.now, plan.Decision{Rule: plan.RuleStopFlare, Dose: t.p.Dose, Reason: plan.Reason{Code: "walk"}})
		t.say(t.text(messages.WalkFlare, "minutes", w.Minutes, "peak", w.Peak), t.text(messages.StopFlareAdvice))
		return startFlow(flowRedFlags)
	}
	var longer string
	if walkedMuchLonger(w) {
		// Logged as walked; the plan still builds from what was
		// planned (the tolerated dose never counts minutes beyond it).
		longer = t.text(messages.WalkLonger, "planned", w.Planned)
	}
	var day string
	if t.localDate(w.At) != t.localDate(t.now) {
		day = t.text(messages.WalkYesterdayLogged)
	}
	t.say(day, t.text(messages.WalkLogged, "minutes", w.Minutes, "peak", w.Peak), longer)
	return next()
}
