package discord_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"treadwell/internal/adapters/discord/discordtest"
)

// holds reports whether cond stays true for d.
func holds(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if !cond() {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// Ready follows the gateway: not before READY (even once discordgo's Open
// has returned on a heartbeat request), false from a dropped connection
// until RESUMED, true again after it.
func TestReadinessFollowsTheGateway(t *testing.T) {
	srv := discordtest.NewServer(t, discordtest.Options{HeartbeatInterval: time.Minute})
	srv.HoldReady()
	e := launch(t, srv, setup{})
	srv.WaitFor(t, "an identify", func() bool { return len(srv.Identified()) == 1 })
	srv.RequestHeartbeat() // discordgo's Open returns on it, without READY
	srv.WaitFor(t, "the slash commands", func() bool { return len(srv.Commands("")) > 0 })
	notReady := func() bool { return !e.adapter.Ready() }
	if !holds(300*time.Millisecond, notReady) {
		t.Fatal("ready without READY")
	}
	srv.ReleaseReady()
	srv.WaitFor(t, "ready after READY", e.adapter.Ready)

	srv.HoldReady()
	srv.DropConnections()
	srv.WaitFor(t, "not ready after the connection dropped", notReady)
	srv.WaitFor(t, "a resume", func() bool { return srv.Resumes() >= 1 })
	if !holds(300*time.Millisecond, notReady) {
		t.Fatal("ready before RESUMED")
	}
	srv.ReleaseReady()
	srv.WaitFor(t, "ready after RESUMED", e.adapter.Ready)
	if n := len(srv.Identified()); n != 1 {
		t.Errorf("%d identifies, want 1 (the drop resumed)", n)
	}
	// And it still works.
	p := e.person("700000000000000020")
	p.slash("help", nil, "got /help")
}

// The close codes Discord says not to reconnect on stop Run with an
// error that names the code, and Ready turns false, whether the code
// closes a resume (4004) or the identify that follows an Invalid Session
// (the others). Started against such a gateway, Run stops at once.
func TestFatalCloseCodesStopRun(t *testing.T) {
	for _, code := range []int{4004, 4010, 4011, 4012, 4013, 4014} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			e := start(t, setup{})
			e.srv.FailGateway(code)
			err, ok := e.result(15 * time.Second)
			if !ok {
				t.Fatalf("Run still running after close code %d (%d identifies)", code, len(e.srv.Identified()))
			}
			var ce *websocket.CloseError
			if err == nil || !strings.Contains(err.Error(), strconv.Itoa(code)) || !errors.As(err, &ce) || ce.Code != code {
				t.Fatalf("Run = %v, want an error with close code %d", err, code)
			}
			if e.adapter.Ready() {
				t.Error("ready after a fatal close")
			}

			again := launch(t, e.srv, setup{})
			err, ok = again.result(10 * time.Second)
			if !ok || err == nil || !strings.Contains(err.Error(), strconv.Itoa(code)) {
				t.Fatalf("Run at start-up = %v (returned %v)", err, ok)
			}
		})
	}
}

// A Discord that answers GET /gateway/bot (where the adapter sends
// discordgo's GET /gateway) with a server error or a rate limit at
// start-up is having a bad moment, not refusing the bot: Run
// retries until the gateway opens. A 401 is the token refused for good:
// Run stops at once with an error that says so.
func TestStartupRetriesDiscordServerErrors(t *testing.T) {
	for _, status := range []int{500, 502, 503, 429} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			t.Parallel()
			srv := discordtest.NewServer(t, discordtest.Options{})
			srv.FailNext("GET", "/gateway/bot", 2, status, 0, "try again", 0)
			e := launch(t, srv, setup{})
			srv.Ready(t)
			srv.WaitFor(t, "the adapter to be ready", e.adapter.Ready)
			if err, over := e.result(0); over {
				t.Fatalf("Run stopped: %v", err)
			}
			if n := srv.Calls("GET", "/gateway/bot"); n < 3 {
				t.Fatalf("GET /gateway/bot called %d times, want the 2 failures and a success", n)
			}
		})
	}
	t.Run("401", func(t *testing.T) {
		srv := discordtest.NewServer(t, discordtest.Options{})
		srv.FailNext("GET", "/gateway/bot", 1000, 401, 0, "401: Unauthorized", 0)
		e := launch(t, srv, setup{})
		err, over := e.result(10 * time.Second)
		if !over || err == nil || !strings.Contains(err.Error(), "401") {
			t.Fatalf("Run = %v (stopped %v), want an error naming the 401", err, over)
		}
	})
}
