package discord

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// The adapter reads the gateway's frames itself, between discordgo's
// websocket and the network (gatewayConn), for what discordgo gets wrong
// or keeps to itself:
//
//   - Invalid Session (op 9) and Reconnect (op 7): discordgo deadlocks on
//     either when it comes during its Open (bwmarrin/discordgo#1694), and
//     after Open it reconnects or drops the session without telling why.
//     The adapter takes them out of the stream and ends the connection
//     with a gatewayError, so reconnect knows what Discord asked for.
//   - Zombie connections: Discord wants a client that got no heartbeat
//     ACK (op 11) between two heartbeats to close at once with a code
//     other than 1000 or 1001 and resume; discordgo waits five intervals
//     and closes with 1000, which ends the session.
//   - Close codes: discordgo reports the code that closed an open
//     connection to nobody.
//   - discordgo closes with 1000 on any read error, which would end a
//     session that can be resumed; the adapter sends 4000 instead,
//     except when Run is stopping for good.

// endKind is why a gateway connection ended.
type endKind int

const (
	endDropped   endKind = iota // broken or closed without a reason from Discord
	endClosed                   // Discord closed it with a close code
	endInvalid                  // Invalid Session (op 9)
	endReconnect                // Reconnect (op 7)
	endZombie                   // no heartbeat ACK
)

// gwEnd is how a gateway connection ended.
type gwEnd struct {
	kind      endKind
	code      int    // endClosed
	text      string // endClosed
	resumable bool   // endInvalid: op 9's d
}

// gatewayError is what discordgo's read gets when the adapter ends the
// connection for an op 9, an op 7 or a zombie connection.
type gatewayError struct{ end gwEnd }

func (e *gatewayError) Error() string {
	switch e.end.kind {
	case endInvalid:
		return fmt.Sprintf("discord: invalid session (op 9, resumable %v)", e.end.resumable)
	case endReconnect:
		return "discord: the gateway asked to reconnect (op 7)"
	case endZombie:
		return "discord: no heartbeat ACK from the gateway (zombie connection)"
	}
	return "discord: gateway connection ended"
}

// resumeCloseCode is the code the adapter closes a connection with when
// the session is to be resumed: Discord's 1000 and 1001 end it.
const resumeCloseCode = 4000

// maxInspect is the largest frame the adapter decodes; the opcodes it
// looks for come in tiny ones.
const maxInspect = 4096

// gatewayConn is one gateway connection as the network sees it: what
// discordgo's websocket reads and writes goes through it.
type gatewayConn struct {
	net.Conn
	// final reports whether the adapter is stopping for good: then
	// discordgo's close code 1000 is sent as it is.
	final func() bool

	// Read side; gorilla reads from one goroutine.
	br      *bufio.Reader
	pending []byte // bytes for the next Reads
	pass    int64  // payload bytes of an uninspected frame still to pass
	inWS    bool   // the handshake response has passed: frames follow
	raw     bool   // not a websocket stream (a refused upgrade): pass all
	rerr    error  // returned once pending is read

	// Write side, under wmu.
	wmu      sync.Mutex
	wclosed  atomic.Bool
	wInWS    bool    // the handshake request has passed
	wTail    []byte  // its last bytes, to find its end across writes
	wHdr     []byte  // the current frame's header so far
	wRemain  int64   // payload bytes of the current frame still to come
	wInFrame bool    // between a header and the end of its payload
	wOp      byte    // the current frame's opcode
	wMask    [4]byte // and masking key
	wKeep    bool    // its payload is collected for inspection
	wPayload []byte  // collected (masked) payload
	wStart   int     // where the current frame began in this Write; -1: before it
	wHdrLen  int     // the current frame's header length

	mu       sync.Mutex
	interval time.Duration // heartbeat_interval from Hello
	unacked  time.Time     // when the oldest heartbeat not yet ACKed was sent
	end      *gwEnd        // the first reason the connection ended
	closed   bool          // Close was called
}

func newGatewayConn(c net.Conn, final func() bool) *gatewayConn {
	return &gatewayConn{Conn: c, final: final, br: bufio.NewReaderSize(c, 8192)}
}

// ended returns how the connection ended, or ok false while it is open.
func (g *gatewayConn) ended() (gwEnd, bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.end != nil {
		return *g.end, true
	}
	return gwEnd{kind: endDropped}, g.closed
}

func (g *gatewayConn) setEnd(e gwEnd) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.end == nil {
		g.end = &e
	}
}

// Close closes the connection.
func (g *gatewayConn) Close() error {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.wclosed.Store(true)
	return g.Conn.Close()
}

// Read gives discordgo's websocket the stream, without the frames the
// adapter takes out.
func (g *gatewayConn) Read(p []byte) (int, error) {
	for len(g.pending) == 0 {
		if g.rerr != nil {
			return 0, g.rerr
		}
		if err := g.next(); err != nil {
			g.rerr = err
		}
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	return n, nil
}

// next reads the next piece of the stream into pending: the handshake
// response, a frame, or part of an uninspected frame's payload.
func (g *gatewayConn) next() error {
	switch {
	case g.raw || g.pass > 0:
		n := int64(32 << 10)
		if !g.raw {
			n = min(n, g.pass)
		}
		buf := make([]byte, n)
		m, err := g.br.Read(buf)
		g.pending = buf[:m]
		if !g.raw {
			g.pass -= int64(m)
		}
		return err
	case !g.inWS:
		first := true
		for {
			line, err := g.br.ReadSlice('\n')
			g.pending = append(g.pending, line...)
			if errors.Is(err, bufio.ErrBufferFull) {
				continue
			}
			if err != nil {
				return err
			}
			if first && !bytes.Contains(line, []byte(" 101 ")) {
				g.raw = true // gorilla reports the refusal
				return nil
			}
			first = false
			if string(line) == "\r\n" {
				g.inWS = true
				return nil
			}
		}
	}
	return g.frame()
}

// frame reads one frame. Small text and binary messages are decoded:
// Hello and heartbeat ACKs are noted; op 7 and op 9 end the connection.
// Close frames are noted and passed.
func (g *gatewayConn) frame() error {
	hdr := make([]byte, 2, 14)
	if n, err := io.ReadFull(g.br, hdr); err != nil {
		g.pending = hdr[:n]
		return err
	}
	fin, op := hdr[0]&0x80 != 0, hdr[0]&0x0f
	masked := hdr[1]&0x80 != 0
	size := int64(hdr[1] & 0x7f)
	ext := 0
	switch size {
	case 126:
		ext = 2
	case 127:
		ext = 8
	}
	if masked {
		ext += 4
	}
	if ext > 0 {
		hdr = hdr[:2+ext]
		if n, err := io.ReadFull(g.br, hdr[2:]); err != nil {
			g.pending = hdr[:2+n]
			return err
		}
		switch hdr[1] & 0x7f {
		case 126:
			size = int64(binary.BigEndian.Uint16(hdr[2:4]))
		case 127:
			size = int64(binary.BigEndian.Uint64(hdr[2:10]) & (1<<63 - 1))
		}
	}
	inspect := size <= maxInspect && (op == websocket.CloseMessage || fin && (op == websocket.TextMessage || op == websocket.BinaryMessage))
	if !inspect {
		g.pending, g.pass = hdr, size
		return nil
	}
	frame := make([]byte, len(hdr)+int(size))
	copy(frame, hdr)
	if n, err := io.ReadFull(g.br, frame[len(hdr):]); err != nil {
		g.pending = frame[:len(hdr)+n]
		return err
	}
	data := frame[len(hdr):]
	if masked { // servers do not mask; decode a copy all the same
		key := hdr[len(hdr)-4:]
		data = bytes.Clone(data)
		for i := range data {
			data[i] ^= key[i%4]
		}
	}
	if op == websocket.CloseMessage {
		e := gwEnd{kind: endClosed, code: websocket.CloseNoStatusReceived}
		if len(data) >= 2 {
			e.code, e.text = int(binary.BigEndian.Uint16(data)), string(data[2:])
		}
		g.setEnd(e)
		g.pending = frame
		return nil
	}
	if ge := g.inspect(op, data); ge != nil {
		g.setEnd(ge.end)
		g.abort()
		return ge
	}
	g.pending = frame
	return nil
}

// inspect looks at a message from Discord; a non-nil result ends the
// connection instead of reaching discordgo.
func (g *gatewayConn) inspect(op byte, data []byte) *gatewayError {
	if op == websocket.BinaryMessage { // zlib-compressed payload
		z, err := zlib.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil
		}
		data, err = io.ReadAll(io.LimitReader(z, 1<<20))
		if err != nil {
			return nil
		}
	}
	var p struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	if json.Unmarshal(data, &p) != nil {
		return nil
	}
	switch p.Op {
	case 10: // Hello
		var h struct {
			Interval int64 `json:"heartbeat_interval"`
		}
		if json.Unmarshal(p.D, &h) == nil {
			g.mu.Lock()
			g.interval = time.Duration(h.Interval) * time.Millisecond
			g.mu.Unlock()
		}
	case 11: // Heartbeat ACK
		g.mu.Lock()
		g.unacked = time.Time{}
		g.mu.Unlock()
	case 7:
		return &gatewayError{gwEnd{kind: endReconnect}}
	case 9:
		var resumable bool
		json.Unmarshal(p.D, &resumable)
		return &gatewayError{gwEnd{kind: endInvalid, resumable: resumable}}
	}
	return nil
}

// abort ends the connection from the read side: a close frame with
// resumeCloseCode if no write is under way, then the network connection.
func (g *gatewayConn) abort() {
	if g.wmu.TryLock() {
		g.abortLocked()
		g.wmu.Unlock()
		return
	}
	g.wclosed.Store(true)
	g.Conn.Close() // a write is stuck: it fails now
}

// abortLocked ends the connection; call with wmu held.
func (g *gatewayConn) abortLocked() {
	if g.wclosed.Swap(true) {
		return
	}
	if g.wInWS && !g.wInFrame && len(g.wHdr) == 0 {
		g.Conn.SetWriteDeadline(time.Now().Add(time.Second))
		g.Conn.Write(clientCloseFrame(resumeCloseCode, "resuming"))
	}
	g.Conn.Close()
}

// clientCloseFrame is a masked close frame with code and a short text.
func clientCloseFrame(code int, text string) []byte {
	payload := binary.BigEndian.AppendUint16(nil, uint16(code))
	payload = append(payload, text...)
	var key [4]byte
	rand.Read(key[:])
	f := []byte{0x80 | websocket.CloseMessage, 0x80 | byte(len(payload))}
	f = append(f, key[:]...)
	for i, b := range payload {
		f = append(f, b^key[i%4])
	}
	return f
}

// Write passes discordgo's writes on, changing a close code 1000 or 1001
// to resumeCloseCode unless Run is stopping, and ending the connection
// instead of sending a heartbeat when the one before got no ACK.
func (g *gatewayConn) Write(p []byte) (int, error) {
	g.wmu.Lock()
	defer g.wmu.Unlock()
	if g.wclosed.Load() {
		return 0, net.ErrClosed
	}
	out, zombie := g.scan(p)
	if zombie {
		g.setEnd(gwEnd{kind: endZombie})
		g.abortLocked()
		return 0, &gatewayError{gwEnd{kind: endZombie}}
	}
	n, err := g.Conn.Write(out)
	return min(n, len(p)), err
}

// scan follows the frames of one Write. It returns what to send (p, or
// a copy with a close code changed) and whether a heartbeat in it finds
// the connection a zombie.
func (g *gatewayConn) scan(p []byte) ([]byte, bool) {
	out := p
	i := 0
	if !g.wInWS {
		// The handshake request, up to its blank line.
		joined := append(g.wTail, p...)
		end := bytes.Index(joined, []byte("\r\n\r\n"))
		if end < 0 {
			g.wTail = bytes.Clone(joined[max(0, len(joined)-3):])
			return p, false
		}
		g.wInWS, g.wTail = true, nil
		i = end + 4 - (len(joined) - len(p))
	}
	g.wStart = -1
	zombie := false
	for i < len(p) {
		if !g.wInFrame {
			if len(g.wHdr) == 0 {
				g.wStart = i
			}
			g.wHdr = append(g.wHdr, p[i])
			i++
			need := 2
			if len(g.wHdr) >= 2 {
				switch g.wHdr[1] & 0x7f {
				case 126:
					need += 2
				case 127:
					need += 8
				}
				if g.wHdr[1]&0x80 != 0 {
					need += 4
				}
			}
			if len(g.wHdr) < need {
				continue
			}
			size := int64(g.wHdr[1] & 0x7f)
			switch size {
			case 126:
				size = int64(binary.BigEndian.Uint16(g.wHdr[2:4]))
			case 127:
				size = int64(binary.BigEndian.Uint64(g.wHdr[2:10]) & (1<<63 - 1))
			}
			g.wOp = g.wHdr[0] & 0x0f
			g.wMask = [4]byte{}
			if g.wHdr[1]&0x80 != 0 {
				copy(g.wMask[:], g.wHdr[need-4:need])
			}
			g.wKeep = size <= maxInspect && (g.wOp == websocket.CloseMessage || g.wOp == websocket.TextMessage && g.wHdr[0]&0x80 != 0)
			g.wHdrLen = need
			g.wHdr = g.wHdr[:0]
			g.wRemain, g.wInFrame, g.wPayload = size, true, g.wPayload[:0]
			if size > 0 {
				continue
			}
		} else {
			take := int(min(g.wRemain, int64(len(p)-i)))
			if g.wKeep {
				g.wPayload = append(g.wPayload, p[i:i+take]...)
			}
			i += take
			g.wRemain -= int64(take)
			if g.wRemain > 0 {
				continue
			}
		}
		// The frame is complete.
		g.wInFrame = false
		if !g.wKeep {
			continue
		}
		data := bytes.Clone(g.wPayload)
		for j := range data {
			data[j] ^= g.wMask[j%4]
		}
		switch g.wOp {
		case websocket.CloseMessage:
			if len(data) < 2 || g.wStart < 0 || g.final() {
				break
			}
			if code := binary.BigEndian.Uint16(data); code == websocket.CloseNormalClosure || code == websocket.CloseGoingAway {
				at := g.wStart + g.wHdrLen
				out = bytes.Clone(p)
				var c [2]byte
				binary.BigEndian.PutUint16(c[:], resumeCloseCode)
				out[at], out[at+1] = c[0]^g.wMask[0], c[1]^g.wMask[1]
			}
		case websocket.TextMessage:
			var m struct {
				Op int `json:"op"`
			}
			if json.Unmarshal(data, &m) == nil && m.Op == 1 && g.heartbeat(time.Now()) {
				zombie = true
			}
		}
	}
	return out, zombie
}

// heartbeat notes a heartbeat being sent and reports whether the
// connection is a zombie: an earlier heartbeat, sent at least half an
// interval ago, still has no ACK. (A heartbeat Discord asks for may come
// just before a regular one; that is not a zombie.)
func (g *gatewayConn) heartbeat(now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.unacked.IsZero() {
		g.unacked = now
		return false
	}
	return g.interval > 0 && now.Sub(g.unacked) >= g.interval/2
}

// dialer is the websocket dialer of Run's sessions: the configured one
// (default discordgo's), with its connections made by the adapter, so
// that they go through a gatewayConn, end when ctx does, and can be cut
// by open. It does TLS itself for wss:// (gorilla then takes the
// connection as it is) and the configured proxy's CONNECT, so that the
// gatewayConn sees the websocket stream.
func (a *Adapter) dialer(ctx context.Context) *websocket.Dialer {
	base := a.cfg.Dialer
	if base == nil {
		base = websocket.DefaultDialer
	}
	d := *base
	tcp := d.NetDialContext
	if tcp == nil && d.NetDial != nil {
		netDial := d.NetDial
		tcp = func(_ context.Context, network, addr string) (net.Conn, error) { return netDial(network, addr) }
	}
	if tcp == nil {
		tcp = (&net.Dialer{}).DialContext
	}
	tlsDial, proxy := d.NetDialTLSContext, d.Proxy
	d.NetDial, d.Proxy = nil, nil

	connect := func(dctx context.Context, network, addr string, secure bool) (net.Conn, error) {
		dctx, cancel := context.WithCancel(dctx)
		defer cancel()
		stop := context.AfterFunc(ctx, cancel)
		defer stop()
		var conn net.Conn
		var err error
		if secure && tlsDial != nil {
			conn, err = tlsDial(dctx, network, addr)
		} else {
			conn, err = dialProxied(dctx, tcp, proxy, network, addr, secure)
			if err == nil && secure {
				conn, err = handshakeTLS(dctx, conn, base.TLSClientConfig, addr)
			}
		}
		if err != nil {
			return nil, err
		}
		gc := newGatewayConn(conn, a.stopping.Load)
		a.mu.Lock()
		a.gw = gc
		a.mu.Unlock()
		return gc, nil
	}
	d.NetDialContext = func(dctx context.Context, network, addr string) (net.Conn, error) {
		return connect(dctx, network, addr, false)
	}
	d.NetDialTLSContext = func(dctx context.Context, network, addr string) (net.Conn, error) {
		return connect(dctx, network, addr, true)
	}
	return &d
}

// dialProxied connects to addr, through the HTTP proxy that proxy names
// for it (an HTTP CONNECT), if any.
func dialProxied(ctx context.Context, tcp func(context.Context, string, string) (net.Conn, error), proxy func(*http.Request) (*url.URL, error), network, addr string, secure bool) (net.Conn, error) {
	var via *url.URL
	if proxy != nil {
		scheme := "http"
		if secure {
			scheme = "https"
		}
		var err error
		if via, err = proxy(&http.Request{URL: &url.URL{Scheme: scheme, Host: addr}}); err != nil {
			return nil, err
		}
	}
	if via == nil {
		return tcp(ctx, network, addr)
	}
	if via.Scheme != "http" {
		return nil, fmt.Errorf("discord: proxy scheme %q is not supported for the gateway", via.Scheme)
	}
	host := via.Host
	if via.Port() == "" {
		host = net.JoinHostPort(via.Hostname(), "80")
	}
	conn, err := tcp(ctx, network, host)
	if err != nil {
		return nil, err
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	req := "CONNECT " + addr + " HTTP/1.1\r\nHost: " + addr + "\r\n"
	if u := via.User; u != nil {
		pw, _ := u.Password()
		req += "Proxy-Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pw)) + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		conn.Close()
		return nil, err
	}
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil {
		conn.Close()
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || br.Buffered() > 0 {
		conn.Close()
		return nil, fmt.Errorf("discord: the proxy answered CONNECT with %s", resp.Status)
	}
	conn.SetDeadline(time.Time{})
	return conn, nil
}

// handshakeTLS makes conn a TLS client connection to addr, as gorilla
// does for wss://.
func handshakeTLS(ctx context.Context, conn net.Conn, base *tls.Config, addr string) (net.Conn, error) {
	cfg := &tls.Config{}
	if base != nil {
		cfg = base.Clone()
	}
	if cfg.ServerName == "" {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			host = addr
		}
		cfg.ServerName = strings.Trim(host, "[]")
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return tc, nil
}
