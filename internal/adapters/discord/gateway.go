package discord

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// The adapter keeps the gateway connection itself instead of leaving it
// to discordgo, which reconnects forever, even when Discord says not to
// (a reset token, bad shards, intents), cannot say whether the
// connection is ready (its Open returns on any first payload after
// Identify, READY or not), and identifies again at once after an
// Invalid Session. Here readiness comes from the READY and RESUMED
// events and ends with the connection, and each reconnect is this
// loop's decision, made from how the connection ended (gatewayConn):
//
//   - A dropped connection, a Reconnect (op 7), a zombie connection or a
//     close code Discord allows a Resume after: the same discordgo
//     session opens again, and discordgo resumes it on the READY's
//     resume_gateway_url with the session id and sequence number, so
//     the events in the gap are replayed.
//   - Invalid Session (op 9): after a random 1-5 s, a resume if Discord
//     said the session may be resumed, else a new session that
//     identifies.
//   - Close codes 4007 and 4009 (Discord: start a new session): a new
//     session.
//   - The close codes Discord says not to reconnect on: Run stops.
//
// Every identify first passes the IdentifyGate for the shard's
// max_concurrency bucket.

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

// newSessionCloseCodes are the close codes after which Discord wants a
// new session, not a Resume.
var newSessionCloseCodes = map[int]bool{4007: true, 4009: true}

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

// IdentifyGate spaces the identifies of every replica of the bot (every
// process with its token) as Discord's max_concurrency allows: one per
// bucket (shard id % max_concurrency) per 5 seconds. Wait returns when
// this process may send an Identify for bucket, or ctx's error. The
// store's Redis implementation is shared by all replicas on one Redis.
type IdentifyGate interface {
	Wait(ctx context.Context, bucket int) error
}

// SetIdentifyGate sets Config.IdentifyGate: the gate shared by the
// replicas, when it is made after the adapter (cmd/bot's store). Call it
// before Run.
func (a *Adapter) SetIdentifyGate(g IdentifyGate) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cfg.IdentifyGate = g
}

// IdentifyInterval is how far apart a gate lets the identifies of one
// bucket go: Discord's 5 seconds, and one more for the connection that
// follows Wait (dial, TLS, Hello) to reach the Identify, which is what
// Discord times.
const IdentifyInterval = 6 * time.Second

// localGate is the IdentifyGate of a process alone: the default.
type localGate struct {
	mu   sync.Mutex
	next map[int]time.Time // bucket -> earliest next identify
}

func (g *localGate) Wait(ctx context.Context, bucket int) error {
	g.mu.Lock()
	if g.next == nil {
		g.next = map[int]time.Time{}
	}
	now := time.Now()
	at := now
	if next := g.next[bucket]; next.After(now) {
		at = next
	}
	g.next[bucket] = at.Add(IdentifyInterval)
	g.mu.Unlock()
	return sleep(ctx, at.Sub(now))
}

// sleep waits d or until ctx ends (its error).
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// registerGateway follows the connection's state. The session runs these
// in order with its other events (SyncEvents), so a Disconnect cannot
// overtake the READY of the connection after it.
func (a *Adapter) registerGateway(s *discordgo.Session) {
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Ready) {
		a.mu.Lock()
		if a.session == s {
			a.readySession = s // its next Open resumes
		}
		a.mu.Unlock()
		a.connected(s)
	})
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Resumed) { a.connected(s) })
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Disconnect) { a.disconnected(s) })
}

// disconnected follows a Disconnect event of s. discordgo can send one
// late, for a connection already replaced: its heartbeat and its reader
// both close a connection that fails (a zombie's), and the second Close
// emits Disconnect again even though it had nothing left to close, by
// which time the adapter may have opened the next connection. The event
// carries no connection, so it counts only while the last connection
// dialled has ended; otherwise it would mark a live connection not ready
// and nothing would ever set it ready again.
func (a *Adapter) disconnected(s *discordgo.Session) {
	a.mu.Lock()
	if a.session != s { // a replaced session closing late
		a.mu.Unlock()
		return
	}
	if a.gw != nil {
		if _, over := a.gw.ended(); !over { // a late second close
			a.mu.Unlock()
			return
		}
	}
	a.ready = false
	a.mu.Unlock()
	select {
	case a.drops <- struct{}{}:
	default: // one is waiting already: a second close of that connection
	}
}

func (a *Adapter) connected(s *discordgo.Session) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.session == s {
		a.ready = true
	}
}

// plan is what the next connection attempt does.
type plan struct {
	fatal    error         // stop: Discord refused the bot for good
	identify bool          // start a new session instead of resuming
	wait     time.Duration // before the attempt
	refused  bool          // Discord answered (a close code, op 9): worth retrying even at start-up
}

// planFor decides what follows a connection's end, or a failed attempt
// (err, which may carry the end).
func planFor(end gwEnd, err error) plan {
	var ge *gatewayError
	var ce *websocket.CloseError
	switch {
	case errors.As(err, &ge):
		end = ge.end
	case errors.As(err, &ce):
		end = gwEnd{kind: endClosed, code: ce.Code, text: ce.Text}
	case discordBusy(err):
		// Discord answered, busy: a 5xx or a rate limit on GET
		// /gateway/bot. Worth retrying even at start-up.
		return plan{refused: true}
	case err != nil:
		return plan{} // the network or a REST call: retry after the backoff
	}
	switch end.kind {
	case endClosed:
		ce := &websocket.CloseError{Code: end.code, Text: end.text}
		if f := fatal(ce); f != nil {
			return plan{fatal: f}
		}
		return plan{identify: newSessionCloseCodes[end.code], refused: true}
	case endInvalid:
		// A random 1-5 s, so that identifies do not storm.
		return plan{identify: !end.resumable, wait: time.Second + rand.N(4*time.Second), refused: true}
	}
	return plan{refused: end.kind != endDropped}
}

// connect opens the gateway connection of the current session, trying
// again as Discord allows until one is open (nil), ctx ends (nil) or
// Discord refuses the bot for good (that error). first is the plan for
// the first attempt. At start-up (startup), a failure that is not
// Discord's answer (a network error) ends it with that error.
func (a *Adapter) connect(ctx context.Context, first plan, startup bool, fresh func(*discordgo.Session) (*discordgo.Session, error)) error {
	p := first
	var backoff time.Duration
	unreached := 0 // resumes in a row that did not reach a gateway
	for {
		if p.fatal != nil {
			return p.fatal
		}
		if sleep(ctx, p.wait) != nil {
			return nil
		}
		a.mu.Lock()
		s, resumable := a.session, a.readySession == a.session
		a.mu.Unlock()
		if p.identify && resumable {
			ns, err := fresh(s)
			if err != nil {
				return err
			}
			s, resumable = ns, false
		}
		if !resumable {
			if err := a.waitIdentify(ctx, s); err != nil {
				return nil // ctx ended
			}
		}
		err := a.open(ctx, s)
		if ctx.Err() != nil {
			return nil
		}
		if err == nil || errors.Is(err, discordgo.ErrWSAlreadyOpen) {
			return nil
		}
		p = planFor(gwEnd{}, err)
		if p.fatal != nil {
			return p.fatal
		}
		if startup && !p.refused {
			return fmt.Errorf("discord: open gateway: %w", err)
		}
		if resumable && !p.refused {
			// A resume goes to READY's resume_gateway_url only; when that
			// host stays out of reach, a new session on the gateway URL
			// loses the gap's events but gets the bot back.
			if unreached++; unreached >= maxUnreachedResumes {
				a.log.Warn("resume_gateway_url cannot be reached; starting a new session", failure(err)...)
				p.identify, unreached = true, 0
				continue // the identify gate paces it, not the backoff
			}
		}
		backoff = min(max(2*backoff, time.Second), maxReconnectBackoff)
		p.wait = max(p.wait, backoff/2+rand.N(backoff/2))
		a.log.Warn("connecting to the gateway failed", append(failure(err), "retry_in", p.wait.Round(time.Millisecond))...)
	}
}

// reconnect keeps the gateway connected until ctx ends (nil) or Discord
// refuses the bot for good (that error).
func (a *Adapter) reconnect(ctx context.Context, fresh func(*discordgo.Session) (*discordgo.Session, error)) error {
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-a.drops:
		}
		a.mu.Lock()
		gc := a.gw
		a.mu.Unlock()
		end := gwEnd{kind: endDropped}
		if gc != nil {
			var over bool
			if end, over = gc.ended(); !over {
				continue // a late second close of a connection replaced since
			}
		}
		p := planFor(end, nil)
		if p.fatal == nil {
			a.log.Info("the gateway connection ended; reconnecting", "why", end.String())
		}
		if err := a.connect(ctx, p, false, fresh); err != nil || ctx.Err() != nil {
			return err
		}
		a.log.Info("reconnected to the gateway")
	}
}

func (e gwEnd) String() string {
	switch e.kind {
	case endClosed:
		return fmt.Sprintf("close code %d", e.code)
	case endInvalid:
		return fmt.Sprintf("invalid session (resumable %v)", e.resumable)
	case endReconnect:
		return "reconnect requested"
	case endZombie:
		return "no heartbeat ACK"
	}
	return "connection dropped"
}

// maxUnreachedResumes is how many resumes in a row may fail to reach
// resume_gateway_url before the adapter starts a new session instead.
const maxUnreachedResumes = 3

// maxReconnectBackoff bounds the wait between reconnect attempts.
const maxReconnectBackoff = 2 * time.Minute

// waitIdentify waits until s may identify: the IdentifyGate of the
// shard's max_concurrency bucket. A gate that fails (Redis away) is
// replaced by the process's own pacing for that identify.
func (a *Adapter) waitIdentify(ctx context.Context, s *discordgo.Session) error {
	bucket := a.cfg.ShardID % a.maxConcurrency(ctx, s)
	a.mu.Lock()
	gate := a.cfg.IdentifyGate
	a.mu.Unlock()
	if gate == nil {
		return a.local.Wait(ctx, bucket)
	}
	err := gate.Wait(ctx, bucket)
	if err != nil && ctx.Err() == nil {
		a.log.Warn("the identify gate failed; pacing this process's identifies alone", failure(err)...)
		return a.local.Wait(ctx, bucket)
	}
	return err
}

// maxConcurrency is session_start_limit.max_concurrency from GET
// /gateway/bot, asked once per Run (again after a failure); 1 until
// known, which is never too fast.
func (a *Adapter) maxConcurrency(ctx context.Context, s *discordgo.Session) int {
	a.mu.Lock()
	known := a.maxConc
	a.mu.Unlock()
	if known > 0 {
		return known
	}
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	gb, err := s.GatewayBot(discordgo.WithContext(rctx))
	if err != nil || gb.SessionStartLimit.MaxConcurrency < 1 {
		if ctx.Err() == nil {
			a.log.Warn("GET /gateway/bot failed; identifying one shard at a time", failure(err)...)
		}
		return 1
	}
	if l := gb.SessionStartLimit; l.Remaining < 100 {
		a.log.Warn("few gateway session starts left today: at 0 Discord resets the token",
			"remaining", l.Remaining, "total", l.Total, "reset_after_ms", l.ResetAfter)
	}
	a.mu.Lock()
	a.maxConc = gb.SessionStartLimit.MaxConcurrency
	a.mu.Unlock()
	return gb.SessionStartLimit.MaxConcurrency
}

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
		gc := a.gw
		a.mu.Unlock()
		if gc != nil {
			gc.Close() // Open's read fails, and it returns
		}
		<-done
		return ctx.Err()
	}
}

// discordBusy reports whether err is Discord answering a REST call with
// a server error (as the pacer gives it) or a rate limit: a bad moment
// on Discord's side, not a refusal of the bot.
func discordBusy(err error) bool {
	var se *serverError
	var rl *discordgo.RateLimitError
	var rlv discordgo.RateLimitError
	return errors.As(err, &se) || errors.As(err, &rl) || errors.As(err, &rlv)
}
