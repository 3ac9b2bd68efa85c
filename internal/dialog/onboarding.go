package dialog

import (
	"treadwell/internal/plan"
)

// start is /start: onboarding for someone new, a pointer for someone set
// up already. (A /start payload that is a /link code, from a deep link
// on the other platform, links instead: see command.)
func (t *turn) start() {
	switch {
	case t.p.Onboarded:
		t.say(t.text("start.again"))
		t.reask()
	case t.st.Flow == flowOnboard && t.st.Step != "":
		t.reask()
	default:
		t.endFlow()
		t.st.Flow = flowOnboard
		t.ask(stepDisclaimer)
	}
}

func disclaimerQuestion() question {
	return question{
		prompt: func(t *turn) string { return t.text("onboard.disclaimer") },
		choices: func(t *turn) [][]choice {
			return [][]choice{{{Value: "ok", Label: t.text("button.understand")}}}
		},
		answer: func(t *turn, v string) string {
			if v != "ok" {
				return "input.choose"
			}
			t.p.Disclaimer = t.now
			t.startRedFlags()
			return ""
		},
	}
}

// onboardOrder is the order of the setting questions in onboarding.
var onboardOrder = []stepID{stepBaseLeg, stepBaseBack, stepTolerance, stepPlace, stepTime, stepZone, stepDays}

// afterSetting moves on once a setting question is answered: the next
// onboarding question, or the end of /settings.
func (t *turn) afterSetting(done stepID) {
	if t.st.Flow == flowSettings {
		t.finishSettings()
		return
	}
	for i, id := range onboardOrder {
		if id == done && i+1 < len(onboardOrder) {
			t.ask(onboardOrder[i+1])
			return
		}
	}
	t.finishOnboarding()
}

// finishOnboarding ends /start with the first suggestion (START) and the
// next reminder in the person's local time.
func (t *turn) finishOnboarding() {
	t.p.Onboarded = true
	d := plan.Decide(t.planInput(nil))
	t.apply(d)
	t.endFlow()
	t.say(t.text("onboard.done"))
	t.suggest(d)
	t.say(t.nextReminderText())
}
