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
	case stepLeg, stepBack:
		key := "checkin.leg"
		if id == stepBack {
			key = "checkin.back"
		}
		return question{
			prompt:  func(t *turn) string { return t.text(key) },
			choices: func(*turn) [][]choice { return scoreChoices() },
			free:    true,
			answer: func(t *turn, v string) string {
				n, err := parseScore(v)
				if err != nil {
					return scoreRefusal(err)
				}
				if id == stepLeg {
					t.st.CheckIn.Leg = n
					t.ask(stepBack)
					return ""
				}
				t.st.CheckIn.Back = n
				// A walk logged with its pain since the last check-in
				// already answers "highest pain during the last walk".
				if peak, ok := t.walkPeakSinceCheckIn(); ok {
					t.st.CheckIn.WalkPeak = peak
					t.ask(stepSettled)
					return ""
				}
				t.ask(stepWalkPeak)
				return ""
			},
		}
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
				switch v {
				case "yes":
					t.st.CheckIn.Settled = plan.SettledYes
				case "not_quite":
					t.st.CheckIn.Settled = plan.SettledNotQuite
				case "no":
					t.st.CheckIn.Settled = plan.SettledNo
				default:
					return "input.choose"
				}
				t.ask(stepSpread)
				return ""
			},
		}
	case stepWalkPeak:
		return question{
			prompt: func(t *turn) string { return t.text("checkin.walk_peak") },
			choices: func(t *turn) [][]choice {
				rows := scoreChoices()
				return append(rows, []choice{{Value: "no_walk", Label: t.text("button.no_walk")}})
			},
			free: true,
			answer: func(t *turn, v string) string {
				if v == "no_walk" {
					t.st.CheckIn.WalkPeak = plan.NoPain
					t.ask(stepSpread)
					return ""
				}
				n, err := parseScore(v)
				if err != nil {
					return scoreRefusal(err)
				}
				t.st.CheckIn.WalkPeak = n
				t.ask(stepSettled)
				return ""
			},
		}
	case stepSpread:
		return question{
			prompt: func(t *turn) string { return t.text("checkin.spread") },
			choices: func(t *turn) [][]choice {
				return [][]choice{{{Value: "yes", Label: t.text("button.yes")}, {Value: "no", Label: t.text("button.no")}}}
			},
			answer: func(t *turn, v string) string {
				switch v {
				case "yes":
					t.st.CheckIn.Spread = true
				case "no":
					t.st.CheckIn.Spread = false
				default:
					return "input.choose"
				}
				ci := t.st.CheckIn
				if plan.RedFlagsDue(t.planInput(&ci), t.p.RedFlags.At) {
					t.say(t.text("checkin.red_flags_first"))
					t.startRedFlags()
					return ""
				}
				t.finishCheckIn()
				return ""
			},
		}
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
