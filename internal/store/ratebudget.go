package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Rate budget keys:
//
//	<prefix>:rate:<name>:<token hash>             the budget's theoretical arrival time (unix µs), expiring when idle
//	<prefix>:rate:<name>:<token hash>:chat:<id>   the same for one chat (ChatRateBudget)
//
// The token hash is the first 16 hex digits of the SHA-256 of the bot
// token: one budget per bot, and no token in Redis. One key per budget,
// so each take is one script on one slot and runs unchanged on Redis
// Cluster.

// RateBudget paces requests across every replica on the same Redis and
// prefix: perSecond on average, burst at once after a quiet spell (GCRA,
// with Redis's clock, so the replicas' clocks do not matter). It
// implements the Discord adapter's RateBudget and GlobalHold, and the
// Telegram adapter's RateBudget, and is safe for concurrent use.
type RateBudget struct {
	rdb       redis.UniversalClient
	key       string
	interval  time.Duration // between requests
	tolerance time.Duration // (burst-1) intervals
	health    *budgetHealth // the store's, shared by all its budgets
}

// BudgetAnswer is how long a budget waits for Redis to answer one take
// or hold. Redis answers in a millisecond; one that does not answer in
// a second is taken as failing, so that the adapters pace alone rather
// than hold every send for the client's read timeouts and retries.
const BudgetAnswer = time.Second

// BudgetRetry is how long a store's budgets fail at once, without
// asking Redis, after one failed: while Redis is away or hangs, a send
// waits for it once in that time, not every send.
const BudgetRetry = 5 * time.Second

// budgetHealth is when a store's budgets ask Redis again after a
// failure. One per store: its budgets share one Redis.
type budgetHealth struct {
	mu        sync.Mutex
	downUntil time.Time
}

// errBudgetDown is a budget's failure while it does not ask Redis: not
// a refusal (it wraps no context error), so the adapters pace alone.
var errBudgetDown = errors.New("store: rate budget: failed a moment ago, not asked again yet")

func (h *budgetHealth) down() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return time.Now().Before(h.downUntil)
}

func (h *budgetHealth) failed() {
	h.mu.Lock()
	h.downUntil = time.Now().Add(BudgetRetry)
	h.mu.Unlock()
}

// run runs the budget's script with args, waiting BudgetAnswer at most.
// A call that Redis did not answer in time, ctx still running, fails
// with an error that wraps no context error: the budget failed, it did
// not refuse.
func (b *RateBudget) run(ctx context.Context, args ...any) *redis.Cmd {
	cctx, cancel := context.WithTimeout(ctx, BudgetAnswer)
	defer cancel()
	cmd := rateScript.Run(cctx, b.rdb, []string{b.key}, args...)
	if err := cmd.Err(); err != nil && cctx.Err() != nil && ctx.Err() == nil {
		cmd.SetErr(fmt.Errorf("no answer from Redis within %v (%v)", BudgetAnswer, err))
	}
	if err := cmd.Err(); err != nil && ctx.Err() == nil && !errors.Is(err, redis.Nil) {
		b.health.failed()
	}
	return cmd
}

// RateBudget returns the budget of name ("discord") for the bot with
// token.
func (s *Store) RateBudget(name, token string, perSecond float64, burst int) *RateBudget {
	interval := time.Duration(float64(time.Second) / perSecond)
	return &RateBudget{
		rdb:       s.rdb,
		key:       s.budgetKey(name, token),
		interval:  interval,
		tolerance: time.Duration(max(burst, 1)-1) * interval,
		health:    s.budgets,
	}
}

// budgetKey is the key of name's budget for the bot with token.
func (s *Store) budgetKey(name, token string) string {
	sum := sha256.Sum256([]byte(token))
	return s.opts.Prefix + ":rate:" + name + ":" + hex.EncodeToString(sum[:8])
}

// ChatRateBudget is one RateBudget per chat, shared like RateBudget by
// every replica: Telegram's about one message a second in a chat holds
// for the bot, not for each process. It implements the Telegram
// adapter's ChatBudget. Each chat's key expires about a second after its
// budget is full again, so idle chats cost nothing.
type ChatRateBudget struct {
	base   string // the key up to the chat id
	budget RateBudget
}

// ChatRateBudget returns the per-chat budgets of name ("telegram") for
// the bot with token.
func (s *Store) ChatRateBudget(name, token string, perSecond float64, burst int) *ChatRateBudget {
	return &ChatRateBudget{
		base:   s.budgetKey(name, token) + ":chat:",
		budget: *s.RateBudget(name, token, perSecond, burst),
	}
}

// Wait is RateBudget.Wait for the budget of chatID.
func (c *ChatRateBudget) Wait(ctx context.Context, chatID int64) error {
	b := c.budget
	b.key = c.base + strconv.FormatInt(chatID, 10)
	return b.Wait(ctx)
}

// rateSrc takes a place in the budget (ARGV[3] "take"), unless the wait
// for it would exceed ARGV[4] µs (-1: any wait), or holds the budget
// back for ARGV[4] µs ("hold"). KEYS budget; ARGV interval, tolerance
// (µs). Returns {taken, wait µs}.
const rateSrc = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local interval, tolerance = tonumber(ARGV[1]), tonumber(ARGV[2])
local function keep(v)
  redis.call('SET', KEYS[1], string.format('%.0f', v), 'PX', math.ceil((v - now) / 1000) + 1000)
end
if ARGV[3] == 'hold' then
  local held = now + tonumber(ARGV[4]) + tolerance
  if held > tat then keep(held) end
  return {1, 0}
end
local wait = math.max(tat - tolerance - now, 0)
local limit = tonumber(ARGV[4])
if limit >= 0 and wait > limit then
  return {0, math.floor(wait)}
end
keep(tat + interval)
return {1, math.floor(wait)}
`

var rateScript = redis.NewScript(rateSrc)

// Wait takes the next place in the budget and waits for its time, until
// ctx ends (its error). A wait that would outlast ctx's deadline takes
// nothing and fails at once with an error that is
// context.DeadlineExceeded. A Redis error, or no answer within
// BudgetAnswer, is a failure that wraps no context error (the adapter
// then paces alone), and for BudgetRetry after it every budget of the
// store fails so at once.
func (b *RateBudget) Wait(ctx context.Context) error {
	limit := int64(-1)
	if dl, ok := ctx.Deadline(); ok {
		if limit = time.Until(dl).Microseconds(); limit <= 0 {
			return context.DeadlineExceeded
		}
	}
	if b.health.down() {
		return errBudgetDown
	}
	res, err := b.run(ctx, b.interval.Microseconds(), b.tolerance.Microseconds(), "take", limit).Int64Slice()
	if err == nil && len(res) != 2 {
		err = fmt.Errorf("unexpected reply %v", res)
	}
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("store: rate budget: %w", err)
	}
	wait := time.Duration(res[1]) * time.Microsecond
	if res[0] == 0 {
		return fmt.Errorf("store: rate budget: no room for %v, past the deadline: %w", wait.Round(time.Millisecond), context.DeadlineExceeded)
	}
	if wait <= 0 {
		return nil
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}

// Hold keeps every replica's requests back for d: after a global 429.
func (b *RateBudget) Hold(ctx context.Context, d time.Duration) error {
	if b.health.down() {
		return errBudgetDown
	}
	if err := b.run(ctx, b.interval.Microseconds(), b.tolerance.Microseconds(), "hold", d.Microseconds()).Err(); err != nil {
		return fmt.Errorf("store: rate budget hold: %w", err)
	}
	return nil
}
