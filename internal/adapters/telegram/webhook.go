package telegram

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	tele "gopkg.in/telebot.v3"
)

// secretHeader carries the webhook secret in every request from Telegram.
const secretHeader = "X-Telegram-Bot-Api-Secret-Token"

// maxUpdate bounds the body of one webhook request.
const maxUpdate = 1 << 20

// webhookHandler takes updates posted by Telegram. A request without the
// right secret gets 401 and reaches nothing.
type webhookHandler struct {
	secret  []byte
	deliver func(ctx context.Context, u tele.Update) bool
}

func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	got := []byte(r.Header.Get(secretHeader))
	if subtle.ConstantTimeCompare(got, h.secret) != 1 {
		http.Error(w, "unauthorized", http.StatusUnauthorized)
		return
	}
	var u tele.Update
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUpdate)).Decode(&u); err != nil {
		http.Error(w, "bad update", http.StatusBadRequest)
		return
	}
	if !h.deliver(r.Context(), u) {
		// Shutting down: Telegram will send it again.
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// webhookPoller is a tele.Poller fed by an HTTP listener.
type webhookPoller struct {
	addr    string
	log     *slog.Logger
	srv     *http.Server
	ln      net.Listener
	updates chan tele.Update
	handler *webhookHandler
}

func newWebhookPoller(listen, secret string, log *slog.Logger) *webhookPoller {
	p := &webhookPoller{addr: listen, log: log, updates: make(chan tele.Update)}
	p.handler = &webhookHandler{secret: []byte(secret), deliver: p.deliver}
	return p
}

func (p *webhookPoller) deliver(ctx context.Context, u tele.Update) bool {
	select {
	case p.updates <- u:
		return true
	case <-ctx.Done():
		return false
	}
}

// listen opens the listener before the webhook is registered, so the
// first update finds it.
func (p *webhookPoller) listen() error {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		return err
	}
	p.ln = ln
	p.srv = &http.Server{Handler: p.handler, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := p.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			p.log.Error("webhook listener stopped", "err", err)
		}
	}()
	return nil
}

func (p *webhookPoller) close() {
	if p.srv == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = p.srv.Shutdown(ctx)
}

// Poll implements tele.Poller: it forwards posted updates until stop.
func (p *webhookPoller) Poll(_ *tele.Bot, dest chan tele.Update, stop chan struct{}) {
	defer p.close()
	for {
		select {
		case <-stop:
			return
		case u := <-p.updates:
			select {
			case dest <- u:
			case <-stop:
				return
			}
		}
	}
}
