package dialog

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
		t.say(t.text("delete.nothing"))
		return
	}
	t.begin(flowDelete)
}

var deleteQuestion = &question{
	prompt: func(t *turn) string { return t.text("delete.confirm") },
	choices: func(t *turn) [][]choice {
		return [][]choice{{{Value: "yes", Label: t.text("button.delete_yes")}, {Value: "no", Label: t.text("button.delete_no")}}}
	},
	answer: func(t *turn, v string) outcome {
		switch v {
		case "yes":
			if err := t.e.repo.Delete(t.ctx, t.snap); err != nil {
				t.e.log.Warn("delete profile", "profile", hashID(t.snap.ProfileID), "err", err)
				t.say(t.text("error.unavailable"))
				return ended()
			}
			t.deleted = true
			t.out = nil
			t.say(t.text("delete.done"))
			return ended()
		case "no":
			t.say(t.text("delete.kept"))
			return ended()
		}
		return refuse("input.choose")
	},
}
