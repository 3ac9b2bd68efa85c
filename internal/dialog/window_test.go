package dialog_test

import (
	"context"
	"testing"

	"treadwell/internal/chat"
)

// A window whose entries cannot be decoded fails the message that needs
// it with the "nothing was recorded" reply: deciding today's walk from a
// history with holes could suggest too much. Nothing is saved. A
// message that does not need the log is not held up by it.
func TestUnreadableLogFailsTheTurn(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	ctx := context.Background()
	key := h.prefix + ":{p:console:p}:dialog"
	// A whole sequence (the load's check passes) of one entry of an
	// unknown kind.
	if err := h.rdb.HSet(ctx, key, "recent", "\x01\x01\x03\x01\x63\x00").Err(); err != nil {
		t.Fatal(err)
	}
	// The window is decoded only by turns that ask the rules: starting a
	// check-in does not, and goes on.
	out, err := h.engine.Handle(ctx, chat.Incoming{From: p.addr, At: h.clock.Now(), Text: "/checkin"})
	if err != nil {
		t.Fatalf("/checkin read the log it does not need: %v", err)
	}
	data, _ := scaleAnswer(out)
	in := chat.Incoming{From: p.addr, At: h.clock.Now(), Data: data}
	for range 10 {
		v, _ := h.rdb.HGet(ctx, key, "v").Result()
		out, err := h.engine.Handle(ctx, in)
		if err != nil {
			mustContain(t, joined(out), "nothing was recorded")
			if after, _ := h.rdb.HGet(ctx, key, "v").Result(); after != v {
				t.Errorf("version %s -> %s: the failed message saved something", v, after)
			}
			return
		}
		data, ok := scaleAnswer(out)
		if !ok {
			break
		}
		in = chat.Incoming{From: p.addr, At: h.clock.Now(), Data: data}
	}
	t.Fatal("a whole check-in went through on an unreadable log")
}
