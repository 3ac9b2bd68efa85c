package dialog_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/internal/store/redistest"
	"treadwell/messages"
)

// A person whose answer was met with "I couldn't confirm that was
// saved" types it again. When the first save did land, the dialog has
// moved on to a question they never saw: their retyped leg pain must
// not be taken for their back pain. They hear that it went through and
// get what they would have been told (the back-pain question); when it
// did not land, the retyped answer is taken as the first was meant.
// Either way the check-in logs leg 7, back 2.
func TestAnswerRetypedAfterAnUnconfirmedSave(t *testing.T) {
	msgs := catalog(t)
	back := msgs.Text("en", messages.CheckinBack)
	landedNote := msgs.Text("en", messages.ErrorLanded)
	for _, tc := range []struct {
		name  string
		after func(*redistest.Restartable) // what becomes of the hung save
		lands bool
	}{
		{"landed", (*redistest.Restartable).Resume, true},
		{"lost", func(srv *redistest.Restartable) { srv.Kill(); srv.Start() }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, srv := hangHarness(t)
			ctx := context.Background()
			p := h.person("retype")
			p.onboard()
			p.say("/checkin")
			before, err := h.store.Load(ctx, chat.Console, p.addr.UserID)
			if err != nil {
				t.Fatal(err)
			}

			h.engine = stallingEngine(t, h, srv.Pause) // every turn from here goes through it
			out, err := h.engine.Handle(ctx, chat.Incoming{From: p.addr, At: h.clock.Now(), Text: "7"})
			tc.after(srv)
			if !errors.Is(err, profile.ErrUnconfirmed) || !errors.Is(err, dialog.ErrUnavailable) {
				t.Fatalf("leg pain whose save hung: err %v, want an unconfirmed save", err)
			}
			mustContain(t, joined(out), msgs.Text("en", messages.ErrorUnconfirmed))
			snap, err := h.store.Load(ctx, chat.Console, p.addr.UserID)
			if err != nil {
				t.Fatal(err)
			}
			if landed := snap.Version > before.Version; landed != tc.lands {
				t.Fatalf("the hung save landed %v, want %v: this test no longer makes its case", landed, tc.lands)
			}

			out2 := p.say("7")
			mustContain(t, out2, back)
			if strings.Contains(out2, landedNote) != tc.lands {
				t.Fatalf("retyped leg pain, the first save landed %v: replies\n%s", tc.lands, out2)
			}
			p.say("2") // back pain
			p.press("No walk yet")
			p.afterSpread(p.press("No"))

			got := lastCheckIn(t, h, p)
			if got.Leg != 7 || got.Back != 2 {
				t.Fatalf("check-in logged leg %d back %d, want leg 7 back 2", got.Leg, got.Back)
			}
		})
	}
}

// lastCheckIn is the newest check-in in p's log.
func lastCheckIn(t *testing.T, h *harness, p *person) plan.CheckIn {
	t.Helper()
	snap, err := h.store.Load(context.Background(), chat.Console, p.addr.UserID)
	if err != nil {
		t.Fatal(err)
	}
	es, err := snap.Entries()
	if err != nil {
		t.Fatal(err)
	}
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].CheckIn != nil {
			return *es[i].CheckIn
		}
	}
	t.Fatal("no check-in logged")
	return plan.CheckIn{}
}

// After a save that went unconfirmed and landed, the next message is
// told so and given what it missed, whatever it is; a command other
// than the first message still runs (a /stop pauses), and pressing the
// first message's button again is not called a stale button.
func TestNextMessageAfterAnUnconfirmedSaveThatLanded(t *testing.T) {
	msgs := catalog(t)
	back := msgs.Text("en", messages.CheckinBack)
	landedNote := msgs.Text("en", messages.ErrorLanded)
	for _, tc := range []struct {
		name   string
		next   func(p *person, leg chat.Incoming) string
		want   []string
		paused bool
	}{
		{"stop", func(p *person, _ chat.Incoming) string { return p.say("/stop") }, []string{landedNote, back, msgs.Text("en", messages.StopPaused)}, true},
		{"same button", func(p *person, leg chat.Incoming) string { return joined(p.send(leg)) }, []string{landedNote, back}, false},
		{"help", func(p *person, _ chat.Incoming) string { return p.say("/help") }, []string{landedNote, back, "/checkin"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h, srv := hangHarness(t)
			ctx := context.Background()
			p := h.person("next")
			p.onboard()
			p.say("/checkin")
			leg := chatPress(p, "7")
			h.engine = stallingEngine(t, h, srv.Pause)
			leg.From, leg.At = p.addr, h.clock.Now()
			if _, err := h.engine.Handle(ctx, leg); !errors.Is(err, profile.ErrUnconfirmed) {
				t.Fatalf("leg pain whose save hung: err %v, want an unconfirmed save", err)
			}
			srv.Resume()

			out := tc.next(p, chat.Incoming{Data: leg.Data})
			mustContain(t, out, tc.want...)
			mustNotContain(t, out, msgs.Text("en", messages.InputStale))
			snap, err := h.store.Load(ctx, chat.Console, p.addr.UserID)
			if err != nil {
				t.Fatal(err)
			}
			if snap.Profile.Pause.Active != tc.paused {
				t.Fatalf("paused %v, want %v", snap.Profile.Pause.Active, tc.paused)
			}
			// Told once: the message after is handled as ever.
			if out := p.say("/help"); strings.Contains(out, landedNote) {
				t.Fatalf("the message after was told again:\n%s", out)
			}
		})
	}
}
