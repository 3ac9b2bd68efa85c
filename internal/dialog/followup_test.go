package dialog_test

import (
	"context"
	"testing"
	"time"

	"treadwell/internal/due"
)

// Rules v2, "While paused for a flare" / "Follow-ups": without a
// /resume, "How is it now?" on the 3rd, 7th, 14th, 21st and 28th local
// day after the day the pause began, at the reminder time, then never
// again. The person onboards on Thu 26 Nov 2026 at 08:00 Berlin with
// reminders at 07:30.
func TestFollowUpsDuringAFlarePause(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/stop")
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	ctx := context.Background()
	var got []time.Time
	at := queued(t, h, "p", due.FollowUp)
	for !at.IsZero() && len(got) < 10 {
		snap, err := h.store.Load(ctx, "console", "p")
		if err != nil {
			t.Fatal(err)
		}
		r := h.engine.Reminder(snap, due.FollowUp, at, at.Add(time.Minute), 2*time.Hour)
		if len(r.Send) != 1 {
			t.Fatalf("follow-up at %v: %d messages", at, len(r.Send))
		}
		mustContain(t, r.Send[0].Text, "How is it now?")
		got = append(got, at)
		at = r.Next
	}
	want := []string{"2026-11-29 07:30", "2026-12-03 07:30", "2026-12-10 07:30", "2026-12-17 07:30", "2026-12-24 07:30"}
	if len(got) != len(want) {
		t.Fatalf("follow-ups at %v, want %v", got, want)
	}
	for i, w := range want {
		if s := got[i].In(berlin).Format("2006-01-02 15:04"); s != w {
			t.Errorf("follow-up %d at %s, want %s", i+1, s, w)
		}
	}
}

// "Same" or "Worse" from day 3 gives the advice to see a clinician;
// "Better" offers /resume and ends the follow-ups; a follow-up queued
// before that composes nothing.
func TestFollowUpAnswers(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/stop")
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	h.clock.Advance(3 * day)
	first := reminderNow(t, h, due.FollowUp)
	p.last = first.Send
	mustContain(t, p.press("Worse"), "please see a GP or physiotherapist")
	p.last = first.Send
	mustContain(t, p.press("Same"), "please see a GP or physiotherapist")
	p.last = first.Send
	out := p.press("Better")
	mustContain(t, out, "Glad it's easing", "/resume")
	if at := queued(t, h, "p", due.FollowUp); !at.IsZero() {
		t.Fatalf("a follow-up is still queued after Better: %v", at)
	}
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if r := h.engine.Reminder(snap, due.FollowUp, first.Next, first.Next, 2*time.Hour); len(r.Send) != 0 || !r.Next.IsZero() {
		t.Fatalf("after Better the next follow-up still composes: %+v", r)
	}
	// The offered button resumes.
	mustContain(t, p.press("Resume"), "safety check")
}

// The follow-ups are on by default and off in /settings; a break
// ("something else") gets none, nor does a person who resumed.
func TestFollowUpsOff(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/settings")
	mustContain(t, p.press("Follow-ups while paused"), "Follow-ups off")
	p.say("/stop")
	p.press("Because of pain")
	if at := queued(t, h, "p", due.FollowUp); !at.IsZero() {
		t.Fatalf("follow-up queued with follow-ups off: %v", at)
	}
	p.say("/settings")
	mustContain(t, p.press("Follow-ups while paused"), "Follow-ups on")
	if at := queued(t, h, "p", due.FollowUp); at.IsZero() {
		t.Fatal("no follow-up queued once they are on again")
	}
	p.say("/cancel")
	p.say("/resume")
	p.press("None of these")
	p.press("None of these")
	if at := queued(t, h, "p", due.FollowUp); !at.IsZero() {
		t.Fatalf("follow-up still queued after /resume: %v", at)
	}
}

// After RF-URGENT (or RF-DOCTOR) only one follow-up, 24 hours later:
// whether they could be seen, and how /resume works.
func TestFollowUpAfterARedFlag(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/stop")
	p.press("Because of pain")
	p.press("Yes") // sciatica in both legs: RF-URGENT
	at := queued(t, h, "p", due.FollowUp)
	if d := at.Sub(h.clock.Now()); d < 24*time.Hour || d > 24*time.Hour+2*time.Second {
		t.Fatalf("red-flag follow-up %v after the pause, want 24 hours", d)
	}
	r := reminderNow(t, h, due.FollowUp)
	if len(r.Send) != 1 || !r.Next.IsZero() {
		t.Fatalf("red-flag follow-up: %d messages, next %v; want one, then none", len(r.Send), r.Next)
	}
	mustContain(t, r.Send[0].Text, "Were you able to be seen by a doctor?", "/resume")
	mustNotContain(t, r.Send[0].Text, "How is it now?")
}
