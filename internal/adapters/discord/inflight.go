package discord

import "sync"

// inflight counts event handlers running, so shutdown can wait for them.
// Unlike a bare WaitGroup it refuses new work once closing, so a late
// event cannot race the wait.
type inflight struct {
	mu      sync.Mutex
	closing bool
	wg      sync.WaitGroup
}

// start reports whether work may begin; call done when it ends.
func (f *inflight) start() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closing {
		return false
	}
	f.wg.Add(1)
	return true
}

func (f *inflight) done() { f.wg.Done() }

// wait refuses new work and waits for what runs.
func (f *inflight) wait() {
	f.mu.Lock()
	f.closing = true
	f.mu.Unlock()
	f.wg.Wait()
}
