package discord

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// realError makes a request that fails the way name says, with the real
// net/http client, and returns its error.
func realError(t *testing.T, name string) error {
	t.Helper()
	client := &http.Client{Timeout: 200 * time.Millisecond}
	post := func(u string) error {
		resp, err := client.Post(u, "application/json", nil)
		if err == nil {
			resp.Body.Close()
			t.Fatalf("%s: the request succeeded", name)
		}
		return err
	}
	switch name {
	case "refused":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		addr := ln.Addr().String()
		ln.Close()
		return post("http://" + addr + "/api/v9/channels/1/messages")
	case "no such host":
		return post("http://discord.invalid/api/v9/channels/1/messages")
	case "timeout", "reset":
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if name == "timeout" {
				<-r.Context().Done()
			}
			panic(http.ErrAbortHandler)
		}))
		defer srv.Close()
		return post(srv.URL + "/api/v9/channels/1/messages")
	}
	t.Fatalf("no error %q", name)
	return nil
}

// retry sends again only what surely did not reach Discord (the
// connection was never made) or what Discord answered with a server
// error or a rate limit. A timeout or a broken connection after the
// request went out may have posted the message: sending it again could
// duplicate a DM.
func TestRetryOnlyWhatDidNotArrive(t *testing.T) {
	rest := func(status, code int) error {
		return &discordgo.RESTError{Response: &http.Response{StatusCode: status}, Message: &discordgo.APIErrorMessage{Code: code}}
	}
	cases := []struct {
		name  string
		err   error
		retry bool
	}{
		{"connection refused", realError(t, "refused"), true},
		{"unknown host", realError(t, "no such host"), true},
		{"timeout after sending", realError(t, "timeout"), false},
		{"reset after sending", realError(t, "reset"), false},
		{"500", &url.Error{Op: "Post", URL: "https://discord.com/api", Err: &serverError{500}}, true},
		{"502", &url.Error{Op: "Post", URL: "https://discord.com/api", Err: &serverError{502}}, true},
		{"503", &url.Error{Op: "Post", URL: "https://discord.com/api", Err: &serverError{503}}, true},
		{"504: Discord may have acted", &url.Error{Op: "Post", URL: "https://discord.com/api", Err: &serverError{504}}, false},
		{"a RESTError 500", rest(500, 0), true},
		{"a RESTError 504", rest(504, 0), false},
		{"a wait past the deadline", &url.Error{Op: "Post", URL: "https://discord.com/api", Err: &waitPast{"rate limited", time.Second}}, false},
		{"429", rest(429, 0), true},
		{"rate limit", &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{RetryAfter: time.Second}}}, true},
		{"400", rest(400, 50035), false},
		{"403", rest(403, discordgo.ErrCodeCannotSendMessagesToThisUser), false},
		{"unauthorized", discordgo.ErrUnauthorized, false},
		{"cancelled", &url.Error{Op: "Post", URL: "https://discord.com/api", Err: context.Canceled}, false},
		{"deadline", context.DeadlineExceeded, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := temporary(c.err); got != c.retry {
				t.Fatalf("temporary(%v) = %v, want %v", c.err, got, c.retry)
			}
		})
	}
	// And retry itself: a refused connection is tried again, a reset is
	// not.
	a, _ := New(Config{Token: "t", AppID: "1", MaxBackoff: time.Millisecond})
	for _, c := range []struct {
		err   error
		tries int
	}{{realError(t, "refused"), 5}, {realError(t, "reset"), 1}} {
		tries := 0
		a.retry(context.Background(), func() error { tries++; return c.err })
		if tries != c.tries {
			t.Errorf("%v: %d tries, want %d", c.err, tries, c.tries)
		}
	}
}

func TestDMsClosedCodes(t *testing.T) {
	for code, want := range map[int]bool{50007: true, 50278: true, 50001: false, 0: false} {
		err := &discordgo.RESTError{Response: &http.Response{StatusCode: 403}, Message: &discordgo.APIErrorMessage{Code: code}}
		if got := isDMsClosed(err); got != want {
			t.Errorf("isDMsClosed(code %d) = %v", code, got)
		}
	}
	if isDMsClosed(errors.New("x")) {
		t.Error("isDMsClosed(plain error)")
	}
}

// maybeSent: the failures after which Discord may have acted on the
// request (a reply is then not sent again, and the rest goes on).
func TestMaybeSent(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"timeout after sending", realError(t, "timeout"), true},
		{"reset after sending", realError(t, "reset"), true},
		{"504", &serverError{504}, true},
		{"refused", realError(t, "refused"), false},
		{"500", &serverError{500}, false},
		{"REST error", &discordgo.RESTError{Response: &http.Response{StatusCode: 400}}, false},
		{"rate limit", &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{TooManyRequests: &discordgo.TooManyRequests{}}}, false},
		{"a wait past the deadline", &waitPast{"rate limited", time.Second}, false},
	} {
		if got := maybeSent(c.err); got != c.want {
			t.Errorf("%s: maybeSent = %v, want %v", c.name, got, c.want)
		}
	}
}

// Routes as Discord's buckets see them: ids replaced but the top-level
// resource's, kept apart; interaction endpoints marked.
func TestRouteOf(t *testing.T) {
	for _, c := range []struct {
		method, path string
		want         route
	}{
		{"POST", "/api/v9/channels/123/messages", route{"POST /channels/{id}/messages", "channels/123", false}},
		{"PATCH", "/api/v9/channels/123/messages/456", route{"PATCH /channels/{id}/messages/{id}", "channels/123", false}},
		{"POST", "/api/v9/users/@me/channels", route{"POST /users/@me/channels", "", false}},
		{"POST", "/api/v9/interactions/9/tok/callback", route{"POST /interactions/{id}/{token}/callback", "interactions/9/tok", true}},
		{"PATCH", "/api/v9/webhooks/1/tok/messages/@original", route{"PATCH /webhooks/{id}/{token}/messages/@original", "webhooks/1/tok", true}},
		{"PUT", "/api/v9/applications/1/guilds/2/commands", route{"PUT /applications/{id}/guilds/{id}/commands", "", false}},
	} {
		if got := routeOf(c.method, c.path); got != c.want {
			t.Errorf("routeOf(%s %s) = %+v, want %+v", c.method, c.path, got, c.want)
		}
	}
}
