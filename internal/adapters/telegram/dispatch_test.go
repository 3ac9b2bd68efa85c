package telegram

import (
	"context"
	"sync"
	"testing"
)

// Work for one chat runs in the order it came; chats run in parallel.
func TestDispatcherKeepsOrderPerChat(t *testing.T) {
	d := newDispatcher(context.Background(), nil, nil)
	var mu sync.Mutex
	got := map[int64][]int{}
	for i := 0; i < 200; i++ {
		chatID, n := int64(i%5), i
		d.do(chatID, func() {
			mu.Lock()
			got[chatID] = append(got[chatID], n)
			mu.Unlock()
		})
	}
	d.wait()
	for chatID, ns := range got {
		if len(ns) != 40 {
			t.Fatalf("chat %d ran %d of 40", chatID, len(ns))
		}
		for i := 1; i < len(ns); i++ {
			if ns[i] < ns[i-1] {
				t.Fatalf("chat %d ran out of order: %v", chatID, ns)
			}
		}
	}
	if n := d.turns.busy(); n != 0 {
		t.Fatalf("%d idle queues left", n)
	}
}

// A chat's outbox runs apart from its turns: a send that does not end
// holds no turn, and sends keep their order.
func TestOutboxDoesNotHoldTurns(t *testing.T) {
	d := newDispatcher(context.Background(), nil, nil)
	stuck := make(chan struct{})
	var mu sync.Mutex
	var sent []int
	d.send(1, func() { <-stuck })
	for i := range 3 {
		d.send(1, func() {
			mu.Lock()
			sent = append(sent, i)
			mu.Unlock()
		})
	}
	turned := make(chan struct{})
	d.do(1, func() { close(turned) })
	<-turned // would block forever if turns waited for the stuck send
	close(stuck)
	d.wait()
	if len(sent) != 3 || sent[0] != 0 || sent[1] != 1 || sent[2] != 2 {
		t.Fatalf("sends ran as %v", sent)
	}
	if d.turns.busy()+d.outbox.busy() != 0 {
		t.Fatal("idle lanes left")
	}
}
