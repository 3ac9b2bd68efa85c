package telegram

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	tele "gopkg.in/telebot.v3"

	"treadwell/internal/chat"
)

// ErrUnreachable means Telegram refuses messages to that chat for good
// (blocked, deactivated, never started); the profile is marked so.
var ErrUnreachable = fmt.Errorf("telegram: %w", chat.ErrUnreachable)

// errNotConnected means Send was called before Run connected.
var errNotConnected = errors.New("telegram: not connected yet")

// Send delivers one message: long text in parts, buttons under the last
// part, an image first when there is one. A failing call is retried for
// at most Config.RetryWithin; each try lasts at most Config.CallTimeout.
func (a *Adapter) Send(ctx context.Context, out chat.Outgoing) error {
	return a.send(ctx, out, time.Now().Add(a.cfg.RetryWithin), nil)
}

// SendGated is Send that calls gate at the last moment before the
// message leaves: after each wait for the pacer, before each attempt,
// until a part of the message went out. When gate fails nothing more is
// sent, and the error wraps chat.ErrHeldBack and gate's. When the pacer
// has no room for the message before ctx's deadline, nothing is sent
// and the error wraps chat.ErrNoRoom. The reminders use it, so that a
// reminder held back by the pacing of a burst is checked against a
// /stop typed during the wait.
func (a *Adapter) SendGated(ctx context.Context, out chat.Outgoing, gate func(context.Context) error) error {
	return a.send(ctx, out, time.Now().Add(a.cfg.RetryWithin), gate)
}

// send is Send with the instant after which a failed call is not tried
// again (every call is tried at least once), and the gate each attempt
// passes until a part went out (nil: none).
func (a *Adapter) send(ctx context.Context, out chat.Outgoing, retryUntil time.Time, gate func(context.Context) error) error {
	a.mu.Lock()
	bot := a.bot
	a.mu.Unlock()
	if bot == nil {
		return errNotConnected
	}
	chatID, err := strconv.ParseInt(out.To.ChatID, 10, 64)
	if err != nil {
		return fmt.Errorf("telegram: chat id is not a number: %w", err)
	}
	to := &tele.Chat{ID: chatID}
	markup, err := keyboard(out.Buttons, bot.Me.Username, out.To.Group)
	if err != nil {
		return err
	}
	if markup == nil && out.DropLocationRequest && !out.To.Group {
		// The reply keyboard of a location question stays on screen
		// until a message removes it.
		markup = &tele.ReplyMarkup{RemoveKeyboard: true}
	}
	// deliver makes one call, gated until a call went out.
	deliver := func(do func() error) error {
		err := a.deliver(ctx, out.To, chatID, retryUntil, gate, do)
		if err == nil {
			gate = nil
		}
		return err
	}
	if len(out.Image) > 0 {
		err := deliver(func() error {
			// A fresh reader for each try: a retry must send the whole image.
			photo := &tele.Photo{File: tele.FromReader(bytes.NewReader(out.Image))}
			_, err := bot.Send(to, photo)
			return err
		})
		// The text carries the substance (a chart's summary): a refused
		// or failing image must not take it along. A chat that refuses
		// everything, or a shutdown, would fail the text too.
		if errors.Is(err, ErrUnreachable) || chat.Unsent(err) || ctx.Err() != nil {
			return err
		}
		if err != nil {
			a.log.Warn("sending an image failed; sending its text alone", failure(err)...)
		}
	}
	parts := chat.SplitText(out.Text, maxText)
	for i, part := range parts {
		opts := &tele.SendOptions{DisableWebPagePreview: true}
		if i == len(parts)-1 && markup != nil && out.File == nil {
			opts.ReplyMarkup = markup
		}
		err := deliver(func() error { _, err := bot.Send(to, part, opts); return err })
		if err != nil {
			return err
		}
	}
	if out.File != nil {
		// After its text, as a document the person can open; the
		// buttons, if any, go with it, the message that ends the reply.
		opts := &tele.SendOptions{}
		if markup != nil {
			opts.ReplyMarkup = markup
		}
		return deliver(func() error {
			doc := &tele.Document{File: tele.FromReader(bytes.NewReader(out.File.Data)), FileName: out.File.Name, MIME: out.File.MIME}
			_, err := bot.Send(to, doc, opts)
			return err
		})
	}
	return nil
}

// sendReplies sends one turn's replies in order; it runs on the chat's
// outbox lane. A reply that cannot be sent is dropped with the rest of
// its turn, which would arrive out of context without it; later turns
// are sent as usual.
func (a *Adapter) sendReplies(ctx context.Context, outs []chat.Outgoing, retryUntil time.Time) {
	for i, out := range outs {
		if err := a.send(ctx, out, retryUntil, nil); err != nil {
			a.log.Warn("dropping a reply that could not be sent", append(failure(err), "dropped", len(outs)-i)...)
			return
		}
	}
}

// deliver makes one call, gated (nil: not); a chat that refuses for
// good is marked unreachable.
func (a *Adapter) deliver(ctx context.Context, to chat.Address, chatID int64, retryUntil time.Time, gate func(context.Context) error, do func() error) error {
	err := a.call(ctx, chatID, retryUntil, gate, do)
	if chat.Unsent(err) {
		return err // nothing sent, and no failure
	}
	if err != nil && classify(err) == errForbidden {
		a.cfg.OnSendError(chat.SendUnreachable)
		a.setReachable(ctx, to, false)
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	if err != nil {
		a.cfg.OnSendError(chat.SendFailed)
	}
	return err
}

// call runs one paced Bot API call, retrying what is worth retrying: a
// 429 after its retry_after, a 5xx or network error after a bounded,
// growing backoff. It is tried at least once, and again only while the
// wait ends before retryUntil and Config.Retries are not used up. Each
// attempt passes gate (when set) after its wait for the pacer.
func (a *Adapter) call(ctx context.Context, chatID int64, retryUntil time.Time, gate func(context.Context) error, do func() error) error {
	backoff := 500 * time.Millisecond
	for attempt := 1; ; attempt++ {
		if err := a.pacer.wait(ctx, chatID); err != nil {
			if gate != nil && attempt == 1 && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
				// No room before the deadline, and nothing of the
				// message went out: it may go later.
				return fmt.Errorf("%w: %w", chat.ErrNoRoom, err)
			}
			return err
		}
		if gate != nil {
			if err := gate(ctx); err != nil {
				return fmt.Errorf("telegram: %w: %w", chat.ErrHeldBack, err)
			}
		}
		err := do()
		var wait time.Duration
		switch classify(err) {
		case errNone:
			return nil
		case errFlood:
			var flood tele.FloodError
			errors.As(err, &flood)
			wait = time.Duration(max(flood.RetryAfter, 1)) * time.Second
		case errTemporary:
			wait, backoff = backoff, min(2*backoff, a.cfg.MaxBackoff)
		default:
			return redact(err, a.cfg.Token)
		}
		if attempt > a.cfg.Retries || time.Now().Add(wait).After(retryUntil) {
			return fmt.Errorf("telegram: giving up after %d attempts: %w", attempt, redact(err, a.cfg.Token))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}

// failure describes a failed send for the logs: its kind and the Bot
// API's status code, never the error text, which may quote what was
// sent or the request URL.
func failure(err error) []any {
	kind := "refused"
	switch k := classify(err); {
	case errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		kind = "cancelled"
	case errors.Is(err, errNotConnected):
		kind = "not_connected"
	case k == errFlood:
		kind = "rate_limited"
	case k == errTemporary && statusCode(err) == 0:
		kind = "network"
	case k == errTemporary:
		kind = "server_error"
	case k == errForbidden:
		kind = "unreachable"
	case k == errAuth:
		kind = "unauthorized"
	}
	attrs := []any{"kind", kind}
	if code := statusCode(err); code != 0 {
		attrs = append(attrs, "status", code)
	}
	return attrs
}

// setReachable tells the engine, when it can listen, that a chat refuses
// or takes messages.
func (a *Adapter) setReachable(ctx context.Context, addr chat.Address, reachable bool) {
	a.mu.Lock()
	reach := a.reach
	a.mu.Unlock()
	if reach == nil || addr.Group {
		return
	}
	if err := reach.SetReachable(ctx, addr, reachable); err != nil {
		a.log.Warn("recording reachability failed", "err", err)
	}
}
