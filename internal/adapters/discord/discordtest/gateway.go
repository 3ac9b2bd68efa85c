package discordtest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// The gateway keeps the rules of Discord's gateway documentation that a
// client can break:
//
//   - READY names a resume_gateway_url on a second listener of the fake
//     (another port); a Resume (op 6) anywhere else is refused with op 9
//     (Invalid Session, not resumable), and so is one for an unknown or
//     ended session. A Resume with a sequence number the session never
//     reached is closed with 4007.
//   - Sessions outlive their connections: events for a session without
//     a connection are kept, and a Resume replays the ones after its
//     sequence number, in order, before RESUMED.
//   - A clean close by the client (1000 or 1001) ends the session.
//   - Identifies of shards in one max_concurrency bucket (shard_id %
//     max_concurrency, Options.MaxConcurrency) must be 5 s apart; a
//     quicker one is answered with op 9.
//   - 120 payloads per connection per 60 s; the 121st closes it with 4008.
//
// discordgo (at least up to f43dd94) deadlocks when op 9 or op 7 is the
// answer to the Identify or Resume of its Open (bwmarrin/discordgo#1694):
// a test that can get one there must not use a bare discordgo session.

// Identify is what a session sent in its Identify (op 2). Token is as sent
// (discordgo sends "Bot <token>"); Shard is [0, 1] when none was sent
// (discordgo only sends it when ShardCount > 1).
type Identify struct {
	Token   string
	Intents int
	Shard   [2]int
	At      time.Time // when it arrived
	// InvalidSession is set when it was answered with op 9 (Invalid
	// Session, not resumable) instead of READY: it broke the identify
	// concurrency limit, or InvalidateIdentifies is on.
	InvalidSession bool
}

const (
	// identifyInterval is how far apart Discord wants the identifies of
	// one max_concurrency bucket.
	identifyInterval = 5 * time.Second
	// sendLimit payloads per sendWindow per connection.
	sendLimit  = 120
	sendWindow = 60 * time.Second
	// replayLimit is how many events a session keeps for a Resume.
	replayLimit = 1000
)

// gwSession is a gateway session; it survives its connection and can be
// resumed unless the client closed with 1000 or 1001.
type gwSession struct {
	id      string
	token   string // without "Bot "
	intents int
	shard   [2]int

	// mu guards the fields below. It is taken before a gwConn's wmu, and
	// never while holding Server.mu or with Server.mu taken inside it.
	mu      sync.Mutex
	seq     int64    // the last sequence number given
	log     []logged // events for a Resume to replay, oldest first
	readied bool     // READY was sent: the session gets events
	live    *gwConn  // the connection it is live on, or nil
}

// logged is a dispatched event kept for replay.
type logged struct {
	seq int64
	typ string
	d   json.RawMessage
}

// forShard reports whether events of guildID go to this session's shard:
// (guild_id >> 22) % num_shards, DMs to shard 0.
func (g *gwSession) forShard(guildID string) bool {
	if guildID == "" {
		return g.shard[0] == 0
	}
	id, _ := strconv.ParseUint(guildID, 10, 64)
	return int((id>>22)%uint64(g.shard[1])) == g.shard[0]
}

// deliver gives the session an event: kept for replay, and sent when the
// session is live.
func (g *gwSession) deliver(typ string, d json.RawMessage) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seq++
	g.log = append(g.log, logged{g.seq, typ, d})
	if n := len(g.log) - replayLimit; n > 0 {
		g.log = slices.Delete(g.log, 0, n)
	}
	if c := g.live; c != nil {
		c.wmu.Lock()
		c.writeDispatch(g.seq, typ, d) // a failed send stays for replay
		c.wmu.Unlock()
	}
}

func (g *gwSession) isReadied() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.readied
}

// gwConn is one websocket connection.
type gwConn struct {
	ws        *websocket.Conn
	wmu       sync.Mutex
	resumeURL bool        // it came in on resume_gateway_url
	noAcks    atomic.Bool // StopHeartbeatAcks: heartbeats go unanswered

	// Only touched by the connection's goroutine:
	sess        *gwSession
	windowStart time.Time // of the current sendWindow
	received    int       // payloads in it
}

type payload struct {
	Op int     `json:"op"`
	D  any     `json:"d"`
	S  *int64  `json:"s"`
	T  *string `json:"t"`
}

func (c *gwConn) send(op int, d any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(payload{Op: op, D: d})
}

// writeDispatch sends an op 0 event. Call with wmu held.
func (c *gwConn) writeDispatch(seq int64, typ string, d json.RawMessage) error {
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(payload{Op: 0, D: d, S: &seq, T: &typ})
}

func (c *gwConn) close(code int, text string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
}

// overLimit counts a payload from the client and reports whether it
// breaks the gateway's rate limit.
func (c *gwConn) overLimit(now time.Time) bool {
	if c.windowStart.IsZero() || now.Sub(c.windowStart) >= sendWindow {
		c.windowStart, c.received = now, 0
	}
	c.received++
	return c.received > sendLimit
}

func trace() []string { return []string{`["discordtest-gateway",{"micros":0}]`} }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// serveGateway speaks the gateway on "/" of the main listener.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) { s.serveWS(w, r, false) }

// serveResume is the listener of resume_gateway_url: the same gateway,
// where Resumes are taken.
func (s *Server) serveResume(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != "/" {
		notFound().write(w)
		return
	}
	if s.resumeDown.Load() {
		// As an unreachable host looks to a client: no websocket.
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	s.serveWS(w, r, true)
}

// serveWS speaks the gateway: Hello, then Identify or Resume, heartbeats,
// and dispatches from the person side.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request, resumeURL bool) {
	if !websocket.IsWebSocketUpgrade(r) {
		notFound().write(w)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws, resumeURL: resumeURL}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = true
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		if c.sess != nil {
			c.sess.mu.Lock()
			if c.sess.live == c {
				c.sess.live = nil
			}
			c.sess.mu.Unlock()
		}
		ws.Close()
	}()

	q := r.URL.Query()
	if v := q.Get("v"); v != "" && v != "9" && v != "10" {
		c.close(4012, "Invalid API version.")
		return
	}
	if e := q.Get("encoding"); e != "" && e != "json" {
		c.close(4002, "Error while decoding payload.")
		return
	}
	if c.send(10, map[string]any{"heartbeat_interval": s.opts.HeartbeatInterval.Milliseconds(), "_trace": trace()}) != nil {
		return
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway) && c.sess != nil {
				s.mu.Lock()
				delete(s.sessions, c.sess.id) // a clean close ends the session
				s.mu.Unlock()
			}
			return
		}
		if c.overLimit(time.Now()) {
			c.close(4008, closeReasons[4008])
			return
		}
		var p struct {
			Op int             `json:"op"`
			D  json.RawMessage `json:"d"`
		}
		if json.Unmarshal(data, &p) != nil {
			c.close(4002, "Error while decoding payload.")
			return
		}
		ok := true
		switch p.Op {
		case 1: // heartbeat
			s.mu.Lock()
			s.heartbeats++
			s.mu.Unlock()
			if !c.noAcks.Load() {
				ok = c.send(11, nil) == nil
			}
		case 2:
			ok = s.identify(c, p.D)
		case 6:
			ok = s.resume(c, p.D)
		case 3, 4, 8: // presence, voice state, request guild members: accepted, ignored
			if c.sess == nil {
				c.close(4003, "Not authenticated.")
				ok = false
			}
		default:
			c.close(4001, "Unknown opcode.")
			ok = false
		}
		if !ok {
			return
		}
	}
}

func (s *Server) identify(c *gwConn, raw json.RawMessage) bool {
	var d struct {
		Token   string  `json:"token"`
		Intents *int    `json:"intents"`
		Shard   *[2]int `json:"shard"`
	}
	if json.Unmarshal(raw, &d) != nil {
		c.close(4002, "Error while decoding payload.")
		return false
	}
	if c.sess != nil {
		c.close(4005, "Already authenticated.")
		return false
	}
	token := strings.TrimPrefix(d.Token, "Bot ")
	if token == "" || s.opts.Token != "" && token != s.opts.Token {
		c.close(4004, "Authentication failed.")
		return false
	}
	s.mu.Lock()
	failCode := s.failCode
	s.mu.Unlock()
	if failCode != 0 {
		c.close(failCode, closeReasons[failCode])
		return false
	}
	if d.Intents == nil {
		c.close(4013, "Invalid intent(s).")
		return false
	}
	shard := [2]int{0, 1}
	if d.Shard != nil {
		shard = *d.Shard
	}
	if shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1] {
		c.close(4010, "Invalid shard.")
		return false
	}
	if discordgo.Intent(*d.Intents)&privilegedIntents&^s.opts.PrivilegedIntents != 0 {
		c.close(4014, "Disallowed intent(s).")
		return false
	}

	// The identify concurrency limit: one identify per bucket per 5 s.
	now := time.Now()
	bucket := shard[0] % s.opts.MaxConcurrency
	s.mu.Lock()
	refused := s.invalidIdentifies
	if last, ok := s.lastIdentify[bucket]; ok && now.Sub(last) < identifyInterval {
		refused = true
	}
	if !refused {
		s.lastIdentify[bucket] = now
	}
	s.identified = append(s.identified, Identify{Token: d.Token, Intents: *d.Intents, Shard: shard, At: now, InvalidSession: refused})
	s.mu.Unlock()
	if refused {
		return c.send(9, false) == nil
	}

	sess := &gwSession{id: randomHex(16), token: token, intents: *d.Intents, shard: shard}
	c.sess = sess
	s.mu.Lock()
	s.sessions[sess.id] = sess
	s.mu.Unlock()

	me := s.botUser()
	me["verified"], me["mfa_enabled"] = true, false
	ready := map[string]any{
		"v": 9, "user": me, "session_id": sess.id, "session_type": "normal",
		"resume_gateway_url": s.resumeURL(),
		"application":        map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":             []any{}, "private_channels": []any{}, "relationships": []any{},
		"presences": []any{}, "guild_join_requests": []any{}, "user_settings": map[string]any{},
		"_trace": trace(),
	}
	if d.Shard != nil {
		ready["shard"] = shard
	}
	return s.goLiveOrHold(c, sess, "READY", ready, 0)
}

func (s *Server) resume(c *gwConn, raw json.RawMessage) bool {
	var d struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if json.Unmarshal(raw, &d) != nil {
		c.close(4002, "Error while decoding payload.")
		return false
	}
	if c.sess != nil {
		c.close(4005, "Already authenticated.")
		return false
	}
	s.mu.Lock()
	if s.failCode == 4004 { // a reset token fails resumes too
		s.mu.Unlock()
		c.close(4004, closeReasons[4004])
		return false
	}
	sess := s.sessions[d.SessionID]
	s.mu.Unlock()
	if sess == nil || sess.token != strings.TrimPrefix(d.Token, "Bot ") || !c.resumeURL {
		return c.send(9, false) == nil // Invalid Session, not resumable: the client identifies
	}
	sess.mu.Lock()
	switch {
	case d.Seq > sess.seq:
		sess.mu.Unlock()
		s.mu.Lock()
		delete(s.sessions, sess.id)
		s.mu.Unlock()
		c.close(4007, closeReasons[4007])
		return false
	case len(sess.log) > 0 && d.Seq < sess.log[0].seq-1: // its events are gone
		sess.mu.Unlock()
		return c.send(9, false) == nil
	}
	old := sess.live
	sess.live = nil
	sess.mu.Unlock()
	s.mu.Lock()
	s.resumes++
	s.mu.Unlock()
	if old != nil {
		old.ws.Close()
	}
	c.sess = sess
	return s.goLiveOrHold(c, sess, "RESUMED", map[string]any{"_trace": trace()}, d.Seq)
}

// goLiveOrHold sends READY or RESUMED, or keeps it for ReleaseReady while
// HoldReady is on.
func (s *Server) goLiveOrHold(c *gwConn, sess *gwSession, typ string, d any, after int64) bool {
	s.mu.Lock()
	if s.holdReady {
		s.held = append(s.held, heldDispatch{c, sess, typ, d, after})
		s.mu.Unlock()
		return true
	}
	s.mu.Unlock()
	return s.goLive(c, sess, typ, d, after)
}

// heldDispatch is a READY or RESUMED that HoldReady keeps back.
type heldDispatch struct {
	c     *gwConn
	sess  *gwSession
	typ   string
	d     any
	after int64 // a Resume's sequence number
}

// goLive makes c the session's connection: for RESUMED it first replays
// the events after sequence number after, then sends READY or RESUMED.
// Dispatches wait for the session's lock meanwhile, so none is lost or
// sent twice.
func (s *Server) goLive(c *gwConn, sess *gwSession, typ string, d any, after int64) bool {
	raw, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	sess.mu.Lock()
	defer sess.mu.Unlock()
	c.wmu.Lock()
	defer c.wmu.Unlock()
	if typ == "RESUMED" {
		for _, e := range sess.log {
			if e.seq > after && c.writeDispatch(e.seq, e.typ, e.d) != nil {
				return false
			}
		}
	}
	sess.seq++
	if c.writeDispatch(sess.seq, typ, raw) != nil {
		return false
	}
	sess.readied, sess.live = true, c
	return true
}

// dispatch gives an event to the sessions whose shard gets guildID's
// events and that asked for intent (0: any): live ones get it at once,
// disconnected ones on their Resume. It waits up to 10s for a session on
// that shard to be READY. before runs just before the event is given. It
// returns how many sessions got the event.
func (s *Server) dispatch(guildID string, intent int, typ string, d any, before func()) int {
	raw, err := json.Marshal(d)
	if err != nil {
		panic(err)
	}
	deadline := time.Now().Add(waitTimeout)
	for {
		s.mu.Lock()
		all := make([]*gwSession, 0, len(s.sessions))
		for _, sess := range s.sessions {
			all = append(all, sess)
		}
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return 0
		}
		var targets []*gwSession
		shardReady := false
		for _, sess := range all {
			if !sess.forShard(guildID) || !sess.isReadied() {
				continue
			}
			shardReady = true
			if sess.intents&intent == intent {
				targets = append(targets, sess)
			}
		}
		if shardReady {
			if before != nil {
				before()
			}
			for _, sess := range targets {
				sess.deliver(typ, raw)
			}
			return len(targets)
		}
		if time.Now().After(deadline) {
			return 0
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// liveConns returns the connections sessions are live on.
func (s *Server) liveConns() []*gwConn {
	s.mu.Lock()
	all := make([]*gwSession, 0, len(s.sessions))
	for _, sess := range s.sessions {
		all = append(all, sess)
	}
	s.mu.Unlock()
	var conns []*gwConn
	for _, sess := range all {
		sess.mu.Lock()
		if sess.live != nil {
			conns = append(conns, sess.live)
		}
		sess.mu.Unlock()
	}
	return conns
}

// allConns returns every open gateway connection, live or not.
func (s *Server) allConns() []*gwConn {
	s.mu.Lock()
	defer s.mu.Unlock()
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	return conns
}

// Identified returns every Identify received, in order, including those
// answered with op 9 (InvalidSession).
func (s *Server) Identified() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.identified)
}

// Heartbeats counts the heartbeats (op 1) received; each got an ACK (op
// 11) unless StopHeartbeatAcks was on for its connection.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// Resumes counts accepted Resumes (op 6): on resume_gateway_url, for a
// session that still exists. Their RESUMED may be held (HoldReady).
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Ready waits until at least one session is READY (or RESUMED) and still
// connected.
func (s *Server) Ready(t testing.TB) {
	t.Helper()
	s.WaitFor(t, "a READY gateway session", func() bool { return len(s.liveConns()) > 0 })
}

// closeReasons are the texts Discord sends with its gateway close codes.
var closeReasons = map[int]string{
	4000: "Unknown error.",
	4004: "Authentication failed.",
	4007: "Invalid seq.",
	4008: "Rate limited.",
	4009: "Session timed out.",
	4010: "Invalid shard.",
	4011: "Sharding required.",
	4012: "Invalid API version.",
	4013: "Invalid intent(s).",
	4014: "Disallowed intent(s).",
}
