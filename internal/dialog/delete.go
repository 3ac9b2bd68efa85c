package dialog

import (
	"context"
	"errors"
	"fmt"

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

// errErase marks the failure of an erasure, which the person hears
// about in the words of /delete.
var errErase = errors.New("erasing the profile failed")

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
			// that nothing was erased and can confirm again (the dialog
			// still asks), or, when it may have gone through, to send
			// /delete again to make sure (errErase).
			snap := t.snap
			t.deleted = true
			t.effects = append(t.effects, func(ctx context.Context) error {
				if err := t.e.repo.Delete(ctx, snap); err != nil {
					return fmt.Errorf("%w: %w", errErase, err)
				}
				return nil
			})
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
