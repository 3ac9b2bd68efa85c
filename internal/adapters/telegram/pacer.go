package telegram

import (
	"context"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer keeps sending within Telegram's limits: about one message per
// second per chat and 30 per second overall. A burst of due reminders is
// paced, not refused.
type pacer struct {
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

func newPacer(perChat rate.Limit, perChatBurst int, global rate.Limit, globalBurst int) *pacer {
	return &pacer{
		global:  rate.NewLimiter(global, globalBurst),
		perChat: perChat,
		burst:   perChatBurst,
		chats:   map[int64]*chatLimit{},
	}
}

// wait blocks until a message to chatID may go.
func (p *pacer) wait(ctx context.Context, chatID int64) error {
	if err := p.chat(chatID).Wait(ctx); err != nil {
		return err
	}
	return p.global.Wait(ctx)
}

func (p *pacer) chat(chatID int64) *rate.Limiter {
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
