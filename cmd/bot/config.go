package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
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
}

// setting ties a flag to its environment variable.
type setting struct {
	env, flag, def, usage string
	dst                   *string
}

// parseConfig reads flags and environment (getenv) into a config.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var cfg config
	var level, console, shardID, shardCount, lateWindow string
	settings := []setting{
		{"REDIS_URL", "redis-url", "", "redis:// or rediss:// URL; empty: an embedded in-memory Redis (nothing survives a restart)", &cfg.RedisURL},
		{"REDIS_PREFIX", "redis-prefix", "tw", "prefix of every Redis key", &cfg.RedisPrefix},
		{"TELEGRAM_TOKEN", "telegram-token", "", "Telegram bot token from BotFather; enables the Telegram adapter", &cfg.TelegramToken},
		{"TELEGRAM_API_URL", "telegram-api-url", "", "Bot API server base URL (default the official one)", &cfg.TelegramAPIURL},
		{"TELEGRAM_WEBHOOK_URL", "telegram-webhook-url", "", "public HTTPS URL for webhook mode; empty: long polling", &cfg.TelegramWebhookURL},
		{"TELEGRAM_WEBHOOK_SECRET", "telegram-webhook-secret", "", "secret Telegram sends with every webhook request (required in webhook mode)", &cfg.TelegramWebhookSecret},
		{"TELEGRAM_LISTEN", "telegram-listen", ":8443", "address the webhook listener binds", &cfg.TelegramListen},
		{"DISCORD_TOKEN", "discord-token", "", "Discord bot token; enables the Discord adapter", &cfg.DiscordToken},
		{"DISCORD_APP_ID", "discord-app-id", "", "Discord application id (required with DISCORD_TOKEN)", &cfg.DiscordAppID},
		{"DISCORD_GUILD_ID", "discord-guild-id", "", "register slash commands in this server only (instant; for development)", &cfg.DiscordGuildID},
		{"DISCORD_SHARD_ID", "discord-shard-id", "0", "this replica's shard", &shardID},
		{"DISCORD_SHARD_COUNT", "discord-shard-count", "1", "number of shards across replicas", &shardCount},
		{"CONSOLE", "console", "", "true: also run the terminal chat; default: only when no platform token is set", &console},
		{"HTTP_ADDR", "http-addr", "", "listener for /healthz, /readyz and /metrics, e.g. :8080 (empty: none)", &cfg.HTTPAddr},
		{"REMINDER_LATE_WINDOW", "reminder-late-window", "2h", "how late a reminder may still go out after downtime (older ones skip to the next day)", &lateWindow},
		{"LOG_LEVEL", "log-level", "", "debug, info, warn or error (default info; warn for the terminal chat alone)", &level},
		{"LOG_FORMAT", "log-format", "text", "text or json", &cfg.LogFormat},
	}
	fs := flag.NewFlagSet("bot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, s := range settings {
		def := s.def
		if v := getenv(s.env); v != "" {
			def = v
		}
		fs.StringVar(s.dst, s.flag, def, s.usage+" ($"+s.env+")")
	}
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		return config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if level != "" {
		if err := cfg.LogLevel.UnmarshalText([]byte(level)); err != nil {
			return config{}, fmt.Errorf("LOG_LEVEL: %q is not debug, info, warn or error", level)
		}
	}
	switch strings.ToLower(cfg.LogFormat) {
	case "text", "json":
		cfg.LogFormat = strings.ToLower(cfg.LogFormat)
	default:
		return config{}, fmt.Errorf("LOG_FORMAT: %q is not text or json", cfg.LogFormat)
	}
	var err error
	if cfg.LateWindow, err = time.ParseDuration(lateWindow); err != nil || cfg.LateWindow <= 0 {
		return config{}, fmt.Errorf("REMINDER_LATE_WINDOW: %q is not a duration like 2h or 90m", lateWindow)
	}
	if cfg.DiscordShardID, err = strconv.Atoi(shardID); err != nil {
		return config{}, fmt.Errorf("DISCORD_SHARD_ID: %q is not a number", shardID)
	}
	if cfg.DiscordShardCount, err = strconv.Atoi(shardCount); err != nil {
		return config{}, fmt.Errorf("DISCORD_SHARD_COUNT: %q is not a number", shardCount)
	}
	platforms := cfg.TelegramToken != "" || cfg.DiscordToken != ""
	cfg.Console = !platforms
	if console != "" {
		on, err := strconv.ParseBool(console)
		if err != nil {
			return config{}, fmt.Errorf("CONSOLE: %q is not true or false", console)
		}
		cfg.Console = on
	}
	if !cfg.Console && !platforms {
		return config{}, errors.New("nothing to run: set TELEGRAM_TOKEN or DISCORD_TOKEN, or leave CONSOLE unset for the terminal chat")
	}
	if level == "" && cfg.Console && !platforms {
		// The terminal chat shares the screen with the logs: only
		// problems, unless asked.
		cfg.LogLevel = slog.LevelWarn
	}
	if err := validate(cfg); err != nil {
		return config{}, err
	}
	return cfg, nil
}

// validate checks values whose mistakes would otherwise show up late:
// each error names the variable and what is wrong, never a secret.
func validate(cfg config) error {
	if cfg.RedisURL != "" {
		if _, err := store.ParseURL(cfg.RedisURL); err != nil {
			return fmt.Errorf("REDIS_URL: %w", err)
		}
	}
	for _, u := range []struct{ name, value string }{
		{"TELEGRAM_API_URL", cfg.TelegramAPIURL},
		{"TELEGRAM_WEBHOOK_URL", cfg.TelegramWebhookURL},
	} {
		if u.value == "" {
			continue
		}
		parsed, err := url.Parse(u.value)
		if err != nil || (parsed.Scheme != "https" && parsed.Scheme != "http") || parsed.Host == "" {
			return fmt.Errorf("%s: %q is not an http(s) URL", u.name, u.value)
		}
	}
	for _, a := range []struct{ name, value string }{
		{"HTTP_ADDR", cfg.HTTPAddr},
		{"TELEGRAM_LISTEN", cfg.TelegramListen},
	} {
		if a.value == "" {
			continue
		}
		if _, port, err := net.SplitHostPort(a.value); err != nil || port == "" {
			return fmt.Errorf("%s: %q is not host:port (e.g. :8080)", a.name, a.value)
		}
	}
	return nil
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
