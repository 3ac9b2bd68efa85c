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
// right secret gets 401 and reaches nothing. With an UpdateLog, an
// update_id already taken (by any replica) gets 200 and is not handled
// again.
type webhookHandler struct {
	secret  []byte
	updates UpdateLog // nil: every delivery is handled
	log     *slog.Logger
	deliver func(ctx context.Context, u tele.Update) bool
}

// dedupTimeout bounds the Redis check: Telegram waits for the answer, and
// a slow check is better skipped than making it deliver again.
const dedupTimeout = 2 * time.Second

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
	if !h.first(r.Context(), u.ID) {
		w.WriteHeader(http.StatusOK) // taken already: Telegram may stop sending it
		return
	}
	if !h.deliver(r.Context(), u) {
		// Shutting down: Telegram will send it again, and whichever
		// replica gets it must handle it.
		if h.updates != nil {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), dedupTimeout)
			if err := h.updates.Forget(ctx, int64(u.ID)); err != nil {
				h.log.Warn("forgetting a refused update failed; its redelivery will be ignored", "err", err)
			}
			cancel()
		}
		http.Error(w, "shutting down", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// first reports whether update id is to be handled: it was never taken,
// or the check failed. A failed check handles the update, since a reply
// twice is better than none (at least once).
//
// The mark is set when the update arrives, before it is handed on: a
// concurrent redelivery to another replica must see it. A process that
// dies between the mark and its 200 loses that update, the same as one
// that dies after its 200 and before the engine saw it.
func (h *webhookHandler) first(ctx context.Context, id int) bool {
	if h.updates == nil || id <= 0 { // Telegram's update ids are positive
		return true
	}
	ctx, cancel := context.WithTimeout(ctx, dedupTimeout)
	defer cancel()
	first, err := h.updates.FirstDelivery(ctx, int64(id))
	if err != nil {
		h.log.Warn("checking for a redelivered update failed; handling it", "err", err)
		return true
	}
	return first
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

func newWebhookPoller(listen, secret string, updates UpdateLog, log *slog.Logger) *webhookPoller {
	p := &webhookPoller{addr: listen, log: log, updates: make(chan tele.Update)}
	p.handler = &webhookHandler{secret: []byte(secret), updates: updates, log: log, deliver: p.deliver}
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
