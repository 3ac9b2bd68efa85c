package telegramtest

import (
	"fmt"
	"math"
	"net/http"
	"time"

	"golang.org/x/time/rate"
)

// Limits are Telegram-like flood limits on sendMessage and sendPhoto. A zero
// rate means no limit of that kind; a burst below 1 counts as 1.
type Limits struct {
	PerChat      rate.Limit // messages per second per chat
	PerChatBurst int
	Global       rate.Limit
	GlobalBurst  int
}

type limiter struct {
	opts    Limits
	global  *rate.Limiter
	perChat map[int64]*rate.Limiter
}

func newLimiter(l *Limits) *limiter {
	if l == nil {
		return nil
	}
	return &limiter{
		opts:    *l,
		global:  rate.NewLimiter(l.Global, max(l.GlobalBurst, 1)),
		perChat: map[int64]*rate.Limiter{},
	}
}

// TooMany reports how many 429s the rate limits produced (injected
// failures not included).
func (s *Server) TooMany() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tooMany
}

// admit decides whether the bot may send to chatID now: a chat in an
// outage (FailSends) gets its failure, blocked chats get 403 and sends over
// the limits get 429. Call with s.mu held.
func (s *Server) admit(chatID int64) *apiError {
	if e := s.outage(chatID); e != nil {
		return e
	}
	if s.blocked[chatID] {
		return blockedError()
	}
	if s.limits == nil {
		return nil
	}
	wait := s.limits.take(chatID, time.Now())
	if wait <= 0 {
		return nil
	}
	s.tooMany++
	retry := max(int(math.Ceil(wait.Seconds())), 1)
	return &apiError{
		Code:        http.StatusTooManyRequests,
		Description: fmt.Sprintf("Too Many Requests: retry after %d", retry),
		RetryAfter:  retry,
	}
}

// take spends a token from every applicable limiter, or none if one of them
// is empty, in which case it returns how long until all have one.
func (l *limiter) take(chatID int64, now time.Time) time.Duration {
	var applicable []*rate.Limiter
	if l.opts.PerChat > 0 {
		lim, ok := l.perChat[chatID]
		if !ok {
			lim = rate.NewLimiter(l.opts.PerChat, max(l.opts.PerChatBurst, 1))
			l.perChat[chatID] = lim
		}
		applicable = append(applicable, lim)
	}
	if l.opts.Global > 0 {
		applicable = append(applicable, l.global)
	}
	var wait time.Duration
	for _, lim := range applicable {
		if missing := 1 - lim.TokensAt(now); missing > 0 {
			wait = max(wait, time.Duration(missing/float64(lim.Limit())*float64(time.Second)))
		}
	}
	if wait > 0 {
		return wait
	}
	for _, lim := range applicable {
		lim.AllowN(now, 1)
	}
	return 0
}
