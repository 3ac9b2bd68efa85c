package dialog_test

import (
	"context"
	"testing"
	"time"

	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// Snooze choices: each sets the one-off reminder the queue holds, in
// local time, and "tomorrow" holds back today's evening nudge too.
func TestSnoozeChoices(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(s string) time.Time {
		v, _ := time.ParseInLocation("2006-01-02 15:04", s, berlin)
		return v
	}
	tests := []struct {
		press, typed string
		want         time.Time
		reply        string
	}{
		{press: "In 20 min", want: start.Add(20 * time.Minute), reply: "at 08:20"},
		{press: "In 1 hour", want: start.Add(time.Hour), reply: "at 09:00"},
		{press: "This evening", want: at("2026-11-26 19:00"), reply: "at 19:00"},
		{press: "Tomorrow", want: at("2026-11-27 07:30"), reply: "Fri 27 Nov at 07:30"},
		{typed: "/snooze esta tarde", want: at("2026-11-26 19:00"), reply: "at 19:00"},
		{typed: "/snooze mañana", want: at("2026-11-27 07:30"), reply: "27"},
		{typed: "/snooze 2 hours", want: start.Add(2 * time.Hour), reply: "at 10:00"},
	}
	for _, tt := range tests {
		t.Run(tt.press+tt.typed, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			p.say("/settings")
			p.press("Evening nudge")
			p.press("20:00")
			var out string
			if tt.typed != "" {
				out = p.say(tt.typed)
			} else {
				mustContain(t, p.say("/snooze"), "When shall I remind you again?")
				out = p.press(tt.press)
			}
			mustContain(t, out, tt.reply)
			if got := queued(t, h, "p", due.Daily); !got.Equal(tt.want) {
				t.Fatalf("daily reminder queued for %v, want %v", got, tt.want)
			}
			nudge := queued(t, h, "p", due.Nudge)
			if tt.press == "Tomorrow" && !nudge.After(tt.want) {
				t.Fatalf("nudge queued for %v although snoozed until tomorrow", nudge)
			}
			mustContain(t, p.say("/next"), tt.reply)
		})
	}
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	mustContain(t, p.say("/snooze whenever"), "couldn't read that")
	h.clock.Advance(10*time.Hour + 50*time.Minute) // 18:50 Berlin
	p.say("/snooze")
	for _, l := range p.labels() {
		if l == "This evening" {
			t.Fatal("\"This evening\" offered at 18:50")
		}
	}
	mustContain(t, p.say("/snooze evening"), "already evening")
}

// /next names the reminder the scheduler will send: not today's after a
// check-in today, and says when a pause ends.
func TestNext(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	mustContain(t, p.say("/next"), "/start")
	p.onboard() // 07:30 Berlin daily; now Thu 08:00
	p.say("/settings")
	p.press("Reminder time")
	p.say("18:00")
	mustContain(t, p.say("/next"), "Next reminder: Thu 26 Nov at 18:00")
	p.checkIn("3", "2", "No walk yet", "", "No")
	mustContain(t, p.say("/next"), "Next reminder: Fri 27 Nov at 18:00")
	p.say("/stop 3d")
	mustContain(t, p.say("/next"), "Paused until Sun 29 Nov", "Sun 29 Nov at 18:00")
	p.say("/resume")
	p.say("/stop")
	mustContain(t, p.say("/next"), "paused until you send /resume")
}

// /undo removes the newest check-in or walk after a confirmation that
// says what today's plan becomes; the day's decision and the dose
// history go with a check-in that made them.
func TestUndo(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	mustContain(t, p.say("/undo"), "no check-in or walk to undo")
	p.checkIn("3", "2", "No walk yet", "", "No")
	p.say("/done 8")
	p.press("2")
	out := p.say("/undo")
	mustContain(t, out, "Remove your walk of Thu 26 Nov 08:00 (8 minutes)?", "Today's plan stays")
	mustContain(t, p.press("No, keep it"), "nothing was removed")
	p.say("/undo")
	mustContain(t, p.press("Yes, remove it"), "Removed")
	before := load(t, h)
	out = p.say("/undo")
	mustContain(t, out, "Remove your check-in", "leg 3, back 2", "Today's plan will be cleared")
	p.press("Yes, remove it")
	snap := load(t, h)
	log, err := snap.Entries()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range log {
		if e.Kind == profile.KindCheckIn || e.Kind == profile.KindWalk {
			t.Fatalf("%s entry left after two undos", e.Kind)
		}
	}
	if snap.Profile.Day.Day != "" {
		t.Fatalf("the day's decision stayed: %+v", snap.Profile.Day)
	}
	for _, c := range snap.Profile.Doses {
		if c.At.Equal(before.Profile.Day.At) {
			t.Fatalf("the undone check-in's dose change stayed: %+v", c)
		}
	}
	// The next check-in is the day's first again and decides the day.
	p.checkIn("3", "2", "No walk yet", "", "No")
	if load(t, h).Profile.Day.Day == "" {
		t.Fatal("no day's decision after checking in again")
	}

	// A confirmation made stale by a newer entry removes nothing.
	p.say("/undo")
	confirm := p.last
	p.say("/done 5")
	p.press("1")
	p.last = confirm
	mustContain(t, p.press("Yes, remove it"), "earlier question")
	if n := count(t, h, profile.KindWalk); n != 1 {
		t.Fatalf("%d walks after a stale undo, want 1", n)
	}

	// A flare walk's pause keeps the walk.
	p.say("/done 5")
	p.press("8")
	mustContain(t, p.say("/undo"), "paused your plan")
}

// "/done yesterday 15" (and "ayer") logs a walk dated yesterday.
func TestDoneYesterday(t *testing.T) {
	for _, cmd := range []string{"/done yesterday 15", "/done ayer 15", "/done 15 yesterday"} {
		t.Run(cmd, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("p")
			p.onboard()
			p.say(cmd)
			mustContain(t, p.press("2"), "Logged for yesterday", "15 minutes")
			log, _ := load(t, h).Entries()
			w := log[len(log)-1].Walk
			berlin, _ := time.LoadLocation("Europe/Berlin")
			if w == nil || w.At.In(berlin).Format(time.DateOnly) != "2026-11-25" || w.Minutes != 15 {
				t.Fatalf("walk = %+v, want 15 minutes on 25 Nov", w)
			}
		})
	}
}

func load(t *testing.T, h *harness) profile.Snapshot {
	t.Helper()
	snap, err := h.store.Load(context.Background(), "console", "p")
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func count(t *testing.T, h *harness, kind profile.EntryKind) int {
	t.Helper()
	log, err := load(t, h).Entries()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range log {
		if e.Kind == kind {
			n++
		}
	}
	return n
}
