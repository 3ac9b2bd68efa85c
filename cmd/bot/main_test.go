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
		{"discord without app id", nil, map[string]string{"DISCORD_TOKEN": fakeDiscordToken}, "DISCORD_APP_ID"},
		{"discord bad shard", nil, map[string]string{"DISCORD_TOKEN": fakeDiscordToken, "DISCORD_APP_ID": "1", "DISCORD_SHARD_ID": "3", "DISCORD_SHARD_COUNT": "2"}, "DISCORD_SHARD_ID"},
		{"discord shard not a number", nil, map[string]string{"DISCORD_SHARD_ID": "one"}, "DISCORD_SHARD_ID"},
		{"webhook without secret", nil, map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_WEBHOOK_URL": "https://bot.example/hook"}, "TELEGRAM_WEBHOOK_SECRET: required"},
		{"console off, nothing else", nil, map[string]string{"CONSOLE": "false"}, "nothing to run"},
		{"console not a bool", nil, map[string]string{"CONSOLE": "maybe"}, "CONSOLE"},
		{"late window", nil, map[string]string{"REMINDER_LATE_WINDOW": "soon"}, "REMINDER_LATE_WINDOW"},
		{"stray argument", []string{"what"}, nil, "unexpected argument"},
		{"unreachable redis", nil, map[string]string{"REDIS_URL": "redis://127.0.0.1:1"}, "connect to Redis"},
		{"bad redis url", nil, map[string]string{"REDIS_URL": "http://x"}, "REDIS_URL: redis url http://x: scheme must be redis:// or rediss://"},
		{"redis password never shown", nil, map[string]string{"REDIS_URL": "redis://:hunter2@127.0.0.1:6379/x"}, "REDIS_URL"},
		{"telegram api url", nil, map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_API_URL": "127.0.0.1:8081"}, "TELEGRAM_API_URL"},
		{"http addr", nil, map[string]string{"HTTP_ADDR": "8080"}, "HTTP_ADDR: \"8080\" is not host:port"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr, env(c.env))
			// A bad value exits 2 with one line; Redis not answering
			// is not a configuration mistake and exits 1.
			wantCode := 2
			if c.name == "unreachable redis" {
				wantCode = 1
			}
			if code != wantCode {
				t.Fatalf("exit %d, want %d:\n%s", code, wantCode, stderr.String())
			}
			if !strings.Contains(stderr.String(), c.want) {
				t.Fatalf("stderr lacks %q:\n%s", c.want, stderr.String())
			}
			if wantCode == 2 && strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Fatalf("more than one line:\n%s", stderr.String())
			}
			if strings.Contains(stderr.String(), "hunter2") {
				t.Fatal("a secret was printed")
			}
			assertNoSecret(t, stdout.String(), stderr.String())
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
