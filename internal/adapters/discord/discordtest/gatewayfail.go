package discordtest

// Gateway failures a test can inject, each as Discord produces it.

// Reconnect sends op 7 (Reconnect) to every live session, as Discord
// does before moving a session; clients reconnect and Resume. It returns
// how many sessions were asked.
//
// discordgo handles op 7 after its Open by closing (a 1s sleep holding
// its lock) and reopening, and deadlocks on one during its Open. For a
// deterministic Resume with a bare discordgo session, use a
// HeartbeatInterval longer than the test and wait for Heartbeats() to
// count the first one before calling Reconnect.
func (s *Server) Reconnect() int {
	n := 0
	for _, c := range s.liveConns() {
		if c.send(7, nil) == nil {
			n++
		}
	}
	return n
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

// CloseGateway closes every gateway connection with code, once, as
// Discord does with 4000 (unknown error), 4008 (rate limited) or 4009
// (session timed out). After 4007 or 4009 the sessions are gone (a
// Resume gets op 9: the client has to identify); after other codes they
// can be resumed. It returns how many connections were closed.
func (s *Server) CloseGateway(code int) int {
	conns := s.allConns()
	if code == 4007 || code == 4009 {
		s.mu.Lock()
		clear(s.sessions)
		s.mu.Unlock()
	}
	for _, c := range conns {
		c.close(code, closeReasons[code])
		c.ws.Close()
	}
	return len(conns)
}

// HoldReady makes the gateway accept Identify and Resume but hold back
// the READY or RESUMED that completes them, as a gateway under load may,
// until ReleaseReady. A session whose READY is held gets no events; one
// whose RESUMED is held keeps its events for the replay.
func (s *Server) HoldReady() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.holdReady = true
}

// ReleaseReady sends the held READY and RESUMED dispatches (a RESUMED
// after the replay of what its session missed) and stops holding them.
// It returns how many connections got one.
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
		if open && s.goLive(h.c, h.sess, h.typ, h.d, h.after) {
			n++
		}
	}
	return n
}

// RequestHeartbeat sends op 1 (Heartbeat) to every connection, ready or
// not: Discord may ask for a heartbeat at any time, and the client must
// answer with one at once. It returns how many connections were asked.
func (s *Server) RequestHeartbeat() int {
	n := 0
	for _, c := range s.allConns() {
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
	conns := s.allConns()
	for _, c := range conns {
		c.ws.Close()
	}
	return len(conns)
}

// ResumeURLDown makes READY's resume_gateway_url unreachable (down
// true) or reachable again: its websocket upgrades are refused with 503,
// as a gateway host that is down looks to a client. The main gateway URL
// still takes new sessions.
func (s *Server) ResumeURLDown(down bool) { s.resumeDown.Store(down) }

// StopHeartbeatAcks turns the open gateway connections into zombies:
// they stay open and take heartbeats but never ACK them (op 11). Discord
// wants the client to notice before its next heartbeat, close with a
// code other than 1000 or 1001 (which would end the session) and Resume.
// Connections made afterwards ACK as usual. It returns how many
// connections stopped.
func (s *Server) StopHeartbeatAcks() int {
	conns := s.allConns()
	for _, c := range conns {
		c.noAcks.Store(true)
	}
	return len(conns)
}

// InvalidateIdentifies makes the gateway answer every Identify with op 9
// (Invalid Session, not resumable) while on, as Discord does to a bot
// that breaks the identify concurrency limit; the answered identifies
// show in Identified with InvalidSession set. Resumes are not affected.
func (s *Server) InvalidateIdentifies(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidIdentifies = on
}
