package discord

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// The adapter keeps the gateway connection itself instead of leaving it
// to discordgo v0.29, which reconnects forever, even when Discord says
// not to (a reset token, bad shards, intents), and which cannot say
// whether the connection is ready: its Open returns on any first payload
// after Identify, READY or not. Here readiness comes from the READY and
// RESUMED events and ends with the connection, and each reconnect is
// this loop's decision.

// fatalCloseCodes are the gateway close codes Discord documents as not
// to reconnect on, with what they mean for this bot.
var fatalCloseCodes = map[int]string{
	4004: "authentication failed: DISCORD_TOKEN is wrong or was reset",
	4010: "invalid shard: check DISCORD_SHARD_ID and DISCORD_SHARD_COUNT",
	4011: "sharding required: the bot is in too many servers for DISCORD_SHARD_COUNT",
	4012: "invalid API version",
	4013: "invalid intents",
	4014: "disallowed intents: the application may not use an intent the bot asked for",
}

// fatal is the error Run stops with when err is the gateway refusing the
// bot for good, or nil.
func fatal(err error) error {
	var ce *websocket.CloseError
	if !errors.As(err, &ce) {
		return nil
	}
	why, ok := fatalCloseCodes[ce.Code]
	if !ok {
		return nil
	}
	return fmt.Errorf("discord: the gateway closed the connection with code %d (%s); not reconnecting: %w", ce.Code, why, err)
}

// registerGateway follows the connection's state. The session runs these
// in order with its other events (SyncEvents), so a Disconnect cannot
// overtake the READY of the connection after it.
func (a *Adapter) registerGateway(s *discordgo.Session) {
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Ready) { a.connected(s) })
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Resumed) { a.connected(s) })
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Disconnect) {
		a.mu.Lock()
		if a.session != s { // a replaced session closing late
			a.mu.Unlock()
			return
		}
		wasReady := a.ready
		a.ready = false
		a.mu.Unlock()
		select {
		case a.drops <- wasReady:
		default: // one is waiting already: a second close of that connection
		}
	})
}

func (a *Adapter) connected(s *discordgo.Session) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.session == s {
		a.ready = true
	}
}

// reconnect keeps the gateway connected until ctx ends (nil) or Discord
// refuses the bot for good (that error). After a connection that was
// ready it resumes at once; after one that never got READY or RESUMED,
// or a refused attempt, it waits a growing, jittered backoff and starts
// a new session: its Identify makes discordgo's Open report a refusal
// that would otherwise come after an Invalid Session (op 9), where
// discordgo identifies again out of sight and the close code is lost.
func (a *Adapter) reconnect(ctx context.Context, s *discordgo.Session, fresh func(*discordgo.Session) (*discordgo.Session, error)) error {
	var backoff time.Duration
	for {
		var wasReady bool
		select {
		case <-ctx.Done():
			return nil
		case wasReady = <-a.drops:
		}
		renew := !wasReady
		if wasReady {
			backoff = 0
		}
		for {
			if backoff > 0 {
				select {
				case <-ctx.Done():
					return nil
				case <-time.After(backoff/2 + rand.N(backoff/2)):
				}
			}
			backoff = min(max(2*backoff, time.Second), maxReconnectBackoff)
			if renew {
				ns, err := fresh(s)
				if err != nil {
					return err
				}
				s, renew = ns, false
			}
			err := a.open(ctx, s)
			if ctx.Err() != nil {
				return nil
			}
			if errors.Is(err, discordgo.ErrWSAlreadyOpen) {
				// A late second close of the last connection woke this
				// loop although a connection is open: start over from a
				// clean close, whose drop the outer loop takes next.
				s.Close()
				break
			}
			if err == nil {
				a.log.Info("reconnected to the gateway")
				break
			}
			if f := fatal(err); f != nil {
				return f
			}
			a.log.Warn("reconnecting to the gateway failed", failure(err)...)
			var ce *websocket.CloseError
			renew = errors.As(err, &ce) // refused: the session may be the reason
		}
	}
}

// maxReconnectBackoff bounds the wait between reconnect attempts.
const maxReconnectBackoff = 2 * time.Minute

// open opens the gateway connection of s, giving up when ctx ends:
// discordgo's Open has no deadline of its own, and waits for ever on a
// gateway that takes Identify and says nothing.
func (a *Adapter) open(ctx context.Context, s *discordgo.Session) error {
	done := make(chan error, 1)
	go func() { done <- s.Open() }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		a.mu.Lock()
		conn := a.conn
		a.mu.Unlock()
		if conn != nil {
			conn.Close() // Open's read fails, and it returns
		}
		<-done
		return ctx.Err()
	}
}

// dialer is the websocket dialer of Run's sessions: the configured one,
// with its dials ending when ctx does and their connections kept for
// open to cut.
func (a *Adapter) dialer(ctx context.Context) *websocket.Dialer {
	base := a.cfg.Dialer
	if base == nil {
		base = websocket.DefaultDialer
	}
	d := *base
	dial := d.NetDialContext
	if dial == nil && d.NetDial != nil {
		netDial := d.NetDial
		dial = func(_ context.Context, network, addr string) (net.Conn, error) { return netDial(network, addr) }
	}
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	d.NetDial = nil
	d.NetDialContext = func(dctx context.Context, network, addr string) (net.Conn, error) {
		dctx, cancel := context.WithCancel(dctx)
		defer cancel()
		stop := context.AfterFunc(ctx, cancel)
		defer stop()
		conn, err := dial(dctx, network, addr)
		if err == nil {
			a.mu.Lock()
			a.conn = conn
			a.mu.Unlock()
		}
		return conn, err
	}
	return &d
}
