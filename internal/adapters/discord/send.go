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
	return a.send(ctx, out, nil)
}

// SendGated is Send that calls gate at the last moment before the
// message leaves: in the pacer, after its waits for the rate limits,
// before each attempt, until a part of the message went out. When gate
// fails nothing more is sent, and the error wraps chat.ErrHeldBack and
// gate's; when the pacer has no room for it before ctx's deadline,
// nothing is sent and the error wraps chat.ErrNoRoom. The reminders use
// it, so that a reminder held back by the pacing of a burst is checked
// against a /stop typed during the wait.
func (a *Adapter) SendGated(ctx context.Context, out chat.Outgoing, gate func(context.Context) error) error {
	return a.send(ctx, out, gate)
}

// send is Send, with the gate the message's requests pass until one
// went out (nil: none).
func (a *Adapter) send(ctx context.Context, out chat.Outgoing, gate func(context.Context) error) error {
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
			err := a.call(withGate(ctx, gate), func(opt discordgo.RequestOption) error {
				m := *msg
				m.Files = chartFiles(image) // a fresh reader for each try
				_, err := s.ChannelMessageSendComplex(channel, &m, opt)
				return err
			})
			if err == nil {
				gate = nil // a part went out: the rest follows it
			}
			return err
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
		if chat.Unsent(err) {
			return err // nothing sent, and no failure
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
		err := a.call(ctx, func(opt discordgo.RequestOption) error {
			_, err := s.ChannelMessageSendComplex(channel, &discordgo.MessageSend{Files: attachment(out.File)}, opt)
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
	ch, err := call(ctx, a, func(opt discordgo.RequestOption) (*discordgo.Channel, error) {
		return s.UserChannelCreate(userID, opt)
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

// call makes one REST call, with retries: do gets the request option
// that carries ctx to discordgo (and so to the pacer), and runs detached
// (detach), so that ctx ends every wait.
func call[T any](ctx context.Context, a *Adapter, do func(opt discordgo.RequestOption) (T, error)) (T, error) {
	var v T
	err := a.retry(ctx, func() error {
		var err error
		v, err = detach(ctx, func() (T, error) { return do(discordgo.WithContext(ctx)) })
		return err
	})
	return v, err
}

// call is call for a REST call without a result.
func (a *Adapter) call(ctx context.Context, do func(opt discordgo.RequestOption) error) error {
	_, err := call(ctx, a, func(opt discordgo.RequestOption) (struct{}, error) { return struct{}{}, do(opt) })
	return err
}

// retry runs a REST call again while temporary says it may, with a
// bounded, growing backoff, or after a 429 the time Discord said. It is
// the only one to send anything again: discordgo's own retries are off
// (newSession). A wait that would outlast ctx's deadline is not begun.
func (a *Adapter) retry(ctx context.Context, do func() error) error {
	backoff := 250 * time.Millisecond
	var err error
	for attempt := 0; attempt <= a.cfg.Retries; attempt++ {
		if err = do(); err == nil || !temporary(err) {
			return err
		}
		if attempt == a.cfg.Retries {
			break
		}
		wait := backoff
		var rl *discordgo.RateLimitError
		if errors.As(err, &rl) && rl.RetryAfter > wait {
			wait = rl.RetryAfter
		}
		if werr := sleepUntil(ctx, time.Now().Add(wait), "waiting to try again"); werr != nil {
			return fmt.Errorf("%w (after: %w)", werr, err)
		}
		backoff = min(2*backoff, a.cfg.MaxBackoff)
	}
	return fmt.Errorf("discord: giving up after %d attempts: %w", a.cfg.Retries+1, err)
}

// temporary reports whether a failed call may be made again: Discord
// answered with a server error that did not act on it (500, 502, 503) or
// a rate limit, or the request surely never reached it (the connection
// could not be made). A timeout or a connection broken once the request
// was on its way is not, nor a 504 (a proxy's timeout): Discord may have
// acted on it, and making a call like "send this message" again could
// send it twice.
func temporary(err error) bool {
	var srv *serverError
	if errors.As(err, &srv) {
		return srv.status != http.StatusGatewayTimeout
	}
	var rest *discordgo.RESTError
	if errors.As(err, &rest) { // a 5xx only without the pacer
		status := 0
		if rest.Response != nil {
			status = rest.Response.StatusCode
		}
		return status == http.StatusTooManyRequests || (status >= 500 && status != http.StatusGatewayTimeout)
	}
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return true
	}
	return notSent(err)
}

// maybeSent reports a failure after which Discord may have acted on the
// request all the same: a timeout, or a connection broken once the
// request was on its way (not a refusal, nor a wait the pacer cut short).
func maybeSent(err error) bool {
	var rest *discordgo.RESTError
	var rl *discordgo.RateLimitError
	var srv *serverError
	var past *waitPast
	switch {
	case err == nil, errors.As(err, &rest), errors.As(err, &rl), errors.As(err, &past), notSent(err):
		return false
	case errors.As(err, &srv):
		return srv.status == http.StatusGatewayTimeout
	}
	return true
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
// a shutdown would fail the text too, and after a lost answer the
// message may be posted already.
func (a *Adapter) imageFailed(ctx context.Context, err error) bool {
	if err == nil || isDMsClosed(err) || ctx.Err() != nil || maybeSent(err) || chat.Unsent(err) {
		return false // a lost answer may have posted it: not sent again
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
