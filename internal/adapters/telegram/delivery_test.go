package telegram_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"treadwell/internal/adapters/telegram"
	"treadwell/internal/adapters/telegram/telegramtest"
	"treadwell/internal/chat"
	"treadwell/internal/chat/chattest"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// sendErrors records what the adapter reported to OnSendError.
type sendErrors struct {
	mu    sync.Mutex
	kinds []string
}

func (r *sendErrors) add(kind chat.SendErrorKind) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.kinds = append(r.kinds, string(kind))
}

func (r *sendErrors) list() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.kinds...)
}

// attempts counts the sendMessage requests to chatID, failed ones included.
func attempts(srv *telegramtest.Server, chatID int64) int {
	n := 0
	for _, r := range srv.Requests("sendMessage") {
		if r["chat_id"] == strconv.FormatInt(chatID, 10) {
			n++
		}
	}
	return n
}

func handled(h *chattest.Handler, text string) bool {
	for _, in := range h.Incoming() {
		if in.Text == text {
			return true
		}
	}
	return false
}

func index(msgs []telegramtest.Message, want string) int {
	for i, m := range msgs {
		if strings.Contains(m.Text, want) {
			return i
		}
	}
	return -1
}

// While the chat's sends fail with 5xx, the person's /stop reaches the
// handler at once, not after the failing reply's retries; once the
// server recovers, the replies arrive in the order they were made.
func TestFailingSendDoesNotHoldTheChat(t *testing.T) {
	h := chattest.New(chattest.Script{
		"/plan": {{Text: "Your plan: walks of up to 30 minutes"}},
		"/stop": {{Text: "Paused until you /resume"}},
	}.Reply)
	e := start(t, setup{stub: h, cfg: func(c *telegram.Config) {
		// Retries that would hold the chat for minutes if they ran on
		// its handling path; the bound is longer than this test.
		c.Retries, c.MaxBackoff = 10_000, 50*time.Millisecond
		c.RetryWithin = time.Minute
	}})
	p := e.person(1010, "en")

	e.srv.FailSends(p.chat.ID, telegramtest.Failure{Code: 500, Description: "Internal Server Error"})
	tried := attempts(e.srv, p.chat.ID)
	e.srv.SendText(p.user, p.chat, "/plan")
	e.eventually("the /plan reply to be retried", func() bool { return attempts(e.srv, p.chat.ID) >= tried+2 })

	e.srv.SendText(p.user, p.chat, "/stop")
	e.eventually("/stop to reach the handler while the chat's sends fail", func() bool { return handled(h, "/stop") })
	if n := len(e.srv.Sent(p.chat.ID)); n != 0 {
		t.Fatalf("%d messages delivered during the outage", n)
	}

	e.srv.StopFailing(p.chat.ID)
	e.eventually("both replies", func() bool {
		sent := e.srv.Sent(p.chat.ID)
		return index(sent, "to 30 minutes") >= 0 && index(sent, "Paused") >= 0
	})
	sent := e.srv.Sent(p.chat.ID)
	if plan, paused := index(sent, "to 30 minutes"), index(sent, "Paused"); plan > paused {
		t.Fatalf("the /stop reply (#%d) overtook the earlier /plan reply (#%d)", paused, plan)
	}
	if len(sent) != 2 || sent[1].Text != "Paused until you /resume" {
		t.Fatalf("sent %+v, want each reply once, whole", sent)
	}
}

// A reply that keeps failing is given up within the bound, reported and
// logged by kind (no text, no ids); the chat then works again.
func TestFailingReplyIsDroppedWithinTheBound(t *testing.T) {
	var errs sendErrors
	var logs chattest.SyncBuffer
	stub := chattest.New(chattest.Script{"/help": {{Text: "What I can do"}}}.Reply)
	e := start(t, setup{stub: stub, cfg: func(c *telegram.Config) {
		c.Retries, c.MaxBackoff = 10_000, 50*time.Millisecond
		c.RetryWithin = time.Second
		c.OnSendError = errs.add
		c.Logger = slog.New(slog.NewTextHandler(&logs, nil))
	}})
	const id = 987654321
	p := e.person(id, "en")
	e.srv.FailSends(id, telegramtest.Failure{Code: 503, Description: "Service Unavailable"})
	e.srv.SendText(p.user, p.chat, "/help")
	e.eventually("the failing reply to be given up", func() bool { return len(errs.list()) > 0 })
	if got := errs.list(); len(got) != 1 || got[0] != "other" {
		t.Fatalf("reported %v, want one \"other\"", got)
	}
	if attempts(e.srv, id) < 2 {
		t.Fatal("the reply was not retried")
	}
	e.srv.StopFailing(id)
	p.say("/help", "What I can do")
	if sent := e.srv.Sent(id); len(sent) != 1 {
		t.Fatalf("%d messages delivered, want only the second reply", len(sent))
	}
	out := logs.String()
	if !strings.Contains(out, "dropping a reply") || !strings.Contains(out, "kind=server_error") {
		t.Fatalf("no log line with the kind of the dropped reply:\n%s", out)
	}
	for _, secret := range []string{strconv.Itoa(id), "What I can do", e.srv.Token()} {
		if strings.Contains(out, secret) {
			t.Fatalf("logs contain %q:\n%s", secret, out)
		}
	}
}

// A photo the server refuses, or that keeps failing, leaves its text: it
// goes as a plain message with its buttons.
func TestImageFallsBackToText(t *testing.T) {
	cases := []struct {
		name    string
		failure telegramtest.Failure
		times   int
	}{
		{"refused", telegramtest.Failure{Code: 400, Description: "Bad Request: IMAGE_PROCESS_FAILED"}, 1},
		{"keeps failing", telegramtest.Failure{Code: 500, Description: "Internal Server Error"}, 1000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := start(t, setup{})
			e.srv.FailNext("sendPhoto", c.times, c.failure)
			to := chat.Address{Platform: chat.Telegram, ChatID: "79", UserID: "79"}
			err := e.adapter.Send(context.Background(), chat.Outgoing{To: to, Text: "This week: 3 walks", Image: []byte("\x89PNG\r\n\x1a\nbytes"),
				Buttons: [][]chat.Button{{{Label: "OK", Data: "1:ok"}}}})
			if err != nil {
				t.Fatalf("Send: %v", err)
			}
			sent := e.srv.Sent(79)
			if len(sent) != 1 || sent[0].Photo || sent[0].Text != "This week: 3 walks" || len(sent[0].Keyboard) != 1 {
				t.Fatalf("sent %+v, want the text with its buttons", sent)
			}
		})
	}
	t.Run("a reply", func(t *testing.T) {
		stub := chattest.New(chattest.Script{
			"/progress": {{Text: "This week: 3 walks", Image: []byte("\x89PNG\r\n\x1a\nbytes"), Buttons: [][]chat.Button{{{Label: "OK", Data: "1:ok"}}}}},
		}.Reply)
		e := start(t, setup{stub: stub})
		p := e.person(1012, "en")
		e.srv.FailNext("sendPhoto", 1, telegramtest.Failure{Code: 400, Description: "Bad Request: IMAGE_PROCESS_FAILED"})
		p.say("/progress", "This week:")
		sent := e.srv.Sent(p.chat.ID)
		if len(sent) != 1 || sent[0].Photo || sent[0].Text != "This week: 3 walks" || len(sent[0].Keyboard) != 1 {
			t.Fatalf("sent %+v, want the text with its buttons and no photo", sent)
		}
	})
}

// loadBalancer spreads webhook requests over replicas in turn. For the
// first lose requests it passes the request on but answers 504 to the
// sender, as when a replica's 200 came too late: Telegram sends the update
// again, and the next replica gets it.
type loadBalancer struct {
	t        *testing.T
	ts       *httptest.Server
	mu       sync.Mutex
	backends []string
	next     int
	lose     int
	got      map[string]int // requests per backend
	answered map[string]int // answers received from each backend
}

func newLoadBalancer(t *testing.T, lose int, backends ...string) *loadBalancer {
	lb := &loadBalancer{t: t, backends: backends, lose: lose, got: map[string]int{}, answered: map[string]int{}}
	lb.ts = httptest.NewServer(http.HandlerFunc(lb.serve))
	t.Cleanup(lb.ts.Close)
	return lb
}

func (lb *loadBalancer) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	lb.mu.Lock()
	backend := lb.backends[lb.next%len(lb.backends)]
	lb.next++
	lb.got[backend]++
	lose := lb.lose > 0
	if lose {
		lb.lose--
	}
	lb.mu.Unlock()
	req, _ := http.NewRequestWithContext(r.Context(), r.Method, "http://"+backend+r.URL.Path, bytes.NewReader(body))
	req.Header = r.Header.Clone()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		http.Error(w, "bad gateway", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	lb.mu.Lock()
	lb.answered[backend]++
	lb.mu.Unlock()
	if lose {
		http.Error(w, "gateway timeout", http.StatusGatewayTimeout)
		return
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(answer)
}

func (lb *loadBalancer) requests(backend string) int {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	return lb.got[backend]
}

func (lb *loadBalancer) answers(backend string) int {
	lb.mu.Lock()
	defer lb.mu.Unlock()
	return lb.answered[backend]
}

// Two webhook replicas behind a load balancer share one Redis. Telegram
// delivers an update to the first, does not see its 200 in time, and
// delivers it again, to the second: the person gets one answer.
func TestWebhookRedeliveryIsHandledOnce(t *testing.T) {
	srv := telegramtest.NewServer(t, telegramtest.Options{})
	rdb := redistest.New(t)
	prefix := redistest.Prefix(t)
	addrs := []string{freeAddr(t), freeAddr(t)}
	lb := newLoadBalancer(t, 1, addrs...)
	const secret = "webhook_Secret-123"
	var handlers []*chattest.Handler
	for _, addr := range addrs {
		st := store.New(rdb, store.Options{Prefix: prefix})
		eng := chattest.New(chattest.Echo)
		handlers = append(handlers, eng)
		runAdapter(t, telegram.Config{
			Token:         srv.Token(),
			APIURL:        srv.URL(),
			WebhookURL:    lb.ts.URL + "/telegram",
			WebhookSecret: secret,
			Listen:        addr,
			Logger:        slog.New(slog.NewTextHandler(io.Discard, nil)),
		}, eng, func(a *telegram.Adapter) {
			a.SetUpdateLog(st.Dedup(store.TelegramUpdates, store.TelegramUpdateTTL))
		})
	}
	deadline := time.Now().Add(10 * time.Second)
	for srv.Calls("setWebhook") < 2 {
		if time.Now().After(deadline) {
			t.Fatal("the replicas did not register the webhook")
		}
		time.Sleep(10 * time.Millisecond)
	}

	u := telegramtest.User{ID: 1013, FirstName: "R", LanguageCode: "en"}
	srv.SendText(u, telegramtest.Private(u), "/help")
	srv.WaitSent(t, u.ID, 1)
	deadline = time.Now().Add(10 * time.Second)
	for lb.answers(addrs[1]) < 1 {
		if time.Now().After(deadline) {
			t.Fatal("the update was not delivered again")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The second replica has answered; a second handling, had it taken
	// the update, would show within moments.
	time.Sleep(300 * time.Millisecond)
	handledBy := 0
	for _, h := range handlers {
		handledBy += len(h.Incoming())
	}
	if lb.requests(addrs[0]) != 1 || handledBy != 1 || len(srv.Sent(u.ID)) != 1 {
		t.Fatalf("delivered %d+%d times, handled %d times, %d replies; want 1+1, 1, 1",
			lb.requests(addrs[0]), lb.requests(addrs[1]), handledBy, len(srv.Sent(u.ID)))
	}
}

// A Bot API call the server never answers fails after CallTimeout, not
// after the HTTP client's long-polling timeout, and is retried like any
// network error: a Send is over within about RetryWithin + CallTimeout.
// Long polls, which wait longer than CallTimeout by design, are not cut.
func TestHungCallIsBoundedAndRetried(t *testing.T) {
	const (
		callTimeout = 300 * time.Millisecond
		retryWithin = time.Second
		bound       = 5 * (retryWithin + callTimeout) // generous; the client's own timeout is 11s
	)
	type hungEnv struct {
		*env
		logs *chattest.SyncBuffer
		errs *sendErrors
	}
	startHung := func(t *testing.T) hungEnv {
		h := hungEnv{logs: &chattest.SyncBuffer{}, errs: &sendErrors{}}
		h.env = start(t, setup{cfg: func(c *telegram.Config) {
			c.CallTimeout, c.RetryWithin = callTimeout, retryWithin
			c.PollTimeout = time.Second // longer than CallTimeout
			c.Logger = slog.New(slog.NewTextHandler(h.logs, nil))
			c.OnSendError = h.errs.add
		}})
		return h
	}
	to := chat.Address{Platform: chat.Telegram, ChatID: "81", UserID: "81"}
	msg := chat.Outgoing{To: to, Text: "Time for your walk"}

	t.Run("once", func(t *testing.T) {
		e := startHung(t)
		e.srv.Hang("sendMessage", 1)
		began := time.Now()
		err := e.adapter.Send(context.Background(), msg)
		took := time.Since(began)
		if err != nil {
			t.Fatalf("Send after %v: %v", took, err)
		}
		if took > bound {
			t.Fatalf("Send took %v, over %v: the hung call waited for the client's timeout", took, bound)
		}
		if n := attempts(e.srv, 81); n != 2 {
			t.Fatalf("%d attempts, want the hung one and its retry", n)
		}
		if sent := e.srv.Sent(81); len(sent) != 1 || sent[0].Text != msg.Text {
			t.Fatalf("sent %+v", sent)
		}
		if got := e.errs.list(); len(got) != 0 {
			t.Fatalf("reported %v for a send that went out", got)
		}
	})

	t.Run("always", func(t *testing.T) {
		e := startHung(t)
		e.srv.Hang("sendMessage", 1000)
		began := time.Now()
		err := e.adapter.Send(context.Background(), msg)
		took := time.Since(began)
		if err == nil || !strings.Contains(err.Error(), "no answer from the Bot API within 300ms") {
			t.Fatalf("Send: %v, want the call timeout", err)
		}
		if took > bound {
			t.Fatalf("Send gave up after %v, over %v", took, bound)
		}
		if n := attempts(e.srv, 81); n < 2 {
			t.Fatalf("%d attempts, want the hung call retried", n)
		}
		if got := e.errs.list(); len(got) != 1 || got[0] != "other" {
			t.Fatalf("reported %v, want one \"other\"", got)
		}
	})

	t.Run("a reply", func(t *testing.T) {
		e := startHung(t)
		e.srv.Hang("sendMessage", 1000)
		p := e.person(1014, "en")
		e.srv.SendText(p.user, p.chat, "/help")
		e.eventually("the hung reply to be dropped", func() bool { return strings.Contains(e.logs.String(), "dropping a reply") })
		if out := e.logs.String(); !strings.Contains(out, "kind=network") {
			t.Fatalf("the dropped reply is not logged as a network failure:\n%s", out)
		}
		// Long polls go on, each longer than CallTimeout, uncut.
		polls := e.srv.Calls("getUpdates")
		e.eventually("two more long polls", func() bool { return e.srv.Calls("getUpdates") >= polls+2 })
		if out := e.logs.String(); strings.Contains(out, "getUpdates failed") {
			t.Fatalf("a long poll was cut:\n%s", out)
		}
	})
}
