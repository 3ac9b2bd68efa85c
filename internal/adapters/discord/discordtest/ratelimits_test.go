package discordtest

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// raw makes one API request with the bot token, as a bot that reads no
// rate-limit headers would, and returns the response with its body.
func raw(t *testing.T, s *Server, method, path, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, "https://discord.com/api/v9"+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bot "+s.Token())
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

type rateLimitBody struct {
	Message    string  `json:"message"`
	RetryAfter float64 `json:"retry_after"`
	Global     bool    `json:"global"`
}

func rateLimited(t *testing.T, resp *http.Response, body string) rateLimitBody {
	t.Helper()
	var rl rateLimitBody
	if resp.StatusCode != http.StatusTooManyRequests || json.Unmarshal([]byte(body), &rl) != nil || rl.RetryAfter <= 0 {
		t.Fatalf("want a 429 with retry_after, got %d %s", resp.StatusCode, body)
	}
	return rl
}

// Every response carries its route's bucket; a request on an exhausted
// bucket gets 429 (scope user) until it resets; a channel's bucket is its
// own.
func TestRouteBuckets(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{RouteLimit: 2, RouteReset: 500 * time.Millisecond})
	ch, other := s.DMChannel(ana.ID), s.DMChannel(ben.ID)
	post := func(channel string) (*http.Response, string) {
		return raw(t, s, "POST", "/channels/"+channel+"/messages", `{"content":"hi"}`)
	}
	var bucket string
	for i, want := range []string{"1", "0"} {
		resp, body := post(ch)
		h := resp.Header
		if resp.StatusCode != 200 || h.Get("X-RateLimit-Limit") != "2" || h.Get("X-RateLimit-Remaining") != want ||
			h.Get("X-RateLimit-Bucket") == "" || h.Get("X-RateLimit-Reset") == "" || h.Get("X-RateLimit-Reset-After") == "" {
			t.Fatalf("request %d: %d %v %s", i, resp.StatusCode, h, body)
		}
		bucket = h.Get("X-RateLimit-Bucket")
	}
	resp, body := post(ch)
	rl := rateLimited(t, resp, body)
	if rl.Global || resp.Header.Get("X-RateLimit-Scope") != "user" || resp.Header.Get("X-RateLimit-Bucket") != bucket || rl.RetryAfter > 0.5 {
		t.Fatalf("exhausted bucket: %v %s", resp.Header, body)
	}
	if resp, body := post(other); resp.StatusCode != 200 || resp.Header.Get("X-RateLimit-Bucket") != bucket {
		t.Fatalf("another channel, same bucket name, its own limit: %d %s", resp.StatusCode, body)
	}
	if resp, _ := raw(t, s, "GET", "/users/@me", ""); resp.Header.Get("X-RateLimit-Bucket") == bucket {
		t.Fatal("another route shares the bucket")
	}
	s.WaitFor(t, "the bucket to reset", func() bool {
		resp, _ := post(ch)
		return resp.StatusCode == 200
	})
	if got := s.RouteRateLimits(); got < 1 {
		t.Errorf("RouteRateLimits = %d", got)
	}
	if len(s.Messages(ch)) != 3 {
		t.Errorf("Messages = %+v", s.Messages(ch))
	}
}

// More than 50 requests within a second get global 429s; interaction
// endpoints are outside the global limit.
func TestGlobalLimit(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	var channels []string
	for i := range 60 {
		channels = append(channels, s.DMChannel("3000000000000001"+strconv.Itoa(10+i)))
	}
	start := time.Now()
	var wg sync.WaitGroup
	statuses := make([]int, len(channels))
	for i, ch := range channels {
		wg.Go(func() {
			resp, _ := raw(t, s, "POST", "/channels/"+ch+"/messages", `{"content":"hi"}`)
			statuses[i] = resp.StatusCode
		})
	}
	wg.Wait()
	if time.Since(start) > 900*time.Millisecond {
		t.Skip("the requests took more than a second") // cannot test the limit then
	}
	ok, limited := 0, 0
	for _, st := range statuses {
		switch st {
		case 200:
			ok++
		case 429:
			limited++
		}
	}
	if ok != 50 || limited != 10 || s.GlobalRateLimits() != 10 {
		t.Fatalf("%d ok, %d limited (GlobalRateLimits %d), want 50 and 10", ok, limited, s.GlobalRateLimits())
	}
	// A global one names itself so.
	resp, body := raw(t, s, "POST", "/channels/"+channels[0]+"/messages", `{"content":"hi"}`)
	if time.Since(start) < time.Second {
		if rl := rateLimited(t, resp, body); !rl.Global || resp.Header.Get("X-RateLimit-Global") != "true" || resp.Header.Get("X-RateLimit-Scope") != "global" {
			t.Fatalf("global 429: %v %s", resp.Header, body)
		}
	}
	if n := s.InvalidRequests(); n < 10 {
		t.Errorf("InvalidRequests = %d, want the 429s", n)
	}
}

// FailGlobal: one global 429, and every request within its retry_after
// gets one too, but the interaction endpoints.
func TestFailGlobal(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	open(t, dg)
	if _, err := dg.ApplicationCommandBulkOverwrite(s.AppID(), "", []*discordgo.ApplicationCommand{{Name: "ping", Description: "Ping"}}); err != nil {
		t.Fatal(err)
	}
	ch := s.DMChannel(ana.ID)
	s.FailGlobal(0.5)
	resp, body := raw(t, s, "GET", "/users/@me", "")
	rl := rateLimited(t, resp, body)
	if !rl.Global || rl.RetryAfter != 0.5 || resp.Header.Get("X-RateLimit-Global") != "true" || resp.Header.Get("X-RateLimit-Bucket") != "" {
		t.Fatalf("injected global 429: %v %s", resp.Header, body)
	}
	held := time.Now()
	resp, body = raw(t, s, "POST", "/channels/"+ch+"/messages", `{"content":"too soon"}`)
	if time.Since(held) < 400*time.Millisecond {
		if rl := rateLimited(t, resp, body); !rl.Global || rl.RetryAfter > 0.5 {
			t.Fatalf("during the hold: %s", body)
		}
		// An interaction is answered all the same.
		dm := DM(ana)
		in, err := s.TrySlash(ana, dm, "ping", nil)
		if err != nil {
			t.Fatal(err)
		}
		{
			resp, body := raw(t, s, "POST", "/interactions/"+in.ID+"/"+in.Token+"/callback", `{"type":4,"data":{"content":"pong"}}`)
			if resp.StatusCode != 204 {
				t.Fatalf("interaction callback during the hold: %d %s", resp.StatusCode, body)
			}
		}
	}
	s.WaitFor(t, "the hold to end", func() bool {
		resp, _ := raw(t, s, "POST", "/channels/"+ch+"/messages", `{"content":"later"}`)
		return resp.StatusCode == 200
	})
	if g := s.GlobalRateLimits(); g < 2 {
		t.Errorf("GlobalRateLimits = %d", g)
	}
}

// Requests lists arrivals in order with their status; DelayNext holds a
// request before handling it; invalid requests (401, 403, 429) count.
func TestRequestsDelayAndInvalid(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{Token: "ODk5.right.token"})
	s.DelayNext("POST", "/users/@me/channels", 1, 300*time.Millisecond)
	start := time.Now()
	resp, _ := raw(t, s, "POST", "/users/@me/channels", `{"recipient_id":"`+ana.ID+`"}`)
	if resp.StatusCode != 200 || time.Since(start) < 300*time.Millisecond {
		t.Fatalf("delayed request: %d after %v", resp.StatusCode, time.Since(start))
	}
	s.FailNext("GET", "/users/@me", 1, http.StatusForbidden, 50001, "Missing Access", 0)
	raw(t, s, "GET", "/users/@me", "")
	req, _ := http.NewRequest("GET", "https://discord.com/api/v9/users/@me", nil)
	req.Header.Set("Authorization", "Bot wrong")
	if resp, err := s.Client().Do(req); err != nil || resp.StatusCode != 401 {
		t.Fatalf("wrong token: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	raw(t, s, "GET", "/channels/1/messages/2", "") // 404: not an invalid request
	got := s.Requests()
	want := []struct {
		route  string
		status int
	}{{"POST /users/@me/channels", 200}, {"GET /users/@me", 403}, {"GET /users/@me", 401}, {"GET /channels/{}/messages/{}", 404}}
	if len(got) != len(want) {
		t.Fatalf("Requests = %+v", got)
	}
	for i, w := range want {
		if got[i].Method+" "+got[i].Route != w.route || got[i].Status != w.status || got[i].At.Before(start) {
			t.Errorf("request %d = %+v, want %v", i, got[i], w)
		}
	}
	if n := s.InvalidRequests(); n != 2 {
		t.Errorf("InvalidRequests = %d, want 2", n)
	}
}
