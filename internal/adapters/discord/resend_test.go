package discord_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
)

// A message whose request reached Discord but whose answer was lost (the
// client timed out, or the connection was reset) is not sent again: that
// would be a duplicate DM. Send reports the failure.
func TestNoResendAfterALostResponse(t *testing.T) {
	for name, loss := range map[string]discordtest.Loss{"timeout": discordtest.Hang, "reset": discordtest.Reset} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := start(t, setup{cfg: func(c *discord.Config) {
				c.HTTPClient = &http.Client{Transport: c.HTTPClient.Transport, Timeout: time.Second}
			}})
			p := e.person("700000000000000040")
			p.dm("hello", "got hello") // opens the DM channel
			dm := e.srv.DMChannel(p.user.ID)
			before := len(e.srv.Messages(dm))
			e.srv.LoseResponses("POST", "/channels/{id}/messages", 1, loss)
			err := e.adapter.Send(context.Background(), chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "Time for your check-in"})
			if err == nil {
				t.Fatal("Send succeeded although its answer was lost")
			}
			time.Sleep(300 * time.Millisecond) // a re-send would have arrived by now
			if got := e.srv.Messages(dm); len(got) != before+1 {
				t.Fatalf("%d messages posted, want 1: %+v", len(got)-before, got[before:])
			}
			if n := e.srv.Calls("POST", "/channels/{id}/messages"); n != before+1 {
				t.Errorf("%d requests for one message", n-before)
			}
		})
	}
}
