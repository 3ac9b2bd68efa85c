package dialog

import (
	"context"
	"treadwell/messages"
)

// The delete flow (/delete): one confirmation, then every key of the
// profile goes.
const flowDelete flow = "delete"

const stepDeleteConfirm stepID = "delete_confirm"

var deleteFlow = &flowDef{
	name:  flowDelete,
	steps: []step{{id: stepDeleteConfirm, ask: deleteQuestion}},
}

// startDelete is /delete: asks for confirmation first.
func (t *turn) startDelete() {
	if !t.snap.Exists {
		t.say(t.text(messages.DeleteNothing))
		return
	}
	t.begin(flowDelete)
}

var deleteQuestion = &question{
	prompt: func(t *turn) string { return t.text(messages.DeleteConfirm) },
	choices: func(t *turn) [][]choice {
		return [][]choice{{{Value: "yes", Label: t.text(messages.ButtonDeleteYes)}, {Value: "no", Label: t.text(messages.ButtonDeleteNo)}}}
	},
	answer: func(t *turn, v string) outcome {
		switch v {
		case "yes":
			// Nothing of the person is saved by this turn; the erasure
			// runs once it is decided. Should it fail, the person hears
			// that nothing was done and can confirm again.
			snap := t.snap
			t.deleted = true
			t.effects = append(t.effects, func(ctx context.Context) error { return t.e.repo.Delete(ctx, snap) })
			t.out = nil
			t.say(t.text(messages.DeleteDone))
			return ended()
		case "no":
			t.say(t.text(messages.DeleteKept))
			return ended()
		}
		return refuse(messages.InputChoose)
	},
}
