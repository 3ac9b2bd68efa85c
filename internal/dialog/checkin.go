package dialog

import (
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// The check-in flow (/checkin): leg pain, back pain; at the morning
// check-in (the first of the local day) the highest pain during the walk
// it reports on (unless /done logged it) and whether pain settled back
// after it; whether pain spread or the leg is weaker; the weekly
// lower-limb question and the red-flag check only when they are due;
// then the day's decision (made once a day: a later check-in may only
// lower it).
const flowCheckIn flow = "checkin"

const (
	stepLeg           stepID = "leg"
	stepBack          stepID = "back"
	stepWalkPeak      stepID = "walk_peak"
	stepSettled       stepID = "settled"
	stepSpread        stepID = "spread"
	stepLimbIfDue     stepID = "limb_if_due"
	stepLimb          stepID = "limb"
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
		{id: stepLimbIfDue, do: limbIfDue},
		{id: stepLimb, ask: limbQuestion},
		{id: stepCheckRedFlags, do: redFlagsIfDue, pushes: flowRedFlags},
	},
	finish: finishCheckIn,
}

// startCheckIn is /checkin (and a reminder's "Start check-in"). When a
// dated pause has run out, it resumes first, as /resume does (the
// safety check if the rules ask for it), and the check-in asked for
// follows: the resume flow returns to it.
func (t *turn) startCheckIn() {
	if !t.needOnboarded() {
		return
	}
	resume := t.pauseExpired()
	if !resume && !t.needActive() {
		return
	}
	t.endFlow()
	t.st.Flow = flowCheckIn
	t.st.CheckIn = plan.CheckIn{At: t.now, WalkPeak: plan.NoPain}
	if resume {
		t.say(t.text(messages.PauseEnded))
		t.st.Return = []frame{{Flow: flowCheckIn, Step: checkInFlow.steps[0].id}}
		t.enter(resumeFlow, 0)
		return
	}
	t.beginHere()
}

var legQuestion = scoreQuestion(messages.CheckinLeg, func(t *turn, n int) outcome {
	t.st.CheckIn.Leg = n
	return next()
})

var backQuestion = scoreQuestion(messages.CheckinBack, func(t *turn, n int) outcome {
	t.st.CheckIn.Back = n
	in := t.planInput(nil)
	if !plan.IsMorning(in) {
		// A later check-in the same day: the walk questions belong to
		// the morning.
		return goTo(stepSpread)
	}
	// The logged walk this morning reports on already answers "highest
	// pain during the last walk"; its "settled" is asked.
	if w, ok := plan.ReportedWalk(in, t.now); ok {
		t.st.CheckIn.ReportsOn = w.At
		if w.Peak == plan.NoPain {
			return next()
		}
		t.st.CheckIn.WalkPeak = w.Peak
		return goTo(stepSettled)
	}
	// A walk logged since the last check-in that this morning does not
	// report on (walked earlier today, or more than 36 hours ago), or a
	// restart since the last check-in (the walk before it was answered
	// for): nothing to ask about.
	if t.walkSinceCheckIn() || lastRestartAfter(t.p.Doses, t.lastCheckInAt()) {
		return goTo(stepSpread)
	}
	return next()
})

// lastRestartAfter reports whether a restart (LAPSE, STOP-FLARE) set the
// dose after since.
func lastRestartAfter(doses []plan.DoseChange, since time.Time) bool {
	for i := len(doses) - 1; i >= 0 && doses[i].At.After(since); i-- {
		if r := doses[i].Rule; r == plan.RuleLapse || r == plan.RuleStopFlare {
			return true
		}
	}
	return false
}

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

// limbIfDue asks the weekly lower-limb question at the first check-in on
// or after the 7th local day since onboarding or since it was last
// asked (LIMB-HOLD).
func limbIfDue(t *turn) outcome {
	since := t.p.LimbAsked
	if since.IsZero() {
		since = t.onboardedAt()
	}
	if !plan.LimbDue(t.planInput(nil), since) {
		return goTo(stepCheckRedFlags)
	}
	return next()
}

var limbQuestion = yesNoQuestion(messages.CheckinLimb, func(t *turn, yes bool) outcome {
	t.st.CheckIn.LimbAsked, t.st.CheckIn.Limb = true, yes
	return next()
})

// onboardedAt is when the plan started: the first dose, or the profile's
// creation.
func (t *turn) onboardedAt() time.Time {
	for _, c := range t.p.Doses {
		if c.Rule == plan.RuleStart {
			return c.At
		}
	}
	return t.p.Created
}

// redFlagsIfDue asks the red-flag check first when the rules say it is
// due (pain well above usual, or the 7th local day since the last).
func redFlagsIfDue(t *turn) outcome {
	ci := t.st.CheckIn
	if !plan.RedFlagsDue(t.planInput(&ci), t.p.RedFlags.At) {
		return finishFlow()
	}
	t.say(t.text(messages.CheckinRedFlagsFirst))
	return pushFlow(flowRedFlags)
}

// finishCheckIn decides: the first check-in of the local day makes the
// day's decision, a later one may only lower it. The check-in is
// recorded with the day's decision after it.
func finishCheckIn(t *turn) outcome {
	ci := t.st.CheckIn
	if ci.LimbAsked {
		t.p.LimbAsked = t.now
	}
	d := plan.Decide(t.planInput(&ci))
	day, decided := t.decideDay(d)
	ci.Rule, ci.Code = day.Rule, day.Reason.Code
	t.record(profile.Entry{Kind: profile.KindCheckIn, CheckIn: &ci})
	if !decided {
		t.say(t.text(messages.CheckinDayKept))
	}
	t.suggest(day)
	return next()
}
