package discord_test

import (
	"context"
	"net/http"
	"reflect"
	"testing"
	"time"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
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

// Only the adapter's retry sends anything again, discordgo's own retries
// being off: with Retries negative a 500 is one request; a 504 (a
// proxy's timeout: Discord may have posted the message) is not sent
// again; a 503 is, by the adapter, once.
func TestOnlyTheAdapterRetries(t *testing.T) {
	t.Parallel()
	const route = "/channels/{id}/messages"
	for _, c := range []struct {
		name    string
		retries int
		status  int
		ok      bool
		calls   int
	}{
		{"500 without retries", -1, 500, false, 1},
		{"504", 0, 504, false, 1},
		{"503", 0, 503, true, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			e := start(t, setup{cfg: func(cfg *discord.Config) { cfg.Retries = c.retries }})
			p := e.person("700000000000000041")
			p.dm("hello", "got hello")
			before := e.srv.Calls("POST", route)
			e.srv.FailNext("POST", route, 1, c.status, 0, "", 0)
			err := e.adapter.Send(context.Background(), chat.Outgoing{To: chat.Address{Platform: chat.Discord, UserID: p.user.ID}, Text: "Time for your check-in"})
			if (err == nil) != c.ok {
				t.Fatalf("Send = %v, want ok %v", err, c.ok)
			}
			if n := e.srv.Calls("POST", route) - before; n != c.calls {
				t.Fatalf("%d requests, want %d", n, c.calls)
			}
		})
	}
}

// A follow-up whose request reached Discord but whose answer was lost is
// not sent again, and the replies after it still go: the person sees
// each once.
func TestNoResendOfALostFollowUp(t *testing.T) {
	t.Parallel()
	h := stub(chattest.Script{"/help": {{Text: "What I can do"}, {Text: "More"}, {Text: "Last"}}})
	e := start(t, setup{stub: h, cfg: func(c *discord.Config) {
		c.HTTPClient = &http.Client{Transport: c.HTTPClient.Transport, Timeout: time.Second}
	}})
	const route = "/webhooks/{app}/{token}"
	e.srv.LoseResponses("POST", route, 1, discordtest.Hang)
	p := e.person("700000000000000042")
	p.slash("help", nil, "Last") // after "More" was given up on: a re-send would have come before
	var got []string
	for _, m := range e.srv.Responses(p.interactions[0]) {
		got = append(got, m.Content)
	}
	if want := []string{"What I can do", "More", "Last"}; !reflect.DeepEqual(got, want) || e.srv.Calls("POST", route) != 2 {
		t.Fatalf("responses %q in %d follow-up requests, want %q in 2", got, e.srv.Calls("POST", route), want)
	}
}
