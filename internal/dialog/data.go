package dialog

import (
	"encoding/json"

	"treadwell/internal/profile"
	"treadwell/messages"
)

// export is /export: everything stored about the person, as JSON.
func (t *turn) export() {
	if !t.snap.Exists {
		t.say(t.text(messages.ExportNothing))
		t.reask()
		return
	}
	log, err := t.e.repo.History(t.ctx, t.snap.ProfileID)
	if err != nil {
		t.e.log.Warn("export: read history", "profile", hashID(t.snap.ProfileID), "err", err)
		t.say(t.text(messages.ErrorUnavailable))
		return
	}
	doc := struct {
		Profile profile.Profile `json:"profile"`
		Log     []profile.Entry `json:"log"`
	}{t.snap.Profile, log}
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.say(t.text(messages.ErrorUnavailable))
		return
	}
	t.say(t.text(messages.ExportIntro))
	t.say(string(data))
	t.reask()
}
