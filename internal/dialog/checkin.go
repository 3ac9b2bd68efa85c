package dialog

import (
	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// startCheckIn is /checkin: leg pain, back pain, the highest pain during
// the last walk (unless /done logged it), whether pain settled back after
// it, and the spread-or-weaker question; then today's suggestion.
func (t *turn) startCheckIn() {
	if !t.needOnboarded() || !t.needActive() {
		return
	}
	t.endFlow()
	t.st.Flow = flowCheckIn
	t.st.CheckIn = plan.CheckIn{At: t.now, WalkPeak: plan.NoPain}
	t.ask(stepLeg)
}

func checkInQuestion(id stepID) question {
	switch id {
	case stepLeg:
		return scoreQuestion("checkin.leg", func(t *turn, n int) {
			t.st.CheckIn.Leg = n
			t.ask(stepBack)
		})
	case stepBack:
		return scoreQuestion("checkin.back", func(t *turn, n int) {
			t.st.CheckIn.Back = n
			// A walk logged with its pain since the last check-in
			// already answers "highest pain during the last walk".
			if peak, ok := t.walkPeakSinceCheckIn(); ok {
				t.st.CheckIn.WalkPeak = peak
				t.ask(stepSettled)
				return
			}
			t.ask(stepWalkPeak)
		})
	case stepWalkPeak:
		q := scoreQuestion("checkin.walk_peak", func(t *turn, n int) {
			t.st.CheckIn.WalkPeak = n
			t.ask(stepSettled)
		})
		q.choices = func(t *turn) [][]choice {
			return append(scoreChoices(), []choice{{Value: "no_walk", Label: t.text("button.no_walk")}})
		}
		score := q.answer
		q.answer = func(t *turn, v string) string {
			if v != "no_walk" {
				return score(t, v)
			}
			// Nothing walked since the last check-in: nothing to settle.
			t.st.CheckIn.WalkPeak = plan.NoPain
			t.ask(stepSpread)
			return ""
		}
		return q
	case stepSettled:
		return question{
			prompt: func(t *turn) string { return t.text("checkin.settled") },
			choices: func(t *turn) [][]choice {
				return [][]choice{
					{{Value: "yes", Label: t.text("button.settled_yes")}, {Value: "not_quite", Label: t.text("button.settled_not_quite")}},
					{{Value: "no", Label: t.text("button.settled_no")}},
				}
			},
			answer: func(t *turn, v string) string {
				settled, ok := map[string]plan.Settled{"yes": plan.SettledYes, "not_quite": plan.SettledNotQuite, "no": plan.SettledNo}[v]
				if !ok {
					return "input.choose"
				}
				t.st.CheckIn.Settled = settled
				t.ask(stepSpread)
				return ""
			},
		}
	case stepSpread:
		return yesNoQuestion("checkin.spread", func(t *turn, yes bool) {
			t.st.CheckIn.Spread = yes
			ci := t.st.CheckIn
			if plan.RedFlagsDue(t.planInput(&ci), t.p.RedFlags.At) {
				t.say(t.text("checkin.red_flags_first"))
				t.startRedFlags()
				return
			}
			t.finishCheckIn()
		})
	}
	return question{}
}

// finishCheckIn decides today's walk and records the check-in with the
// rule that decided it.
func (t *turn) finishCheckIn() {
	ci := t.st.CheckIn
	d := plan.Decide(t.planInput(&ci))
	ci.Rule = d.Rule
	t.record(profile.Entry{Kind: profile.KindCheckIn, CheckIn: &ci})
	t.apply(d)
	t.endFlow()
	t.suggest(d)
}
