package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"treadwell/internal/due"
)

// Fake secrets shaped like real ones, so that the configuration accepts
// them; each holds a distinctive part that must never be printed.
const (
	// Telegram: <bot id>:<35 characters>.
	fakeTelegramToken = "123456789:AAH" + "tgSECRETtgSECRETtgSECRETtgSECRET"
	// Discord: <base64 bot id>.<timestamp>.<hmac>.
	fakeDiscordToken  = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GdcSEC." + "dcSECRETdcSECRETdcSECRETdcSECRETdcSEC"
	fakeWebhookSecret = "whSECRET_webhook-SECRET"
	fakeRedisURL      = "redis://rdUSER:rdPASSWORD@redis.example:6379/0"
	fakeAPIURL        = "https://apiUSER:apiPASSWORD@bot-api.example"
)

// secretParts are what no output may contain: the secret part of each
// token (a Telegram token's bot id is public), the webhook secret, and
// the userinfo of the URLs.
var secretParts = []string{
	"tgSECRET", fakeTelegramToken[strings.IndexByte(fakeTelegramToken, ':')+1:],
	"dcSECRET", fakeDiscordToken,
	"whSECRET", fakeWebhookSecret,
	"rdUSER", "rdPASSWORD",
	"apiUSER", "apiPASSWORD",
	"dcapiUSER", "dcapiPASSWORD",
}

func assertNoSecret(t *testing.T, outputs ...string) {
	t.Helper()
	for _, out := range outputs {
		for _, s := range secretParts {
			if strings.Contains(out, s) {
				t.Fatalf("output shows the secret %q:\n%s", s, out)
			}
		}
	}
}

// secretEnv sets every secret, with the values given on top.
func secretEnv(extra map[string]string) map[string]string {
	e := map[string]string{
		"TELEGRAM_TOKEN":          fakeTelegramToken,
		"TELEGRAM_API_URL":        fakeAPIURL,
		"TELEGRAM_WEBHOOK_URL":    "https://bot.example/hook",
		"TELEGRAM_WEBHOOK_SECRET": fakeWebhookSecret,
		"DISCORD_TOKEN":           fakeDiscordToken,
		"DISCORD_APP_ID":          "123456789012345678",
		"REDIS_URL":               fakeRedisURL,
	}
	for k, v := range extra {
		if v == "" {
			delete(e, k)
			continue
		}
		e[k] = v
	}
	return e
}

// -h, -help and any mistyped flag print no secret (the environment's
// values are not shown as flag defaults).
func TestUsageNeverShowsSecrets(t *testing.T) {
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"-h", []string{"-h"}, 0},
		{"-help", []string{"-help"}, 0},
		{"--help", []string{"--help"}, 0},
		{"mistyped flag", []string{"-telegram-tokn", "x"}, 2},
		{"mistyped flag with a value", []string{"-redis-ulr=" + fakeRedisURL}, 2},
		{"flag without its value", []string{"-discord-token"}, 2},
		{"help after a secret flag", []string{"-telegram-token", fakeTelegramToken, "-h"}, 0},
		{"stray argument that is a secret", []string{fakeDiscordToken}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr, env(secretEnv(nil)))
			if code != c.code {
				t.Fatalf("exit %d, want %d:\n%s", code, c.code, stderr.String())
			}
			assertNoSecret(t, stdout.String(), stderr.String())
			if c.code == 0 {
				if !strings.Contains(stderr.String(), "-telegram-token") || !strings.Contains(stderr.String(), "$TELEGRAM_TOKEN") {
					t.Fatalf("no usage text:\n%s", stderr.String())
				}
				return
			}
			if lines := strings.Count(strings.TrimSpace(stderr.String()), "\n") + 1; lines != 1 {
				t.Fatalf("%d lines, want 1:\n%s", lines, stderr.String())
			}
		})
	}
}

// A bad value that holds a secret is refused without printing it: URLs
// with passwords (in the userinfo or the query string), malformed tokens
// and webhook secrets. A valid one whose server does not answer is
// logged without it too.
func TestConfigErrorsNeverShowSecrets(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
		want string // the variable named
		code int
	}{
		{"redis query password", map[string]string{"REDIS_URL": "redis://redis.example:6379/0?password=rdPASSWORD"}, "REDIS_URL", 2},
		{"redis query password, cluster", map[string]string{"REDIS_URL": "redis://h1:7000?addr=h2:7001&password=rdPASSWORD"}, "REDIS_URL", 2},
		{"redis query sentinel password", map[string]string{"REDIS_URL": "redis://h:26379?master_name=m&sentinel_password=rdPASSWORD"}, "REDIS_URL", 2},
		{"redis bad db with userinfo", map[string]string{"REDIS_URL": "redis://rdUSER:rdPASSWORD@h/notadb"}, "REDIS_URL", 2},
		{"redis password in the db", map[string]string{"REDIS_URL": "redis://:rdPASSWORD@h/rdPASSWORD"}, "REDIS_URL", 2},
		{"redis username only", map[string]string{"REDIS_URL": "redis://rdPASSWORD@h/x"}, "REDIS_URL", 2},
		{"redis unparsable password", map[string]string{"REDIS_URL": "redis://rdUSER:rdPASSWORD%zz@h"}, "REDIS_URL", 2},
		{"redis port out of range", map[string]string{"REDIS_URL": "redis://rdUSER:rdPASSWORD@h:99999"}, "REDIS_URL", 2},
		{"redis bad scheme", map[string]string{"REDIS_URL": "http://rdUSER:rdPASSWORD@h"}, "REDIS_URL", 2},
		{"redis not answering, sentinel password", map[string]string{"REDIS_URL": "redis://127.0.0.1:1?master_name=m&password=rdPASSWORD", "DISCORD_TOKEN": "", "TELEGRAM_TOKEN": "", "CONSOLE": "true"}, "connect to Redis", 1},
		{"redis not answering, userinfo", map[string]string{"REDIS_URL": "redis://rdUSER:rdPASSWORD@127.0.0.1:1/0", "DISCORD_TOKEN": "", "TELEGRAM_TOKEN": "", "CONSOLE": "true"}, "connect to Redis", 1},
		{"api url bad scheme", map[string]string{"TELEGRAM_API_URL": "ftp://apiUSER:apiPASSWORD@h"}, "TELEGRAM_API_URL", 2},
		{"api url port out of range", map[string]string{"TELEGRAM_API_URL": "https://apiUSER:apiPASSWORD@h:70000"}, "TELEGRAM_API_URL", 2},
		{"api url unparsable", map[string]string{"TELEGRAM_API_URL": "https://apiUSER:apiPASSWORD%zz@h"}, "TELEGRAM_API_URL", 2},
		{"api url no host", map[string]string{"TELEGRAM_API_URL": "https://apiUSER:apiPASSWORD@"}, "TELEGRAM_API_URL", 2},
		{"api url query token", map[string]string{"TELEGRAM_API_URL": "https:///?token=apiPASSWORD"}, "TELEGRAM_API_URL", 2},
		{"webhook url with the secret, http", map[string]string{"TELEGRAM_WEBHOOK_URL": "http://bot.example/" + fakeWebhookSecret}, "TELEGRAM_WEBHOOK_URL", 2},
		{"webhook url with the token, no host", map[string]string{"TELEGRAM_WEBHOOK_URL": "https:///" + fakeTelegramToken}, "TELEGRAM_WEBHOOK_URL", 2},
		{"telegram token with bot prefix", map[string]string{"TELEGRAM_TOKEN": "bot" + fakeTelegramToken}, "TELEGRAM_TOKEN", 2},
		{"telegram token cut short", map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken[:20]}, "TELEGRAM_TOKEN", 2},
		{"telegram token with a space", map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken + " "}, "TELEGRAM_TOKEN", 2},
		{"discord token with Bot prefix", map[string]string{"DISCORD_TOKEN": "Bot " + fakeDiscordToken}, "DISCORD_TOKEN", 2},
		{"discord token with a newline", map[string]string{"DISCORD_TOKEN": fakeDiscordToken + "\n"}, "DISCORD_TOKEN", 2},
		{"discord token quoted", map[string]string{"DISCORD_TOKEN": `"` + fakeDiscordToken + `"`}, "DISCORD_TOKEN", 2},
		{"webhook secret with a bad character", map[string]string{"TELEGRAM_WEBHOOK_SECRET": fakeWebhookSecret + "!"}, "TELEGRAM_WEBHOOK_SECRET", 2},
		{"discord api url http with userinfo", map[string]string{"DISCORD_API_URL": "http://dcapiUSER:dcapiPASSWORD@discord-proxy.example"}, "DISCORD_API_URL", 2},
		{"discord api url unparsable", map[string]string{"DISCORD_API_URL": "https://dcapiUSER:dcapiPASSWORD%zz@h"}, "DISCORD_API_URL", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Redis that does not answer: give up soon.
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			var stdout, stderr bytes.Buffer
			code := run(ctx, nil, strings.NewReader(""), &stdout, &stderr, env(secretEnv(c.env)))
			if code != c.code {
				t.Fatalf("exit %d, want %d:\n%s", code, c.code, stderr.String())
			}
			assertNoSecret(t, stdout.String(), stderr.String())
			if !strings.Contains(stderr.String(), c.want) {
				t.Fatalf("stderr does not name %s:\n%s", c.want, stderr.String())
			}
			if c.code == 2 && strings.Count(strings.TrimSpace(stderr.String()), "\n") != 0 {
				t.Fatalf("more than one line:\n%s", stderr.String())
			}
		})
	}
}

// Every configuration mistake exits 2 before anything starts, with one
// line that begins with the variable's name.
func TestRun_configurationErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"http addr port too high", nil, map[string]string{"HTTP_ADDR": ":99999"}, "HTTP_ADDR"},
		{"http addr port zero", nil, map[string]string{"HTTP_ADDR": ":0"}, "HTTP_ADDR"},
		{"http addr port negative", nil, map[string]string{"HTTP_ADDR": ":-1"}, "HTTP_ADDR"},
		{"http addr port not a number", nil, map[string]string{"HTTP_ADDR": "localhost:web"}, "HTTP_ADDR"},
		{"http addr no port", nil, map[string]string{"HTTP_ADDR": "localhost:"}, "HTTP_ADDR"},
		{"http addr unparsable", nil, map[string]string{"HTTP_ADDR": "[::1:8080"}, "HTTP_ADDR"},
		{"http addr bad host", nil, map[string]string{"HTTP_ADDR": "my host:8080"}, "HTTP_ADDR"},
		{"http addr as a URL", []string{"-http-addr", "http://localhost:8080"}, nil, "HTTP_ADDR"},
		{"telegram listen port too high", nil, map[string]string{"TELEGRAM_LISTEN": ":65536"}, "TELEGRAM_LISTEN"},
		{"telegram listen unparsable", nil, map[string]string{"TELEGRAM_LISTEN": "8443"}, "TELEGRAM_LISTEN"},
		{"redis no host", nil, map[string]string{"REDIS_URL": "redis://"}, "REDIS_URL"},
		{"redis port but no host", nil, map[string]string{"REDIS_URL": "redis://:6379"}, "REDIS_URL"},
		{"redis port zero", nil, map[string]string{"REDIS_URL": "redis://h:0"}, "REDIS_URL"},
		{"redis port too high", nil, map[string]string{"REDIS_URL": "redis://h:65536/0"}, "REDIS_URL"},
		{"redis cluster addr port too high", nil, map[string]string{"REDIS_URL": "redis://h:7000?addr=h:70001"}, "REDIS_URL"},
		{"redis cluster addr without port", nil, map[string]string{"REDIS_URL": "redis://h:7000?addr=h2"}, "REDIS_URL"},
		{"redis prefix with {", nil, map[string]string{"REDIS_PREFIX": "tw{x"}, "REDIS_PREFIX"},
		{"redis prefix with }", []string{"-redis-prefix", "a}b"}, nil, "REDIS_PREFIX"},
		{"shard count zero", nil, map[string]string{"DISCORD_SHARD_COUNT": "0"}, "DISCORD_SHARD_COUNT"},
		{"shard count negative", nil, map[string]string{"DISCORD_SHARD_COUNT": "-2"}, "DISCORD_SHARD_COUNT"},
		{"shard id too high", nil, map[string]string{"DISCORD_SHARD_ID": "2", "DISCORD_SHARD_COUNT": "2"}, "DISCORD_SHARD_ID"},
		{"shard id negative", nil, map[string]string{"DISCORD_SHARD_ID": "-1"}, "DISCORD_SHARD_ID"},
		{"shard id too high with discord", nil, map[string]string{"DISCORD_TOKEN": fakeDiscordToken, "DISCORD_APP_ID": "1", "DISCORD_SHARD_ID": "3", "DISCORD_SHARD_COUNT": "2"}, "DISCORD_SHARD_ID"},
		{"app id not a number", nil, map[string]string{"DISCORD_TOKEN": fakeDiscordToken, "DISCORD_APP_ID": "my-app"}, "DISCORD_APP_ID"},
		{"app id negative", nil, map[string]string{"DISCORD_TOKEN": fakeDiscordToken, "DISCORD_APP_ID": "-12"}, "DISCORD_APP_ID"},
		{"guild id not a number", nil, map[string]string{"DISCORD_TOKEN": fakeDiscordToken, "DISCORD_APP_ID": "1", "DISCORD_GUILD_ID": "my server"}, "DISCORD_GUILD_ID"},
		{"webhook url http", nil, map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_WEBHOOK_URL": "http://bot.example/hook", "TELEGRAM_WEBHOOK_SECRET": fakeWebhookSecret}, "TELEGRAM_WEBHOOK_URL"},
		{"webhook url no scheme", nil, map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_WEBHOOK_URL": "bot.example/hook", "TELEGRAM_WEBHOOK_SECRET": fakeWebhookSecret}, "TELEGRAM_WEBHOOK_URL"},
		{"webhook url port too high", nil, map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_WEBHOOK_URL": "https://bot.example:100000/hook", "TELEGRAM_WEBHOOK_SECRET": fakeWebhookSecret}, "TELEGRAM_WEBHOOK_URL"},
		{"webhook without secret", nil, map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_WEBHOOK_URL": "https://bot.example/hook"}, "TELEGRAM_WEBHOOK_SECRET"},
		{"webhook secret too long", nil, map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_WEBHOOK_URL": "https://bot.example/hook", "TELEGRAM_WEBHOOK_SECRET": strings.Repeat("a", 257)}, "TELEGRAM_WEBHOOK_SECRET"},
		{"telegram token a word", nil, map[string]string{"TELEGRAM_TOKEN": "tokSECRET"}, "TELEGRAM_TOKEN"},
		{"telegram token no colon", nil, map[string]string{"TELEGRAM_TOKEN": "123456789AAHtgSECRETtgSECRETtgSECRETtgSECRET"}, "TELEGRAM_TOKEN"},
		{"telegram token no bot id", nil, map[string]string{"TELEGRAM_TOKEN": ":AAHtgSECRETtgSECRETtgSECRETtgSECRET"}, "TELEGRAM_TOKEN"},
		{"telegram token bad character", nil, map[string]string{"TELEGRAM_TOKEN": "123456789:AAHtgSECRETtgSECRET+gSECRETtgSECRET"}, "TELEGRAM_TOKEN"},
		{"telegram token placeholder", nil, map[string]string{"TELEGRAM_TOKEN": "<token>"}, "TELEGRAM_TOKEN"},
		{"discord token a word", nil, map[string]string{"DISCORD_TOKEN": "tokSECRET", "DISCORD_APP_ID": "1"}, "DISCORD_TOKEN"},
		{"discord token with a space", nil, map[string]string{"DISCORD_TOKEN": "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GdcSEC.dcSECRETdcSECRET dcSECRETdcSECRETdcSEC", "DISCORD_APP_ID": "1"}, "DISCORD_TOKEN"},
		{"discord token is the client secret", nil, map[string]string{"DISCORD_TOKEN": "dcSECRETdcSECRETdcSECRETdcSECRET", "DISCORD_APP_ID": "1"}, "DISCORD_TOKEN"},
		{"discord token is the public key", nil, map[string]string{"DISCORD_TOKEN": strings.Repeat("0f", 32), "DISCORD_APP_ID": "1"}, "DISCORD_TOKEN"},
		{"discord api url no scheme", nil, map[string]string{"DISCORD_API_URL": "127.0.0.1:8088"}, "DISCORD_API_URL"},
		{"discord api url plain http", nil, map[string]string{"DISCORD_API_URL": "http://discord-proxy.example"}, "DISCORD_API_URL"},
		{"discord api url plain http, private address", nil, map[string]string{"DISCORD_API_URL": "http://10.0.0.7:8088"}, "DISCORD_API_URL"},
		{"discord api url ws", nil, map[string]string{"DISCORD_API_URL": "ws://127.0.0.1:8088"}, "DISCORD_API_URL"},
		{"discord api url port too high", nil, map[string]string{"DISCORD_API_URL": "https://discord-proxy.example:65536"}, "DISCORD_API_URL"},
		{"late window under a minute", nil, map[string]string{"REMINDER_LATE_WINDOW": "59s"}, "REMINDER_LATE_WINDOW"},
		{"late window zero", nil, map[string]string{"REMINDER_LATE_WINDOW": "0"}, "REMINDER_LATE_WINDOW"},
		{"late window negative", []string{"-reminder-late-window", "-1h"}, nil, "REMINDER_LATE_WINDOW"},
		{"late window not a duration", nil, map[string]string{"REMINDER_LATE_WINDOW": "soon"}, "REMINDER_LATE_WINDOW"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			// An unreachable Redis: a configuration error must come
			// before any connection (which would exit 1, slowly).
			e := map[string]string{"REDIS_URL": "redis://127.0.0.1:1/0"}
			for k, v := range c.env {
				e[k] = v
			}
			code := run(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr, env(e))
			if code != 2 {
				t.Fatalf("exit %d, want 2:\n%s", code, stderr.String())
			}
			line := strings.TrimSpace(stderr.String())
			if strings.Contains(line, "\n") {
				t.Fatalf("more than one line:\n%s", line)
			}
			if !strings.HasPrefix(line, "treadwell: "+c.want+": ") {
				t.Fatalf("line %q does not begin with %q", line, "treadwell: "+c.want+": ")
			}
			if stdout.Len() > 0 {
				t.Fatalf("something started:\n%s", stdout.String())
			}
			assertNoSecret(t, line)
		})
	}
}

// Values at the edges of what is allowed, and real-shaped tokens, are
// accepted.
func TestConfig_acceptsValidValues(t *testing.T) {
	cases := []struct {
		name string
		env  map[string]string
	}{
		{"every secret", secretEnv(nil)},
		{"late window one minute", map[string]string{"REMINDER_LATE_WINDOW": "1m"}},
		{"http addr forms", map[string]string{"HTTP_ADDR": "127.0.0.1:8080", "TELEGRAM_LISTEN": "[::1]:65535"}},
		{"http addr host name", map[string]string{"HTTP_ADDR": "localhost:1", "TELEGRAM_LISTEN": "bot-1.internal:8443"}},
		{"redis forms", map[string]string{"REDIS_URL": "rediss://default:p%40ss@redis.example:6380/2"}},
		{"redis cluster", map[string]string{"REDIS_URL": "redis://h1:7000?addr=h2:7001&addr=h3:7002"}},
		{"redis sentinel with password", map[string]string{"REDIS_URL": "redis://h:26379?master_name=mymaster&password=pw"}},
		{"redis ipv6", map[string]string{"REDIS_URL": "redis://[::1]:6379/0"}},
		{"redis prefix", map[string]string{"REDIS_PREFIX": "tw:staging"}},
		{"last shard", map[string]string{"DISCORD_SHARD_ID": "3", "DISCORD_SHARD_COUNT": "4"}},
		{"telegram, local bot api", map[string]string{"TELEGRAM_TOKEN": "7123456789:AAE-0123456789_abcdefghijABCDEFGHIJ", "TELEGRAM_API_URL": "http://127.0.0.1:8081"}},
		{"telegram webhook", map[string]string{"TELEGRAM_TOKEN": fakeTelegramToken, "TELEGRAM_WEBHOOK_URL": "https://bot.example:8443/tg/hook", "TELEGRAM_WEBHOOK_SECRET": strings.Repeat("a", 256)}},
		// The example token of Discord's own documentation (2016),
		// and the longer shape of today's tokens.
		{"discord, old token", map[string]string{"DISCORD_TOKEN": "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs", "DISCORD_APP_ID": "198622483471925248"}},
		{"discord api url https", map[string]string{"DISCORD_API_URL": "https://discord-proxy.example:8443/base"}},
		{"discord api url loopback http", map[string]string{"DISCORD_API_URL": "http://127.0.0.1:8088", "DISCORD_TOKEN": fakeDiscordToken, "DISCORD_APP_ID": "1"}},
		{"discord api url localhost", map[string]string{"DISCORD_API_URL": "http://localhost:8088"}},
		{"discord api url ipv6 loopback", map[string]string{"DISCORD_API_URL": "http://[::1]:8088"}},
		{"discord, new token", map[string]string{"DISCORD_TOKEN": "MTI0NjA4NzM1NjE0NTA4NjQ2NQ.G4a2_x.AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_", "DISCORD_APP_ID": "1246087356145086465", "DISCORD_GUILD_ID": "81384788765712384"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := parseConfig(nil, env(c.env), io.Discard); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// A panic never prints a secret: one in the main goroutine (here from
// the environment lookup) and one in a job.
func TestPanicsNeverShowSecrets(t *testing.T) {
	t.Run("main goroutine", func(t *testing.T) {
		vars := secretEnv(map[string]string{"CONSOLE": "true", "TELEGRAM_WEBHOOK_URL": "", "TELEGRAM_WEBHOOK_SECRET": "", "DISCORD_TOKEN": "", "REDIS_URL": ""})
		getenv := func(k string) string {
			if k == "LANG" {
				panic("cannot read LANG while the token is " + vars["TELEGRAM_TOKEN"] + " and the api is " + fakeAPIURL)
			}
			return vars[k]
		}
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), nil, strings.NewReader(""), &stdout, &stderr, getenv)
		if code == 0 {
			t.Fatalf("exit 0 after a panic:\n%s", stderr.String())
		}
		if !strings.Contains(stderr.String(), "panic") || !strings.Contains(stderr.String(), "cannot read LANG") {
			t.Fatalf("the panic is not reported:\n%s", stderr.String())
		}
		assertNoSecret(t, stdout.String(), stderr.String())
	})
	t.Run("job", func(t *testing.T) {
		cfg, err := parseConfig(nil, env(secretEnv(nil)), io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		var logs bytes.Buffer
		log := newLogger(cfg, &logs)
		err = runAll(context.Background(), log, nil, nil, panicking{fmt.Errorf("post https://api.telegram.org/bot%s/getMe: %s", fakeTelegramToken, fakeAPIURL)})
		if err == nil {
			t.Fatal("a job that panicked stopped nothing")
		}
		if !strings.Contains(logs.String(), "panic") {
			t.Fatalf("the panic is not logged:\n%s", logs.String())
		}
		assertNoSecret(t, logs.String(), err.Error())
	})
}

// panicking is a job that panics with err.
type panicking struct{ err error }

func (p panicking) Run(context.Context) error { panic(p.err) }

// Logs hide every secret of the configuration, whatever carries it: the
// message, a string, an error, in text and in JSON.
func TestLogsNeverShowSecrets(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		t.Run(format, func(t *testing.T) {
			cfg, err := parseConfig([]string{"-log-format", format}, env(secretEnv(nil)), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			var logs bytes.Buffer
			log := newLogger(cfg, &logs)
			log.Error("calling bot"+fakeTelegramToken,
				"err", fmt.Errorf("post %q: %w", "https://api.telegram.org/bot"+fakeTelegramToken+"/getMe", errors.New("eof")),
				"url", fakeAPIURL, "redis", fakeRedisURL,
				"any", struct{ Token, Secret string }{fakeDiscordToken, fakeWebhookSecret},
			)
			log.With("token", fakeDiscordToken).WithGroup("g").Warn("x", "secret", fakeWebhookSecret, "took", time.Second)
			if !strings.Contains(logs.String(), "calling bot") || !strings.Contains(logs.String(), "eof") {
				t.Fatalf("the log lost more than the secrets:\n%s", logs.String())
			}
			assertNoSecret(t, logs.String())
		})
	}
}

// -h names the subcommands and gives each flag the kind of value it
// takes: a boolean, a duration or a number is not shown as a string.
func TestUsageShowsSubcommandsAndKinds(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, strings.NewReader(""), &stdout, &stderr, env(nil)); code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr.String())
	}
	out := stderr.String()
	for _, want := range []string{
		"bot schedule", "bot healthcheck",
		"bot stats", "bot backup FILE", "bot restore [-replace] FILE", "bot export-person [-o FILE] ID", "bot delete-person ID",
		"-console bool  ($CONSOLE)",
		"-reminder-late-window duration  ($REMINDER_LATE_WINDOW)",
		"-discord-shard-count int  ($DISCORD_SHARD_COUNT)",
		"-redis-url url  ($REDIS_URL)",
		"-http-addr host:port  ($HTTP_ADDR)",
		"-log-format text|json  ($LOG_FORMAT)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("-h lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "  -"); n != 18 {
		t.Errorf("-h lists %d flags, want 18:\n%s", n, out)
	}

	stderr.Reset()
	if code := run(context.Background(), []string{"schedule", "-h"}, strings.NewReader(""), &stdout, &stderr, env(nil)); code != 0 {
		t.Fatalf("schedule -h: exit %d, want 0:\n%s", code, stderr.String())
	}
	for _, want := range []string{"Usage: bot schedule", "-tz zone", "-at time", "-count int"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("schedule -h lacks %q:\n%s", want, stderr.String())
		}
	}
}

// Unset, REMINDER_LATE_WINDOW is the window the dispatcher and /why
// take by default; set, it is read as given.
func TestConfig_lateWindowDefault(t *testing.T) {
	cfg, err := parseConfig(nil, env(nil), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.LateWindow != due.DefaultLateWindow {
		t.Fatalf("default late window %s, the dispatcher's is %s", cfg.LateWindow, due.DefaultLateWindow)
	}
	cfg, err = parseConfig(nil, env(map[string]string{"REMINDER_LATE_WINDOW": "90m"}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.LateWindow != 90*time.Minute {
		t.Fatalf("late window %s, want 1h30m", cfg.LateWindow)
	}
}
