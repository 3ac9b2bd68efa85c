package discord

import (
	"context"
	"errors"
	"fmt"

	"treadwell/internal/chat"
)

// A send's gate (SendGated) travels to the pacer in the request's
// context: the pacer is an HTTP transport under discordgo, and the last
// of the waits it makes is the moment before the request leaves, where
// the gate must be asked.
type gateKey struct{}

// withGate is ctx carrying gate (nil: ctx as it is).
func withGate(ctx context.Context, gate func(context.Context) error) context.Context {
	if gate == nil {
		return ctx
	}
	return context.WithValue(ctx, gateKey{}, gate)
}

// gateOf is the gate ctx carries; nil when none.
func gateOf(ctx context.Context) func(context.Context) error {
	gate, _ := ctx.Value(gateKey{}).(func(context.Context) error)
	return gate
}

// passGate asks the gate ctx carries, if any, whether the request may
// leave. A request whose context ended is not asked about: the sender
// has given up on it.
func passGate(ctx context.Context) error {
	gate := gateOf(ctx)
	if gate == nil {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := gate(ctx); err != nil {
		return fmt.Errorf("discord: %w: %w", chat.ErrHeldBack, err)
	}
	return nil
}

// noRoom is the pacer's refusal err of a gated request: a wait for the
// rate limits that would outlast ctx's deadline wraps chat.ErrNoRoom, as
// nothing of the message went out (a gated request is the message's
// first, or a retry of it after an answer that it was not taken).
func noRoom(ctx context.Context, err error) error {
	if gateOf(ctx) == nil || ctx.Err() != nil || !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return fmt.Errorf("%w: %w", chat.ErrNoRoom, err)
}
