package dialog_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/store/redistest"
)

// queued is the instant console user id's reminder of a kind is queued
// for (zero: none), read from the queue the dispatcher claims from.
func queued(t *testing.T, h *harness, id string, kind due.Kind) time.Time {
	t.Helper()
	at, err := redistest.Queued(context.Background(), h.rdb, h.prefix, "console:"+id, kind)
	if err != nil {
		t.Fatal(err)
	}
	return at
}

// The queue follows the person: set-up queues the first reminder, /stop
// takes it off, a dated pause queues the first one after it, /resume and
// a settings change reschedule at once, snooze brings one forward.
func TestReminderQueueFollowsThePerson(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := queued(t, h, "p", due.Daily); !got.IsZero() {
		t.Fatalf("queued before set-up: %v", got)
	}
	p.onboard() // 07:30 Berlin daily; now is Thu 26 Nov 08:00 Berlin
	if got, want := queued(t, h, "p", due.Daily), at("2026-11-27 07:30"); !got.Equal(want) {
		t.Fatalf("after set-up: %v, want %v", got, want)
	}
	p.say("/settings")
	p.press("Reminder time")
	p.say("18:00")
	if got, want := queued(t, h, "p", due.Daily), at("2026-11-26 18:00"); !got.Equal(want) {
		t.Fatalf("after changing the time: %v, want %v", got, want)
	}
	p.say("/snooze 20m")
	if got, want := queued(t, h, "p", due.Daily), start.Add(20*time.Minute); !got.Equal(want) {
		t.Fatalf("after snooze: %v, want %v", got, want)
	}
	p.say("/stop")
	if got := queued(t, h, "p", due.Daily); !got.IsZero() {
		t.Fatalf("queued while paused: %v", got)
	}
	// A flare pause queues its first follow-up: the 3rd local day after
	// the day it began, at the reminder time.
	if got, want := queued(t, h, "p", due.FollowUp), at("2026-11-29 18:00"); !got.Equal(want) {
		t.Fatalf("follow-up after /stop: %v, want %v", got, want)
	}
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	p.say("/resume")
	p.press("None of these")
	p.press("None of these")
	if got, want := queued(t, h, "p", due.Daily), at("2026-11-26 18:00"); !got.Equal(want) {
		t.Fatalf("after resume: %v, want %v", got, want)
	}
	if got := queued(t, h, "p", due.FollowUp); !got.IsZero() {
		t.Fatalf("follow-up still queued after /resume: %v", got)
	}
	p.say("/stop 3d") // until Sun 29 Nov 08:00 Berlin
	if got, want := queued(t, h, "p", due.Daily), at("2026-11-29 18:00"); !got.Equal(want) {
		t.Fatalf("after /stop 3d: %v, want %v", got, want)
	}
}

// What a due reminder becomes depends on the person at send time.
func TestReminderComposition(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	ctx := context.Background()
	dueAt := queued(t, h, "p", due.Daily) // Fri 27 Nov 07:30 Berlin
	load := func() func() (string, int) {
		snap, err := h.store.Load(ctx, "console", "p")
		if err != nil {
			t.Fatal(err)
		}
		return func() (string, int) {
			r := h.engine.Reminder(snap, due.Daily, dueAt, dueAt.Add(time.Minute), 2*time.Hour)
			if len(r.Send) == 0 {
				return "", 0
			}
			return r.Send[0].Text, len(r.Send)
		}
	}
	if text, n := load()(); n != 1 || !strings.Contains(text, "check-in") {
		t.Fatalf("on time: %q (%d)", text, n)
	}
	snap, _ := h.store.Load(ctx, "console", "p")
	if r := h.engine.Reminder(snap, due.Daily, dueAt, dueAt.Add(90*time.Minute), 2*time.Hour); len(r.Send) != 1 || !strings.HasPrefix(r.Send[0].Text, "Sorry this is late") {
		t.Fatalf("90 minutes late: %+v", r.Send)
	}
	if r := h.engine.Reminder(snap, due.Daily, dueAt, dueAt.Add(3*time.Hour), 2*time.Hour); len(r.Send) != 0 || !r.Next.Equal(dueAt.Add(24*time.Hour)) {
		t.Fatalf("3 hours late: %+v", r)
	}
	// Queued under old settings: not sent.
	if r := h.engine.Reminder(snap, due.Daily, dueAt.Add(time.Hour), dueAt.Add(time.Hour), 2*time.Hour); len(r.Send) != 0 {
		t.Fatal("a reminder at a time the person no longer has was sent")
	}
	// Checked in already today: no reminder that day.
	h.clock.Advance(23 * time.Hour) // Fri 07:00, before the 07:30 reminder
	p.checkIn("3", "2", "No walk yet", "", "No")
	snap, _ = h.store.Load(ctx, "console", "p")
	if r := h.engine.Reminder(snap, due.Daily, dueAt, dueAt, 2*time.Hour); len(r.Send) != 0 {
		t.Fatal("reminded after today's check-in")
	}
	if r := h.engine.Reminder(snap, due.Daily, dueAt.Add(24*time.Hour), dueAt.Add(24*time.Hour), 2*time.Hour); len(r.Send) != 1 {
		t.Fatal("no reminder the next day")
	}
}

// The reminder's buttons work as commands.
func TestReminderButtons(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	mustContain(t, joined(p.send(chat.Incoming{Data: "/checkin"})), "leg pain right now")
	p.say("/cancel")
	mustContain(t, joined(p.send(chat.Incoming{Data: "/snooze"})), "When shall I remind you again?")
	mustContain(t, p.press("In 1 hour"), "remind you again at 09:00")
	mustContain(t, joined(p.send(chat.Incoming{Data: "/skip"})), "rest days happen")
	mustContain(t, joined(p.send(chat.Incoming{Data: "/stop"})), "Paused")
}

// The opt-in evening nudge: on from /settings, queued for 20:00, sent
// only on days without a check-in, and only after the day's reminder.
func TestEveningNudge(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard() // 07:30 Berlin daily
	ctx := context.Background()
	nudgeAt := func() time.Time { return queued(t, h, "p", due.Nudge) }
	if !nudgeAt().IsZero() {
		t.Fatal("nudge queued without opting in")
	}
	p.say("/settings")
	mustContain(t, joined(p.last), "Evening nudge: off")
	p.press("Evening nudge")
	mustContain(t, p.press("20:00"), "nudge at 20:00")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	want := time.Date(2026, 11, 26, 20, 0, 0, 0, berlin)
	if got := nudgeAt(); !got.Equal(want) {
		t.Fatalf("nudge queued for %v, want %v", got, want)
	}
	snap, _ := h.store.Load(ctx, "console", "p")
	if r := h.engine.Reminder(snap, due.Nudge, want, want, 2*time.Hour); len(r.Send) != 1 || !strings.Contains(r.Send[0].Text, "No check-in yet") {
		t.Fatalf("nudge = %+v", r)
	}
	p.checkIn("3", "2", "No walk yet", "", "No")
	snap, _ = h.store.Load(ctx, "console", "p")
	if r := h.engine.Reminder(snap, due.Nudge, want, want, 2*time.Hour); len(r.Send) != 0 {
		t.Fatal("nudged after a check-in")
	}
	// A nudge queued under a 20:00 nudge is not sent once the reminder
	// is later: the setting changed since.
	p.say("/settings")
	p.press("Evening nudge")
	mustContain(t, p.press("21:00"), "nudge at 21:00")
	snap, _ = h.store.Load(ctx, "console", "p")
	tomorrow := want.Add(24 * time.Hour)
	if r := h.engine.Reminder(snap, due.Nudge, tomorrow, tomorrow, 2*time.Hour); len(r.Send) != 0 {
		t.Fatal("nudged at the old time")
	}
	p.say("/settings")
	p.press("Evening nudge")
	mustContain(t, p.press("No nudge"), "nudge off")
	if !nudgeAt().IsZero() {
		t.Fatal("nudge still queued after turning it off")
	}
}
