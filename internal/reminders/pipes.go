package reminders

import (
	"context"
	"sync"
	"time"

	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// pipes gather what the workers write to the queue into pipelines: each
// worker asks for its own reminder and waits for the answer, as if it
// were alone, and the requests that arrive while a pipeline is out go
// together in the next one. So a burst costs a round trip per group of
// reminders, not several per reminder, with no timer adding latency to
// a lone reminder. One pipes lives for one tick.
type pipes struct {
	begins   *coalescer[due.Claim, beginResult]
	finishes *coalescer[finishReq, error]
}

type beginResult struct {
	check due.SendCheck
	err   error
}

type finishReq struct {
	claim due.Claim
	next  time.Time
	sent  bool
}

// pipeLanes is how many pipelines of a kind may be out at once: while
// one waits for Redis, the next is being gathered and encoded.
const pipeLanes = 2

func (d *Dispatcher) newPipes(ctx context.Context) *pipes {
	max := max(d.opts.Workers, 1)
	begins := newCoalescer(max, func(cs []due.Claim) []beginResult {
		checks, errs := d.q.BeginSends(ctx, cs, d.opts.Now(), d.opts.Owner)
		out := make([]beginResult, len(cs))
		for i := range cs {
			out[i] = beginResult{checks[i], errs[i]}
		}
		return out
	})
	finishes := newCoalescer(max, func(rs []finishReq) []error {
		// The bookkeeping after a send must not be cut short by
		// shutdown, or the reminder could go out twice.
		book, cancel := context.WithTimeout(context.WithoutCancel(ctx), bookTimeout)
		defer cancel()
		claims := make([]due.Claim, len(rs))
		next := make([]time.Time, len(rs))
		sent := make([]bool, len(rs))
		for i, r := range rs {
			claims[i], next[i], sent[i] = r.claim, r.next, r.sent
		}
		errs := d.q.Finish(book, d.opts.Owner, claims, next, sent)
		for i, err := range errs {
			if err != nil {
				d.log.Warn("rescheduling a reminder failed", "profile", profile.LogID(rs[i].claim.ProfileID), "err", err)
			}
		}
		return errs
	})
	return &pipes{begins: begins, finishes: finishes}
}

// begin marks c as being sent, if it may be.
func (p *pipes) begin(c due.Claim) (due.SendCheck, error) {
	r := p.begins.do(c)
	return r.check, r.err
}

// finish records c as sent (when sent) and completes it to next;
// failures are logged (the lease ends and the reminder is claimed again).
func (p *pipes) finish(c due.Claim, next time.Time, sent bool) {
	p.finishes.do(finishReq{claim: c, next: next, sent: sent})
}

// close stops the pipes once no worker uses them.
func (p *pipes) close() {
	p.begins.close()
	p.finishes.close()
}

// coalescer runs a batch function over the requests gathered while its
// previous batch ran, up to max at a time, on pipeLanes goroutines.
type coalescer[T, R any] struct {
	in  chan call[T, R]
	run func([]T) []R
	max int
	wg  sync.WaitGroup
}

type call[T, R any] struct {
	v   T
	out chan R
}

func newCoalescer[T, R any](max int, run func([]T) []R) *coalescer[T, R] {
	c := &coalescer[T, R]{in: make(chan call[T, R], max), run: run, max: max}
	for range pipeLanes {
		c.wg.Add(1)
		go c.loop()
	}
	return c
}

func (c *coalescer[T, R]) loop() {
	defer c.wg.Done()
	calls := make([]call[T, R], 0, c.max)
	vals := make([]T, 0, c.max)
	for first := range c.in {
		calls = append(calls[:0], first)
	gather:
		for len(calls) < c.max {
			select {
			case x, ok := <-c.in:
				if !ok {
					break gather
				}
				calls = append(calls, x)
			default:
				break gather
			}
		}
		vals = vals[:0]
		for _, x := range calls {
			vals = append(vals, x.v)
		}
		res := c.run(vals)
		for i, x := range calls {
			x.out <- res[i]
		}
		clear(calls) // no reference kept to the answered
	}
}

// do runs v in a batch and returns its result.
func (c *coalescer[T, R]) do(v T) R {
	out := make(chan R, 1)
	c.in <- call[T, R]{v: v, out: out}
	return <-out
}

func (c *coalescer[T, R]) close() {
	close(c.in)
	c.wg.Wait()
}
