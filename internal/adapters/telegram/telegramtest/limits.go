package telegramtest

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"time"

	"golang.org/x/time/rate"
)

// Limits are Telegram-like flood limits on the bot's sends (sendMessage,
// sendPhoto, sendDocument), per bot token: the fake serves one token, so
// Global is that bot's. A zero rate means no limit of that kind; a burst
// below 1 counts as 1.
//
// Each limit is a token bucket (a burst, then the rate) and, on top of
// it, a window: no second holds more than max(burst, rate × 1 s) sends
// of that kind. Telegram's "30 messages per second" is 30 in any second,
// not a burst of 30 and then 30 more within the same second, which a
// bucket alone would let through.
type Limits struct {
	PerChat      rate.Limit // messages per second per chat
	PerChatBurst int
	Global       rate.Limit
	GlobalBurst  int
}

// TelegramLimits are the Bot API's limits as strictly as Telegram states
// them: 30 messages in any second per bot, and one a second in any
// chat after a short burst (three), which Telegram tolerates.
func TelegramLimits() *Limits {
	return &Limits{PerChat: 1, PerChatBurst: 3, Global: 30, GlobalBurst: 30}
}

// limit is one bucket and its window.
type limit struct {
	bucket *rate.Limiter
	recent []time.Time // the last admitted sends, at most the window's count, oldest first
	most   int         // sends allowed in any second
}

func newLimit(r rate.Limit, burst int) *limit {
	burst = max(burst, 1)
	most := math.MaxInt
	if r != rate.Inf {
		most = max(burst, int(math.Floor(float64(r))))
	}
	return &limit{bucket: rate.NewLimiter(r, burst), most: most}
}

// waitAt is how long until this limit admits one more send at now.
func (l *limit) waitAt(now time.Time) time.Duration {
	var wait time.Duration
	if missing := 1 - l.bucket.TokensAt(now); missing > 0 {
		wait = time.Duration(missing / float64(l.bucket.Limit()) * float64(time.Second))
	}
	if len(l.recent) >= l.most {
		// The oldest of the last `most` sends must leave the window.
		wait = max(wait, l.recent[len(l.recent)-l.most].Add(time.Second).Sub(now))
	}
	return wait
}

func (l *limit) take(now time.Time) {
	l.bucket.AllowN(now, 1)
	l.recent = append(l.recent, now)
	if len(l.recent) > l.most {
		l.recent = slices.Delete(l.recent, 0, len(l.recent)-l.most)
	}
}

type limiter struct {
	opts    Limits
	global  *limit
	perChat map[int64]*limit
}

func newLimiter(l *Limits) *limiter {
	if l == nil {
		return nil
	}
	lim := &limiter{opts: *l, perChat: map[int64]*limit{}}
	if l.Global > 0 {
		lim.global = newLimit(l.Global, l.GlobalBurst)
	}
	return lim
}

// TooMany reports how many 429s the rate limits produced (injected
// failures not included).
func (s *Server) TooMany() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tooMany
}

// Accepted returns when each send the fake accepted arrived, in order
// (sendMessage, sendPhoto and sendDocument; refused ones not included),
// for tests that measure a rate at the server.
func (s *Server) Accepted() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.accepted)
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
	now := time.Now()
	if s.limits != nil {
		if wait := s.limits.take(chatID, now); wait > 0 {
			s.tooMany++
			retry := max(int(math.Ceil(wait.Seconds())), 1)
			return &apiError{
				Code:        http.StatusTooManyRequests,
				Description: fmt.Sprintf("Too Many Requests: retry after %d", retry),
				RetryAfter:  retry,
			}
		}
	}
	s.accepted = append(s.accepted, now)
	return nil
}

// take spends a place in every applicable limit, or none if one of them
// is full, in which case it returns how long until all have room.
func (l *limiter) take(chatID int64, now time.Time) time.Duration {
	var applicable []*limit
	if l.opts.PerChat > 0 {
		lim, ok := l.perChat[chatID]
		if !ok {
			lim = newLimit(l.opts.PerChat, l.opts.PerChatBurst)
			l.perChat[chatID] = lim
		}
		applicable = append(applicable, lim)
	}
	if l.global != nil {
		applicable = append(applicable, l.global)
	}
	var wait time.Duration
	for _, lim := range applicable {
		wait = max(wait, lim.waitAt(now))
	}
	if wait > 0 {
		return wait
	}
	for _, lim := range applicable {
		lim.take(now)
	}
	return 0
}
