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

// Identify is what a session sent in its Identify (op 2). Token is as sent
// (discordgo sends "Bot <token>"); Shard is [0, 1] when none was sent
// (discordgo only sends it when ShardCount > 1).
type Identify struct {
	Token   string
	Intents int
	Shard   [2]int
}

// gwSession is a gateway session; it survives its connection and can be
// resumed unless the client closed with 1000 or 1001.
type gwSession struct {
	id      string
	token   string // without "Bot "
	intents int
	shard   [2]int
	seq     atomic.Int64
	live    *gwConn // guarded by Server.mu; set once READY/RESUMED is sent
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

// gwConn is one websocket connection.
type gwConn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex
	sess *gwSession // only touched by the connection's goroutine
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

// dispatch sends an op 0 event with the session's next sequence number.
func (c *gwConn) dispatch(sess *gwSession, typ string, d any) error {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	return c.dispatchLocked(sess, typ, d)
}

// goLive makes c the session's connection and sends READY or RESUMED
// first: dispatchers see c once live, and wait for wmu.
func (s *Server) goLive(c *gwConn, sess *gwSession, typ string, d any) bool {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	s.mu.Lock()
	sess.live = c
	s.mu.Unlock()
	if c.dispatchLocked(sess, typ, d) != nil {
		s.mu.Lock()
		if sess.live == c {
			sess.live = nil
		}
		s.mu.Unlock()
		return false
	}
	return true
}

func (c *gwConn) dispatchLocked(sess *gwSession, typ string, d any) error {
	seq := sess.seq.Add(1)
	c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return c.ws.WriteJSON(payload{Op: 0, D: d, S: &seq, T: &typ})
}

func (c *gwConn) close(code int, text string) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), time.Now().Add(time.Second))
}

func trace() []string { return []string{`["discordtest-gateway",{"micros":0}]`} }

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// serveGateway speaks the gateway on "/": Hello, then Identify or Resume,
// heartbeats, and dispatches from the person side.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	if !websocket.IsWebSocketUpgrade(r) {
		notFound().write(w)
		return
	}
	ws, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &gwConn{ws: ws}
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
		if c.sess != nil && c.sess.live == c {
			c.sess.live = nil
		}
		s.mu.Unlock()
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
			ok = c.send(11, nil) == nil
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
	sess := &gwSession{id: randomHex(16), token: token, intents: *d.Intents, shard: shard}
	c.sess = sess
	s.mu.Lock()
	s.identified = append(s.identified, Identify{Token: d.Token, Intents: *d.Intents, Shard: shard})
	s.sessions[sess.id] = sess
	s.mu.Unlock()

	me := s.botUser()
	me["verified"], me["mfa_enabled"] = true, false
	ready := map[string]any{
		"v": 9, "user": me, "session_id": sess.id, "session_type": "normal",
		"resume_gateway_url": s.gatewayURL(),
		"application":        map[string]any{"id": s.opts.AppID, "flags": 0},
		"guilds":             []any{}, "private_channels": []any{}, "relationships": []any{},
		"presences": []any{}, "guild_join_requests": []any{}, "user_settings": map[string]any{},
		"_trace": trace(),
	}
	if d.Shard != nil {
		ready["shard"] = shard
	}
	return s.goLiveOrHold(c, sess, "READY", ready)
}

// goLiveOrHold sends READY or RESUMED, or keeps it for ReleaseReady while
// HoldReady is on.
func (s *Server) goLiveOrHold(c *gwConn, sess *gwSession, typ string, d any) bool {
	s.mu.Lock()
	if s.holdReady {
		s.held = append(s.held, heldDispatch{c, sess, typ, d})
		s.mu.Unlock()
		return true
	}
	s.mu.Unlock()
	return s.goLive(c, sess, typ, d)
}

// heldDispatch is a READY or RESUMED that HoldReady keeps back.
type heldDispatch struct {
	c    *gwConn
	sess *gwSession
	typ  string
	d    any
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
	valid := sess != nil && sess.token == strings.TrimPrefix(d.Token, "Bot ")
	var old *gwConn
	if valid {
		s.resumes++
		old, sess.live = sess.live, nil
	}
	s.mu.Unlock()
	if !valid {
		return c.send(9, false) == nil // Invalid Session, not resumable: the client identifies
	}
	if old != nil {
		old.ws.Close()
	}
	c.sess = sess
	return s.goLiveOrHold(c, sess, "RESUMED", map[string]any{"_trace": trace()})
}

// dispatch sends an event to the live sessions whose shard gets guildID's
// events and that asked for intent (0: any). It waits up to 10s for a
// live session on that shard, and retries while sends fail (a session
// reconnecting). before runs just before sending. It returns how many
// sessions got the event.
func (s *Server) dispatch(guildID string, intent int, typ string, d any, before func()) int {
	deadline := time.Now().Add(waitTimeout)
	for {
		var targets []*gwConn
		var sessions []*gwSession
		shardLive := false
		s.mu.Lock()
		for _, sess := range s.sessions {
			if sess.live == nil || !sess.forShard(guildID) {
				continue
			}
			shardLive = true
			if sess.intents&intent == intent {
				targets, sessions = append(targets, sess.live), append(sessions, sess)
			}
		}
		closed := s.closed
		s.mu.Unlock()
		if closed {
			return 0
		}
		if shardLive {
			if before != nil {
				before()
			}
			n := 0
			for i, c := range targets {
				if c.dispatch(sessions[i], typ, d) == nil {
					n++
				}
			}
			if n > 0 || len(targets) == 0 {
				return n
			}
		}
		if time.Now().After(deadline) {
			return 0
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Identified returns every Identify received, in order.
func (s *Server) Identified() []Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.identified)
}

// Heartbeats counts the heartbeats (op 1) received; each got an ACK (op 11).
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// Resumes counts successful Resumes (op 6, answered with RESUMED).
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Ready waits until at least one session is READY (or RESUMED) and still
// connected.
func (s *Server) Ready(t testing.TB) {
	t.Helper()
	s.WaitFor(t, "a READY gateway session", func() bool {
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, sess := range s.sessions {
			if sess.live != nil {
				return true
			}
		}
		return false
	})
}

// Reconnect sends op 7 (Reconnect) to every connected session, as Discord
// does before moving a session; clients reconnect and Resume. It returns
// how many sessions were asked.
//
// discordgo v0.29 handles op 7 by closing (a 1s sleep holding its lock)
// and reopening; a heartbeat falling due in that second, or not yet sent,
// makes its old heartbeat goroutine close the new connection with 1000,
// which ends the session, and identify again. For a deterministic Resume,
// use a HeartbeatInterval longer than the test and wait for Heartbeats()
// to count the first one before calling Reconnect.
func (s *Server) Reconnect() int {
	s.mu.Lock()
	var conns []*gwConn
	for _, sess := range s.sessions {
		if sess.live != nil {
			conns = append(conns, sess.live)
		}
	}
	s.mu.Unlock()
	n := 0
	for _, c := range conns {
		if c.send(7, nil) == nil {
			n++
		}
	}
	return n
}

// closeReasons are the texts Discord sends with its gateway close codes.
var closeReasons = map[int]string{
	4000: "Unknown error.",
	4004: "Authentication failed.",
	4008: "Rate limited.",
	4009: "Session timed out.",
	4010: "Invalid shard.",
	4011: "Sharding required.",
	4012: "Invalid API version.",
	4013: "Invalid intent(s).",
	4014: "Disallowed intent(s).",
}

// FailGateway makes the gateway refuse the bot with close code from now
// on, as Discord does once a token is reset (4004), the bot needs more
// shards (4011) or a privileged intent is switched off in the developer
// portal (4014): connected sessions are closed with code and can no
// longer be resumed (a Resume gets op 9, Invalid Session; with 4004 the
// close code), and every Identify is closed with code. The codes Discord
// documents as not to reconnect on are 4004 and 4010-4014; any 4000-4999
// code can be given. 0 lets the bot connect again.
func (s *Server) FailGateway(code int) {
	s.mu.Lock()
	s.failCode = code
	var conns []*gwConn
	if code != 0 {
		for c := range s.conns {
			conns = append(conns, c)
		}
		clear(s.sessions)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.close(code, closeReasons[code])
		c.ws.Close()
	}
}

// HoldReady makes the gateway accept Identify and Resume but hold back
// the READY or RESUMED that completes them, as a gateway under load may,
// until ReleaseReady. A held session gets no events.
func (s *Server) HoldReady() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdReady = true
}

// ReleaseReady sends the held READY and RESUMED dispatches and stops
// holding them. It returns how many connections got one.
func (s *Server) ReleaseReady() int {
	s.mu.Lock()
	held := s.held
	s.held, s.holdReady = nil, false
	s.mu.Unlock()
	n := 0
	for _, h := range held {
		s.mu.Lock()
		open := s.conns[h.c]
		s.mu.Unlock()
		if open && s.goLive(h.c, h.sess, h.typ, h.d) {
			n++
		}
	}
	return n
}

// RequestHeartbeat sends op 1 (Heartbeat) to every connection, ready or
// not: Discord may ask for a heartbeat at any time, and the client must
// answer with one at once. It returns how many connections were asked.
func (s *Server) RequestHeartbeat() int {
	s.mu.Lock()
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	n := 0
	for _, c := range conns {
		if c.send(1, nil) == nil {
			n++
		}
	}
	return n
}

// DropConnections cuts every gateway connection without a close frame,
// as a network failure does. The sessions stay resumable. It returns how
// many connections were cut.
func (s *Server) DropConnections() int {
	s.mu.Lock()
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	return len(conns)
}
