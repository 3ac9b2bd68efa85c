package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"treadwell/internal/store"
)

// config is the bot's configuration. Every setting is an environment
// variable with a matching flag; a flag given on the command line wins.
type config struct {
	RedisURL    string
	RedisPrefix string

	TelegramToken         string
	TelegramAPIURL        string
	TelegramWebhookURL    string
	TelegramWebhookSecret string
	TelegramListen        string

	DiscordToken      string
	DiscordAppID      string
	DiscordAPIURL     string
	DiscordGuildID    string
	DiscordShardID    int
	DiscordShardCount int

	// Console runs the terminal chat; by default only when no platform
	// is configured.
	Console bool

	// LateWindow is how late a reminder may still go out after downtime.
	LateWindow time.Duration

	// HTTPAddr serves /healthz, /readyz and /metrics; "" serves nothing.
	HTTPAddr string

	LogLevel  slog.Level
	LogFormat string

	// secrets hides the tokens, the webhook secret and the URLs'
	// credentials in errors, logs and panics.
	secrets *redactor
}

// setting ties a flag to its environment variable. kind is the type of
// value it takes, as -h shows it (every flag is read as text first, so
// the environment and the command line go through one check).
type setting struct {
	env, flag, kind, def, usage string
	dst                         *string
}

// parseConfig reads flags and environment (getenv) into a config, and
// checks every value. Its errors are one line that begins with the
// variable's name; they never hold a secret. Usage (-h) goes to stderr
// and shows no environment value.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var cfg config
	var level, console, shardID, shardCount, lateWindow string
	settings := []setting{
		{"REDIS_URL", "redis-url", "url", "", "redis:// or rediss:// URL; empty: an embedded in-memory Redis (nothing survives a restart)", &cfg.RedisURL},
		{"REDIS_PREFIX", "redis-prefix", "string", "tw", "prefix of every Redis key", &cfg.RedisPrefix},
		{"TELEGRAM_TOKEN", "telegram-token", "token", "", "Telegram bot token from BotFather; enables the Telegram adapter", &cfg.TelegramToken},
		{"TELEGRAM_API_URL", "telegram-api-url", "url", "", "Bot API server base URL (default the official one)", &cfg.TelegramAPIURL},
		{"TELEGRAM_WEBHOOK_URL", "telegram-webhook-url", "url", "", "public HTTPS URL for webhook mode; empty: long polling", &cfg.TelegramWebhookURL},
		{"TELEGRAM_WEBHOOK_SECRET", "telegram-webhook-secret", "secret", "", "secret Telegram sends with every webhook request (required in webhook mode)", &cfg.TelegramWebhookSecret},
		{"TELEGRAM_LISTEN", "telegram-listen", "host:port", ":8443", "address the webhook listener binds", &cfg.TelegramListen},
		{"DISCORD_TOKEN", "discord-token", "token", "", "Discord bot token; enables the Discord adapter", &cfg.DiscordToken},
		{"DISCORD_APP_ID", "discord-app-id", "id", "", "Discord application id (required with DISCORD_TOKEN)", &cfg.DiscordAppID},
		{"DISCORD_API_URL", "discord-api-url", "url", "", "base URL of a Discord-compatible server or test double (default Discord's); https://, or http:// on loopback only", &cfg.DiscordAPIURL},
		{"DISCORD_GUILD_ID", "discord-guild-id", "id", "", "register slash commands in this server only (instant; for development)", &cfg.DiscordGuildID},
		{"DISCORD_SHARD_ID", "discord-shard-id", "int", "0", "this replica's shard", &shardID},
		{"DISCORD_SHARD_COUNT", "discord-shard-count", "int", "1", "number of shards across replicas", &shardCount},
		{"CONSOLE", "console", "bool", "", "true: also run the terminal chat; default: only when no platform token is set", &console},
		{"HTTP_ADDR", "http-addr", "host:port", "", "listener for /healthz, /readyz and /metrics, e.g. :8080 (empty: none)", &cfg.HTTPAddr},
		{"REMINDER_LATE_WINDOW", "reminder-late-window", "duration", "2h", "how late a reminder may still go out after downtime (older ones skip to the next day)", &lateWindow},
		{"LOG_LEVEL", "log-level", "level", "", "debug, info, warn or error (default info; warn for the terminal chat alone)", &level},
		{"LOG_FORMAT", "log-format", "text|json", "text", "text or json", &cfg.LogFormat},
	}
	fs := flag.NewFlagSet("bot", flag.ContinueOnError)
	// The flag package would print its error and the whole usage on a
	// mistyped flag; the error is returned instead, as one line.
	fs.SetOutput(io.Discard)
	for _, s := range settings {
		// The default shown by -h is the built-in one, never the
		// environment's value: that would print tokens and passwords.
		fs.StringVar(s.dst, s.flag, s.def, s.usage)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stderr, settings)
			return config{}, err
		}
		if strings.HasPrefix(err.Error(), "bad flag syntax") {
			// It repeats the argument, which may be a secret.
			return config{}, errors.New("bad flag syntax (bot -h lists the flags)")
		}
		return config{}, fmt.Errorf("%w (bot -h lists the flags)", err)
	}
	// The environment fills what the command line did not set.
	onCommandLine := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { onCommandLine[f.Name] = true })
	for _, s := range settings {
		if v := getenv(s.env); v != "" && !onCommandLine[s.flag] {
			*s.dst = v
		}
	}
	cfg.secrets = newRedactor(
		[]string{cfg.TelegramToken, cfg.DiscordToken, cfg.TelegramWebhookSecret},
		[]string{cfg.RedisURL, cfg.TelegramAPIURL, cfg.TelegramWebhookURL, cfg.DiscordAPIURL},
	)
	if fs.NArg() > 0 {
		if commandLike.MatchString(fs.Arg(0)) {
			return config{}, fmt.Errorf("unexpected argument %q (subcommands: schedule, healthcheck, stats, backup, restore, export-person, delete-person; bot -h lists the flags)", fs.Arg(0))
		}
		// Not shown: it may be a secret given without its flag.
		return config{}, errors.New("unexpected argument after the flags (bot -h lists the flags)")
	}
	if err := cfg.fill(level, console, shardID, shardCount, lateWindow); err != nil {
		return config{}, cfg.secrets.wrap(err)
	}
	if err := validate(cfg); err != nil {
		return config{}, cfg.secrets.wrap(err)
	}
	return cfg, nil
}

const usageHead = `Usage:
  bot [flags]            the bot (the terminal chat when no platform token is set)
  bot schedule -h        print the next reminders of a schedule
  bot healthcheck        ask the running bot for /healthz (exit 0 or 1)
` + "%s" + `
Each flag has an environment variable (beside it); the flag wins.
The defaults shown are the built-in ones: values from the environment,
tokens and passwords among them, are never shown.

`

// printUsage is -h: the subcommands, then each flag with the kind of
// value it takes, its variable and its built-in default. (The flag
// package's own listing would call every one of them a string.)
func printUsage(w io.Writer, settings []setting) {
	fmt.Fprintf(w, usageHead, opsUsage())
	for _, s := range settings {
		fmt.Fprintf(w, "  -%s %s  ($%s)\n    \t%s", s.flag, s.kind, s.env, s.usage)
		if s.def != "" {
			fmt.Fprintf(w, " (default %q)", s.def)
		}
		fmt.Fprintln(w)
	}
}

// commandLike is a stray argument worth repeating in an error: a word,
// such as a mistyped subcommand.
var commandLike = regexp.MustCompile(`^[a-z][a-z-]{0,19}$`)

// fill turns the settings that are not strings into cfg's fields.
func (cfg *config) fill(level, console, shardID, shardCount, lateWindow string) error {
	if level != "" {
		if err := cfg.LogLevel.UnmarshalText([]byte(level)); err != nil {
			return fmt.Errorf("LOG_LEVEL: %q is not debug, info, warn or error", level)
		}
	}
	switch strings.ToLower(cfg.LogFormat) {
	case "text", "json":
		cfg.LogFormat = strings.ToLower(cfg.LogFormat)
	default:
		return fmt.Errorf("LOG_FORMAT: %q is not text or json", cfg.LogFormat)
	}
	var err error
	if cfg.LateWindow, err = time.ParseDuration(lateWindow); err != nil {
		return fmt.Errorf("REMINDER_LATE_WINDOW: %q is not a duration like 2h or 90m", lateWindow)
	}
	if cfg.LateWindow < time.Minute {
		return fmt.Errorf("REMINDER_LATE_WINDOW: %s is under a minute; use at least 1m (default 2h)", cfg.LateWindow)
	}
	if cfg.DiscordShardID, err = strconv.Atoi(shardID); err != nil {
		return fmt.Errorf("DISCORD_SHARD_ID: %q is not a number", shardID)
	}
	if cfg.DiscordShardCount, err = strconv.Atoi(shardCount); err != nil {
		return fmt.Errorf("DISCORD_SHARD_COUNT: %q is not a number", shardCount)
	}
	platforms := cfg.TelegramToken != "" || cfg.DiscordToken != ""
	cfg.Console = !platforms
	if console != "" {
		on, err := strconv.ParseBool(console)
		if err != nil {
			return fmt.Errorf("CONSOLE: %q is not true or false", console)
		}
		cfg.Console = on
	}
	if !cfg.Console && !platforms {
		return errors.New("nothing to run: set TELEGRAM_TOKEN or DISCORD_TOKEN, or leave CONSOLE unset for the terminal chat")
	}
	if level == "" && cfg.Console && !platforms {
		// The terminal chat shares the screen with the logs: only
		// problems, unless asked.
		cfg.LogLevel = slog.LevelWarn
	}
	return nil
}

var (
	// A Telegram bot token: the bot's id, a colon and 35 characters
	// (some leeway either side).
	telegramTokenRx = regexp.MustCompile(`^[0-9]{1,20}:[A-Za-z0-9_-]{30,100}$`)
	// A Discord bot token: three base64url parts joined by dots (the
	// bot's id, a timestamp, an HMAC), 59 to about 72 characters.
	discordTokenRx = regexp.MustCompile(`^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$`)
	// A Discord id (snowflake).
	snowflakeRx = regexp.MustCompile(`^[0-9]{1,20}$`)
	// What Telegram accepts as a webhook secret.
	webhookSecretRx = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)
	// A host name in a listen address.
	hostRx = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)
)

// validate checks values whose mistakes would otherwise show up late,
// in the order of the README's table. Each error begins with the
// variable's name and says what is wrong; it never repeats a secret
// (parseConfig also hides any that slipped through).
func validate(cfg config) error {
	if cfg.RedisURL != "" {
		if err := checkRedisURL(cfg.RedisURL); err != nil {
			return fmt.Errorf("REDIS_URL: %w", err)
		}
	}
	if strings.ContainsAny(cfg.RedisPrefix, "{}") {
		return fmt.Errorf("REDIS_PREFIX: %q has { or }, which would move keys out of their Redis Cluster hash slot", cfg.RedisPrefix)
	}
	if cfg.TelegramToken != "" {
		if err := checkTelegramToken(cfg.TelegramToken); err != nil {
			return fmt.Errorf("TELEGRAM_TOKEN: %w", err)
		}
	}
	if cfg.TelegramAPIURL != "" {
		if err := checkURL(cfg.TelegramAPIURL, "http", "https"); err != nil {
			return fmt.Errorf("TELEGRAM_API_URL: %w", err)
		}
	}
	if cfg.TelegramWebhookURL != "" {
		if err := checkURL(cfg.TelegramWebhookURL, "https"); err != nil {
			return fmt.Errorf("TELEGRAM_WEBHOOK_URL: %w", err)
		}
		if cfg.TelegramWebhookSecret == "" {
			return errors.New("TELEGRAM_WEBHOOK_SECRET: required with TELEGRAM_WEBHOOK_URL (webhook mode)")
		}
	}
	if cfg.TelegramWebhookSecret != "" && !webhookSecretRx.MatchString(cfg.TelegramWebhookSecret) {
		return errors.New("TELEGRAM_WEBHOOK_SECRET: must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
	}
	if err := checkListen(cfg.TelegramListen); err != nil {
		return fmt.Errorf("TELEGRAM_LISTEN: %w", err)
	}
	if cfg.DiscordToken != "" {
		if err := checkDiscordToken(cfg.DiscordToken); err != nil {
			return fmt.Errorf("DISCORD_TOKEN: %w", err)
		}
		if cfg.DiscordAppID == "" {
			return errors.New("DISCORD_APP_ID: required with DISCORD_TOKEN (the Application ID in the Developer Portal)")
		}
	}
	if cfg.DiscordAPIURL != "" {
		if err := checkDiscordAPIURL(cfg.DiscordAPIURL); err != nil {
			return fmt.Errorf("DISCORD_API_URL: %w", err)
		}
	}
	for _, id := range []struct{ name, value string }{
		{"DISCORD_APP_ID", cfg.DiscordAppID},
		{"DISCORD_GUILD_ID", cfg.DiscordGuildID},
	} {
		if id.value == "" {
			continue
		}
		if _, err := strconv.ParseUint(id.value, 10, 64); err != nil || !snowflakeRx.MatchString(id.value) {
			// The value is not repeated: a mistaken paste may be a secret.
			return fmt.Errorf("%s: not an id (a Discord id is digits only)", id.name)
		}
	}
	if cfg.DiscordShardCount < 1 {
		return fmt.Errorf("DISCORD_SHARD_COUNT: must be at least 1, not %d", cfg.DiscordShardCount)
	}
	if cfg.DiscordShardID < 0 || cfg.DiscordShardID >= cfg.DiscordShardCount {
		return fmt.Errorf("DISCORD_SHARD_ID: %d is out of range for DISCORD_SHARD_COUNT=%d (0 to %d)", cfg.DiscordShardID, cfg.DiscordShardCount, cfg.DiscordShardCount-1)
	}
	if cfg.HTTPAddr != "" {
		if err := checkListen(cfg.HTTPAddr); err != nil {
			return fmt.Errorf("HTTP_ADDR: %w", err)
		}
	}
	return nil
}

// checkRedisURL: what store.ParseURL checks, and a host and ports that
// can be reached (go-redis would quietly use localhost for no host).
func checkRedisURL(raw string) error {
	if _, err := store.ParseURL(raw); err != nil {
		return err
	}
	u, err := url.Parse(raw) // ParseURL parsed it already
	if err != nil {
		return errors.New("not a URL")
	}
	if u.Hostname() == "" {
		return errors.New("no host (e.g. redis://localhost:6379/0)")
	}
	if p := u.Port(); p != "" {
		if err := checkPort(p); err != nil {
			return err
		}
	}
	for _, addr := range u.Query()["addr"] {
		host, port, err := net.SplitHostPort(addr)
		if err != nil || host == "" {
			return fmt.Errorf("addr %q is not host:port", addr)
		}
		if err := checkPort(port); err != nil {
			return fmt.Errorf("addr %q: %w", addr, err)
		}
	}
	return nil
}

// checkURL: an absolute URL of one of schemes, with a host and a valid
// port. Errors do not repeat the URL (it may hold credentials, and a
// webhook path often holds a secret).
func checkURL(raw string, schemes ...string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return errors.New("not a URL (a reserved character of a password must be %-escaped)")
	}
	if !slices.Contains(schemes, u.Scheme) {
		return fmt.Errorf("must begin with %s://", strings.Join(schemes, ":// or "))
	}
	if u.Hostname() == "" {
		return errors.New("no host")
	}
	if p := u.Port(); p != "" {
		if err := checkPort(p); err != nil {
			return err
		}
	}
	return nil
}

// checkDiscordAPIURL: https, or http to this machine only. Every request
// carries the bot token, which plain http would show to the network; a
// test double or a local proxy on loopback is the one use for it.
func checkDiscordAPIURL(raw string) error {
	if err := checkURL(raw, "http", "https"); err != nil {
		return err
	}
	u, _ := url.Parse(raw) // checkURL parsed it
	if u.Scheme == "https" {
		return nil
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return errors.New("http:// only for localhost or a loopback address (the requests carry the bot token); use https://")
	}
	return nil
}

// checkListen: an address to listen on, [host]:port.
func checkListen(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q is not host:port (e.g. :8080)", addr)
	}
	if host != "" && net.ParseIP(host) == nil && !hostRx.MatchString(host) {
		return fmt.Errorf("%q: %q is not a host name or IP address", addr, host)
	}
	if err := checkPort(port); err != nil {
		return fmt.Errorf("%q: %w", addr, err)
	}
	return nil
}

func checkPort(port string) error {
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 || strings.TrimLeft(port, "0123456789") != "" {
		return fmt.Errorf("port %q is not a number from 1 to 65535", port)
	}
	return nil
}

// checkTelegramToken: the shape of a token BotFather gives. Errors never
// repeat it.
func checkTelegramToken(tok string) error {
	switch {
	case telegramTokenRx.MatchString(tok):
		return nil
	case strings.TrimSpace(tok) != tok || strings.ContainsAny(tok, " \t\r\n"):
		return errors.New("has spaces or a line break; set the token alone")
	case strings.HasPrefix(tok, "bot") && telegramTokenRx.MatchString(tok[3:]):
		return errors.New(`begins with "bot"; set the token alone, as BotFather gave it`)
	default:
		return errors.New("not a bot token; BotFather gives one like 123456789:AA... (digits, a colon, then 35 of A-Z a-z 0-9 _ -)")
	}
}

// checkDiscordToken: the shape of a Discord bot token. Errors never
// repeat it.
func checkDiscordToken(tok string) error {
	switch {
	case discordTokenRx.MatchString(tok) && len(tok) >= 50 && len(tok) <= 200:
		return nil
	case strings.HasPrefix(tok, "Bot "):
		return errors.New(`begins with "Bot "; set the token alone`)
	case strings.TrimSpace(tok) != tok || strings.ContainsAny(tok, " \t\r\n"):
		return errors.New("has spaces or a line break; set the token alone")
	default:
		return errors.New("not a bot token (the Bot page's token has three parts joined by dots; the client secret and public key are not it)")
	}
}

// newLogger logs to w in cfg's format and level, hiding every secret of
// cfg in the message and attributes.
func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel, ReplaceAttr: cfg.secrets.attr}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
