package discord_test

import (
	"strings"
	"testing"
)

// /report through the real engine and discordgo: the PDF comes as one
// attachment after its text.
func TestReportSendsPDFAttachment(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person("700000000000000032")
	p.onboard()
	first := p.slash("report", nil, "not a medical record")
	var pdfs []string
	e.srv.WaitFor(t, "the report's attachment", func() bool {
		pdfs = pdfs[:0]
		for _, m := range append(e.srv.Responses(first.Interaction), e.srv.Messages(p.dmChannel())...) {
			for _, name := range m.FileNames {
				if strings.HasSuffix(name, ".pdf") {
					pdfs = append(pdfs, name)
				}
			}
		}
		return len(pdfs) > 0
	})
	if len(pdfs) != 1 || !strings.HasPrefix(pdfs[0], "treadwell-report-") {
		t.Fatalf("attachments %v, want one treadwell-report-<date>.pdf", pdfs)
	}
}
