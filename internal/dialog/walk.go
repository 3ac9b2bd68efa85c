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
	t.st.Walk = plan.Walk{At: t.now, Planned: t.p.Dose.Minutes, Peak: plan.NoPain}
	switch a := strings.ToLower(strings.TrimSpace(args)); a {
	case "":
		t.beginHere()
	case "skip", "skipped":
		t.logSkipped()
	default:
		n, err := parseMinutes(a, 1, maxWalkMinutes)
		if err != nil {
			t.say(t.text(messages.InputMinutes))
			t.beginHere()
			return
		}
		t.st.Walk.Minutes = n
		t.st.Walk.CutShort = t.p.Dose.Minutes > 0 && n < t.p.Dose.Minutes
		t.beginHere(stepPeak)
	}
}

var walkOutcomeQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.WalkOutcome, "minutes", t.p.Dose.Minutes) },
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
		n, err := parseMinutes(v, 1, maxWalkMinutes)
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
		t.pause(t.now, plan.RuleStopFlare, true, timeZero)
		t.p.LastRule = plan.RuleStopFlare
		t.say(t.text(messages.WalkFlare, "minutes", w.Minutes, "peak", w.Peak), t.text(messages.StopFlareAdvice))
		return startFlow(flowRedFlags)
	}
	t.say(t.text(messages.WalkLogged, "minutes", w.Minutes, "peak", w.Peak))
	return next()
}
