package telegramtest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"time"
)

const (
	webhookTimeout  = 5 * time.Second
	webhookAttempts = 5
	webhookBackoff  = 10 * time.Millisecond // doubled after each failed attempt
)

var secretToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,256}$`)

type hookState struct {
	url, secret string
	errDate     int64
	errMessage  string
}

// Webhook returns the URL and secret token of the last setWebhook; both are
// empty after deleteWebhook.
func (s *Server) Webhook() (url, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hook.url, s.hook.secret
}

func (s *Server) setWebhook(_ context.Context, p params) (any, *apiError) {
	hook, secret := p.str("url"), p.str("secret_token")
	if hook != "" {
		u, err := url.Parse(hook)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			return nil, badRequest("bad webhook: invalid webhook URL specified")
		}
	}
	if secret != "" && !secretToken.MatchString(secret) {
		return nil, badRequest("secret token contains unallowed characters")
	}
	var allowed []string
	setAllowed, err := p.object("allowed_updates", &allowed)
	if err != nil {
		return nil, badRequest("can't parse allowed updates")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if p.flag("drop_pending_updates") {
		s.queue = nil
	}
	if setAllowed {
		s.setAllowed(allowed)
	}
	s.hook = hookState{url: hook, secret: secret} // an empty url removes the webhook
	s.notify()
	return true, nil
}

func (s *Server) deleteWebhook(_ context.Context, p params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if p.flag("drop_pending_updates") {
		s.queue = nil
	}
	s.hook = hookState{}
	s.notify()
	return true, nil
}

func (s *Server) getWebhookInfo(context.Context, params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	info := map[string]any{
		"url":                    s.hook.url,
		"has_custom_certificate": false,
		"pending_update_count":   len(s.queue),
	}
	if s.hook.url != "" {
		info["max_connections"] = 40
	}
	if s.hook.errDate != 0 {
		info["last_error_date"] = s.hook.errDate
		info["last_error_message"] = s.hook.errMessage
	}
	return info, nil
}

// deliverWebhooks runs for the server's lifetime. While a webhook is set it
// POSTs queued updates to it one at a time, in order, retrying non-2xx
// answers a few times before dropping the update, as Telegram does.
func (s *Server) deliverWebhooks() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		hook := s.hook
		var next []queued
		if hook.url != "" {
			next = s.pending(1)
		}
		changed := s.changed
		s.mu.Unlock()

		if len(next) == 0 {
			select {
			case <-changed:
				continue
			case <-s.ctx.Done():
				return
			}
		}
		err := s.post(hook, next[0].body)
		if s.ctx.Err() != nil {
			return
		}

		s.mu.Lock()
		if len(s.queue) > 0 && s.queue[0].id == next[0].id {
			s.queue = s.queue[1:]
		}
		if err != nil && s.hook.url == hook.url {
			s.hook.errDate, s.hook.errMessage = time.Now().Unix(), err.Error()
		}
		s.notify()
		s.mu.Unlock()
	}
}

func (s *Server) post(hook hookState, body []byte) error {
	var err error
	backoff := webhookBackoff
	for attempt := 0; attempt < webhookAttempts; attempt++ {
		if attempt > 0 {
			select {
			case <-time.After(backoff):
				backoff *= 2
			case <-s.ctx.Done():
				return s.ctx.Err()
			}
		}
		if err = s.postOnce(hook, body); err == nil {
			return nil
		}
	}
	return err
}

func (s *Server) postOnce(hook hookState, body []byte) error {
	req, err := http.NewRequestWithContext(s.ctx, http.MethodPost, hook.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if hook.secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", hook.secret)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("wrong response from the webhook: %s", resp.Status)
	}
	return nil
}
