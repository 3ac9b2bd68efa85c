package discord

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// A failure is logged by kind, status and code: the ids and tokens in a
// request URL never reach the log.
func TestFailureNamesNoIDs(t *testing.T) {
	const secret = "1234567890123456/aW50ZXJhY3Rpb24tdG9rZW4"
	rest := func(status, code int) error {
		return &discordgo.RESTError{
			Request:      &http.Request{URL: &url.URL{Path: "/api/v9/interactions/" + secret + "/callback"}},
			Response:     &http.Response{StatusCode: status},
			ResponseBody: []byte(`{"message":"x ` + secret + `"}`),
			Message:      &discordgo.APIErrorMessage{Code: code, Message: secret},
		}
	}
	netErr := &url.Error{Op: "Post", URL: "https://discord.com/api/v9/channels/" + secret + "/messages", Err: errors.New("connection refused")}
	cases := []struct {
		err  error
		want string
	}{
		{rest(500, 0), "kind=server_error status=500"},
		{rest(429, 0), "kind=rate_limited status=429"},
		{rest(403, discordgo.ErrCodeCannotSendMessagesToThisUser), "kind=unreachable status=403 code=50007"},
		{rest(400, 50035), "kind=refused status=400 code=50035"},
		{fmt.Errorf("discord: giving up: %w", netErr), "kind=network"},
		{discordgo.ErrUnauthorized, "kind=unauthorized"},
		{context.DeadlineExceeded, "kind=cancelled"},
		{rest(403, 50278), "kind=unreachable status=403 code=50278"},
		{&websocket.CloseError{Code: 4000, Text: secret}, "kind=gateway_closed close_code=4000"},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused " + secret)}, "kind=network"},
	}
	for _, c := range cases {
		attrs := failure(c.err)
		var parts []string
		for i := 0; i+1 < len(attrs); i += 2 {
			parts = append(parts, fmt.Sprintf("%v=%v", attrs[i], attrs[i+1]))
		}
		got := strings.Join(parts, " ")
		if got != c.want || strings.Contains(got, secret) {
			t.Errorf("failure(%v) = %q, want %q", c.err, got, c.want)
		}
	}
}
