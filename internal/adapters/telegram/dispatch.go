package telegram

import (
	"context"
	"sync"
)

// dispatcher runs update handling off telebot's loop, one goroutine per
// busy chat: a person's messages are handled in the order they came,
// different people in parallel.
type dispatcher struct {
	ctx context.Context
	a   *Adapter
	h   Handler

	mu     sync.Mutex
	queues map[int64][]func()
	wg     sync.WaitGroup
}

func newDispatcher(ctx context.Context, a *Adapter, h Handler) *dispatcher {
	return &dispatcher{ctx: ctx, a: a, h: h, queues: map[int64][]func(){}}
}

// do queues work for a chat; a chat with no queue gets a worker that
// drains it and then goes away, so idle chats cost nothing.
func (d *dispatcher) do(chatID int64, work func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if q, busy := d.queues[chatID]; busy {
		d.queues[chatID] = append(q, work)
		return
	}
	d.queues[chatID] = nil
	d.wg.Add(1)
	go d.drain(chatID, work)
}

func (d *dispatcher) drain(chatID int64, work func()) {
	defer d.wg.Done()
	for {
		work()
		d.mu.Lock()
		q := d.queues[chatID]
		if len(q) == 0 {
			delete(d.queues, chatID)
			d.mu.Unlock()
			return
		}
		work, d.queues[chatID] = q[0], q[1:]
		d.mu.Unlock()
	}
}

// wait blocks until all queued work has run.
func (d *dispatcher) wait() { d.wg.Wait() }
