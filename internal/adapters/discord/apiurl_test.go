package discord_test

import (
	"testing"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
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
	e := launch(t, srv, func(c *discord.Config) {
		c.APIURL = srv.URL()
		c.HTTPClient, c.Dialer = nil, nil
	})
	srv.Ready(t)
	srv.WaitFor(t, "slash commands", func() bool { return len(srv.Commands("")) > 0 })
	p := e.person("700000000000000021")
	p.slash("start", nil, "not medical advice")
	p.press("I understand", "sciatica in both legs?")
	if srv.Calls("GET", "/gateway/bot") == 0 || srv.Calls("GET", "/gateway") != 0 {
		t.Errorf("GET /gateway/bot %d times, GET /gateway %d times", srv.Calls("GET", "/gateway/bot"), srv.Calls("GET", "/gateway"))
	}
}
