package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// config is the bot's configuration. Every setting is an environment
// variable with a matching flag; a flag given on the command line wins.
type config struct {
	RedisURL      string
	RedisPrefix   string
	TelegramToken string
	DiscordToken  string
	LogLevel      slog.Level
	LogFormat     string
}

// setting ties a flag to its environment variable.
type setting struct {
	env, flag, def, usage string
	dst                   *string
}

// parseConfig reads flags and environment (getenv) into a config.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var cfg config
	var level string
	settings := []setting{
		{"REDIS_URL", "redis-url", "", "redis:// or rediss:// URL; empty: an embedded in-memory Redis (nothing survives a restart)", &cfg.RedisURL},
		{"REDIS_PREFIX", "redis-prefix", "tw", "prefix of every Redis key", &cfg.RedisPrefix},
		{"TELEGRAM_TOKEN", "telegram-token", "", "Telegram bot token (the Telegram adapter is not built yet)", &cfg.TelegramToken},
		{"DISCORD_TOKEN", "discord-token", "", "Discord bot token (the Discord adapter is not built yet)", &cfg.DiscordToken},
		{"LOG_LEVEL", "log-level", "info", "debug, info, warn or error", &level},
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
	if err := cfg.LogLevel.UnmarshalText([]byte(level)); err != nil {
		return config{}, fmt.Errorf("LOG_LEVEL: %q is not debug, info, warn or error", level)
	}
	switch strings.ToLower(cfg.LogFormat) {
	case "text", "json":
		cfg.LogFormat = strings.ToLower(cfg.LogFormat)
	default:
		return config{}, fmt.Errorf("LOG_FORMAT: %q is not text or json", cfg.LogFormat)
	}
	if cfg.TelegramToken != "" || cfg.DiscordToken != "" {
		return config{}, errors.New("TELEGRAM_TOKEN and DISCORD_TOKEN are not supported yet: the platform adapters are still being built; unset them to chat in the terminal")
	}
	return cfg, nil
}

func newLogger(cfg config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
