package telegram

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Telegram's limits (Bot API FAQ): about 30 messages a second overall
// per bot, and about one a second in a chat, short bursts tolerated.
// The defaults stay a little under both, so that network jitter cannot
// bring two messages closer at Telegram than it allows (a message
// paced exactly at the limit arrives early about half the time), and
// the overall pace has no burst: Telegram counts 30 in any second, and
// a burst of 30 on top of a second's worth would meet 429s.
const (
	DefaultRate         = 29
	DefaultBurst        = 1
	DefaultPerChat      = 0.9
	DefaultPerChatBurst = 3
)

// RateBudget paces every message of the bot under Telegram's overall
// limit. Wait returns when one more message may go, or ctx's error (at
// once, wrapping context.DeadlineExceeded, when the wait would outlast
// ctx's deadline). The default is in-process; one in Redis
// (store.RateBudget) is shared by every replica of the bot, so N
// replicas send under 30 a second together, not N × 29.
type RateBudget interface {
	Wait(ctx context.Context) error
}

// ChatBudget paces the messages to each chat, like RateBudget but one
// budget per chat id (store.ChatRateBudget in Redis).
type ChatBudget interface {
	Wait(ctx context.Context, chatID int64) error
}

// pacer keeps sending within Telegram's limits. A burst of due reminders
// is paced, not refused. With shared budgets set it waits on them; while
// one fails (Redis away) it paces this process alone in its place, so a
// message is neither dropped nor sent unpaced.
type pacer struct {
	log   *slog.Logger
	local localPacer

	mu      sync.Mutex
	global  RateBudget // nil: local only
	perChat ChatBudget // nil: local only
	failLog time.Time  // the last warning about a failing shared budget
}

func newPacer(perChat rate.Limit, perChatBurst int, global rate.Limit, globalBurst int, log *slog.Logger) *pacer {
	return &pacer{
		log: log,
		local: localPacer{
			global:  rate.NewLimiter(global, globalBurst),
			perChat: perChat,
			burst:   perChatBurst,
			chats:   map[int64]*chatLimit{},
		},
	}
}

// SetRateBudgets makes the adapter pace through budgets shared with the
// other replicas (in Redis): global for every message of the bot,
// perChat for each chat. Either may be nil: that one stays in-process.
// Call it before Run.
func (a *Adapter) SetRateBudgets(global RateBudget, perChat ChatBudget) {
	a.pacer.setBudgets(global, perChat)
}

func (p *pacer) setBudgets(global RateBudget, perChat ChatBudget) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.global, p.perChat = global, perChat
}

func (p *pacer) budgets() (RateBudget, ChatBudget) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.global, p.perChat
}

// wait blocks until a message to chatID may go: the chat's budget first,
// then the bot's, so that a message held back by its chat does not hold
// a place in the bot's budget meanwhile.
func (p *pacer) wait(ctx context.Context, chatID int64) error {
	global, perChat := p.budgets()
	if perChat == nil {
		if err := p.local.waitChat(ctx, chatID); err != nil {
			return err
		}
	} else if err := perChat.Wait(ctx, chatID); err != nil {
		if refused(ctx, err) {
			return err
		}
		p.failed(err)
		if err := p.local.waitChat(ctx, chatID); err != nil {
			return err
		}
	}
	if global == nil {
		return p.local.waitGlobal(ctx)
	}
	if err := global.Wait(ctx); err != nil {
		if refused(ctx, err) {
			return err
		}
		p.failed(err)
		return p.local.waitGlobal(ctx)
	}
	return nil
}

// refused tells a budget's own refusal (ctx ended, or the wait would
// outlast its deadline), which ends the send, from the budget failing
// (its store away), which the local pacer covers.
func refused(ctx context.Context, err error) bool {
	return ctx.Err() != nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)
}

// failed logs a failing shared budget, once a minute at most; the error
// is the store's (no token, no message text in it).
func (p *pacer) failed(err error) {
	p.mu.Lock()
	now := time.Now()
	quiet := now.Sub(p.failLog) < time.Minute
	if !quiet {
		p.failLog = now
	}
	p.mu.Unlock()
	if !quiet {
		p.log.Warn("the shared rate budget fails; pacing this process alone meanwhile", "err", err)
	}
}

// localPacer is the in-process pacing: the default, and the fallback
// while a shared budget fails.
type localPacer struct {
	global  *rate.Limiter
	perChat rate.Limit
	burst   int

	mu    sync.Mutex
	chats map[int64]*chatLimit
	sweep time.Time
}

type chatLimit struct {
	lim  *rate.Limiter
	used time.Time
}

// idleChat is how long a chat's limiter is kept unused; after that it is
// full again anyway, so forgetting it changes nothing.
const idleChat = time.Minute

func (p *localPacer) waitGlobal(ctx context.Context) error {
	return limiterWait(ctx, p.global)
}

func (p *localPacer) waitChat(ctx context.Context, chatID int64) error {
	return limiterWait(ctx, p.chat(chatID))
}

// limiterWait is l.Wait with the errors of a RateBudget: a wait that
// would outlast the deadline is context.DeadlineExceeded.
func limiterWait(ctx context.Context, l *rate.Limiter) error {
	if err := l.Wait(ctx); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("telegram: no room to send before the deadline: %w", context.DeadlineExceeded)
	}
	return nil
}

func (p *localPacer) chat(chatID int64) *rate.Limiter {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if now.Sub(p.sweep) > idleChat {
		for id, c := range p.chats {
			if now.Sub(c.used) > idleChat {
				delete(p.chats, id)
			}
		}
		p.sweep = now
	}
	c, ok := p.chats[chatID]
	if !ok {
		c = &chatLimit{lim: rate.NewLimiter(p.perChat, p.burst)}
		p.chats[chatID] = c
	}
	c.used = now
	return c.lim
}
