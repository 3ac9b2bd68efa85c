package discordtest

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// gwMsg is a gateway payload as a client reads it.
type gwMsg struct {
	Op int             `json:"op"`
	D  json.RawMessage `json:"d"`
	S  int64           `json:"s"`
	T  string          `json:"t"`
}

func (m gwMsg) field(t *testing.T, name string) string {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(m.D, &d); err != nil {
		t.Fatalf("%s: %v", m.T, err)
	}
	v, _ := d[name].(string)
	return v
}

func (m gwMsg) sessionID(t *testing.T) string { t.Helper(); return m.field(t, "session_id") }

// rawGW is a gateway client speaking the protocol by hand, for what a
// bare discordgo session cannot take (op 9 during its Open deadlocks it).
type rawGW struct {
	t  *testing.T
	ws *websocket.Conn
}

// dialGW connects to url (the gateway or resume_gateway_url) and reads
// Hello.
func dialGW(t *testing.T, s *Server, url string) *rawGW {
	t.Helper()
	ws, _, err := s.Dialer().Dial(url+"/?v=10&encoding=json", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	g := &rawGW{t, ws}
	if m := g.next(); m.Op != 10 {
		t.Fatalf("first payload %+v, want Hello", m)
	}
	return g
}

func (g *rawGW) send(op int, d any) {
	g.t.Helper()
	if err := g.ws.WriteJSON(map[string]any{"op": op, "d": d}); err != nil {
		g.t.Fatal(err)
	}
}

func (g *rawGW) identify(shard, shards int) {
	g.t.Helper()
	g.send(2, map[string]any{"token": "Bot ODk5.fake.discordtest-token", "intents": discordgo.IntentsDirectMessages, "shard": [2]int{shard, shards}})
}

func (g *rawGW) resume(sessionID string, seq int64) {
	g.t.Helper()
	g.send(6, map[string]any{"token": "Bot ODk5.fake.discordtest-token", "session_id": sessionID, "seq": seq})
}

// next reads the next payload.
func (g *rawGW) next() gwMsg {
	g.t.Helper()
	g.ws.SetReadDeadline(time.Now().Add(waitTimeout))
	var m gwMsg
	_, data, err := g.ws.ReadMessage()
	if err != nil {
		g.t.Fatalf("reading the gateway: %v", err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		g.t.Fatal(err)
	}
	return m
}

// dispatch reads up to the next op 0 payload, which must be of type typ.
func (g *rawGW) dispatch(typ string) gwMsg {
	g.t.Helper()
	for {
		m := g.next()
		if m.Op == 11 {
			continue
		}
		if m.Op != 0 || m.T != typ {
			g.t.Fatalf("got %+v, want a %s dispatch", m, typ)
		}
		return m
	}
}

// closed reads until the connection ends and returns its close code (0:
// none).
func (g *rawGW) closed() int {
	g.t.Helper()
	g.ws.SetReadDeadline(time.Now().Add(waitTimeout))
	for {
		_, _, err := g.ws.ReadMessage()
		if err == nil {
			continue
		}
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		return 0
	}
}

// READY names a resume_gateway_url that is not the connect URL; a Resume
// on the connect URL gets op 9, one on resume_gateway_url gets the
// events the session missed, in order, then RESUMED. A sequence number
// the session never reached closes with 4007 and ends the session.
func TestResumeOnResumeURLReplays(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{HeartbeatInterval: time.Minute})
	g := dialGW(t, s, s.gatewayURL())
	g.identify(0, 1)
	ready := g.dispatch("READY")
	if u := ready.field(t, "resume_gateway_url"); u != s.resumeURL() || u == s.gatewayURL() {
		t.Fatalf("resume_gateway_url %q (the gateway is %q)", u, s.gatewayURL())
	}
	s.DM(ana, "before")
	seen := g.dispatch("MESSAGE_CREATE")
	g.ws.Close() // dropped, no close frame
	s.WaitFor(t, "the session to lose its connection", func() bool { return len(s.liveConns()) == 0 })
	s.DM(ana, "in the gap")
	s.DM(ana, "still in the gap")

	wrong := dialGW(t, s, s.gatewayURL())
	wrong.resume(ready.sessionID(t), seen.S)
	if m := wrong.next(); m.Op != 9 || string(m.D) != "false" {
		t.Fatalf("resume on the connect URL: %+v, want op 9 false", m)
	}

	r := dialGW(t, s, s.resumeURL())
	r.resume(ready.sessionID(t), seen.S)
	for i, want := range []string{"in the gap", "still in the gap"} {
		m := r.dispatch("MESSAGE_CREATE")
		if got := m.field(t, "content"); got != want || m.S != seen.S+int64(i)+1 {
			t.Fatalf("replayed %q with seq %d, want %q with seq %d", got, m.S, want, seen.S+int64(i)+1)
		}
	}
	resumed := r.dispatch("RESUMED")
	s.DM(ana, "after")
	if m := r.dispatch("MESSAGE_CREATE"); m.field(t, "content") != "after" || m.S != resumed.S+1 {
		t.Fatalf("after the resume: %+v", m)
	}
	if s.Resumes() != 1 || len(s.Identified()) != 1 {
		t.Fatalf("Resumes() = %d, identifies %d; want 1 and 1", s.Resumes(), len(s.Identified()))
	}

	r.ws.Close()
	s.WaitFor(t, "the session to lose its connection", func() bool { return len(s.liveConns()) == 0 })
	bad := dialGW(t, s, s.resumeURL())
	bad.resume(ready.sessionID(t), resumed.S+100)
	if code := bad.closed(); code != 4007 {
		t.Fatalf("resume with a sequence number from the future: close %d, want 4007", code)
	}
	late := dialGW(t, s, s.resumeURL())
	late.resume(ready.sessionID(t), resumed.S)
	if m := late.next(); m.Op != 9 {
		t.Fatalf("resume after 4007: %+v, want op 9", m)
	}
}

// Identifies of one max_concurrency bucket closer than 5 s get op 9;
// shards in different buckets identify together.
func TestIdentifyConcurrencyLimit(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{}) // max_concurrency 1: shards 0 and 1 share bucket 0
	a, b := dialGW(t, s, s.gatewayURL()), dialGW(t, s, s.gatewayURL())
	a.identify(0, 2)
	a.dispatch("READY")
	b.identify(1, 2)
	if m := b.next(); m.Op != 9 || string(m.D) != "false" {
		t.Fatalf("second identify in the bucket: %+v, want op 9 false", m)
	}
	ids := s.Identified()
	if len(ids) != 2 || ids[0].InvalidSession || !ids[1].InvalidSession {
		t.Fatalf("Identified() = %+v", ids)
	}

	s2 := NewServer(t, Options{MaxConcurrency: 2})
	for shard := range 2 {
		g := dialGW(t, s2, s2.gatewayURL())
		g.identify(shard, 2)
		g.dispatch("READY")
	}
	var got struct {
		SessionStartLimit struct {
			MaxConcurrency int `json:"max_concurrency"`
		} `json:"session_start_limit"`
	}
	dg := newSession(t, s2)
	gb, err := dg.GatewayBot()
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(gb)
	json.Unmarshal(raw, &got)
	if got.SessionStartLimit.MaxConcurrency != 2 {
		t.Fatalf("/gateway/bot max_concurrency %d, want 2", got.SessionStartLimit.MaxConcurrency)
	}

	// InvalidateIdentifies answers every Identify with op 9 while on.
	s3 := NewServer(t, Options{})
	s3.InvalidateIdentifies(true)
	g := dialGW(t, s3, s3.gatewayURL())
	g.identify(0, 1)
	if m := g.next(); m.Op != 9 {
		t.Fatalf("identify under InvalidateIdentifies: %+v", m)
	}
	s3.InvalidateIdentifies(false)
	g.identify(0, 1)
	g.dispatch("READY")
}

// 120 payloads per connection per minute; the 121st closes it with 4008.
func TestGatewayRateLimit(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{HeartbeatInterval: time.Minute})
	g := dialGW(t, s, s.gatewayURL())
	g.identify(0, 1) // 1
	g.dispatch("READY")
	for range 119 { // 120
		g.send(1, nil)
	}
	for range 119 {
		if m := g.next(); m.Op != 11 {
			t.Fatalf("got %+v, want a heartbeat ACK", m)
		}
	}
	g.send(1, nil) // 121
	if code := g.closed(); code != 4008 {
		t.Fatalf("121st payload: close %d, want 4008", code)
	}
}

// StopHeartbeatAcks leaves heartbeats unanswered; CloseGateway closes
// with a code, after which the session can be resumed (4000) or not
// (4009).
func TestZombieAndCloseGateway(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{HeartbeatInterval: time.Minute})
	g := dialGW(t, s, s.gatewayURL())
	g.identify(0, 1)
	ready := g.dispatch("READY")
	if n := s.StopHeartbeatAcks(); n != 1 {
		t.Fatalf("StopHeartbeatAcks stopped %d", n)
	}
	g.send(1, ready.S)
	g.send(99, nil) // the gateway reads in order: no ACK first, then 4001
	for {
		_, data, err := g.ws.ReadMessage()
		if err != nil {
			break // the 4001 close
		}
		var m gwMsg
		if json.Unmarshal(data, &m) == nil && m.Op == 11 {
			t.Fatal("a zombie connection ACKed")
		}
	}

	for _, c := range []struct {
		code      int
		resumable bool
	}{{4000, true}, {4008, true}, {4009, false}} {
		s := NewServer(t, Options{HeartbeatInterval: time.Minute})
		g := dialGW(t, s, s.gatewayURL())
		g.identify(0, 1)
		ready := g.dispatch("READY")
		s.WaitFor(t, "a live session", func() bool { return len(s.liveConns()) == 1 })
		if n := s.CloseGateway(c.code); n != 1 {
			t.Fatalf("CloseGateway closed %d", n)
		}
		if got := g.closed(); got != c.code {
			t.Fatalf("CloseGateway(%d): close %d", c.code, got)
		}
		r := dialGW(t, s, s.resumeURL())
		r.resume(ready.sessionID(t), ready.S)
		if m := r.next(); c.resumable && (m.Op != 0 || m.T != "RESUMED") || !c.resumable && m.Op != 9 {
			t.Fatalf("resume after close %d: %+v", c.code, m)
		}
	}
}
