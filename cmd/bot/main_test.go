package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// printf '/start\n' | go run ./cmd/bot: with no REDIS_URL the embedded
// Redis is used, announced as not persistent, and the chat exits 0 once
// input ends, after printing every reply.
func TestRun_consoleWithEmbeddedRedis(t *testing.T) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), nil, strings.NewReader("/start\n1\n"), &stdout, &stderr, env(nil))
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "nothing will survive a restart") {
		t.Fatalf("no warning about the embedded Redis:\n%s", stderr.String())
	}
	if !strings.Contains(stdout.String(), "not medical advice") || !strings.Contains(stdout.String(), "sciatica in both legs?") {
		t.Fatalf("replies missing:\n%s", stdout.String())
	}
}

func TestRun_badConfiguration(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"log level", nil, map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{"log format", []string{"-log-format", "xml"}, nil, "LOG_FORMAT"},
		{"discord without app id", nil, map[string]string{"DISCORD_TOKEN": "x"}, "DISCORD_APP_ID"},
		{"discord bad shard", nil, map[string]string{"DISCORD_TOKEN": "x", "DISCORD_APP_ID": "1", "DISCORD_SHARD_ID": "3", "DISCORD_SHARD_COUNT": "2"}, "shard"},
		{"discord shard not a number", nil, map[string]string{"DISCORD_SHARD_ID": "one"}, "DISCORD_SHARD_ID"},
		{"webhook without secret", nil, map[string]string{"TELEGRAM_TOKEN": "x", "TELEGRAM_WEBHOOK_URL": "https://bot.example/hook"}, "TELEGRAM_WEBHOOK_SECRET is required"},
		{"console off, nothing else", nil, map[string]string{"CONSOLE": "false"}, "nothing to run"},
		{"console not a bool", nil, map[string]string{"CONSOLE": "maybe"}, "CONSOLE"},
		{"late window", nil, map[string]string{"REMINDER_LATE_WINDOW": "soon"}, "REMINDER_LATE_WINDOW"},
		{"stray argument", []string{"what"}, nil, "unexpected argument"},
		{"unreachable redis", nil, map[string]string{"REDIS_URL": "redis://127.0.0.1:1"}, "connect to Redis"},
		{"bad redis url", nil, map[string]string{"REDIS_URL": "http://x"}, "connect to Redis"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr, env(c.env))
			if code == 0 {
				t.Fatal("exit 0 for a bad configuration")
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Fatalf("stderr lacks %q:\n%s", c.want, stderr.String())
			}
			if strings.Contains(stderr.String(), "x\"") || strings.Contains(stderr.String(), "=x ") {
				t.Fatal("a token was logged")
			}
		})
	}
}

func TestConfig_flagBeatsEnvironment(t *testing.T) {
	cfg, err := parseConfig([]string{"-redis-prefix", "flag"}, env(map[string]string{"REDIS_PREFIX": "env", "REDIS_URL": "redis://h:1/0"}), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.RedisPrefix != "flag" || cfg.RedisURL != "redis://h:1/0" {
		t.Fatalf("config = %+v", cfg)
	}
}

func TestLangFromEnv(t *testing.T) {
	for in, want := range map[string]string{"en_GB.UTF-8": "en-GB", "es_ES@euro": "es-ES", "": "", "C": "C"} {
		if got := langFromEnv(env(map[string]string{"LANG": in})); got != want {
			t.Errorf("langFromEnv(%q) = %q, want %q", in, got, want)
		}
	}
}
