package discord_test

import (
	"testing"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
)

// discord.New refuses an API URL it cannot use.
func TestAPIURLChecked(t *testing.T) {
	for _, bad := range []string{"discord.example", "ftp://discord.example", "http://", "https://x/%zz"} {
		if _, err := discord.New(discord.Config{Token: "t", AppID: "1", APIURL: bad}); err == nil {
			t.Errorf("New with APIURL %q succeeded", bad)
		}
	}
}

// With APIURL the whole conversation goes to that server, with
// discordgo's own HTTP client and websocket dialer; the gateway URL comes
// from its /gateway/bot.
func TestAPIURL(t *testing.T) {
	srv := discordtest.NewServer(t, discordtest.Options{})
	h := stub(chattest.Script{
		"/start": {{Text: "Not medical advice.", Buttons: [][]chat.Button{{{Label: "I understand", Data: "1:ok"}}}}},
		"1:ok":   {{Text: "Thanks"}},
	})
	e := launch(t, srv, setup{stub: h, cfg: func(c *discord.Config) {
		c.APIURL = srv.URL()
		c.HTTPClient, c.Dialer = nil, nil
	}})
	srv.Ready(t)
	srv.WaitFor(t, "slash commands", func() bool { return len(srv.Commands("")) > 0 })
	p := e.person("700000000000000021")
	p.slash("start", nil, "Not medical advice.")
	p.press("I understand", "Thanks")
	if ins := h.WaitIncoming(t, 2); ins[0].Text != "/start" || ins[1].Data != "1:ok" || ins[1].From != p.addr() {
		t.Errorf("incoming = %+v", ins)
	}
	if srv.Calls("GET", "/gateway/bot") == 0 || srv.Calls("GET", "/gateway") != 0 {
		t.Errorf("GET /gateway/bot %d times, GET /gateway %d times", srv.Calls("GET", "/gateway/bot"), srv.Calls("GET", "/gateway"))
	}
}
