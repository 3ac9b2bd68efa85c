package telegram_test

import "testing"

// /export through the real engine: two documents, the JSON and the CSV
// of the log, each sent with sendDocument after its text. The test waits
// for the documents themselves, which follow their texts: waiting for a
// text alone would read the chat before its document arrived.
func TestExportSendsTwoDocuments(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person(1002, "en")
	p.onboard()
	p.say("/export", "for a spreadsheet")
	docs := map[string]int{}
	e.eventually("the JSON and the CSV documents", func() bool {
		for _, m := range e.srv.Sent(p.chat.ID) {
			if m.Document != "" {
				docs[m.Document] = m.DocumentSize
			}
		}
		return docs["treadwell-export.json"] > 0 && docs["treadwell-log.csv"] > 0
	})
}
