package telegram_test

import "testing"

// /report through the real engine and the real telebot client: one
// document after its text, a PDF by its bytes (the media type the
// server reads from the upload) and by its name.
func TestReportSendsPDFDocument(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person(1003, "en")
	p.onboard()
	p.say("/report", "not a medical record")
	var name, mime string
	var size int
	e.eventually("the report's document", func() bool {
		for _, m := range e.srv.Sent(p.chat.ID) {
			if m.Document != "" {
				name, mime, size = m.Document, m.DocumentMIME, m.DocumentSize
				return true
			}
		}
		return false
	})
	if mime != "application/pdf" {
		t.Errorf("document %q has MIME %q, want application/pdf", name, mime)
	}
	if len(name) < 5 || name[len(name)-4:] != ".pdf" || size < 1000 {
		t.Errorf("document %q of %d bytes, want a .pdf of some size", name, size)
	}
}
