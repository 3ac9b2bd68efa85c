package dialog

import (
	"context"
	"fmt"
	"strings"
	"time"

	"treadwell/internal/due"
	"treadwell/messages"
)

// DeliveryLog is an optional ability of the Repository: what became of a
// person's last due reminders, newest first, as the dispatcher logged
// them. The Redis store has it; /why says it has nothing without it.
type DeliveryLog interface {
	Deliveries(ctx context.Context, profileID string) ([]due.Delivery, error)
}

// whyShown is how many of the newest deliveries /why words.
const whyShown = 3

// showWhy is /why: why the last reminders were or were not sent, in the
// person's local time, and when the next one comes. A reminder that did
// not arrive with no word why is what makes a bot feel broken; this
// says what the dispatcher decided, from its own log.
func (t *turn) showWhy() {
	if !t.needOnboarded() {
		return
	}
	dl, ok := t.e.repo.(DeliveryLog)
	if !ok {
		t.say(t.text(messages.WhyNone), t.nextReminderText())
		t.reask()
		return
	}
	t.effects = append(t.effects, func(ctx context.Context) error {
		log, err := dl.Deliveries(ctx, t.snap.ProfileID)
		if err != nil {
			return fmt.Errorf("why: read the delivery log: %w", err)
		}
		// A pause takes the reminders off the queue: none comes due,
		// so none is logged. It is said first, as the reason.
		var paused string
		if t.paused() {
			paused = t.pausedNote()
		}
		if len(log) == 0 {
			t.say(paused, t.text(messages.WhyNone), t.nextReminderText())
			t.reask()
			return nil
		}
		lines := []string{t.text(messages.WhyTitle)}
		for _, d := range log[:min(len(log), whyShown)] {
			lines = append(lines, "• "+t.whyLine(d))
		}
		next := t.nextReminderText()
		if paused != "" {
			next = ""
		}
		t.say(paused, strings.Join(lines, "\n"), next)
		t.reask()
		return nil
	})
}

// whyLine words one delivery: "Thu 3 Dec 07:30, daily reminder: sent
// at 07:31."
func (t *turn) whyLine(d due.Delivery) string {
	loc := t.location()
	reason := messages.Dynamic("why.reason." + string(d.Reason))
	if !t.e.msgs.Has(reason) {
		reason = messages.WhyReasonUnknown
	}
	return t.text(messages.WhyLine,
		"date", t.date(d.Due), "time", d.Due.In(loc).Format("15:04"),
		"kind", t.text(messages.Dynamic("why.kind."+string(d.Kind))),
		"reason", t.text(reason, "time", d.At.In(loc).Format("15:04"), "window", t.span(t.e.lateWindow)))
}

// span words a duration of whole minutes or hours: "2 hours", "90
// minutes".
func (t *turn) span(d time.Duration) string {
	if d >= time.Hour && d%time.Hour == 0 {
		return t.text(messages.SpanHours, "hours", int(d/time.Hour))
	}
	return t.text(messages.SpanMinutes, "minutes", int(d.Round(time.Minute)/time.Minute))
}
