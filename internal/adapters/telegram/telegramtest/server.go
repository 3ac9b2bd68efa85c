// Package telegramtest is a fake Telegram Bot API server for tests.
//
// It speaks the real HTTP protocol (POST <URL>/bot<TOKEN>/<method>, JSON or
// multipart bodies, {"ok":...} envelopes), so tests can drive the real
// telebot client against it. The test plays the person with SendText, Press
// and SetMember, and inspects what the bot did with Sent, Calls, Requests and
// friends. Failures, hanging calls, blocking and Telegram-like rate limits
// can be injected.
//
// Chats the fake has never seen are accepted as recipients (positive IDs as
// private chats, negative ones as groups), so a bot may write first.
package telegramtest

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Options configure a Server.
type Options struct {
	Token       string // default "123:TEST"
	BotUsername string // default "treadwell_test_bot"
	// Limits, when set, are enforced like Telegram does: a send
	// (sendMessage, sendPhoto, sendDocument) over the per-chat or global
	// rate gets 429 with parameters.retry_after (seconds, at least 1) and
	// is counted in TooMany(). TelegramLimits() are Telegram's own.
	Limits *Limits
}

// Server is a fake Bot API. All methods are safe for concurrent use.
type Server struct {
	ts     *httptest.Server
	token  string
	bot    wireUser
	ctx    context.Context // cancelled at cleanup
	client *http.Client    // for webhook deliveries
	wg     sync.WaitGroup

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every state change
	calls    map[string]int
	requests map[string][]params

	chats   map[int64]chatInfo
	msgIDs  map[int64]int    // last message_id per chat, shared by both sides
	members map[int64]string // the bot's status in the private chat with a user
	queue   []queued         // updates not yet confirmed or delivered
	lastUpd int
	allowed map[string]bool // nil: Telegram's default set
	sent    map[int64][]*sentMessage
	// replyKeyboards is the reply keyboard each chat shows now.
	replyKeyboards map[int64][][]KeyButton
	files          int
	queries        map[string]bool // callback queries not yet answered
	lastQuery      int64
	answers        []string
	commands       []struct{ Command, Description string }
	menus          map[menuKey][]Command // by scope and language
	hook           hookState

	failures map[string][]injected // FailNext and Hang, in order
	blocked  map[int64]bool
	failing  map[int64]Failure // FailSends
	limits   *limiter
	tooMany  int
	accepted []time.Time // when each accepted send arrived
}

// NewServer starts a fake Bot API server; it is closed at t.Cleanup.
// Stop bots using it before then (register their Stop with t.Cleanup after
// calling NewServer, so it runs first).
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	if opts.Token == "" {
		opts.Token = "123:TEST"
	}
	if opts.BotUsername == "" {
		opts.BotUsername = "treadwell_test_bot"
	}
	botID, err := strconv.ParseInt(strings.SplitN(opts.Token, ":", 2)[0], 10, 64)
	if err != nil || botID <= 0 {
		botID = 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	transport := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}
	s := &Server{
		token:          opts.Token,
		bot:            wireUser{ID: botID, IsBot: true, FirstName: "Treadwell", Username: opts.BotUsername},
		ctx:            ctx,
		client:         &http.Client{Transport: transport, Timeout: webhookTimeout},
		changed:        make(chan struct{}),
		calls:          map[string]int{},
		requests:       map[string][]params{},
		chats:          map[int64]chatInfo{},
		msgIDs:         map[int64]int{},
		members:        map[int64]string{},
		sent:           map[int64][]*sentMessage{},
		replyKeyboards: map[int64][][]KeyButton{},
		queries:        map[string]bool{},
		failures:       map[string][]injected{},
		blocked:        map[int64]bool{},
		failing:        map[int64]Failure{},
		limits:         newLimiter(opts.Limits),
	}
	s.ts = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.wg.Add(1)
	go s.deliverWebhooks()
	t.Cleanup(func() {
		cancel()
		s.ts.Close()
		s.wg.Wait()
		transport.CloseIdleConnections()
	})
	return s
}

// URL is the base URL for telebot.Settings.URL.
func (s *Server) URL() string { return s.ts.URL }

// Token is the bot token the server accepts.
func (s *Server) Token() string { return s.token }

// Calls reports how many requests of method arrived, failed ones included.
func (s *Server) Calls(method string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[method]
}

// Requests returns the decoded bodies of the requests of method, in order.
// Values are as sent: telebot sends most fields as strings, nested objects
// (reply_markup) as JSON strings; uploaded files appear as
// {"file_name": ..., "size": ..., "mime_type": ...}. Do not modify the maps.
func (s *Server) Requests(method string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]map[string]any, 0, len(s.requests[method]))
	for _, p := range s.requests[method] {
		out = append(out, p)
	}
	return out
}

type handler func(s *Server, ctx context.Context, p params) (any, *apiError)

var methods = map[string]handler{
	"getMe":                  (*Server).getMe,
	"getUpdates":             (*Server).getUpdates,
	"sendMessage":            (*Server).sendMessage,
	"sendPhoto":              (*Server).sendPhoto,
	"sendDocument":           (*Server).sendDocument,
	"editMessageText":        (*Server).editMessageText,
	"editMessageReplyMarkup": (*Server).editMessageReplyMarkup,
	"answerCallbackQuery":    (*Server).answerCallbackQuery,
	"setMyCommands":          (*Server).setMyCommands,
	"deleteMyCommands":       (*Server).deleteMyCommands,
	"setWebhook":             (*Server).setWebhook,
	"deleteWebhook":          (*Server).deleteWebhook,
	"getWebhookInfo":         (*Server).getWebhookInfo,
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	path, isBot := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, ok := strings.Cut(path, "/")
	if !isBot || !ok || method == "" || strings.Contains(method, "/") {
		writeError(w, &apiError{Code: http.StatusNotFound, Description: "Not Found"})
		return
	}
	p, err := readParams(r)
	if err != nil {
		writeError(w, badRequest("can't parse request body: "+err.Error()))
		return
	}

	authorized := token == s.token
	s.mu.Lock()
	s.calls[method]++
	s.requests[method] = append(s.requests[method], p)
	var inj injected
	isInjected := false
	if authorized {
		inj, isInjected = s.takeFailure(method)
	}
	s.mu.Unlock()

	h, known := methods[method]
	switch {
	case !authorized:
		writeError(w, &apiError{Code: http.StatusUnauthorized, Description: "Unauthorized"})
	case isInjected && inj.hang:
		s.hang(r)
	case isInjected:
		writeError(w, inj.failure.apiError())
	case !known:
		writeError(w, &apiError{Code: http.StatusNotFound, Description: "Not Found: method not found"})
	default:
		result, apiErr := h(s, r.Context(), p)
		if apiErr != nil {
			writeError(w, apiErr)
			return
		}
		writeResult(w, result)
	}
}

func (s *Server) getMe(context.Context, params) (any, *apiError) {
	me := struct {
		wireUser
		CanJoinGroups  bool `json:"can_join_groups"`
		CanReadAll     bool `json:"can_read_all_group_messages"`
		SupportsInline bool `json:"supports_inline_queries"`
	}{wireUser: s.bot, CanJoinGroups: true}
	return me, nil
}

// notify wakes everyone waiting for a state change. Call with s.mu held.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

type apiError struct {
	Code        int
	Description string
	RetryAfter  int
}

func badRequest(msg string) *apiError {
	return &apiError{Code: http.StatusBadRequest, Description: "Bad Request: " + msg}
}

func writeResult(w http.ResponseWriter, result any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(struct {
		OK     bool `json:"ok"`
		Result any  `json:"result"`
	}{true, result})
}

func writeError(w http.ResponseWriter, e *apiError) {
	body := map[string]any{"ok": false, "error_code": e.Code, "description": e.Description}
	if e.RetryAfter > 0 {
		body["parameters"] = map[string]any{"retry_after": e.RetryAfter}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(e.Code)
	json.NewEncoder(w).Encode(body)
}
