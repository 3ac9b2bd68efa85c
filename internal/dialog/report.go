package dialog

import (
	"context"
	"fmt"

	"treadwell/internal/chat"
	"treadwell/internal/report"
	"treadwell/messages"
)

// showReport is /report [weeks]: the clinician report as a PDF, built
// from the whole log once the turn is decided (like /export). In a
// group it never runs: run answers there with a pointer to a private
// chat, as for every health command.
func (t *turn) showReport(args string) {
	if !t.needOnboarded() {
		return
	}
	weeks, err := parseReportWeeks(args, t.e.weekUnits, func(s string) string { return t.e.typed.number(t.lang, s) })
	if err != nil {
		t.say(t.text(messages.ReportWeeksInvalid))
		t.reask()
		return
	}
	t.effects = append(t.effects, func(ctx context.Context) error {
		log, err := t.e.repo.History(ctx, t.snap.ProfileID)
		if err != nil {
			return fmt.Errorf("report: read history: %w", err)
		}
		pdf, err := report.Render(t.reportData(log, weeks))
		if err != nil {
			return fmt.Errorf("report: render: %w", err)
		}
		t.say(t.text(messages.ReportIntro, "weeks", weeks))
		name := fmt.Sprintf("%s-%s.pdf", t.text(messages.ReportFileName), t.localDate(t.now))
		t.out[len(t.out)-1].File = &chat.File{Name: name, MIME: "application/pdf", Data: pdf}
		t.reask()
		return nil
	})
}
