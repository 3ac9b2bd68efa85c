package discordtest

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// quiet turns discordgo's own reconnecting off before the session runs
// (discordgo reads the setting without its lock): these tests look at
// what the gateway does, one connection at a time.
func quiet(dg *discordgo.Session) *discordgo.Session {
	dg.ShouldReconnectOnError = false
	return dg
}

// openQuiet opens a quiet session and closes it at cleanup.
func openQuiet(t *testing.T, dg *discordgo.Session) {
	t.Helper()
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { go dg.Close() })
}

func closeCode(err error) int {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		return ce.Code
	}
	return 0
}

// FailGateway closes live sessions with the code and refuses the next
// Identify with it; with 4004 a Resume is refused too, with others it
// gets op 9 (the session is gone). (A bare discordgo session cannot
// take an op 9 to its Resume: it deadlocks; see gateway.go.)
func TestFailGateway(t *testing.T) {
	t.Parallel()
	for _, code := range []int{4004, 4010, 4011, 4012, 4013, 4014} {
		s := NewServer(t, Options{MaxConcurrency: 2}) // the last session identifies in bucket 1
		g := dialGW(t, s, s.gatewayURL())
		g.identify(0, 1)
		ready := g.dispatch("READY")
		s.FailGateway(code)
		if got := g.closed(); got != code {
			t.Fatalf("FailGateway(%d) closed the session with %d", code, got)
		}
		r := dialGW(t, s, s.resumeURL())
		r.send(6, map[string]any{"token": "Bot " + s.Token(), "session_id": ready.sessionID(t), "seq": ready.S})
		if code == 4004 {
			if got := r.closed(); got != 4004 {
				t.Errorf("resume after FailGateway(4004): close %d, want 4004", got)
			}
		} else if m := r.next(); m.Op != 9 || string(m.D) != "false" {
			t.Errorf("resume after FailGateway(%d): %+v, want op 9 false", code, m)
		}
		fresh := quiet(newSession(t, s))
		if err := fresh.Open(); closeCode(err) != code {
			t.Errorf("identify after FailGateway(%d): %v", code, err)
		}
		s.FailGateway(0)
		again := quiet(newSession(t, s))
		again.ShardID, again.ShardCount = 1, 2
		openQuiet(t, again)
	}
}

// HoldReady keeps READY back; a heartbeat request (which Discord may send
// at any time) makes discordgo's Open return all the same, without
// READY, until ReleaseReady. A dropped connection resumes.
func TestRequestHeartbeatAndDrop(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{HeartbeatInterval: time.Minute})
	s.HoldReady()
	dg := quiet(newSession(t, s))
	opened := make(chan error, 1)
	go func() { opened <- dg.Open() }()
	s.WaitFor(t, "an identify", func() bool { return len(s.Identified()) == 1 })
	select {
	case err := <-opened:
		t.Fatalf("Open returned before anything came: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	before := s.Heartbeats()
	if n := s.RequestHeartbeat(); n != 1 {
		t.Fatalf("RequestHeartbeat asked %d", n)
	}
	if err := recv(t, opened); err != nil { // discordgo's Open takes any first payload
		t.Fatal(err)
	}
	t.Cleanup(func() { go dg.Close() })
	s.WaitFor(t, "the heartbeat answer", func() bool { return s.Heartbeats() > before })
	s.ReleaseReady()
	s.Ready(t)

	drops := events[*discordgo.Disconnect](dg)
	if n := s.DropConnections(); n != 1 {
		t.Fatalf("DropConnections cut %d", n)
	}
	recv(t, drops)
	resumed := events[*discordgo.Resumed](dg)
	if err := dg.Open(); err != nil {
		t.Fatal(err)
	}
	recv(t, resumed)
	if s.Resumes() != 1 {
		t.Errorf("Resumes() = %d", s.Resumes())
	}
}

func TestNoMutualGuild(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	ch, err := dg.UserChannelCreate(ana.ID)
	if err != nil {
		t.Fatal(err)
	}
	s.NoMutualGuild(ana.ID)
	_, err = dg.ChannelMessageSend(ch.ID, "morning!")
	var re *discordgo.RESTError
	if code := restCode(t, err); code != 50278 || !errors.As(err, &re) || re.Response.StatusCode != http.StatusForbidden {
		t.Errorf("code %d (%v), want 403 50278", code, err)
	}
	if got := s.Messages(ch.ID); len(got) != 0 {
		t.Errorf("Messages = %+v", got)
	}
}

// A lost response: the message is posted all the same, and the client
// sees only a broken connection or its own timeout.
func TestLoseResponses(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	ch := s.DMChannel(ana.ID)
	s.LoseResponses("POST", "/channels/{id}/messages", 1, Reset)
	if _, err := dg.ChannelMessageSend(ch, "reset"); err == nil {
		t.Fatal("no error after a reset")
	}
	dg.Client = &http.Client{Transport: s.Client().Transport, Timeout: 300 * time.Millisecond}
	s.LoseResponses("POST", "/channels/{id}/messages", 1, Hang)
	start := time.Now()
	if _, err := dg.ChannelMessageSend(ch, "hang"); err == nil || time.Since(start) < 300*time.Millisecond {
		t.Fatalf("hang: %v after %v", err, time.Since(start))
	}
	got := s.Messages(ch)
	if len(got) != 2 || got[0].Content != "reset" || got[1].Content != "hang" {
		t.Fatalf("Messages = %+v", got)
	}
	if n := s.Calls("POST", "/channels/{id}/messages"); n != 2 {
		t.Errorf("Calls = %d", n)
	}
}

// Registration is checked field by field as Discord documents it, and
// contexts and integration types decide where a command shows.
func TestCommandContexts(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{RouteLimit: 100}) // the requests below do not read the rate-limit headers
	put := func(guild string, body string) (int, string) {
		t.Helper()
		path := "/api/v9/applications/" + s.AppID() + "/commands"
		if guild != "" {
			path = "/api/v9/applications/" + s.AppID() + "/guilds/" + guild + "/commands"
		}
		req, _ := http.NewRequest("PUT", "https://discord.com"+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bot "+s.Token())
		req.Header.Set("Content-Type", "application/json")
		resp, err := s.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	for name, c := range map[string]struct{ guild, body, field string }{
		"unknown field":      {"", `[{"name":"walk","description":"x","dm_permision":true}]`, "0.dm_permision"},
		"unknown option key": {"", `[{"name":"walk","description":"x","options":[{"type":3,"name":"a","description":"x","requierd":true}]}]`, "0.options.0.requierd"},
		"context 3":          {"", `[{"name":"walk","description":"x","contexts":[0,3]}]`, "0.contexts.1"},
		"integration 2":      {"", `[{"name":"walk","description":"x","integration_types":[2]}]`, "0.integration_types.0"},
		"user install off":   {"", `[{"name":"walk","description":"x","integration_types":[0,1]}]`, "0.integration_types.1"},
		"guild with BOT_DM":  {"400000000000000001", `[{"name":"walk","description":"x","contexts":[0,1]}]`, "0.contexts.1"},
	} {
		status, body := put(c.guild, c.body)
		var e struct {
			Code   int            `json:"code"`
			Errors map[string]any `json:"errors"`
		}
		json.Unmarshal([]byte(body), &e)
		tree := e.Errors
		for _, part := range strings.Split(c.field, ".") {
			tree, _ = tree[part].(map[string]any)
		}
		if status != 400 || e.Code != 50035 || tree["_errors"] == nil {
			t.Errorf("%s: %d %s, want 50035 at %s", name, status, body, c.field)
		}
	}
	if len(s.Commands("")) != 0 {
		t.Fatal("a refused registration was stored")
	}

	if status, body := put("", `[{"name":"dmonly","description":"x","contexts":[1],"integration_types":[0]},`+
		`{"name":"guildonly","description":"x","contexts":[0]},{"name":"anywhere","description":"x","options":null},`+
		`{"name":"old","description":"x","dm_permission":false}]`); status != 200 {
		t.Fatalf("valid registration: %d %s", status, body)
	}
	got := s.Commands("")
	if it := got[2].IntegrationTypes; it == nil || len(*it) != 1 || (*it)[0] != discordgo.ApplicationIntegrationGuildInstall {
		t.Errorf("integration_types default = %v, want the application's [0]", it)
	}
	if !strings.Contains(string(s.CommandsBody("")), `"dm_permission":false`) {
		t.Errorf("CommandsBody = %s", s.CommandsBody(""))
	}
	open(t, newSession(t, s))
	for _, c := range []struct {
		where Where
		name  string
		ok    bool
	}{
		{DM(ana), "dmonly", true},
		{park, "dmonly", false},
		{DM(ana), "guildonly", false},
		{park, "guildonly", true},
		{DM(ana), "anywhere", true},
		{park, "anywhere", true},
		{PrivateChannel("500000000000000001"), "anywhere", false}, // no user install
		{DM(ana), "old", false},
		{park, "old", true},
	} {
		if _, err := s.TrySlash(ana, c.where, c.name, nil); (err == nil) != c.ok {
			t.Errorf("/%s in %v: err = %v, want usable=%v", c.name, c.where, err, c.ok)
		}
	}
}

// With user install enabled, a command without contexts shows in private
// channels: the interaction comes with context 2 and no guild, and the
// bot cannot post there.
func TestPrivateChannel(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{UserInstall: true})
	dg := newSession(t, s)
	register(t, s, dg)
	inters := events[*discordgo.InteractionCreate](dg)
	open(t, dg)
	group := PrivateChannel("500000000000000001")
	in := s.Slash(ana, group, "stats", nil)
	i := recv(t, inters)
	if i.ID != in.ID || i.GuildID != "" || i.Context != discordgo.InteractionContextPrivateChannel || i.User == nil || i.Member != nil {
		t.Fatalf("interaction = %+v", i.Interaction)
	}
	if owner := i.AuthorizingIntegrationOwners[discordgo.ApplicationIntegrationUserInstall]; owner != ana.ID {
		t.Errorf("authorizing_integration_owners = %v", i.AuthorizingIntegrationOwners)
	}
	err := dg.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "only you", Flags: discordgo.MessageFlagsEphemeral},
	})
	if err != nil {
		t.Fatal(err)
	}
	if r := s.Responses(in.ID); len(r) != 1 || !r[0].Ephemeral {
		t.Fatalf("responses = %+v", r)
	}
	_, err = dg.ChannelMessageSend(in.ChannelID, "hello group")
	if code := restCode(t, err); code != 50001 {
		t.Errorf("posting in a private channel: code %d, want 50001", code)
	}
	// The bot's DM is context 1.
	s.Slash(ana, DM(ana), "stats", nil)
	if i := recv(t, inters); i.Context != discordgo.InteractionContextBotDM {
		t.Errorf("DM context = %d", i.Context)
	}
}

// Start serves on a real address, for a person to run the bot against.
func TestStartStandalone(t *testing.T) {
	t.Parallel()
	s, err := Start("127.0.0.1:0", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !strings.HasPrefix(s.URL(), "http://127.0.0.1:") {
		t.Fatalf("URL() = %q", s.URL())
	}
	req, _ := http.NewRequest("GET", s.URL()+"/api/v9/gateway/bot", nil)
	req.Header.Set("Authorization", "Bot "+s.Token())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var gw struct{ URL string }
	json.NewDecoder(resp.Body).Decode(&gw)
	resp.Body.Close()
	if gw.URL != "ws://"+strings.TrimPrefix(s.URL(), "http://") {
		t.Fatalf("gateway url %q", gw.URL)
	}
	if _, err := s.TrySlash(ana, DM(ana), "stats", nil); err == nil {
		t.Fatal("TrySlash of an unregistered command succeeded")
	}
}
