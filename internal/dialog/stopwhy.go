package dialog

import (
	"time"

	"treadwell/internal/profile"
	"treadwell/messages"
)

// The "why /stop" flow: after pausing, /stop asks whether it is because
// of pain. "Pain" is STOP-FLARE (flare advice, the red-flag check);
// "something else" (a holiday, busy) pauses without either. A message
// that is not an answer, or any message after an hour, counts as pain
// (see painUnanswered).
const flowStopWhy flow = "stopwhy"

const stepStopWhy stepID = "stop_why"

// stopWhyFor is how long the question waits before it counts as pain.
const stopWhyFor = time.Hour

var stopWhyFlow = &flowDef{
	name:  flowStopWhy,
	steps: []step{{id: stepStopWhy, ask: stopWhyQuestion}},
}

var stopWhyQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.StopWhy) },
	// free: any other reply is not an answer, and counts as pain.
	free: true,
	choices: func(t *turn) [][]choice {
		return [][]choice{{
			{Value: "pain", Label: t.text(messages.ButtonStopPain)},
			{Value: "other", Label: t.text(messages.ButtonStopOther)},
		}}
	},
	answer: func(t *turn, v string) outcome {
		switch v {
		case "other":
			t.p.Pause.Why, t.p.Pause.Flare = profile.WhyOther, false
			t.relogPause()
			t.say(t.text(messages.StopOther))
			return ended()
		}
		// "pain", or a reply that is not an answer: pain.
		t.stopForPain()
		return startFlow(flowRedFlags)
	},
}

// askingWhy reports whether the conversation waits for the answer to
// "because of pain?".
func (t *turn) askingWhy() bool {
	return t.st.Flow == flowStopWhy && t.st.Step == stepStopWhy && t.p.Pause.Active && t.p.Pause.Why == profile.WhyAsking
}

// painUnanswered turns an unanswered "because of pain?" into pain when
// this message is a command other than /stop, or when an hour has
// passed: the flare advice and the red-flag check come with this reply
// (a command then runs after them). It reports whether it did.
func (t *turn) painUnanswered(cmd string, isCmd bool) bool {
	if !t.askingWhy() {
		return false
	}
	late := t.now.Sub(t.p.Pause.Since) >= stopWhyFor
	if !late && (!isCmd || cmd == "stop") {
		return false
	}
	t.stopForPain()
	t.begin(flowRedFlags)
	return true
}

// relogPause rewrites the log entry of the pause in force with its
// answer: /stop logged it as a flare (no answer counts as pain), and the
// chart, the export and the report read the log, not the profile, once
// the pause is over. The entry is the newest (any other message before
// the answer counts as pain); if it is not, it is left as it is.
func (t *turn) relogPause() {
	log := t.entries()
	if len(log) == 0 || len(t.appended) > 0 {
		return
	}
	last := log[len(log)-1]
	if last.Kind != profile.KindPause || last.Pause == nil || !last.At.Equal(t.p.Pause.Since) {
		return
	}
	t.dropNewest()
	p := t.p.Pause
	t.appended = append(t.appended, profile.Entry{Kind: profile.KindPause, At: last.At, Pause: &p})
}
