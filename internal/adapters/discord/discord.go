// Package discord connects Treadwell to Discord with
// github.com/bwmarrin/discordgo: slash commands, buttons, and direct
// messages. It only translates between Discord and the neutral chat
// types; the engine holds the conversation.
//
// Like the Telegram adapter it is split by idea: this file holds the
// configuration and lifecycle; commands.go the slash commands;
// handlers.go turns interactions and DMs into chat.Incoming and answers
// within Discord's 3 seconds, before any other call; send.go delivers,
// with retries; pacing.go keeps Discord's REST rate limits for every
// request; gateway.go keeps the gateway connected and knows whether it
// is ready; transport.go points REST calls at APIURL; convert.go holds
// pure helpers.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"treadwell/internal/chat"
)

// Config configures the adapter. Zero values take the defaults.
type Config struct {
	Token string // bot token
	AppID string // application id, for slash commands
	// GuildID registers the slash commands in one server (instant, for
	// development) instead of globally.
	GuildID string

	ShardID, ShardCount int // for several replicas; default one shard
	// IdentifyGate, when set, is waited on before every Identify, to
	// space the identifies of all replicas as Discord's max_concurrency
	// allows (store.IdentifyGate, on Redis). Default: this process's
	// identifies alone, one per IdentifyInterval.
	IdentifyGate IdentifyGate

	// APIURL is the base URL of a Discord-compatible server (or a test
	// double) to use instead of Discord: REST calls go to APIURL/api/v9/...,
	// and the gateway is the one its /gateway/bot names. Default Discord.
	APIURL string

	// DeferAfter is how long an interaction may wait for the engine before
	// it is acknowledged as "thinking"; Discord allows 3 seconds.
	DeferAfter time.Duration // default 2s
	Retries    int           // attempts after a 5xx or network error; default 4, negative: none
	MaxBackoff time.Duration // default 10s

	HTTPClient *http.Client      // default discordgo's
	Dialer     *websocket.Dialer // default discordgo's
	Logger     *slog.Logger
	// OnSendError, when set, is told of every failed send: kind
	// "unreachable" (DMs closed) or "other" (metrics).
	OnSendError func(kind chat.SendErrorKind)

	// RateBudget paces every REST request of the bot (interaction
	// answers excepted, as Discord's global limit does) under Discord's
	// 50 a second; share one across replicas (store.RateBudget). Default
	// NewRateBudget(DefaultRate, DefaultBurst), for this process alone.
	RateBudget RateBudget
	// OnInvalidRequest, when set, is told of every response 401, 403 or
	// 429 (but a 429 of scope "shared"): Discord bans the bot's address
	// for a while at 10,000 of them in 10 minutes (metrics).
	OnInvalidRequest func(status int)
}

// Handler is what the adapter feeds: the dialog engine.
type Handler = chat.Handler

// Reachability is an optional ability of the handler: recording that a
// person's DMs refuse messages, or take them again.
type Reachability interface {
	SetReachable(ctx context.Context, addr chat.Address, reachable bool) error
}

// CommandLister is an optional ability of the handler: the command list
// that becomes slash commands.
type CommandLister interface {
	Commands(lang string) []chat.Command
}

// Adapter is the Discord adapter.
type Adapter struct {
	cfg Config
	log *slog.Logger

	apiURL *url.URL // nil: Discord
	pacer  *pacer   // every session's REST transport (pacing.go)

	mu      sync.Mutex
	session *discordgo.Session // the current one: see reconnect
	reach   Reachability
	dms     map[string]string // user id → DM channel id; Discord keeps them stable
	ready   bool              // READY or RESUMED came on the open gateway connection
	gw      *gatewayConn      // the last gateway connection dialled: how it ended, or to cut it
	// readySession is the session that got READY: the one that can resume.
	readySession *discordgo.Session
	maxConc      int // max_concurrency from /gateway/bot; 0: not known yet
	// drops has an entry when the gateway connection closes.
	drops chan struct{}
	// stopping is set when Run closes the gateway for good: only then may
	// the connection close with 1000, which ends the session.
	stopping atomic.Bool
	local    localGate // the default IdentifyGate
}

// Ready reports whether the adapter is connected to the gateway.
func (a *Adapter) Ready() bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.ready
}

func (a *Adapter) setReady(ready bool) {
	a.mu.Lock()
	a.ready = ready
	a.mu.Unlock()
}

// New checks the configuration and returns an adapter. It does not reach
// the network; Run does.
func New(cfg Config) (*Adapter, error) {
	switch {
	case cfg.Token == "":
		return nil, errors.New("discord: DISCORD_TOKEN is empty")
	case cfg.AppID == "":
		return nil, errors.New("discord: DISCORD_APP_ID is required with DISCORD_TOKEN")
	case cfg.ShardCount < 0 || cfg.ShardID < 0 || (cfg.ShardCount > 0 && cfg.ShardID >= cfg.ShardCount):
		return nil, fmt.Errorf("discord: shard %d of %d is not a valid shard", cfg.ShardID, cfg.ShardCount)
	}
	var apiURL *url.URL
	if cfg.APIURL != "" {
		u, err := url.Parse(cfg.APIURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			// The URL is not repeated: it may carry credentials.
			return nil, errors.New("discord: the API URL must be an http:// or https:// URL with a host")
		}
		apiURL = u
	}
	if cfg.ShardCount == 0 {
		cfg.ShardCount = 1
	}
	if cfg.DeferAfter == 0 {
		cfg.DeferAfter = 2 * time.Second
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = 4
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 10 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.OnSendError == nil {
		cfg.OnSendError = func(chat.SendErrorKind) {}
	}
	if cfg.OnInvalidRequest == nil {
		cfg.OnInvalidRequest = func(int) {}
	}
	a := &Adapter{
		cfg: cfg, log: cfg.Logger.With("platform", chat.Discord), apiURL: apiURL,
		dms: map[string]string{}, drops: make(chan struct{}, 1),
	}
	a.pacer = a.newTransport() // REST pacing, shared by every session
	return a, nil
}

// Platform names the platform.
func (a *Adapter) Platform() chat.Platform { return chat.Discord }

// Run connects to the gateway, registers the slash commands, and feeds
// interactions and DMs to h until ctx ends. It reconnects when the
// connection drops, and stops with an error when the gateway refuses the
// bot in a way Discord says not to retry (a wrong token, bad shards,
// intents).
func (a *Adapter) Run(ctx context.Context, h Handler) error {
	// Replies being handled when ctx ends get a grace period.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	var running inflight
	reach, _ := h.(Reachability)
	a.mu.Lock()
	a.reach = reach
	a.mu.Unlock()
	fresh := func(old *discordgo.Session) (*discordgo.Session, error) {
		return a.newSession(ctx, work, h, &running, old)
	}
	if _, err := fresh(nil); err != nil {
		return err
	}
	defer a.setReady(false)

	err := a.connect(ctx, plan{}, true, fresh)
	a.mu.Lock()
	s := a.session
	a.mu.Unlock()
	if err == nil && ctx.Err() == nil {
		if lister, ok := h.(CommandLister); ok {
			a.registerCommands(work, s, lister)
		}
		a.log.Info("connected", "shard", a.cfg.ShardID, "shards", a.cfg.ShardCount)
		err = a.reconnect(ctx, fresh)
	}
	a.stopping.Store(true) // the close below ends the session (code 1000)
	a.mu.Lock()
	s = a.session
	a.mu.Unlock()
	if cerr := s.Close(); cerr != nil {
		a.log.Warn("closing the gateway", failure(cerr)...)
	}
	grace := time.AfterFunc(shutdownGrace, stopWork)
	defer grace.Stop()
	running.wait()
	a.log.Info("stopped")
	return err
}

// newSession makes the discordgo session Run connects with, sharing
// old's rate limits when it replaces old.
func (a *Adapter) newSession(ctx, work context.Context, h Handler, running *inflight, old *discordgo.Session) (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + a.cfg.Token)
	if err != nil {
		return nil, fmt.Errorf("discord: %w", err)
	}
	s.Client = a.httpClient()
	// The adapter's retry decides what is sent again, and the pacer
	// keeps the rate limits (with waits ctx can end): discordgo would
	// re-send 5xx answers and sleep out 429s by itself.
	s.MaxRestRetries = 0
	s.ShouldRetryOnRateLimit = false
	s.Dialer = a.dialer(ctx)
	if old != nil {
		s.Ratelimiter = old.Ratelimiter
	}
	s.ShardID, s.ShardCount = a.cfg.ShardID, a.cfg.ShardCount
	// Direct messages carry their text without the privileged message
	// content intent, and interactions need no intent at all.
	s.Identify.Intents = discordgo.IntentsDirectMessages
	s.StateEnabled = false
	s.LogLevel = discordgo.LogError
	// Run reconnects itself (see reconnect); this is set before the
	// session runs, as discordgo reads it without its lock.
	s.ShouldReconnectOnError = false
	// Handlers run in order, in the goroutine that reads the gateway, so
	// that readiness follows READY, RESUMED and disconnects as they came.
	s.SyncEvents = true
	a.register(work, s, h, running)
	a.mu.Lock()
	a.session = s
	a.mu.Unlock()
	return s, nil
}

// shutdownGrace is how long replies in progress may take at shutdown.
const shutdownGrace = 10 * time.Second
