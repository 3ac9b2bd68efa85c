package telegramtest

import (
	"fmt"
	"net/http"
)

// Failure is an error response to inject. Description defaults to the one
// Telegram uses for Code; RetryAfter > 0 adds parameters.retry_after, which
// is what makes telebot return a FloodError for a 429.
type Failure struct {
	Code        int
	Description string
	RetryAfter  int
}

// FailNext makes the next n requests of method get f instead of being
// handled. They still count in Calls and Requests.
func (s *Server) FailNext(method string, n int, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures[method] = append(s.failures[method], injected{failure: f})
	}
}

// Hang makes the next n requests of method never answer, as when the
// server takes the connection and then says nothing: each is read and
// held until its client gives up (the request's context ends) or the
// server closes, and its connection is then dropped without a response.
// Like FailNext it takes only requests with the right token, queues
// behind the failures already injected for method, in the order they
// were injected, and the requests still count in Calls and Requests.
func (s *Server) Hang(method string, n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.failures[method] = append(s.failures[method], injected{hang: true})
	}
}

// injected is one FailNext failure or one Hang.
type injected struct {
	failure Failure
	hang    bool
}

// hang holds a request until its client gives up or the server closes,
// then drops the connection unanswered.
func (s *Server) hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-s.ctx.Done():
	}
	panic(http.ErrAbortHandler) // no response, not even a status line
}

// Block makes sendMessage, sendPhoto and edits to chatID fail with 403
// "Forbidden: bot was blocked by the user" (telebot.ErrBlockedByUser).
func (s *Server) Block(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blocked[chatID] = true
}

// Unblock undoes Block.
func (s *Server) Unblock(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.blocked, chatID)
}

// FailSends makes every sendMessage, sendPhoto and message edit to chatID
// get f until StopFailing(chatID), as when the servers holding that chat
// are down: unlike FailNext it lasts as long as the test wants, however
// often the bot retries. The requests still count in Calls and Requests.
func (s *Server) FailSends(chatID int64, f Failure) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failing[chatID] = f
}

// StopFailing undoes FailSends: the chat takes messages again.
func (s *Server) StopFailing(chatID int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.failing, chatID)
}

// outage is the failure FailSends set for chatID, if any. Call with s.mu held.
func (s *Server) outage(chatID int64) *apiError {
	if f, ok := s.failing[chatID]; ok {
		return f.apiError()
	}
	return nil
}

// takeFailure pops the next injected failure or hang for method. Call
// with s.mu held.
func (s *Server) takeFailure(method string) (injected, bool) {
	queue := s.failures[method]
	if len(queue) == 0 {
		return injected{}, false
	}
	s.failures[method] = queue[1:]
	return queue[0], true
}

func (f Failure) apiError() *apiError {
	e := &apiError{Code: f.Code, Description: f.Description, RetryAfter: f.RetryAfter}
	if e.Code == 0 {
		e.Code = http.StatusInternalServerError
	}
	if e.Description == "" {
		e.Description = http.StatusText(e.Code)
		if e.Code == http.StatusTooManyRequests && f.RetryAfter > 0 {
			e.Description = fmt.Sprintf("Too Many Requests: retry after %d", f.RetryAfter)
		}
	}
	return e
}

func blockedError() *apiError {
	return &apiError{Code: http.StatusForbidden, Description: "Forbidden: bot was blocked by the user"}
}
