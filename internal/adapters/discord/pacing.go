package discord

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Discord's REST limits (developer docs, Rate Limits), kept here rather
// than by discordgo, whose waits cannot be cancelled: a bot may make 50
// requests a second (the interaction endpoints excepted); each route has
// a bucket its response headers describe; a 429 says how long to wait,
// for that bucket or, when global, for every request of the bot; and
// 10,000 responses 401, 403 or 429 in 10 minutes get the bot's address
// banned for a while.
//
// The pacer is the adapter's HTTP transport, so every REST call passes
// it, discordgo's own included (the gateway URL at connect, command
// registration). It takes the rate-limit headers off the responses
// before discordgo sees them, so discordgo's limiter never sleeps, and
// answers 5xx with a serverError, so discordgo never re-sends: the
// adapter's retry decides.

// RateBudget paces the bot's REST requests under Discord's global limit.
// Wait returns when a request may go, or ctx's error (at once when the
// wait would outlast ctx's deadline). One budget is shared by every
// request of the process; one in Redis (store.RateBudget) by every
// replica of the bot.
type RateBudget interface {
	Wait(ctx context.Context) error
}

// GlobalHold is an optional ability of a RateBudget: holding every
// request back for d, after Discord answered a global 429. A budget
// shared by the replicas holds them all.
type GlobalHold interface {
	Hold(ctx context.Context, d time.Duration) error
}

// The default budget: under Discord's 50 requests a second with room
// for clock jitter (at most DefaultRate+DefaultBurst in any second).
const (
	DefaultRate  = 45
	DefaultBurst = 3
)

// limiterBudget is the in-process RateBudget.
type limiterBudget struct{ l *rate.Limiter }

// NewRateBudget is an in-process budget of perSecond requests with
// bursts of burst, for one process (the default of Config.RateBudget).
func NewRateBudget(perSecond float64, burst int) RateBudget {
	return limiterBudget{rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))}
}

func (b limiterBudget) Wait(ctx context.Context) error {
	if err := b.l.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		// rate says the wait would outlast the deadline.
		return fmt.Errorf("discord: the request budget has no room before the deadline: %w", context.DeadlineExceeded)
	}
	return nil
}

// waitPast is a wait that would end after ctx's deadline: returned at
// once instead of waiting in vain.
type waitPast struct {
	what string
	d    time.Duration
}

func (e *waitPast) Error() string {
	return fmt.Sprintf("discord: %s for %v, past the deadline", e.what, e.d.Round(time.Millisecond))
}

func (e *waitPast) Is(target error) bool { return target == context.DeadlineExceeded }

// sleepUntil waits until t unless ctx ends first; a wait past ctx's
// deadline fails at once.
func sleepUntil(ctx context.Context, t time.Time, what string) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	if dl, ok := ctx.Deadline(); ok && dl.Before(t) {
		return &waitPast{what, d}
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// serverError is a 5xx answer, as the pacer gives it to discordgo (which
// would re-send it otherwise).
type serverError struct{ status int }

func (e *serverError) Error() string {
	return "discord: server error " + strconv.Itoa(e.status) + " " + http.StatusText(e.status)
}

// pacer is the HTTP transport that keeps Discord's REST limits. It is
// shared by every session of the adapter.
type pacer struct {
	onInvalid func(status int)
	log       *slog.Logger
	next      http.RoundTripper

	mu      sync.Mutex
	budget  RateBudget
	hold    GlobalHold              // budget's, or nil
	local   RateBudget              // when budget is not the default: in its place while it fails
	failLog time.Time               // the last log of a failing budget
	global  time.Time               // no request (interactions excepted) before
	routes  map[string]string       // route → X-RateLimit-Bucket
	buckets map[string]*bucketState // bucket (or route) + top-level resource → state
}

type bucketState struct {
	remaining int
	reset     time.Time
}

// newPacer paces with budget (nil: NewRateBudget(DefaultRate,
// DefaultBurst)).
func newPacer(budget RateBudget, onInvalid func(int), log *slog.Logger, next http.RoundTripper) *pacer {
	p := &pacer{
		onInvalid: onInvalid, log: log, next: next,
		routes: map[string]string{}, buckets: map[string]*bucketState{},
	}
	p.setBudget(budget)
	return p
}

func (p *pacer) setBudget(budget RateBudget) {
	p.mu.Lock()
	defer p.mu.Unlock()
	local := NewRateBudget(DefaultRate, DefaultBurst)
	if budget == nil {
		p.budget, p.hold, p.local = local, nil, nil
		return
	}
	p.budget, p.local = budget, local
	p.hold, _ = budget.(GlobalHold)
}

func (p *pacer) budgets() (RateBudget, GlobalHold, RateBudget) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.budget, p.hold, p.local
}

// SetRateBudget sets Config.RateBudget, for a budget made after New (on
// the store); call it before Run.
func (a *Adapter) SetRateBudget(b RateBudget) { a.pacer.setBudget(b) }

// budgetFailed logs a failing shared budget, once a minute at most.
func (p *pacer) budgetFailed(err error) {
	p.mu.Lock()
	now := time.Now()
	quiet := now.Sub(p.failLog) < time.Minute
	if !quiet {
		p.failLog = now
	}
	p.mu.Unlock()
	if !quiet {
		p.log.Warn("the shared request budget fails; pacing this process alone meanwhile", "err", err)
	}
}

// route is what a request's rate limits depend on: its route (method and
// path, ids replaced) and its top-level resource (the channel, guild,
// webhook or interaction id), as the docs describe buckets.
type route struct {
	name, major string
	interaction bool // an interaction endpoint: outside the global limit
}

// routeOf reads the route of a path like /api/v9/channels/123/messages.
func routeOf(method, path string) route {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) >= 2 && parts[0] == "api" && strings.HasPrefix(parts[1], "v") {
		parts = parts[2:]
	}
	r := route{}
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		switch {
		case i == 1 && (parts[0] == "channels" || parts[0] == "guilds"):
			r.major = parts[0] + "/" + p
			p = "{id}"
		case i == 1 && (parts[0] == "webhooks" || parts[0] == "interactions"):
			// id and token together: each interaction has its own.
			r.major = parts[0] + "/" + p
			if i+1 < len(parts) {
				r.major += "/" + parts[i+1]
				parts[i+1] = "{token}"
			}
			p = "{id}"
		case isID(p):
			p = "{id}"
		}
		parts[i] = p
	}
	// Interaction endpoints: the callback, and the webhook of the
	// application's interaction tokens (the bot has no other webhooks).
	r.interaction = len(parts) > 0 && (parts[0] == "interactions" || parts[0] == "webhooks")
	r.name = method + " /" + strings.Join(parts, "/")
	return r
}

func isID(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// bucketKey is the key of r's state: Discord's bucket once a response
// named it, else the route. Call with p.mu held.
func (p *pacer) bucketKey(r route) string {
	if b, ok := p.routes[r.name]; ok {
		return b + " " + r.major
	}
	return r.name + " " + r.major
}

func (p *pacer) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if req.URL.Host != discordHost {
		return p.next.RoundTrip(req)
	}
	r := routeOf(req.Method, req.URL.Path)
	if err := p.admit(ctx, r); err != nil {
		closeBody(req)
		return nil, noRoom(ctx, err)
	}
	if err := passGate(ctx); err != nil {
		closeBody(req)
		return nil, err
	}
	resp, err := p.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	return p.read(ctx, r, resp)
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// admit waits until r may be requested: its bucket has room, no global
// 429 holds the bot back, and the budget allows one more.
func (p *pacer) admit(ctx context.Context, r route) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for {
		p.mu.Lock()
		now := time.Now()
		until := time.Time{}
		what := ""
		if !r.interaction && now.Before(p.global) {
			until, what = p.global, "globally rate limited"
		}
		if b := p.buckets[p.bucketKey(r)]; b != nil && now.Before(b.reset) {
			if b.remaining <= 0 && b.reset.After(until) {
				until, what = b.reset, "rate limited on "+r.name
			} else if until.IsZero() {
				b.remaining-- // this request's, until its answer tells
			}
		}
		p.mu.Unlock()
		if until.IsZero() {
			break
		}
		if err := sleepUntil(ctx, until, what); err != nil {
			return err
		}
	}
	if r.interaction {
		return nil
	}
	budget, _, local := p.budgets()
	if err := budget.Wait(ctx); err != nil {
		if ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || local == nil {
			return err
		}
		// The shared budget failed (Redis away): this process paces
		// itself meanwhile.
		p.budgetFailed(err)
		if err := local.Wait(ctx); err != nil {
			return err
		}
	}
	// A global 429 that came meanwhile holds this one back too.
	p.mu.Lock()
	until := p.global
	p.mu.Unlock()
	return sleepUntil(ctx, until, "globally rate limited")
}

// rateLimitBody is Discord's 429 body.
type rateLimitBody struct {
	RetryAfter float64 `json:"retry_after"`
	Global     bool    `json:"global"`
}

// read takes what the response says about the limits, and hands
// discordgo a response it will neither sleep on nor re-send.
func (p *pacer) read(ctx context.Context, r route, resp *http.Response) (*http.Response, error) {
	h := resp.Header
	now := time.Now()
	status := resp.StatusCode
	scope := h.Get("X-RateLimit-Scope")
	if status == http.StatusUnauthorized || status == http.StatusForbidden ||
		(status == http.StatusTooManyRequests && scope != "shared") { // shared 429s do not count
		p.onInvalid(status)
	}
	var hold time.Duration
	p.mu.Lock()
	if bucket := h.Get("X-RateLimit-Bucket"); bucket != "" {
		p.routes[r.name] = bucket
	}
	key := p.bucketKey(r)
	if remaining, err := strconv.Atoi(h.Get("X-RateLimit-Remaining")); err == nil {
		if after, ok := seconds(h.Get("X-RateLimit-Reset-After")); ok {
			p.buckets[key] = &bucketState{remaining: remaining, reset: now.Add(after)}
		}
	}
	p.mu.Unlock()
	if status == http.StatusTooManyRequests {
		raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(raw))
		var body rateLimitBody
		_ = json.Unmarshal(raw, &body)
		after, ok := time.Duration(body.RetryAfter*float64(time.Second)), body.RetryAfter > 0
		if !ok {
			after, ok = seconds(h.Get("Retry-After"))
		}
		if !ok {
			after = time.Second
		}
		global := body.Global || h.Get("X-RateLimit-Global") != "" || scope == "global"
		p.mu.Lock()
		if global {
			if t := now.Add(after); t.After(p.global) {
				p.global = t
			}
			hold = after
		} else {
			b := p.buckets[key]
			if b == nil {
				b = &bucketState{}
				p.buckets[key] = b
			}
			b.remaining = 0
			if t := now.Add(after); t.After(b.reset) {
				b.reset = t
			}
		}
		p.prune(now)
		p.mu.Unlock()
	}
	if _, holder, _ := p.budgets(); hold > 0 && holder != nil {
		// The other replicas: through the shared budget.
		hctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
		if err := holder.Hold(hctx, hold); err != nil {
			p.budgetFailed(err)
		}
		cancel()
	}
	for name := range h {
		if strings.HasPrefix(name, "X-Ratelimit-") {
			h.Del(name)
		}
	}
	h.Del("Retry-After")
	if status >= http.StatusInternalServerError {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		resp.Body.Close()
		return nil, &serverError{status}
	}
	return resp, nil
}

// prune forgets buckets long reset, now and then. Call with p.mu held.
func (p *pacer) prune(now time.Time) {
	if len(p.buckets) < 10_000 {
		return
	}
	for k, b := range p.buckets {
		if now.After(b.reset) {
			delete(p.buckets, k)
		}
	}
}

// seconds reads a header value in seconds, with decimals.
func seconds(v string) (time.Duration, bool) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return time.Duration(f * float64(time.Second)), true
}

// detach runs one discordgo call so that its caller stops waiting when
// ctx ends, even where discordgo waits without looking at ctx (its
// per-route lock, held by a slow request on the same route). A call left
// behind finds ctx ended when it gets its turn, and the pacer sends
// nothing then.
func detach[T any](ctx context.Context, do func() (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := do()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		select {
		case r := <-done: // it finished too
			return r.v, r.err
		default:
		}
		var zero T
		return zero, ctx.Err()
	}
}
