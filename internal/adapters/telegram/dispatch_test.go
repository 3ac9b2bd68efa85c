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
	if len(d.queues) != 0 {
		t.Fatalf("%d idle queues left", len(d.queues))
	}
}
