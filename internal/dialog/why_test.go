package dialog_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/due"
	"treadwell/internal/reminders"
	"treadwell/messages"
)

// /why words every reason the dispatcher logs, in the person's local
// time (Berlin: the 06:30 UTC instant is 07:30), newest first, and says
// when the next reminder comes.
func TestWhyWordsEveryReason(t *testing.T) {
	want := map[due.Reason]string{
		due.ReasonSent:         "daily reminder: sent at 07:31.",
		due.ReasonSentLate:     "sent late, at 07:31: I was offline",
		due.ReasonPaused:       "not sent: your reminders were paused.",
		due.ReasonSnoozed:      "you had snoozed it",
		due.ReasonNotScheduled: "no longer in your reminder settings",
		due.ReasonTooLate:      "offline for more than 2 hours",
		due.ReasonCheckedIn:    "you had checked in that day already",
		due.ReasonNotNeeded:    "not needed then",
		due.ReasonUnreachable:  "the chat refused it",
		due.ReasonTimeout:      "did not answer in time. I try again for up to 2 hours.",
		due.ReasonFailed:       "the chat app was unavailable",
	}
	if len(want) != len(due.Reasons) {
		t.Fatalf("%d reasons worded here, the dispatcher has %d: word the new ones", len(want), len(due.Reasons))
	}
	for _, r := range due.Reasons {
		t.Run(string(r), func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			snap, err := h.store.Load(context.Background(), "console", "p")
			if err != nil {
				t.Fatal(err)
			}
			dueAt := time.Date(2026, 11, 26, 6, 30, 0, 0, time.UTC)
			if err := h.store.RecordDelivery(context.Background(), snap.ProfileID,
				due.Delivery{Kind: due.Daily, Due: dueAt, Reason: r, At: dueAt.Add(time.Minute)}); err != nil {
				t.Fatal(err)
			}
			out := p.say("/why")
			mustContain(t, out, "Your last reminders:", "Thu 26 Nov 07:30, daily reminder: ", want[r], "Next reminder: Fri 27 Nov at 07:30")
			mustNotContain(t, out, "newer version", "[[missing")
		})
	}
}

// /why names the late window the dispatcher was given
// (REMINDER_LATE_WINDOW), not the default: in whole hours, or minutes.
func TestWhyNamesTheConfiguredLateWindow(t *testing.T) {
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	for window, want := range map[time.Duration]string{
		90 * time.Minute: "offline for more than 90 minutes",
		time.Hour:        "offline for more than 1 hour",
		6 * time.Hour:    "offline for more than 6 hours",
	} {
		t.Run(window.String(), func(t *testing.T) {
			h := newHarness(t)
			h.engine = dialog.New(h.store, msgs, dialog.Options{Now: h.clock.Now, LateWindow: window,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			p := h.person("p")
			p.onboard()
			snap, err := h.store.Load(context.Background(), "console", "p")
			if err != nil {
				t.Fatal(err)
			}
			dueAt := time.Date(2026, 11, 26, 6, 30, 0, 0, time.UTC)
			if err := h.store.RecordDelivery(context.Background(), snap.ProfileID,
				due.Delivery{Kind: due.Daily, Due: dueAt, Reason: due.ReasonTooLate, At: dueAt.Add(window + time.Minute)}); err != nil {
				t.Fatal(err)
			}
			mustContain(t, p.say("/why"), want)
		})
	}
}

// recordingSender is a platform that takes every message.
type recordingSender struct {
	mu  sync.Mutex
	got []chat.Outgoing
}

func (s *recordingSender) Send(_ context.Context, out chat.Outgoing) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.got = append(s.got, out)
	return nil
}

// Through the real dispatcher: a reminder sent, one not needed because
// the person checked in first, then a pause (which takes the reminders
// off the queue, so none comes due): /why says the pause first, then
// each reminder, newest first, in Spanish for a Spanish speaker.
func TestWhyThroughTheDispatcher(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard() // Thu 26 Nov 08:00 Berlin; daily reminder 07:30
	send := &recordingSender{}
	d := reminders.New(h.store, h.engine, map[chat.Platform]chat.Sender{chat.Console: send}, reminders.Options{
		Owner: "why", Now: h.clock.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	tick := func(to time.Time) {
		h.clock.Advance(to.Sub(h.clock.Now()))
		d.Tick(context.Background())
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 11, day, hour, minute, 0, 0, berlin) }

	tick(at(27, 7, 31)) // Friday's reminder goes out
	if len(send.got) != 1 {
		t.Fatalf("%d messages sent on Friday, want the reminder", len(send.got))
	}
	h.clock.Advance(at(28, 7, 0).Sub(h.clock.Now()))
	p.checkIn("3", "2", "No walk yet", "", "No") // Saturday, before the reminder
	tick(at(28, 7, 31))
	p.say("/stop")
	p.press("Something else")
	tick(at(29, 7, 31)) // Sunday: paused
	if len(send.got) != 1 {
		t.Fatalf("%d messages sent, want Friday's reminder only", len(send.got))
	}
	p.say("/language es")
	out := p.say("/why")
	mustContain(t, out, "Tu plan y tus recordatorios están en pausa.",
		"Tus últimos recordatorios:\n• sáb 28 nov 07:30, recordatorio diario: no hacía falta: ese día ya habías hecho tu registro.\n"+
			"• vie 27 nov 07:30, recordatorio diario: enviado a las 07:31.")
	if strings.Index(out, "en pausa") > strings.Index(out, "sáb 28") {
		t.Fatalf("the pause is not said first:\n%s", out)
	}
}

// Someone the bot has never reminded hears so, not an error.
func TestWhyWithNothingLogged(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	mustContain(t, p.say("/why"), "/start")
	p.onboard()
	mustContain(t, p.say("/why"), "no record of a reminder in the last 30 days", "Next reminder: Fri 27 Nov at 07:30")
}
