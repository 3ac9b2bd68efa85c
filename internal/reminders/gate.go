package reminders

import (
	"context"
	"sync"

	"treadwell/internal/chat"
)

// GatedSender is an optional ability of a Sender that paces or retries:
// SendGated calls gate at the last moment before the message leaves
// (after each wait for the platform's rate limits, before each attempt,
// until a part of it went out), and when gate fails sends nothing and
// returns an error wrapping chat.ErrHeldBack and gate's. So the check
// that the person still wants the reminder (no /stop since it was
// composed) is made after the wait, not before it: a burst the platform
// paces can hold a send for seconds.
type GatedSender interface {
	SendGated(ctx context.Context, out chat.Outgoing, gate func(context.Context) error) error
}

// lastMoment is a reminder's gate: it runs check, which says whether it
// may go out now and otherwise settles its fate (the gate then answers
// chat.ErrHeldBack), and remembers a refusal, so that a sender calling
// it again (a retry, the next channel) neither sends nor settles twice.
type lastMoment struct {
	check func(context.Context) bool

	mu      sync.Mutex
	refused bool
}

func (g *lastMoment) gate(ctx context.Context) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.refused {
		return chat.ErrHeldBack
	}
	if !g.check(ctx) {
		g.refused = true
		return chat.ErrHeldBack
	}
	return nil
}

// sendThrough sends out through sender, gated: by the sender itself when
// it can, else just before the call.
func sendThrough(ctx context.Context, sender chat.Sender, out chat.Outgoing, g *lastMoment) error {
	if gs, ok := sender.(GatedSender); ok {
		return gs.SendGated(ctx, out, g.gate)
	}
	if err := g.gate(ctx); err != nil {
		return err
	}
	return sender.Send(ctx, out)
}
