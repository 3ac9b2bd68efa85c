package telegram_test

import "testing"

// /export through the real engine: two documents, the JSON and the CSV
// of the log, each sent with sendDocument.
func TestExportSendsTwoDocuments(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person(1002, "en")
	p.onboard()
	p.say("/export", "for a spreadsheet")
	docs := map[string]int{}
	for _, m := range e.srv.Sent(p.chat.ID) {
		if m.Document != "" {
			docs[m.Document] = m.DocumentSize
		}
	}
	if docs["treadwell-export.json"] == 0 || docs["treadwell-log.csv"] == 0 {
		t.Fatalf("documents sent = %v, want the JSON and the CSV", docs)
	}
}
