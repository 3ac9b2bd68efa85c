package chattest

import (
	"context"
	"slices"
	"sync"
)

// Steps records, in order, the waits of a pacer's rate budget and the
// calls of a send's gate, for the adapters' tests of SendGated: the gate
// is asked after each wait, never before it. Safe for concurrent use.
type Steps struct {
	mu   sync.Mutex
	list []string
}

// The steps recorded.
const (
	StepWait = "wait"
	StepGate = "gate"
)

func (s *Steps) add(step string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.list = append(s.list, step)
}

// All returns the steps so far.
func (s *Steps) All() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.list)
}

// Reset forgets the steps so far.
func (s *Steps) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.list = nil
}

// Budget is a rate budget (the adapters' RateBudget) that lets every
// message go at once and records each wait.
func (s *Steps) Budget() Budget { return Budget{s} }

// Gate is a send's gate that records each call and answers answer.
func (s *Steps) Gate(answer error) func(context.Context) error {
	return func(context.Context) error { s.add(StepGate); return answer }
}

// Budget is Steps.Budget.
type Budget struct{ s *Steps }

// Wait records the wait and returns at once.
func (b Budget) Wait(context.Context) error { b.s.add(StepWait); return nil }
