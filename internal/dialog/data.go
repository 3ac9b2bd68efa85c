package dialog

import (
	"context"
	"encoding/json"
	"fmt"

	"treadwell/internal/chat"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// export is /export: everything stored about the person, as JSON. The
// whole history is read once the turn is decided.
func (t *turn) export() {
	if !t.snap.Exists {
		t.say(t.text(messages.ExportNothing))
		t.reask()
		return
	}
	t.effects = append(t.effects, func(ctx context.Context) error {
		log, err := t.e.repo.History(ctx, t.snap.ProfileID)
		if err != nil {
			return fmt.Errorf("export: read history: %w", err)
		}
		doc := struct {
			Profile profile.Profile `json:"profile"`
			Log     []profile.Entry `json:"log"`
		}{t.snap.Profile, log}
		data, err := json.MarshalIndent(doc, "", "  ")
		if err != nil {
			return fmt.Errorf("export: encode: %w", err)
		}
		// A file the person can open, not pages of chat text.
		t.say(t.text(messages.ExportIntro))
		t.out[len(t.out)-1].File = &chat.File{Name: "treadwell-export.json", MIME: "application/json", Data: data}
		t.reask()
		return nil
	})
}
