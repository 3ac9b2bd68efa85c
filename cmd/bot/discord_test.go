package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat/chattest"
)

// DISCORD_TOKEN=... DISCORD_APP_ID=... DISCORD_API_URL=http://127.0.0.1:PORT
// go run ./cmd/bot against the fake Discord: /readyz waits for READY, the
// conversation works through slash commands and buttons, and a gateway
// that refuses the token for good (4004) stops the bot with exit 1 and
// the code, instead of reconnecting for ever.
func TestRun_discordAgainstFakeDiscord(t *testing.T) {
	srv := discordtest.NewServer(t, discordtest.Options{Token: fakeDiscordToken})
	srv.HoldReady()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var stderr chattest.SyncBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- run(context.Background(), nil, strings.NewReader(""), &bytes.Buffer{}, &stderr, env(map[string]string{
			"DISCORD_TOKEN":   srv.Token(),
			"DISCORD_APP_ID":  srv.AppID(),
			"DISCORD_API_URL": srv.URL(),
			"HTTP_ADDR":       addr,
		}))
	}()
	readyz := func() (int, string) {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return 0, err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	srv.WaitFor(t, "an identify", func() bool { return len(srv.Identified()) == 1 })
	srv.WaitFor(t, "/readyz to answer", func() bool { code, _ := readyz(); return code != 0 })
	if code, body := readyz(); code != http.StatusServiceUnavailable || !strings.Contains(body, "discord is not connected") {
		t.Fatalf("/readyz before READY = %d %q", code, body)
	}
	srv.ReleaseReady()
	srv.WaitFor(t, "/readyz 200 after READY", func() bool { code, _ := readyz(); return code == http.StatusOK })

	srv.WaitFor(t, "slash commands", func() bool { return len(srv.Commands("")) > 0 })
	u := discordtest.User{ID: "700000000000000001", Locale: "en-GB"}
	in := srv.Slash(u, discordtest.DM(u), "start", nil)
	var first discordtest.Message
	srv.WaitFor(t, "the reply to /start", func() bool {
		r := srv.Responses(in.ID)
		if len(r) > 0 && strings.Contains(r[0].Content, "not medical advice") && len(r[0].Buttons) > 0 {
			first = r[0]
			return true
		}
		return false
	})
	press := srv.Press(u, first, first.Buttons[0][0].CustomID)
	srv.WaitFor(t, "the next question", func() bool {
		for _, m := range srv.Responses(press.ID) {
			if strings.Contains(m.Content, "sciatica in both legs?") {
				return true
			}
		}
		return false
	})
	if srv.Calls("GET", "/gateway/bot") == 0 {
		t.Error("the gateway URL did not come from /gateway/bot")
	}

	srv.FailGateway(4004)
	select {
	case code := <-exit:
		if code != 1 {
			t.Fatalf("exit %d after 4004, want 1:\n%s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the bot still runs after close code 4004 (%d identifies):\n%s", len(srv.Identified()), stderr.String())
	}
	logs := stderr.String()
	if !strings.Contains(logs, "4004") || !strings.Contains(logs, "DISCORD_TOKEN") {
		t.Fatalf("the error does not name the close code and the token:\n%s", logs)
	}
	assertNoSecret(t, logs)
	for _, text := range []string{"/start", "sciatica", u.ID} {
		if strings.Contains(logs, text) {
			t.Fatalf("logs contain %q:\n%s", text, logs)
		}
	}
}
