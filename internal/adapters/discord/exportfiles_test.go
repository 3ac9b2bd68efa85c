package discord_test

import (
	"slices"
	"testing"
)

// /export through the real engine: two attachments, the JSON and the
// CSV of the log, each its own message after its text. The test waits
// for the attachments themselves, which follow their texts; they come as
// the slash command's response and follow-ups (or, past Discord's
// interaction window, in the DM channel).
func TestExportSendsTwoAttachments(t *testing.T) {
	e := startEngine(t, setup{})
	p := e.person("700000000000000031")
	p.onboard()
	first := p.slash("export", nil, "Everything I store about you")
	var names []string
	e.srv.WaitFor(t, "the JSON and the CSV attachments", func() bool {
		names = names[:0]
		for _, m := range append(e.srv.Responses(first.Interaction), e.srv.Messages(p.dmChannel())...) {
			names = append(names, m.FileNames...)
		}
		return slices.Contains(names, "treadwell-export.json") && slices.Contains(names, "treadwell-log.csv")
	})
	if len(names) != 2 {
		t.Fatalf("attachments %v, want the JSON and the CSV once each", names)
	}
}
