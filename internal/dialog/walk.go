package dialog

import (
	"strings"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

const maxWalkMinutes = 300

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
		t.ask(stepOutcome)
	case "skip", "skipped":
		t.logSkipped()
	default:
		n, err := parseMinutes(a, 1, maxWalkMinutes)
		if err != nil {
			t.say(t.text("input.minutes"))
			t.ask(stepOutcome)
			return
		}
		t.st.Walk.Minutes = n
		t.st.Walk.CutShort = t.p.Dose.Minutes > 0 && n < t.p.Dose.Minutes
		t.ask(stepPeak)
	}
}

func walkQuestion(id stepID) question {
	switch id {
	case stepOutcome:
		return question{
			prompt: func(t *turn) string { return t.text("walk.outcome", "minutes", t.p.Dose.Minutes) },
			choices: func(t *turn) [][]choice {
				return [][]choice{{
					{Value: "done", Label: t.text("button.walk_done")},
					{Value: "short", Label: t.text("button.walk_short")},
					{Value: "skipped", Label: t.text("button.walk_skipped")},
				}}
			},
			answer: func(t *turn, v string) string {
				switch v {
				case "done":
					if t.st.Walk.Planned == 0 {
						t.ask(stepMinutes)
						return ""
					}
					t.st.Walk.Minutes = t.st.Walk.Planned
					t.ask(stepPeak)
				case "short":
					t.st.Walk.CutShort = true
					t.ask(stepMinutes)
				case "skipped":
					t.logSkipped()
				default:
					return "input.choose"
				}
				return ""
			},
		}
	case stepMinutes:
		return question{
			prompt: func(t *turn) string { return t.text("walk.minutes") },
			free:   true,
			typed:  true,
			answer: func(t *turn, v string) string {
				n, err := parseMinutes(v, 1, maxWalkMinutes)
				if err != nil {
					return "input.minutes"
				}
				t.st.Walk.Minutes = n
				t.ask(stepPeak)
				return ""
			},
		}
	case stepPeak:
		return scoreQuestion("walk.peak", func(t *turn, n int) {
			t.st.Walk.Peak = n
			t.logWalk()
		})
	}
	return question{}
}

// logSkipped records a skipped walk, without blame.
func (t *turn) logSkipped() {
	w := t.st.Walk
	w.Skipped, w.Minutes = true, 0
	t.record(profile.Entry{Kind: profile.KindWalk, Walk: &w})
	t.endFlow()
	t.say(t.text("walk.skipped"))
}

// logWalk records the walk. Pain above 5 during it is STOP-FLARE: pause,
// acknowledge, flare advice, red-flag check.
func (t *turn) logWalk() {
	w := t.st.Walk
	t.record(profile.Entry{Kind: profile.KindWalk, Walk: &w})
	t.endFlow()
	if plan.Flare(w.Peak) {
		t.pause(t.now, plan.RuleStopFlare, true, timeZero)
		t.p.LastRule = plan.RuleStopFlare
		t.say(t.text("walk.flare", "minutes", w.Minutes, "peak", w.Peak), t.text("stop.flare_advice"))
		t.st.Flow = flowRedFlags
		t.startRedFlags()
		return
	}
	t.say(t.text("walk.logged", "minutes", w.Minutes, "peak", w.Peak))
}
