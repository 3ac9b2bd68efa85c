package dialog_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// A red flag answered "yes" while Redis fails still gets its urgent
// message, first and on its own: what to do about saddle numbness does
// not wait on a database. What follows says truly that the pause is not
// recorded (Redis gone) or may not be (Redis hung), and to send /stop.
// Once Redis is back the person is paused, by the save that landed or
// by answering again.
func TestRedFlagAnsweredWhileRedisFailsStillGetsTheUrgentMessage(t *testing.T) {
	msgs := catalog(t)
	for _, tc := range []struct {
		redisFault
		want  []messages.Key // any of these follows the urgent message
		lands bool
	}{
		{redisKilled, []messages.Key{messages.ErrorUrgentUnsaved, messages.ErrorUrgentUnconfirmed}, false},
		{redisHung, []messages.Key{messages.ErrorUrgentUnconfirmed}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, srv := hangHarness(t)
			ctx := context.Background()
			p := h.person("flag")
			p.say("/start")
			p.press("I understand")
			p.press("No")
			p.press("No")
			yes := chatPress(p, "Yes") // saddle numbness
			yes.From, yes.At = p.addr, h.clock.Now()

			h.engine = stallingEngine(t, h, func() { tc.stall(srv) })
			began := time.Now()
			out, err := h.engine.Handle(ctx, yes)
			took := time.Since(began)
			tc.back(srv)
			if !errors.Is(err, dialog.ErrUnavailable) {
				t.Fatalf("red flag while Redis is %s: err %v, want dialog.ErrUnavailable", tc.name, err)
			}
			if len(out) != 2 || !out[0].Urgent || out[1].Urgent {
				t.Fatalf("red flag while Redis is %s: replies %q, want the urgent message, then what became of it", tc.name, joined(out))
			}
			mustContain(t, out[0].Text, "URGENT", "emergency department", "emergency number now")
			if !slices.ContainsFunc(tc.want, func(k messages.Key) bool { return out[1].Text == msgs.Text("en", k) }) {
				t.Fatalf("red flag while Redis is %s: then %q, want one of %v", tc.name, out[1].Text, tc.want)
			}
			if took > hungAnswerWithin {
				t.Fatalf("red flag while Redis is %s: answered after %v, want within %v", tc.name, took.Round(time.Millisecond), hungAnswerWithin)
			}

			snap, err := h.store.Load(ctx, chat.Console, p.addr.UserID)
			if err != nil {
				t.Fatal(err)
			}
			if paused := snap.Profile.Pause.Active; paused != tc.lands {
				t.Fatalf("after Redis is back: paused %v, want %v", paused, tc.lands)
			}
			if tc.lands {
				// Told it went through, and not shown the urgent message twice.
				next := p.send(chat.Incoming{Text: "/help"})
				mustContain(t, joined(next), msgs.Text("en", messages.ErrorLanded))
				if slices.ContainsFunc(next, func(o chat.Outgoing) bool { return o.Urgent }) {
					t.Fatalf("the urgent message came again:\n%s", joined(next))
				}
				return
			}
			again := p.send(yes)
			if len(again) != 1 || !again[0].Urgent {
				t.Fatalf("answering again: replies %q, want the urgent message alone", joined(again))
			}
			if snap, err := h.store.Load(ctx, chat.Console, p.addr.UserID); err != nil || snap.Profile.Pause.Rule != plan.RuleUrgent {
				t.Fatalf("answering again: pause %+v (err %v), want RF-URGENT", snap.Profile.Pause, err)
			}
		})
	}
}

// A red flag's "Yes" pressed while Redis cannot be reached at all (the
// person's state cannot even be read) still gets its message: the
// button says which sign it answers. The urgent list's and the doctor
// list's both; the line after says nothing is paused yet.
func TestRedFlagPressedWhileRedisIsDownStillGetsItsMessage(t *testing.T) {
	msgs := catalog(t)
	for _, tc := range []struct {
		name   string
		noes   int // "No" before the "Yes"
		want   []string
		paused plan.RuleID
	}{
		{"urgent", 0, []string{"URGENT", "emergency department", "emergency number now"}, plan.RuleUrgent},
		{"doctor", 5, []string{"DOCTOR TODAY"}, plan.RuleDoctor},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, srv := hangHarness(t)
			ctx := context.Background()
			p := h.person("down")
			p.say("/start")
			p.press("I understand")
			for range tc.noes {
				p.press("No")
			}
			yes := chatPress(p, "Yes")
			srv.Kill()
			yes.From, yes.At = p.addr, h.clock.Now()
			out, err := h.engine.Handle(ctx, yes)
			srv.Start()
			if !errors.Is(err, dialog.ErrUnavailable) {
				t.Fatalf("red flag with Redis down: err %v, want dialog.ErrUnavailable", err)
			}
			if len(out) != 2 || !out[0].Urgent || out[1].Text != msgs.Text("en", messages.ErrorUrgentUnsaved) {
				t.Fatalf("red flag with Redis down: replies %q, want its message, then that nothing is paused yet", joined(out))
			}
			mustContain(t, out[0].Text, tc.want...)

			again := p.send(yes)
			if len(again) != 1 || !again[0].Urgent {
				t.Fatalf("answering again: replies %q, want the message alone", joined(again))
			}
			if snap, err := h.store.Load(ctx, chat.Console, p.addr.UserID); err != nil || snap.Profile.Pause.Rule != tc.paused {
				t.Fatalf("answering again: pause %+v (err %v), want %s", snap.Profile.Pause, err, tc.paused)
			}
		})
	}
}

// A red flag's "Yes" pressed on an earlier question (the person scrolled
// back, or answered "No" and then thought again) is a yes to that sign
// all the same: it gets the urgent message and the pause, not "that
// button belongs to an earlier question". From any later point: the
// next item, or a check-in after onboarding.
func TestRedFlagYesOnAnEarlierQuestionStillCounts(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after func(p *person)
	}{
		{"next item", func(p *person) { p.press("No") }},
		{"days later, in a check-in", func(p *person) {
			p.press("None of these")
			p.press("None of these")
			for _, b := range []string{"4", "3", "10", "Treadmill"} {
				p.press(b)
			}
			p.say("07:30")
			p.say("Europe/Berlin")
			p.press("Every day")
			p.h.clock.Advance(3 * day)
			p.say("/checkin")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("back")
			p.say("/start")
			p.press("I understand")
			yes := chatPress(p, "Yes") // saddle numbness, the first item
			tc.after(p)

			out := p.send(yes)
			if len(out) != 1 || !out[0].Urgent {
				t.Fatalf("Yes on an earlier red-flag question: replies %q, want the urgent message alone", joined(out))
			}
			mustContain(t, out[0].Text, "URGENT", "emergency department")
			snap, err := h.store.Load(context.Background(), chat.Console, p.addr.UserID)
			if err != nil {
				t.Fatal(err)
			}
			if !snap.Profile.Pause.Active || snap.Profile.Pause.Rule != plan.RuleUrgent || !snap.Profile.RedFlags.Urgent || snap.Profile.RedFlags.Item != 1 {
				t.Fatalf("after Yes on an earlier question: pause %+v, red flags %+v, want RF-URGENT for item 1", snap.Profile.Pause, snap.Profile.RedFlags)
			}
		})
	}
}

// A second tap on the "Yes" that paused (a double tap, or pressing it
// again later) shows the message again and logs the sign once: the
// clinician report must not read one report as two.
func TestRedFlagYesTappedTwiceIsLoggedOnce(t *testing.T) {
	h := newHarness(t)
	p := h.person("twice")
	p.say("/start")
	p.press("I understand")
	yes := chatPress(p, "Yes")
	for tap := 1; tap <= 2; tap++ {
		out := p.send(yes)
		if len(out) != 1 || !out[0].Urgent {
			t.Fatalf("tap %d: replies %q, want the urgent message alone", tap, joined(out))
		}
		h.clock.Advance(time.Minute)
	}
	es, err := h.store.History(context.Background(), "console:twice")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Kind == profile.KindRedFlags && e.RedFlags != nil && e.RedFlags.Urgent {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d urgent red-flag checks logged, want 1", n)
	}
}

// After a save that went unconfirmed and landed, the next message is
// not read as an answer, but a red flag's "Yes" always is: pressed on
// the question before the one that landed, it gets the urgent message,
// alone, and the pause.
func TestRedFlagYesAfterAnUnconfirmedSaveThatLanded(t *testing.T) {
	h, srv := hangHarness(t)
	ctx := context.Background()
	p := h.person("landedflag")
	p.say("/start")
	p.press("I understand")
	yes := chatPress(p, "Yes") // the first item
	no := chatPress(p, "No")
	h.engine = stallingEngine(t, h, srv.Pause)
	no.From, no.At = p.addr, h.clock.Now()
	if _, err := h.engine.Handle(ctx, no); !errors.Is(err, profile.ErrUnconfirmed) {
		t.Fatalf("No whose save hung: err %v, want an unconfirmed save", err)
	}
	srv.Resume()

	out := p.send(yes)
	if len(out) != 1 || !out[0].Urgent {
		t.Fatalf("Yes after the No landed: replies %q, want the urgent message alone", joined(out))
	}
	snap, err := h.store.Load(ctx, chat.Console, p.addr.UserID)
	if err != nil {
		t.Fatal(err)
	}
	if snap.Profile.Pause.Rule != plan.RuleUrgent || snap.Profile.RedFlags.Item != 1 {
		t.Fatalf("Yes after the No landed: pause %+v, red flags %+v, want RF-URGENT for item 1", snap.Profile.Pause, snap.Profile.RedFlags)
	}
}
