// Command bot runs Treadwell: the dialog engine with Redis, and the
// configured platform adapters side by side. With no platform token set
// it is a terminal chat for one local person:
//
//	go run ./cmd/bot
//
// Configuration comes from environment variables or matching flags; see
// the README.
package main

import (
	"context"

	"github.com/redis/go-redis/v9"

	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"treadwell/internal/adapters/console"
	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/telegram"
	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/metrics"
	"treadwell/internal/reminders"
	"treadwell/internal/store"
	"treadwell/messages"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// adapter is a platform connection the bot runs.
type adapter interface {
	chat.Sender
	Platform() chat.Platform
	Run(ctx context.Context, h chat.Handler) error
}

// The adapters that pace their sends ask a reminder's last-moment check
// (no /stop since it was composed) after their waits, not before.
var (
	_ reminders.GatedSender = (*telegram.Adapter)(nil)
	_ reminders.GatedSender = (*discord.Adapter)(nil)
)

// background is work that runs until ctx ends (the reminder dispatcher).
type background interface {
	Run(ctx context.Context) error
}

// run is the whole program, with its surroundings passed in so tests can
// drive it. It returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) (code int) {
	// Until the configuration is read, the secrets are the
	// environment's.
	secrets := newRedactor(
		[]string{getenv("TELEGRAM_TOKEN"), getenv("DISCORD_TOKEN"), getenv("TELEGRAM_WEBHOOK_SECRET")},
		[]string{getenv("REDIS_URL"), getenv("TELEGRAM_API_URL"), getenv("TELEGRAM_WEBHOOK_URL"), getenv("DISCORD_API_URL")},
	)
	defer func() {
		// A panic's value may hold a token or a URL: print it, and
		// the stack, with the secrets hidden (exit 1: not a
		// configuration mistake).
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "treadwell: panic: %s\n%s", secrets.Redact(fmt.Sprint(p)), secrets.Redact(string(debug.Stack())))
			code = 1
		}
	}()
	if len(args) > 0 {
		switch args[0] {
		case "schedule":
			return runSchedule(args[1:], time.Now(), stdout, stderr)
		case "healthcheck":
			return runHealthcheck(getenv, stderr)
		}
		if _, ok := opsCommands[args[0]]; ok {
			return runOps(ctx, args[0], args[1:], stdout, stderr, getenv)
		}
	}
	cfg, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "treadwell:", secrets.Redact(err.Error()))
		return 2
	}
	secrets = cfg.secrets
	log := newLogger(cfg, stderr)
	redis.SetLogger(redisLogger{log})

	msgs, err := messages.Load()
	if err != nil {
		log.Error("load messages", "err", err)
		return 1
	}
	reg, m := metrics.NewRegistry()

	var adapters []adapter
	var tg *telegram.Adapter
	var dc *discord.Adapter
	if cfg.TelegramToken != "" {
		var err error
		tg, err = telegram.New(telegram.Config{
			Token:         cfg.TelegramToken,
			APIURL:        cfg.TelegramAPIURL,
			WebhookURL:    cfg.TelegramWebhookURL,
			WebhookSecret: cfg.TelegramWebhookSecret,
			Listen:        cfg.TelegramListen,
			Logger:        log,
			OnSendError:   func(kind chat.SendErrorKind) { m.SendError(chat.Telegram, kind) },
		})
		if err != nil {
			fmt.Fprintln(stderr, "treadwell:", secrets.Redact(err.Error()))
			return 2
		}
		adapters = append(adapters, tg)
	}
	if cfg.DiscordToken != "" {
		var err error
		dc, err = discord.New(discord.Config{
			Token:            cfg.DiscordToken,
			AppID:            cfg.DiscordAppID,
			APIURL:           cfg.DiscordAPIURL,
			GuildID:          cfg.DiscordGuildID,
			ShardID:          cfg.DiscordShardID,
			ShardCount:       cfg.DiscordShardCount,
			Logger:           log,
			OnSendError:      func(kind chat.SendErrorKind) { m.SendError(chat.Discord, kind) },
			OnInvalidRequest: func(status int) { m.InvalidRequest(chat.Discord, status) },
		})
		if err != nil {
			fmt.Fprintln(stderr, "treadwell:", secrets.Redact(err.Error()))
			return 2
		}
		adapters = append(adapters, dc)
	}
	if cfg.Console {
		adapters = append(adapters, console.New(stdin, stdout, console.Options{Lang: langFromEnv(getenv)}))
	}

	rdb, embedded, closeRedis, err := store.Connect(ctx, cfg.RedisURL)
	if err != nil {
		log.Error("connect to Redis", "err", err)
		return 1
	}
	defer closeRedis()
	if embedded {
		log.Warn("REDIS_URL is empty: using an embedded in-memory Redis; nothing will survive a restart")
	}
	st := store.New(rdb, store.Options{Prefix: cfg.RedisPrefix})
	if err := st.LoadScripts(ctx); err != nil {
		log.Warn("preloading Redis scripts failed; the first saves cost one more round trip", "err", err)
	}
	if tg != nil {
		// Telegram posts a webhook update again when it did not see the
		// 200 in time; all replicas check one Redis, so it is handled once.
		tg.SetUpdateLog(st.Dedup(store.TelegramUpdates, store.TelegramUpdateTTL))
	}
	if tg != nil && !embedded {
		// Every replica of the bot paces its Telegram messages through
		// one budget for the bot and one per chat, so N replicas send
		// under 30 a second together, not N times that. (The embedded
		// Redis serves one process, which paces alike in-process, and
		// expires no keys: the per-chat ones would pile up.)
		tg.SetRateBudgets(
			st.RateBudget("telegram", cfg.TelegramToken, telegram.DefaultRate, telegram.DefaultBurst),
			st.ChatRateBudget("telegram", cfg.TelegramToken, telegram.DefaultPerChat, telegram.DefaultPerChatBurst),
		)
	}
	if dc != nil {
		// Every replica of the bot paces its Discord requests through
		// one budget, under Discord's 50 a second.
		dc.SetRateBudget(st.RateBudget("discord", cfg.DiscordToken, discord.DefaultRate, discord.DefaultBurst))
	}
	if dc != nil && !embedded {
		// Replicas share the identify limit of the bot's token: one
		// identify per max_concurrency bucket per 5 s, kept in Redis.
		// (The embedded Redis expires no keys, and serves one process.)
		dc.SetIdentifyGate(st.IdentifyGate())
	}
	engine := dialog.New(st, msgs, dialog.Options{Logger: log, LinkURL: telegramLink(tg), Observer: m, LateWindow: cfg.LateWindow})
	senders := map[chat.Platform]chat.Sender{}
	for _, a := range adapters {
		senders[a.Platform()] = a
	}
	// The tally keeps reminder counts in Redis for `bot stats`.
	tally := st.ReminderTally(nil)
	dispatcher := reminders.New(st, engine, senders, reminders.Options{Logger: log, LateWindow: cfg.LateWindow, Observer: m, Tally: tally})
	jobs := []background{dispatcher, tally}
	if cfg.HTTPAddr != "" {
		jobs = append(jobs, newOpsServer(cfg.HTTPAddr, reg, log, redisReady(rdb), adaptersReady(adapters)))
	}

	if err := runAll(ctx, log, engine, adapters, jobs...); err != nil {
		log.Error("stopped", "err", err)
		return 1
	}
	return 0
}

// runAll runs the adapters side by side until ctx ends (SIGINT, SIGTERM),
// the console's input ends, or one fails to start; then it stops the
// others and waits for them to finish.
func runAll(ctx context.Context, log *slog.Logger, h chat.Handler, adapters []adapter, jobs ...background) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(adapters)+len(jobs))
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := guard(log, fmt.Sprintf("%T", j), func() error { return j.Run(ctx) })
			if err != nil {
				log.Error("stopped", "err", err)
				cancel() // a job that cannot run (a taken port) stops the bot
			}
			errs <- err
		}()
	}
	for _, a := range adapters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := guard(log, string(a.Platform())+" adapter", func() error { return a.Run(ctx, h) })
			if err != nil {
				log.Error("adapter stopped", "platform", a.Platform(), "err", err)
			}
			errs <- err
			// Any adapter ending ends the bot: a console whose input
			// ended, or a platform that could not start.
			cancel()
		}()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			all = append(all, err)
		}
	}
	log.Info("shut down")
	return errors.Join(all...)
}

// guard runs f and turns a panic into an error. The panic's value and
// stack go to log, which hides secrets; the error names only what
// panicked.
func guard(log *slog.Logger, what string, f func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("panic", "in", what, "value", p, "stack", string(debug.Stack()))
			err = fmt.Errorf("%s panicked", what)
		}
	}()
	return f()
}

// langFromEnv turns LANG=en_GB.UTF-8 into "en-GB".
func langFromEnv(getenv func(string) string) string {
	lang := getenv("LANG")
	for i, r := range lang {
		if r == '.' || r == '@' {
			lang = lang[:i]
			break
		}
	}
	out := []rune(lang)
	for i, r := range out {
		if r == '_' {
			out[i] = '-'
		}
	}
	return string(out)
}

// redisReady: Redis answers.
func redisReady(rdb redis.UniversalClient) readiness {
	return func(ctx context.Context) error {
		if err := rdb.Ping(ctx).Err(); err != nil {
			return errors.New("redis does not answer")
		}
		return nil
	}
}

// adaptersReady: every platform adapter is connected.
func adaptersReady(adapters []adapter) readiness {
	return func(context.Context) error {
		for _, a := range adapters {
			if r, ok := a.(interface{ Ready() bool }); ok && !r.Ready() {
				return fmt.Errorf("%s is not connected", a.Platform())
			}
		}
		return nil
	}
}

// telegramLink gives, on other platforms, a t.me deep link that carries a
// /link code to the Telegram bot.
func telegramLink(tg *telegram.Adapter) func(fromPlatform chat.Platform, code string) string {
	return func(fromPlatform chat.Platform, code string) string {
		if tg == nil || fromPlatform == chat.Telegram || tg.Username() == "" {
			return ""
		}
		return "https://t.me/" + tg.Username() + "?start=" + code
	}
}
