package dialog

import (
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// The resume flow (/resume): the red-flag check where the rules ask for
// it, then the STOP-FLARE restart dose.
const flowResume flow = "resume"

const stepResumeRedFlags stepID = "resume_red_flags"

var resumeFlow = &flowDef{
	name: flowResume,
	steps: []step{
		{id: stepResumeRedFlags, do: resumeRedFlags, pushes: flowRedFlags},
	},
	finish: finishResume,
}

// resume is /resume.
func (t *turn) resume() {
	if !t.p.Pause.Active {
		t.say(t.text(messages.ResumeNotPaused))
		t.reask()
		return
	}
	if !t.p.Onboarded {
		t.p.Pause = profile.Pause{}
		t.record(profile.Entry{Kind: profile.KindResume})
		t.endFlow()
		t.say(t.text(messages.ResumeNotOnboarded))
		return
	}
	t.begin(flowResume)
}

// resumeRedFlags asks the red-flag check first when the rules say so
// (after a flare, or a pause of more than 7 local days). RF-URGENT and
// RF-DOCTOR pauses always ask again: resuming means the person says
// those signs are gone.
func resumeRedFlags(t *turn) outcome {
	pz := t.p.Pause
	if !redFlagRule(pz.Rule) && !plan.ResumeNeedsRedFlags(pz.Since, t.now, t.location(), pauseIsFlare(pz)) {
		return finishFlow()
	}
	t.say(t.text(messages.ResumeCheckFirst))
	return pushFlow(flowRedFlags)
}

// pauseIsFlare reports whether a pause counts as a flare: pain flared,
// or /stop's "because of pain?" was not answered "something else".
func pauseIsFlare(p profile.Pause) bool { return p.Flare && p.Why != profile.WhyOther }

// finishResume restarts: one restart, the lowest that applies
// (STOP-FLARE after a flare, LAPSE after 7 local days without a walk),
// or the same dose after a break. It sets the dose; today's decision is
// made at the first check-in, or, when today has one already, lowered
// to the restart (after a flare today: no more walking today).
func finishResume(t *turn) outcome {
	flare := pauseIsFlare(t.p.Pause)
	t.p.Pause = profile.Pause{}
	t.record(profile.Entry{Kind: profile.KindResume})
	d := plan.Restart(t.planInput(nil), flare)
	t.apply(d)
	t.say(t.text(messages.ResumeDone))
	t.suggest(t.lowerDay(d))
	return next()
}
