// Package telegram connects Treadwell to Telegram with gopkg.in/telebot.v3.
// It only translates: Telegram updates become chat.Incoming for the
// engine, and chat.Outgoing become Bot API calls. No dialog logic lives
// here.
//
// The package is split like the other adapters: this file holds the
// configuration and lifecycle; handlers.go turns updates into neutral
// messages; send.go delivers with pacing and retries; poll.go and
// webhook.go receive updates; convert.go holds pure helpers.
package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
	tele "gopkg.in/telebot.v3"

	"treadwell/internal/chat"
)

// DefaultAPIURL is the official Bot API server.
const DefaultAPIURL = "https://api.telegram.org"

// Config configures the adapter. Zero values take the defaults.
type Config struct {
	Token  string
	APIURL string // Bot API server; default DefaultAPIURL

	// Webhook mode when WebhookURL is set: Telegram posts updates to it,
	// this process listens on Listen, and WebhookSecret (required) must
	// come back in every request's X-Telegram-Bot-Api-Secret-Token header.
	WebhookURL    string
	WebhookSecret string
	Listen        string // default ":8443"

	// Pacing of outgoing messages in this process: about 1 per second
	// per chat sustained (with a short burst) and under 30 per second
	// overall; defaults DefaultPerChat, DefaultPerChatBurst, DefaultRate
	// and DefaultBurst.
	PerChat      rate.Limit
	PerChatBurst int
	Global       rate.Limit
	GlobalBurst  int
	// RateBudget and ChatBudget, when set, pace instead of Global and
	// PerChat, shared by every replica of the bot (store.RateBudget and
	// store.ChatRateBudget in Redis). While one fails, this process
	// paces alone by Global or PerChat in its place, with a warning.
	RateBudget RateBudget
	ChatBudget ChatBudget

	Retries    int           // attempts after a 429, 5xx or network error; default 6, negative: none
	MaxBackoff time.Duration // longest wait between retries; default 30s
	// RetryWithin bounds retrying: a call is not tried again once the
	// wait would end later than this after the message was made (a
	// reply) or Send was called. Every call is tried at least once.
	// Default 10s: a person waits seconds, not a minute, for their
	// replies to move on.
	RetryWithin time.Duration
	// CallTimeout bounds each Bot API call but getUpdates (which waits
	// PollTimeout by design), the upload of an image included: a call
	// the server does not answer within it fails as a network error and
	// is retried like one, so a Send of one call (no image, text that
	// fits one message) takes at most about RetryWithin + CallTimeout,
	// pacing aside. Default 10s.
	CallTimeout time.Duration
	PollTimeout time.Duration // long-polling timeout; default 25s

	HTTPClient *http.Client
	Logger     *slog.Logger
	// OnSendError, when set, is told of every failed send: kind
	// "unreachable" (blocked) or "other" (metrics).
	OnSendError func(kind chat.SendErrorKind)
}

// Handler is what the adapter feeds: the dialog engine.
type Handler = chat.Handler

// Reachability is an optional ability of the handler: recording that a
// person's chat refused messages (blocked the bot) or takes them again.
type Reachability interface {
	SetReachable(ctx context.Context, addr chat.Address, reachable bool) error
}

// CommandLister is an optional ability of the handler: the command menu.
type CommandLister interface {
	Commands(lang string) []chat.Command
}

// UpdateLog remembers which webhook updates were taken, shared by every
// replica, so that an update Telegram delivers again (it did not see the
// 200 in time) is acknowledged without being handled twice.
type UpdateLog interface {
	// FirstDelivery records updateID and reports whether it is new.
	FirstDelivery(ctx context.Context, updateID int64) (bool, error)
	// Forget undoes FirstDelivery for an update that was refused after
	// all (shutting down), so that its redelivery is handled.
	Forget(ctx context.Context, updateID int64) error
}

// Adapter is the Telegram adapter.
type Adapter struct {
	cfg   Config
	log   *slog.Logger
	pacer *pacer

	mu      sync.Mutex
	bot     *tele.Bot
	reach   Reachability
	ready   bool
	updates UpdateLog
}

// SetUpdateLog makes webhook mode handle each update_id once across
// replicas. Call it before Run; without it every delivery is handled.
func (a *Adapter) SetUpdateLog(log UpdateLog) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.updates = log
}

// Ready reports whether the adapter is connected and taking updates.
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

var secretRx = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

// New checks the configuration and returns an adapter. It does not reach
// the network; Run does.
func New(cfg Config) (*Adapter, error) {
	if cfg.Token == "" {
		return nil, errors.New("telegram: TELEGRAM_TOKEN is empty")
	}
	if cfg.WebhookURL != "" && cfg.WebhookSecret == "" {
		return nil, errors.New("telegram: TELEGRAM_WEBHOOK_SECRET is required with TELEGRAM_WEBHOOK_URL")
	}
	if cfg.WebhookSecret != "" && !secretRx.MatchString(cfg.WebhookSecret) {
		return nil, errors.New("telegram: TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
	}
	if cfg.APIURL == "" {
		cfg.APIURL = DefaultAPIURL
	}
	if cfg.Listen == "" {
		cfg.Listen = ":8443"
	}
	if cfg.PerChat == 0 {
		cfg.PerChat, cfg.PerChatBurst = DefaultPerChat, DefaultPerChatBurst
	}
	if cfg.PerChatBurst == 0 {
		cfg.PerChatBurst = 1
	}
	if cfg.Global == 0 {
		cfg.Global, cfg.GlobalBurst = DefaultRate, DefaultBurst
	}
	if cfg.GlobalBurst == 0 {
		cfg.GlobalBurst = 1
	}
	switch {
	case cfg.Retries == 0:
		cfg.Retries = 6
	case cfg.Retries < 0:
		cfg.Retries = 0
	}
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 30 * time.Second
	}
	if cfg.RetryWithin == 0 {
		cfg.RetryWithin = 10 * time.Second
	}
	if cfg.CallTimeout == 0 {
		cfg.CallTimeout = 10 * time.Second
	}
	if cfg.PollTimeout == 0 {
		cfg.PollTimeout = 25 * time.Second
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: cfg.PollTimeout + 10*time.Second}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.OnSendError == nil {
		cfg.OnSendError = func(chat.SendErrorKind) {}
	}
	log := cfg.Logger.With("platform", chat.Telegram)
	a := &Adapter{
		cfg:   cfg,
		log:   log,
		pacer: newPacer(cfg.PerChat, cfg.PerChatBurst, cfg.Global, cfg.GlobalBurst, log),
	}
	a.pacer.setBudgets(cfg.RateBudget, cfg.ChatBudget)
	return a, nil
}

// Platform names the platform.
func (a *Adapter) Platform() chat.Platform { return chat.Telegram }

// Run connects, sets the command menu, and feeds updates to h until ctx
// ends. It returns an error only when it cannot start.
func (a *Adapter) Run(ctx context.Context, h Handler) error {
	var poller tele.Poller
	var hook *webhookPoller
	if a.cfg.WebhookURL != "" {
		a.mu.Lock()
		updates := a.updates
		a.mu.Unlock()
		hook = newWebhookPoller(a.cfg.Listen, a.cfg.WebhookSecret, updates, a.log)
		poller = hook
	} else {
		poller = &longPoller{timeout: a.cfg.PollTimeout, maxBackoff: a.cfg.MaxBackoff, log: a.log}
	}
	bot, err := a.connect(ctx, poller)
	if err != nil {
		return err
	}
	// Replies being handled when ctx ends get a grace period to go out;
	// polling stops at once.
	work, stopWork := context.WithCancel(context.WithoutCancel(ctx))
	defer stopWork()
	reach, _ := h.(Reachability)
	a.mu.Lock()
	a.bot, a.reach = bot, reach
	a.mu.Unlock()

	if lister, ok := h.(CommandLister); ok {
		a.setCommands(bot, lister)
	}
	if hook != nil {
		if err := hook.listen(); err != nil {
			return fmt.Errorf("telegram: webhook listener: %w", err)
		}
		err := bot.SetWebhook(&tele.Webhook{
			Endpoint:       &tele.WebhookEndpoint{PublicURL: a.cfg.WebhookURL},
			SecretToken:    a.cfg.WebhookSecret,
			AllowedUpdates: allowedUpdates,
		})
		if err != nil {
			hook.close()
			return fmt.Errorf("telegram: setWebhook: %w", err)
		}
	} else if err := bot.RemoveWebhook(); err != nil {
		// Long polling is refused while a webhook is set.
		a.log.Warn("deleteWebhook failed; long polling may be refused", "err", err)
	}

	d := newDispatcher(work, a, h)
	a.register(bot, d)
	done := make(chan struct{})
	go func() {
		bot.Start()
		close(done)
	}()
	a.log.Info("connected", "bot", bot.Me.Username, "webhook", hook != nil)
	a.setReady(true)
	<-ctx.Done()
	a.setReady(false)
	bot.Stop()
	<-done
	grace := time.AfterFunc(shutdownGrace, stopWork)
	defer grace.Stop()
	d.wait()
	a.log.Info("stopped")
	return nil
}

// shutdownGrace is how long replies in progress may take at shutdown.
const shutdownGrace = 10 * time.Second

// connect creates the telebot client, which asks getMe; a server that
// does not answer is retried with backoff until ctx ends.
func (a *Adapter) connect(ctx context.Context, poller tele.Poller) (*tele.Bot, error) {
	client := *a.cfg.HTTPClient
	base := client.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	client.Transport = apiTransport{base: base, stop: ctx, callTimeout: a.cfg.CallTimeout}
	settings := tele.Settings{
		URL:         a.cfg.APIURL,
		Token:       a.cfg.Token,
		Poller:      poller,
		Client:      &client,
		Synchronous: true, // the dispatcher runs handlers, in order per chat
		OnError: func(err error, _ tele.Context) {
			a.log.Warn("update handling failed", "err", redact(err, a.cfg.Token))
		},
	}
	backoff := time.Second
	for attempt := 1; ; attempt++ {
		bot, err := tele.NewBot(settings)
		if err == nil {
			return bot, nil
		}
		if kind := classify(err); (kind != errTemporary && kind != errFlood) || attempt > a.cfg.Retries {
			return nil, fmt.Errorf("telegram: getMe: %w", redact(err, a.cfg.Token))
		}
		a.log.Warn("Bot API not answering; retrying", "err", redact(err, a.cfg.Token), "in", backoff)
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, a.cfg.MaxBackoff)
	}
}

// groupCommands are the only commands in the menu of group chats: the
// bot keeps health data out of groups, so there it only starts and
// explains (and points at a private chat).
var groupCommands = []string{"start", "help"}

// CommandLanguages is an optional ability of a CommandLister: the
// languages its menu comes in, each set as that language_code's menu.
type CommandLanguages interface {
	CommandLanguages() []string
}

// setCommands sets the command menus: the full menu in private chats, a
// short one in groups (and as the default, which also replaces a full
// menu set without a scope by an older version), each in English for
// every language without a menu of its own and in each other language of
// the lister for its language_code. A server that refuses them (some
// self-hosted ones implement only the core methods) costs a warning.
func (a *Adapter) setCommands(bot *tele.Bot, lister CommandLister) {
	langs := []string{"en"}
	if l, ok := lister.(CommandLanguages); ok {
		for _, lang := range l.CommandLanguages() {
			if lang != "en" && len(lang) == 2 {
				langs = append(langs, lang)
			}
		}
	}
	for _, lang := range langs {
		code := lang
		if lang == "en" {
			code = "" // the menu of every language without one
		}
		var full, short []tele.Command
		for _, c := range lister.Commands(lang) {
			tc := tele.Command{Text: c.Name, Description: c.Description}
			full = append(full, tc)
			if slices.Contains(groupCommands, c.Name) {
				short = append(short, tc)
			}
		}
		menus := []struct {
			scope string
			cmds  []tele.Command
		}{{tele.CommandScopeAllPrivateChats, full}, {tele.CommandScopeAllGroupChats, short}, {tele.CommandScopeDefault, short}}
		for _, m := range menus {
			if len(m.cmds) == 0 {
				continue
			}
			if err := bot.SetCommands(m.cmds, code, tele.CommandScope{Type: m.scope}); err != nil {
				a.log.Warn("setMyCommands refused; the command menu stays as it was", "scope", m.scope, "lang", lang, "err", redact(err, a.cfg.Token))
				return
			}
		}
	}
}

// Username is the bot's username once Run has connected ("" before), for
// t.me deep links.
func (a *Adapter) Username() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.bot == nil || a.bot.Me == nil {
		return ""
	}
	return a.bot.Me.Username
}
