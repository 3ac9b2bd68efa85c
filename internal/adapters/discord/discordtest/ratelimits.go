package discordtest

import (
	"crypto/sha1"
	"encoding/hex"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The fake keeps Discord's REST rate limits as its developer docs
// describe them (Rate Limits):
//
//   - every response carries the route's bucket: X-RateLimit-Limit,
//     -Remaining, -Reset, -Reset-After and -Bucket (a hash of the route,
//     without its top-level resource, which has a bucket of its own: a
//     channel, a guild, a webhook with its token, an interaction);
//   - a request on an exhausted bucket gets 429 with retry_after,
//     "global": false and X-RateLimit-Scope "user";
//   - more than Options.GlobalLimit requests (default 50) within a second,
//     interaction endpoints excepted, get 429 with "global": true and
//     X-RateLimit-Global; FailGlobal injects one, after which every
//     request (interaction endpoints excepted) gets one until its
//     retry_after has passed;
//   - responses 401, 403 and 429 (but those of scope "shared") are
//     invalid requests: at 10,000 within 10 minutes every request is
//     refused with Cloudflare's 429 "error code: 1015".
//
// Per-route limits are not documented (bots must read the headers); the
// fake's are Options.RouteLimit requests per Options.RouteReset.

// rateLimits is the fake's rate-limit state, under Server.mu.
type rateLimits struct {
	buckets      map[string]*bucket // bucket hash + top-level resource
	window       []time.Time        // admitted requests of the last second (global limit)
	globalUntil  time.Time          // FailGlobal's hold
	injectGlobal []float64          // FailGlobal: retry_after of the next global 429s
	global429    int                // global 429s answered
	route429     int                // 429s of exhausted buckets answered
	invalid      []time.Time        // invalid requests of the last 10 minutes
	invalidTotal int
	delays       map[string][]time.Duration // route key → DelayNext
	requests     []Request
}

type bucket struct {
	remaining int
	reset     time.Time
}

// Request is an API request as the fake saw it.
type Request struct {
	Method, Route string    // as in Calls: "POST /channels/{}/messages"
	At            time.Time // when it arrived
	Status        int       // the status answered; 0 for none (a lost response)
}

const (
	defaultRouteLimit  = 5
	defaultRouteReset  = time.Second
	defaultGlobalLimit = 50
	invalidLimit       = 10_000
	invalidWindow      = 10 * time.Minute
)

// FailGlobal makes the next request (interaction endpoints excepted) get
// a global 429 with retry_after (seconds): X-RateLimit-Global and
// X-RateLimit-Scope "global", {"global": true}. Until retry_after has
// passed every other request (interaction endpoints excepted) gets one
// too, as Discord answers a bot that does not wait: count them with
// GlobalRateLimits.
func (s *Server) FailGlobal(retryAfter float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rl.injectGlobal = append(s.rl.injectGlobal, retryAfter)
}

// DelayNext makes the next n requests matching method and routePattern
// (as in Calls) be handled d after they arrive: a slow Discord.
func (s *Server) DelayNext(method, routePattern string, n int, d time.Duration) {
	key := routeKey(method, routePattern)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.rl.delays == nil {
		s.rl.delays = map[string][]time.Duration{}
	}
	for range n {
		s.rl.delays[key] = append(s.rl.delays[key], d)
	}
}

// Requests returns the API requests in the order they arrived, with the
// status each got.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.rl.requests...)
}

// GlobalRateLimits counts the global 429s the fake answered (FailGlobal's
// and those of the 50 a second).
func (s *Server) GlobalRateLimits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rl.global429
}

// RouteRateLimits counts the 429s the fake answered for requests on an
// exhausted bucket (not those of FailNext).
func (s *Server) RouteRateLimits() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rl.route429
}

// InvalidRequests counts the responses 401, 403 and 429 (but 429s of
// scope "shared"), which Discord bans a bot for at 10,000 in 10 minutes.
func (s *Server) InvalidRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rl.invalidTotal
}

// takeDelay pops the next delay for key. Call with s.mu held.
func (s *Server) takeDelay(key string) time.Duration {
	queue := s.rl.delays[key]
	if len(queue) == 0 {
		return 0
	}
	s.rl.delays[key] = queue[1:]
	return queue[0]
}

// logRequest records a request's arrival; the index is for setStatus.
// Call with s.mu held.
func (s *Server) logRequest(key string, at time.Time) int {
	method, route, _ := strings.Cut(key, " ")
	s.rl.requests = append(s.rl.requests, Request{Method: method, Route: route, At: at})
	return len(s.rl.requests) - 1
}

// answered records the status of request n, counting invalid requests.
func (s *Server) answered(n, status int, scope string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rl.requests[n].Status = status
	if status == http.StatusUnauthorized || status == http.StatusForbidden ||
		(status == http.StatusTooManyRequests && scope != "shared") {
		s.rl.invalidTotal++
		s.rl.invalid = append(s.rl.invalid, time.Now())
	}
}

// banned reports whether the bot made 10,000 invalid requests within
// the last 10 minutes. Call with s.mu held.
func (s *Server) banned(now time.Time) bool {
	cut := 0
	for cut < len(s.rl.invalid) && now.Sub(s.rl.invalid[cut]) > invalidWindow {
		cut++
	}
	s.rl.invalid = s.rl.invalid[cut:]
	return len(s.rl.invalid) >= invalidLimit
}

// limitedRoute is a route and its top-level resource, as Discord's
// buckets see them.
type limitedRoute struct {
	hash, major string
	interaction bool // an interaction endpoint: outside the global limit
}

// limitedRouteOf reads the bucket of a request for key ("POST
// /channels/{}/messages") on path (/api/v9/channels/123/messages).
func limitedRouteOf(key, path string) limitedRoute {
	parts := strings.Split(strings.TrimPrefix(path, apiPrefix+"/"), "/")
	major := ""
	if len(parts) >= 2 {
		switch parts[0] {
		case "channels", "guilds":
			major = parts[0] + "/" + parts[1]
		case "webhooks", "interactions":
			major = strings.Join(parts[:min(3, len(parts))], "/")
		}
	}
	sum := sha1.Sum([]byte(key))
	return limitedRoute{
		hash: hex.EncodeToString(sum[:16]), major: major,
		interaction: len(parts) > 0 && (parts[0] == "webhooks" || parts[0] == "interactions"),
	}
}

// refusal is a 429 the fake answers by its limits.
type refusal struct {
	retryAfter float64
	global     bool
	message    string // "" for Discord's usual one
	cloudflare bool   // the ban: not JSON
}

func (f *refusal) write(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(f.retryAfter))))
	if f.cloudflare {
		h.Set("Content-Type", "text/plain; charset=UTF-8")
		w.WriteHeader(http.StatusTooManyRequests)
		w.Write([]byte("error code: 1015"))
		return
	}
	if f.global {
		for name := range h {
			if strings.HasPrefix(name, "X-Ratelimit-") {
				h.Del(name)
			}
		}
		h.Set("X-RateLimit-Global", "true")
		h.Set("X-RateLimit-Scope", "global")
	} else {
		h.Set("X-RateLimit-Scope", "user")
	}
	message := f.message
	if message == "" {
		message = "You are being rate limited."
	}
	writeJSON(w, http.StatusTooManyRequests, map[string]any{
		"message": message, "retry_after": math.Round(f.retryAfter*1000) / 1000, "global": f.global,
	})
}

// limit applies the rate limits to a request arriving now: it sets the
// bucket headers on h and returns the 429 to answer, if any. Call with
// s.mu held.
func (s *Server) limit(lr limitedRoute, now time.Time, h http.Header) *refusal {
	if s.banned(now) {
		return &refusal{retryAfter: 3600, cloudflare: true}
	}
	if !lr.interaction {
		if len(s.rl.injectGlobal) > 0 {
			after := s.rl.injectGlobal[0]
			s.rl.injectGlobal = s.rl.injectGlobal[1:]
			s.rl.globalUntil = now.Add(time.Duration(after * float64(time.Second)))
			s.rl.global429++
			return &refusal{retryAfter: after, global: true}
		}
		if now.Before(s.rl.globalUntil) {
			s.rl.global429++
			return &refusal{retryAfter: s.rl.globalUntil.Sub(now).Seconds(), global: true}
		}
		cut := 0
		for cut < len(s.rl.window) && now.Sub(s.rl.window[cut]) >= time.Second {
			cut++
		}
		s.rl.window = s.rl.window[cut:]
		limit := s.opts.GlobalLimit
		if limit <= 0 {
			limit = defaultGlobalLimit
		}
		if len(s.rl.window) >= limit {
			s.rl.global429++
			return &refusal{retryAfter: s.rl.window[0].Add(time.Second).Sub(now).Seconds(), global: true}
		}
	}
	b := s.bucket(lr, now)
	if b.remaining <= 0 {
		s.bucketHeaders(h, lr, b, now)
		s.rl.route429++
		return &refusal{retryAfter: b.reset.Sub(now).Seconds()}
	}
	b.remaining--
	s.bucketHeaders(h, lr, b, now)
	if !lr.interaction {
		s.rl.window = append(s.rl.window, now)
	}
	return nil
}

// bucket is lr's bucket, a fresh one once the last has reset. Call with
// s.mu held.
func (s *Server) bucket(lr limitedRoute, now time.Time) *bucket {
	if s.rl.buckets == nil {
		s.rl.buckets = map[string]*bucket{}
	}
	key := lr.hash + " " + lr.major
	b := s.rl.buckets[key]
	if b == nil || !now.Before(b.reset) {
		b = &bucket{remaining: s.routeLimit(), reset: now.Add(s.routeReset())}
		s.rl.buckets[key] = b
	}
	return b
}

// exhaust empties lr's bucket until retryAfter seconds from now (an
// injected 429), so that a request before then is refused too. Call with s.mu held.
func (s *Server) exhaust(lr limitedRoute, now time.Time, retryAfter float64, h http.Header) {
	b := s.bucket(lr, now)
	b.remaining = 0
	b.reset = now.Add(time.Duration(retryAfter * float64(time.Second)))
	s.bucketHeaders(h, lr, b, now)
}

func (s *Server) bucketHeaders(h http.Header, lr limitedRoute, b *bucket, now time.Time) {
	after := max(b.reset.Sub(now), 0)
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.routeLimit()))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(b.remaining, 0)))
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(b.reset.UnixMilli())/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(after.Seconds(), 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", lr.hash)
}

func (s *Server) routeLimit() int {
	if s.opts.RouteLimit > 0 {
		return s.opts.RouteLimit
	}
	return defaultRouteLimit
}

func (s *Server) routeReset() time.Duration {
	if s.opts.RouteReset > 0 {
		return s.opts.RouteReset
	}
	return defaultRouteReset
}

// statusWriter remembers the status and scope a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
