package dialog

import (
	"encoding/json"

	"treadwell/internal/profile"
)

// export is /export: everything stored about the person, as JSON.
func (t *turn) export() {
	if !t.snap.Exists {
		t.say(t.text("export.nothing"))
		t.reask()
		return
	}
	log, err := t.e.repo.History(t.ctx, t.snap.ProfileID)
	if err != nil {
		t.e.log.Warn("export: read history", "profile", hashID(t.snap.ProfileID), "err", err)
		t.say(t.text("error.unavailable"))
		return
	}
	doc := struct {
		Profile profile.Profile `json:"profile"`
		Log     []profile.Entry `json:"log"`
	}{t.snap.Profile, log}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.say(t.text("error.unavailable"))
		return
	}
	t.say(t.text("export.intro"))
	t.say(string(data))
	t.reask()
}

// startDelete is /delete: asks for confirmation first.
func (t *turn) startDelete() {
	if !t.snap.Exists {
		t.say(t.text("delete.nothing"))
		return
	}
	t.endFlow()
	t.st.Flow = flowDelete
	t.ask(stepDeleteConfirm)
}

func deleteQuestion() question {
	return question{
		prompt: func(t *turn) string { return t.text("delete.confirm") },
		choices: func(t *turn) [][]choice {
			return [][]choice{{{Value: "yes", Label: t.text("button.delete_yes")}, {Value: "no", Label: t.text("button.delete_no")}}}
		},
		answer: func(t *turn, v string) string {
			switch v {
			case "yes":
				if err := t.e.repo.Delete(t.ctx, t.snap); err != nil {
					t.e.log.Warn("delete profile", "profile", hashID(t.snap.ProfileID), "err", err)
					t.endFlow()
					t.say(t.text("error.unavailable"))
					return ""
				}
				t.deleted = true
				t.out = nil
				t.say(t.text("delete.done"))
			case "no":
				t.endFlow()
				t.say(t.text("delete.kept"))
			default:
				return "input.choose"
			}
			return ""
		},
	}
}
