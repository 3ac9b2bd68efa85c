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
// part, an image first when there is one.
func (a *Adapter) Send(ctx context.Context, out chat.Outgoing) error {
	a.mu.Lock()
	bot := a.bot
	a.mu.Unlock()
	if bot == nil {
		return errNotConnected
	}
	chatID, err := strconv.ParseInt(out.To.ChatID, 10, 64)
	if err != nil {
		return fmt.Errorf("telegram: chat id %q: %w", out.To.ChatID, err)
	}
	to := &tele.Chat{ID: chatID}
	markup, err := keyboard(out.Buttons, bot.Me.Username)
	if err != nil {
		return err
	}
	if len(out.Image) > 0 {
		err := a.deliver(ctx, out.To, chatID, func() error {
			// A fresh reader for each try: a retry must send the whole image.
			photo := &tele.Photo{File: tele.FromReader(bytes.NewReader(out.Image))}
			_, err := bot.Send(to, photo)
			return err
		})
		if err != nil {
			return err
		}
	}
	parts := chat.SplitText(out.Text, maxText)
	for i, part := range parts {
		opts := &tele.SendOptions{DisableWebPagePreview: true}
		if i == len(parts)-1 && markup != nil {
			opts.ReplyMarkup = markup
		}
		err := a.deliver(ctx, out.To, chatID, func() error { _, err := bot.Send(to, part, opts); return err })
		if err != nil {
			return err
		}
	}
	return nil
}

// deliver makes one call; a chat that refuses for good is marked
// unreachable.
func (a *Adapter) deliver(ctx context.Context, to chat.Address, chatID int64, do func() error) error {
	err := a.call(ctx, chatID, do)
	if err != nil && classify(err) == errForbidden {
		a.cfg.OnSendError("unreachable")
		a.setReachable(ctx, to, false)
		return fmt.Errorf("%w: %w", ErrUnreachable, err)
	}
	if err != nil {
		a.cfg.OnSendError("other")
	}
	return err
}

// maxFloodWait bounds a server's retry_after, in case one asks for hours.
const maxFloodWait = 10 * time.Minute

// call runs one paced Bot API call, retrying what is worth retrying: a
// 429 after its retry_after, a 5xx or network error after a bounded,
// growing backoff.
func (a *Adapter) call(ctx context.Context, chatID int64, do func() error) error {
	backoff := 500 * time.Millisecond
	var err error
	for attempt := 0; attempt <= a.cfg.Retries; attempt++ {
		if err := a.pacer.wait(ctx, chatID); err != nil {
			return err
		}
		err = do()
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
		wait = min(wait, maxFloodWait)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
	return fmt.Errorf("telegram: giving up after %d attempts: %w", a.cfg.Retries+1, redact(err, a.cfg.Token))
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
