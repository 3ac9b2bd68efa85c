package telegram

import (
	"context"
	"sync"
)

// dispatcher runs update handling off telebot's loop, with two lanes per
// busy chat: turns (the engine handling a person's messages, in the order
// they came) and outbox (sending the replies, in the order they were
// made). Different chats run in parallel.
//
// Replies have a lane of their own so that a send that keeps failing
// never holds the conversation: while it is being retried the person's
// next message (a /stop) is handled and saved at once, and its replies
// queue behind the earlier ones.
type dispatcher struct {
	ctx context.Context
	a   *Adapter
	h   Handler

	turns  lanes
	outbox lanes
}

func newDispatcher(ctx context.Context, a *Adapter, h Handler) *dispatcher {
	return &dispatcher{ctx: ctx, a: a, h: h}
}

// do queues handling work for a chat.
func (d *dispatcher) do(chatID int64, work func()) { d.turns.do(chatID, work) }

// send queues sending work for a chat, behind the sends queued before.
func (d *dispatcher) send(chatID int64, work func()) { d.outbox.do(chatID, work) }

// wait blocks until all queued work has run: the turns first, since
// they queue sends.
func (d *dispatcher) wait() {
	d.turns.wait()
	d.outbox.wait()
}

// lanes runs work one at a time per chat, in the order it was queued. A
// chat with nothing queued has no goroutine and no entry, so idle chats
// cost nothing.
type lanes struct {
	mu     sync.Mutex
	queues map[int64][]func()
	wg     sync.WaitGroup
}

func (l *lanes) do(chatID int64, work func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.queues == nil {
		l.queues = map[int64][]func(){}
	}
	if q, busy := l.queues[chatID]; busy {
		l.queues[chatID] = append(q, work)
		return
	}
	l.queues[chatID] = nil
	l.wg.Add(1)
	go l.drain(chatID, work)
}

func (l *lanes) drain(chatID int64, work func()) {
	defer l.wg.Done()
	for {
		work()
		l.mu.Lock()
		q := l.queues[chatID]
		if len(q) == 0 {
			delete(l.queues, chatID)
			l.mu.Unlock()
			return
		}
		work, l.queues[chatID] = q[0], q[1:]
		l.mu.Unlock()
	}
}

func (l *lanes) wait() { l.wg.Wait() }

// busy reports how many chats have work queued or running.
func (l *lanes) busy() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.queues)
}
