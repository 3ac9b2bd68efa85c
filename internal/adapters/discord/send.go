package discord

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"

	"treadwell/internal/chat"
)

// ErrUnreachable means Discord refuses direct messages to that person
// (error 50007: DMs closed; 50278: no server shared with the bot, or DMs
// from server members turned off); the profile is marked so.
var ErrUnreachable = fmt.Errorf("discord: direct messages refused: %w", chat.ErrUnreachable)

// Discord's error codes for a person who takes no DMs from the bot.
const (
	errCodeDMsClosed      = discordgo.ErrCodeCannotSendMessagesToThisUser // 50007
	errCodeNoMutualGuilds = 50278                                         // not in discordgo v0.29
)

var errNotConnected = errors.New("discord: not connected yet")

// Send delivers one message as a direct message (reminders, and replies
// to direct messages).
func (a *Adapter) Send(ctx context.Context, out chat.Outgoing) error {
	a.mu.Lock()
	s := a.session
	a.mu.Unlock()
	if s == nil {
		return errNotConnected
	}
	channel := out.To.ChatID
	if channel == "" {
		if channel = a.dmChannel(ctx, out.To.UserID); channel == "" {
			return fmt.Errorf("discord: no DM channel for the person")
		}
	}
	parts := chat.SplitText(out.Text, maxContent)
	for n, part := range parts {
		msg := &discordgo.MessageSend{Content: part}
		if n == len(parts)-1 {
			msg.Components = components(out.Buttons)
		}
		post := func(image []byte) error {
			return a.retry(ctx, func() error {
				msg.Files = chartFiles(image) // a fresh reader for each try
				_, err := s.ChannelMessageSendComplex(channel, msg, discordgo.WithContext(ctx))
				return err
			})
		}
		var err error
		if n == 0 && len(out.Image) > 0 {
			err = post(out.Image)
			if a.imageFailed(ctx, err) {
				err = post(nil)
			}
		} else {
			err = post(nil)
		}
		if isDMsClosed(err) {
			a.cfg.OnSendError(chat.SendUnreachable)
			a.setReachable(ctx, out.To, false)
			return fmt.Errorf("%w: %w", ErrUnreachable, err)
		}
		if err != nil {
			a.cfg.OnSendError(chat.SendFailed)
			return err
		}
	}
	if out.File != nil {
		// A document (the /export) follows its text as an attachment.
		err := a.retry(ctx, func() error {
			_, err := s.ChannelMessageSendComplex(channel, &discordgo.MessageSend{Files: attachment(out.File)}, discordgo.WithContext(ctx))
			return err
		})
		if err != nil {
			a.cfg.OnSendError(chat.SendFailed)
			return err
		}
	}
	return nil
}

// attachment is a document as a Discord file, with a fresh reader for
// each try.
func attachment(f *chat.File) []*discordgo.File {
	return []*discordgo.File{{Name: f.Name, ContentType: f.MIME, Reader: bytes.NewReader(f.Data)}}
}

// dmChannel finds (or opens) the person's DM channel; "" when Discord
// refuses.
func (a *Adapter) dmChannel(ctx context.Context, userID string) string {
	a.mu.Lock()
	id, ok := a.dms[userID]
	s := a.session
	a.mu.Unlock()
	if ok || s == nil {
		return id
	}
	var ch *discordgo.Channel
	err := a.retry(ctx, func() error {
		var err error
		ch, err = s.UserChannelCreate(userID, discordgo.WithContext(ctx))
		return err
	})
	if err != nil {
		a.log.Warn("opening a DM channel failed", failure(err)...)
		return ""
	}
	a.rememberDM(userID, ch.ID)
	return ch.ID
}

// rememberDM caches a DM channel; a restart only costs asking again.
func (a *Adapter) rememberDM(userID, channelID string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.dms) > maxCachedDMs {
		clear(a.dms)
	}
	a.dms[userID] = channelID
}

// maxCachedDMs bounds the DM channel cache.
const maxCachedDMs = 100_000

// retry runs a REST call again while temporary says it may, with a
// bounded, growing backoff. discordgo itself waits out 429s (its rate
// limiter stays on) and retries 502s.
func (a *Adapter) retry(ctx context.Context, do func() error) error {
	backoff := 250 * time.Millisecond
	var err error
	for attempt := 0; attempt <= a.cfg.Retries; attempt++ {
		if err = do(); err == nil || !temporary(err) {
			return err
		}
		wait := backoff
		var rl *discordgo.RateLimitError
		if errors.As(err, &rl) && rl.RetryAfter > wait {
			wait = rl.RetryAfter
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		backoff = min(2*backoff, a.cfg.MaxBackoff)
	}
	return fmt.Errorf("discord: giving up after %d attempts: %w", a.cfg.Retries+1, err)
}

// temporary reports whether a failed call may be made again: Discord
// answered with a server error or a rate limit, or the request surely
// never reached it (the connection could not be made). A timeout or a
// connection broken once the request was on its way is not: Discord may
// have acted on it, and making a call like "send this message" again
// could send it twice.
func temporary(err error) bool {
	var rest *discordgo.RESTError
	if errors.As(err, &rest) {
		return rest.Response != nil && (rest.Response.StatusCode >= http.StatusInternalServerError || rest.Response.StatusCode == http.StatusTooManyRequests)
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return true
	}
	return notSent(err)
}

// notSent reports a failure to connect: to look the host up, to open the
// connection, or to reach it through a proxy. Nothing was sent then.
func notSent(err error) bool {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && (op.Op == "dial" || op.Op == "proxyconnect")
}

// isDMsClosed reports Discord's errors for a person who takes no DMs from
// the bot: 50007 (DMs closed, or the bot blocked) and 50278 (no server
// shared with the bot).
func isDMsClosed(err error) bool {
	var rest *discordgo.RESTError
	return errors.As(err, &rest) && rest.Message != nil &&
		(rest.Message.Code == errCodeDMsClosed || rest.Message.Code == errCodeNoMutualGuilds)
}

// setReachable tells the engine, when it can listen, whether the person's
// DMs take messages.
func (a *Adapter) setReachable(ctx context.Context, addr chat.Address, reachable bool) {
	a.mu.Lock()
	reach := a.reach
	a.mu.Unlock()
	if reach == nil {
		return
	}
	if err := reach.SetReachable(ctx, addr, reachable); err != nil {
		a.log.Warn("recording reachability failed", "err", err)
	}
}

// chartFiles attaches an image (none when png is empty), with a fresh
// reader for each try.
func chartFiles(png []byte) []*discordgo.File {
	if len(png) == 0 {
		return nil
	}
	return []*discordgo.File{{Name: "progress.png", ContentType: "image/png", Reader: bytes.NewReader(png)}}
}

// imageFailed reports whether a message carrying an image failed in a
// way that its text alone may still get through, and counts and logs
// the failure. The text carries the substance (a chart's summary): a
// refused image (too large, 40005) must not take it along. Closed DMs or
// a shutdown would fail the text too.
func (a *Adapter) imageFailed(ctx context.Context, err error) bool {
	if err == nil || isDMsClosed(err) || ctx.Err() != nil {
		return false
	}
	a.cfg.OnSendError(chat.SendFailed)
	status := 0
	var rest *discordgo.RESTError
	if errors.As(err, &rest) && rest.Response != nil {
		status = rest.Response.StatusCode
	}
	a.log.Warn("sending an image failed; sending its text alone", "status", status)
	return true
}
