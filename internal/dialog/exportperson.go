package dialog

import (
	"context"
	"encoding/json"
	"fmt"

	"treadwell/internal/profile"
)

// ExportDocument is the JSON document /export sends, for a stored
// profile: for an operator's data-access request (`bot export-person`).
// It is in the person's own language and zone, as /export is.
func (e *Engine) ExportDocument(ctx context.Context, snap profile.Snapshot) ([]byte, error) {
	t := &turn{e: e, snap: snap, p: snap.Profile, lang: e.msgs.Lang(snap.Profile.Lang)}
	log, err := e.repo.History(ctx, snap.ProfileID)
	if err != nil {
		return nil, fmt.Errorf("export: read history: %w", err)
	}
	data, _, err := t.exportFiles(log)
	return data, err
}

// exportFiles are the export's JSON document and its log as CSV.
func (t *turn) exportFiles(log []profile.Entry) (doc, table []byte, err error) {
	loc := t.location()
	entries := exportEntries(log, loc, t.redFlagSign)
	body := struct {
		Profile exportProfile `json:"profile"`
		Log     []exportEntry `json:"log"`
	}{exportProfileOf(t.snap.Profile, t.lang, loc), entries}
	if doc, err = json.MarshalIndent(body, "", "  "); err != nil {
		return nil, nil, fmt.Errorf("export: encode: %w", err)
	}
	if table, err = exportCSV(entries); err != nil {
		return nil, nil, fmt.Errorf("export: csv: %w", err)
	}
	return doc, table, nil
}
