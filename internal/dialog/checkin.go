package dialog

import (
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// The check-in flow (/checkin): leg pain, back pain, the highest pain
// during the last walk (unless /done logged it), whether pain settled
// back after it, and whether pain spread or the leg is weaker; the
// red-flag check when it is due; then today's suggestion.
const flowCheckIn flow = "checkin"

const (
	stepLeg           stepID = "leg"
	stepBack          stepID = "back"
	stepWalkPeak      stepID = "walk_peak"
	stepSettled       stepID = "settled"
	stepSpread        stepID = "spread"
	stepCheckRedFlags stepID = "checkin_red_flags"
)

var checkInFlow = &flowDef{
	name: flowCheckIn,
	steps: []step{
		{id: stepLeg, ask: legQuestion},
		{id: stepBack, ask: backQuestion},
		{id: stepWalkPeak, ask: walkPeakQuestion},
		{id: stepSettled, ask: settledQuestion},
		{id: stepSpread, ask: spreadQuestion},
		{id: stepCheckRedFlags, do: redFlagsIfDue, pushes: flowRedFlags},
	},
	finish: finishCheckIn,
}

// startCheckIn is /checkin.
func (t *turn) startCheckIn() {
	if !t.needOnboarded() || !t.needActive() {
		return
	}
	t.endFlow()
	t.st.Flow = flowCheckIn
	t.st.CheckIn = plan.CheckIn{At: t.now, WalkPeak: plan.NoPain}
	t.beginHere()
}

var legQuestion = scoreQuestion(messages.CheckinLeg, func(t *turn, n int) outcome {
	t.st.CheckIn.Leg = n
	return next()
})

var backQuestion = scoreQuestion(messages.CheckinBack, func(t *turn, n int) outcome {
	t.st.CheckIn.Back = n
	// A walk logged with its pain since the last check-in already
	// answers "highest pain during the last walk".
	if peak, ok := t.walkPeakSinceCheckIn(); ok {
		t.st.CheckIn.WalkPeak = peak
		return goTo(stepSettled)
	}
	return next()
})

var walkPeakQuestion = func() *question {
	q := scoreQuestion(messages.CheckinWalkPeak, func(t *turn, n int) outcome {
		t.st.CheckIn.WalkPeak = n
		return next()
	})
	q.choices = func(t *turn) [][]choice {
		return append(scoreChoices(), []choice{{Value: "no_walk", Label: t.text(messages.ButtonNoWalk)}})
	}
	score := q.answer
	q.answer = func(t *turn, v string) outcome {
		if v != "no_walk" {
			return score(t, v)
		}
		// Nothing walked since the last check-in: nothing to settle.
		t.st.CheckIn.WalkPeak = plan.NoPain
		return goTo(stepSpread)
	}
	return q
}()

var settledQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.CheckinSettled) },
	choices: func(t *turn) [][]choice {
		return [][]choice{
			{{Value: "yes", Label: t.text(messages.ButtonSettledYes)}, {Value: "not_quite", Label: t.text(messages.ButtonSettledNotQuite)}},
			{{Value: "no", Label: t.text(messages.ButtonSettledNo)}},
		}
	},
	answer: func(t *turn, v string) outcome {
		settled, ok := map[string]plan.Settled{"yes": plan.SettledYes, "not_quite": plan.SettledNotQuite, "no": plan.SettledNo}[v]
		if !ok {
			return refuse(messages.InputChoose)
		}
		t.st.CheckIn.Settled = settled
		return next()
	},
}

var spreadQuestion = yesNoQuestion(messages.CheckinSpread, func(t *turn, yes bool) outcome {
	t.st.CheckIn.Spread = yes
	return next()
})

// redFlagsIfDue asks the red-flag check first when the rules say it is
// due (morning pain well above usual, or a week since the last).
func redFlagsIfDue(t *turn) outcome {
	ci := t.st.CheckIn
	if !plan.RedFlagsDue(t.planInput(&ci), t.p.RedFlags.At) {
		return finishFlow()
	}
	t.say(t.text(messages.CheckinRedFlagsFirst))
	return pushFlow(flowRedFlags)
}

// finishCheckIn decides today's walk and records the check-in with the
// rule that decided it.
func finishCheckIn(t *turn) outcome {
	ci := t.st.CheckIn
	d := plan.Decide(t.planInput(&ci))
	ci.Rule = d.Rule
	t.record(profile.Entry{Kind: profile.KindCheckIn, CheckIn: &ci})
	t.apply(d)
	t.suggest(d)
	return next()
}
