package dialog

import (
	"context"
	"fmt"

	"treadwell/internal/chat"
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
		data, table, err := t.exportFiles(log)
		if err != nil {
			return err
		}
		// Files the person can open, not pages of chat text: one per
		// message, which every adapter sends (a document, an attachment,
		// a saved file).
		t.say(t.text(messages.ExportIntro))
		t.out[len(t.out)-1].File = &chat.File{Name: "treadwell-export.json", MIME: "application/json", Data: data}
		t.out = append(t.out, chat.Outgoing{To: t.in.From, Text: t.text(messages.ExportCsv),
			File: &chat.File{Name: "treadwell-log.csv", MIME: "text/csv", Data: table}})
		t.reask()
		return nil
	})
}
