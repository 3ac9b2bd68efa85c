// Package discordtest is a fake Discord (REST API v9 and gateway) for tests.
//
// It speaks the real protocols, so tests drive the real discordgo client
// against it: point session.Client at Client() and session.Dialer at
// Dialer(), and discordgo's own Open, REST calls, retries and rate-limit
// handling run unchanged. The test plays the person with Slash, Press and
// DM, and inspects what the bot did with Messages, Responses, Callback,
// Commands and Calls. Failures can be injected with FailNext, CloseDMs
// and NoMutualGuild (50007, 50278), LoseResponses (handled, answer
// lost), FailGateway (fatal close codes), CloseGateway, HoldReady,
// RequestHeartbeat, DropConnections, StopHeartbeatAcks (zombie
// connections), Reconnect (op 7) and InvalidateIdentifies (op 9).
//
// The fake enforces the Discord rules a bot most often trips over: one
// callback per interaction within AckDeadline, message and component
// limits, command names and the documented command fields, contexts and
// integration types (Slash only runs a command where Discord would show
// it), a "Bot " token on REST calls, privileged intents, DM delivery
// only to sessions with IntentsDirectMessages, and messages only to
// channels the bot is in (DM channels and guild channels used in a
// Where; not private channels). Its gateway keeps Discord's rules for
// resuming, replay, identify concurrency and rate limits: see gateway.go.
// Its REST API keeps Discord's rate limits (bucket headers on every
// response, 429s for exhausted buckets and beyond 50 requests a second,
// the invalid-request ban): see ratelimits.go, with FailGlobal (a global
// 429), DelayNext (a slow Discord), AnswerElsewhere (40060), Requests,
// GlobalRateLimits, RouteRateLimits and InvalidRequests.
//
// Start runs it outside a test, on a fixed address (cmd/fakediscord).
//
// Wiring (discordgo's own settings only):
//
//	s := discordtest.NewServer(t, discordtest.Options{})
//	dg, _ := discordgo.New("Bot " + s.Token())
//	dg.Client, dg.Dialer = s.Client(), s.Dialer()
//	dg.Identify.Intents = discordgo.IntentsDirectMessages
//	// ... the bot registers its commands and opens dg; then:
//	in := s.Slash(ana, discordtest.DM(ana), "walk", map[string]any{"minutes": 20})
//	s.WaitFor(t, "a reply", func() bool { return len(s.Responses(in.ID)) > 0 })
//
// discordgo's Close sleeps 1s, and a heartbeat falling due in that second
// makes it reconnect; set ShouldReconnectOnError = false (under the
// session lock) before closing a session at the end of a test.
package discordtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Options configure a Server. The zero value is a fine default.
type Options struct {
	AppID     string // default "900000000000000001"
	BotUserID string // default AppID (as for any app created since 2019)
	BotName   string // default "Treadwell"
	// Token, when set, is the only bot token accepted: REST calls need
	// "Authorization: Bot <Token>" (else 401) and Identify must carry it
	// (else close 4004). When empty any "Bot ..." token is accepted.
	Token string
	// AckDeadline is how long after dispatch an interaction callback is
	// accepted (later: 404 code 10062 Unknown interaction). Default 3s.
	AckDeadline time.Duration
	// PrivilegedIntents are the privileged intents "enabled in the developer
	// portal"; an Identify asking for others is closed with 4014.
	PrivilegedIntents discordgo.Intent
	// HeartbeatInterval is sent in Hello. Default 1s, so tests see periodic
	// heartbeats (discordgo also sends one right after READY); Discord uses
	// about 41s. See Reconnect for why a test may want it longer.
	HeartbeatInterval time.Duration
	// MaxConcurrency is session_start_limit.max_concurrency of GET
	// /gateway/bot: identifies of shards with the same shard_id %
	// MaxConcurrency must come 5 s apart, else they get op 9. Default 1,
	// as for most bots.
	MaxConcurrency int
	// UserInstall is the application's "User Install" installation
	// context in the developer portal. Without it (the default, as for a
	// new application) only guild install is supported: commands cannot
	// ask for integration type 1, and nothing runs in private channels.
	UserInstall bool

	// RouteLimit requests per RouteReset are what each route's bucket
	// allows (per channel, guild, webhook or interaction), as the
	// X-RateLimit-* headers of every response say; a request beyond
	// gets 429. Default 5 per second: Discord documents no figures.
	RouteLimit int
	RouteReset time.Duration
	// GlobalLimit is the requests a second the bot may make outside the
	// interaction endpoints; beyond, a global 429. Default 50, Discord's.
	GlobalLimit int
}

const (
	apiPrefix         = "/api/v9"
	waitTimeout       = 10 * time.Second
	privilegedIntents = discordgo.IntentsGuildMembers | discordgo.IntentsGuildPresences | discordgo.IntentsMessageContent
)

// Server is a fake Discord. All methods are safe for concurrent use, but
// the ones that fail the test (Slash, Press, DM, Ready, WaitFor) must be
// called from the test goroutine.
type Server struct {
	t          testing.TB // nil for a server from Start
	opts       Options
	ts         *httptest.Server
	addr       string           // host:port of ts
	resumeTS   *httptest.Server // the listener of resume_gateway_url
	resumeAddr string           // host:port of resumeTS
	mux        *http.ServeMux
	transport  *http.Transport
	upgrader   websocket.Upgrader
	lastID     atomic.Uint64 // snowflakes
	resumeDown atomic.Bool   // resume_gateway_url refuses connections: ResumeURLDown

	done chan struct{} // closed by close

	mu                sync.Mutex
	closed            bool
	calls             map[string]int // "METHOD /route/{}" -> count
	failures          map[string][]failure
	closedDMs         map[string]bool   // user id
	uploadLimit       int64             // bytes of files per request; 0: none
	users             map[string]User   // by id, everyone the fake has seen
	dms               map[string]string // user id -> DM channel id
	channels          map[string]*channel
	messages          map[string]*message
	sent              map[string][]string // channel id -> ids of messages POSTed by the bot
	inters            map[string]*interaction
	byToken           map[string]*interaction
	commands          map[string][]discordgo.ApplicationCommand // guild id ("" global)
	sessions          map[string]*gwSession
	conns             map[*gwConn]bool
	identified        []Identify
	heartbeats        int
	resumes           int
	holdReady         bool              // READY and RESUMED are held (HoldReady)
	held              []heldDispatch    // what ReleaseReady sends
	failCode          int               // FailGateway: the close code for every connection
	lastIdentify      map[int]time.Time // max_concurrency bucket -> last accepted Identify
	invalidIdentifies bool              // InvalidateIdentifies
	losses            map[string][]Loss
	noMutual          map[string]bool            // user id: no server shared with the bot
	registered        map[string]json.RawMessage // guild id: body of the last accepted bulk overwrite

	rl rateLimits // REST rate limits (ratelimits.go), under mu
}

// NewServer starts a fake Discord; it is closed at t.Cleanup. Close the
// discordgo sessions using it before then (register session.Close with
// t.Cleanup after calling NewServer, so it runs first).
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s := newServer(opts)
	s.t = t
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.addr = strings.TrimPrefix(s.ts.URL, "http://")
	s.resumeTS = httptest.NewServer(http.HandlerFunc(s.serveResume))
	s.resumeAddr = strings.TrimPrefix(s.resumeTS.URL, "http://")
	t.Cleanup(s.close)
	return s
}

// Start runs a fake Discord on addr (host:port; port 0 picks one) outside
// a test, for a person to try the bot against (cmd/fakediscord). Without
// a test to fail, use the Try methods (TrySlash, TryPress, TryDM); Close
// stops it.
func Start(addr string, opts Options) (*Server, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("discordtest: %w", err)
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	rln, err := net.Listen("tcp", net.JoinHostPort(host, "0"))
	if err != nil {
		ln.Close()
		return nil, fmt.Errorf("discordtest: %w", err)
	}
	s := newServer(opts)
	s.ts = httptest.NewUnstartedServer(http.HandlerFunc(s.serveHTTP))
	s.ts.Listener.Close()
	s.ts.Listener = ln
	s.ts.Start()
	s.addr = ln.Addr().String()
	s.resumeTS = httptest.NewUnstartedServer(http.HandlerFunc(s.serveResume))
	s.resumeTS.Listener.Close()
	s.resumeTS.Listener = rln
	s.resumeTS.Start()
	s.resumeAddr = rln.Addr().String()
	return s, nil
}

// Close stops a server from Start (NewServer's closes itself).
func (s *Server) Close() { s.close() }

// URL is the server's base URL, http://host:port: the REST API is under
// /api/v9 (discordgo's paths), the gateway at the root. It is what
// Treadwell's DISCORD_API_URL takes.
func (s *Server) URL() string { return "http://" + s.addr }

func newServer(opts Options) *Server {
	if opts.AppID == "" {
		opts.AppID = "900000000000000001"
	}
	if opts.BotUserID == "" {
		opts.BotUserID = opts.AppID
	}
	if opts.BotName == "" {
		opts.BotName = "Treadwell"
	}
	if opts.HeartbeatInterval <= 0 {
		opts.HeartbeatInterval = time.Second
	}
	if opts.AckDeadline <= 0 {
		opts.AckDeadline = 3 * time.Second
	}
	if opts.MaxConcurrency <= 0 {
		opts.MaxConcurrency = 1
	}
	s := &Server{
		done:         make(chan struct{}),
		opts:         opts,
		mux:          http.NewServeMux(),
		transport:    &http.Transport{},
		upgrader:     websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }},
		calls:        map[string]int{},
		failures:     map[string][]failure{},
		closedDMs:    map[string]bool{},
		users:        map[string]User{},
		dms:          map[string]string{},
		channels:     map[string]*channel{},
		messages:     map[string]*message{},
		sent:         map[string][]string{},
		inters:       map[string]*interaction{},
		byToken:      map[string]*interaction{},
		commands:     map[string][]discordgo.ApplicationCommand{},
		sessions:     map[string]*gwSession{},
		conns:        map[*gwConn]bool{},
		lastIdentify: map[int]time.Time{},
		losses:       map[string][]Loss{},
		noMutual:     map[string]bool{},
		registered:   map[string]json.RawMessage{},
	}
	s.routes()
	return s
}

func (s *Server) close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	close(s.done)
	conns := make([]*gwConn, 0, len(s.conns))
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns { // hijacked: httptest.Server.Close does not wait for them
		c.ws.Close()
	}
	s.ts.Close()
	s.resumeTS.Close()
	s.transport.CloseIdleConnections()
}

// Client is the *http.Client for session.Client: every request, whatever
// its host, goes to the fake, keeping method, path, query and headers.
func (s *Server) Client() *http.Client {
	return &http.Client{Transport: redirect{s}, Timeout: 30 * time.Second}
}

type redirect struct{ s *Server }

func (r redirect) RoundTrip(req *http.Request) (*http.Response, error) {
	out := req.Clone(req.Context())
	out.URL.Scheme = "http"
	out.URL.Host = r.s.addr
	return r.s.transport.RoundTrip(out)
}

// Dialer is the websocket dialer for session.Dialer: it connects to the
// fake gateway whatever host the URL names, and to the fake's
// resume_gateway_url (another port) for that URL.
func (s *Server) Dialer() *websocket.Dialer {
	return &websocket.Dialer{
		HandshakeTimeout: 5 * time.Second,
		NetDialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if addr != s.resumeAddr {
				addr = s.addr
			}
			var d net.Dialer
			return d.DialContext(ctx, network, addr)
		},
	}
}

// Token is a bot token the fake accepts; use discordgo.New("Bot " + Token()).
func (s *Server) Token() string {
	if s.opts.Token != "" {
		return s.opts.Token
	}
	return "ODk5.fake.discordtest-token"
}

// AppID is the application id (also in READY and every interaction).
func (s *Server) AppID() string { return s.opts.AppID }

// gatewayURL is what GET /gateway answers; discordgo appends
// "/?v=9&encoding=json", and the fake upgrades on "/".
func (s *Server) gatewayURL() string { return "ws://" + s.addr }

// resumeURL is READY's resume_gateway_url: another listener, where the
// fake takes Resumes (and Identifies).
func (s *Server) resumeURL() string { return "ws://" + s.resumeAddr }

// snowflake returns a new, increasing Discord id for the current time.
func (s *Server) snowflake() string {
	const discordEpoch = 1420070400000
	for {
		last := s.lastID.Load()
		next := uint64(time.Now().UnixMilli()-discordEpoch)<<22 | 1<<17
		if next <= last {
			next = last + 1
		}
		if s.lastID.CompareAndSwap(last, next) {
			return formatID(next)
		}
	}
}
