package dialog

import (
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// The onboarding flow (/start): the disclaimer, the red-flag check, usual
// pain, how long walking is comfortable, treadmill or outdoors, and the
// reminder time, zone and days; then the first walk (START) and the next
// reminder.
const flowOnboard flow = "onboard"

const (
	stepDisclaimer      stepID = "disclaimer"
	stepOnboardRedFlags stepID = "onboard_red_flags"
	stepOnboardClear    stepID = "onboard_red_flags_clear"
)

var onboardFlow = &flowDef{
	name: flowOnboard,
	steps: []step{
		{id: stepDisclaimer, ask: disclaimerQuestion},
		{id: stepOnboardRedFlags, do: func(*turn) outcome { return pushFlow(flowRedFlags) }, pushes: flowRedFlags},
		{id: stepOnboardClear, do: onboardRedFlagsClear},
		{id: stepBaseLeg, ask: baselineLegQuestion},
		{id: stepBaseBack, ask: baselineBackQuestion},
		{id: stepTolerance, ask: toleranceQuestion},
		{id: stepPlace, ask: placeQuestion},
		{id: stepTime, ask: timeQuestion},
		{id: stepZone, ask: zoneQuestion},
		{id: stepDays, ask: daysQuestion},
	},
	finish: finishOnboarding,
}

// start is /start: onboarding for someone new, a pointer for someone set
// up already. (A /start payload that is a /link code, from a deep link
// on the other platform, links instead: see command.)
func (t *turn) start() {
	switch {
	case t.p.Onboarded:
		t.say(t.text(messages.StartAgain))
		t.reask()
	case t.inFlow(flowOnboard):
		t.reask()
	default:
		t.begin(flowOnboard)
	}
}

var disclaimerQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.OnboardDisclaimer) },
	choices: func(t *turn) [][]choice {
		return [][]choice{{{Value: "ok", Label: t.text(messages.ButtonUnderstand)}}}
	},
	answer: func(t *turn, v string) outcome {
		if v != "ok" {
			return refuse(messages.InputChoose)
		}
		t.p.Disclaimer = t.now
		return next()
	},
}

// onboardRedFlagsClear follows a clear red-flag check. Starting over
// after a red-flag pause: answering no to every sign is what /resume
// asks for, so the red-flag pause ends.
func onboardRedFlagsClear(t *turn) outcome {
	if t.p.Pause.Active && redFlagRule(t.p.Pause.Rule) {
		t.p.Pause = profile.Pause{}
		t.record(profile.Entry{Kind: profile.KindResume})
	}
	t.say(t.text(messages.RfClear))
	return next()
}

// finishOnboarding ends /start with the first suggestion (START) and the
// next reminder in the person's local time.
func finishOnboarding(t *turn) outcome {
	t.p.Onboarded = true
	d := plan.Decide(t.planInput(nil))
	t.apply(d)
	t.say(t.text(messages.OnboardDone))
	t.suggest(d)
	t.say(t.nextReminderText())
	return next()
}
