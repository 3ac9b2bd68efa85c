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

// resumeRedFlags asks the red-flag check first when the rules say so.
// RF-URGENT and RF-DOCTOR pauses always ask again: resuming means the
// person says those signs are gone.
func resumeRedFlags(t *turn) outcome {
	pz := t.p.Pause
	if !redFlagRule(pz.Rule) && !plan.ResumeNeedsRedFlags(pz.Since, t.now, pz.Flare) {
		return finishFlow()
	}
	t.say(t.text(messages.ResumeCheckFirst))
	return pushFlow(flowRedFlags)
}

func finishResume(t *turn) outcome {
	t.p.Pause = profile.Pause{}
	t.record(profile.Entry{Kind: profile.KindResume})
	d := plan.ResumeDose(t.planInput(nil))
	t.apply(d)
	t.say(t.text(messages.ResumeDone))
	t.suggest(d)
	return next()
}
