package reminders

import (
	"context"
	"sync"
	"time"

	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// pipes gather what the workers write to the queue into pipelines.
// Checks (may it go out now?) and ends (a send's mark and its
// delivery-log entry) are synchronous: each
// worker asks for its own and waits for the answer, as if it were
// alone, and the requests that arrive while a pipeline is out go
// together in the next one, so a burst costs a round trip per group of
// reminders with no timer adding latency to a lone reminder.
// Completions are not waited for: they are gathered for up to
// completeLinger into batches of up to completeBatch, one script per
// shard each, so that a shard's script moves many reminders rather than
// the few a group of workers ends at once. One pipes lives for one
// tick; close waits for every completion.
type pipes struct {
	checks    *coalescer[checkReq, checkRes]
	ends      *coalescer[endReq, error]
	completes chan finishReq
	running   sync.WaitGroup
}

type checkReq struct {
	claim   due.Claim
	version int64
}

type checkRes struct {
	check due.SendCheck
	err   error
}

type endReq struct {
	claim due.Claim
	sent  bool
	log   due.Delivery
}

type finishReq struct {
	claim due.Claim
	next  time.Time
	log   due.Delivery
}

// pipeLanes is how many pipelines of a kind may be out at once: while
// one waits for Redis, the next is being gathered and encoded.
const pipeLanes = 2

// completeBatch is the most completions one Finish carries.
const completeBatch = 2048

// completeLinger is how long a completion waits for others to share its
// Finish: long enough that a burst's completions go a few hundred at a
// time, one script per shard moving dozens (a script's own cost is most
// of what a small one costs Redis), and short beside a lease, which is
// all a completion must beat.
const completeLinger = 20 * time.Millisecond

func (d *Dispatcher) newPipes(ctx context.Context) *pipes {
	// The bookkeeping after a send must not be cut short by shutdown,
	// or the reminder could go out twice.
	book := func() (context.Context, context.CancelFunc) {
		return context.WithTimeout(context.WithoutCancel(ctx), bookTimeout)
	}
	ends := newCoalescer(max(d.opts.Workers, 1), func(rs []endReq) []error {
		ctx, cancel := book()
		defer cancel()
		claims := make([]due.Claim, len(rs))
		sent := make([]bool, len(rs))
		logs := make([]due.Delivery, len(rs))
		for i, r := range rs {
			claims[i], sent[i], logs[i] = r.claim, r.sent, r.log
		}
		errs := d.q.EndSends(ctx, claims, sent, logs)
		for i, err := range errs {
			if err != nil {
				d.log.Warn("recording a reminder failed", "profile", profile.LogID(rs[i].claim.ProfileID), "err", err)
			}
		}
		return errs
	})
	checks := newCoalescer(max(d.opts.Workers, 1), func(rs []checkReq) []checkRes {
		claims := make([]due.Claim, len(rs))
		versions := make([]int64, len(rs))
		for i, r := range rs {
			claims[i], versions[i] = r.claim, r.version
		}
		checks, errs := d.q.CheckSends(ctx, claims, versions)
		out := make([]checkRes, len(rs))
		for i := range out {
			out[i] = checkRes{checks[i], errs[i]}
		}
		return out
	})
	p := &pipes{checks: checks, ends: ends, completes: make(chan finishReq, completeBatch)}
	for range pipeLanes {
		p.running.Add(1)
		go func() {
			defer p.running.Done()
			batch := make([]finishReq, 0, completeBatch)
			linger := time.NewTimer(0)
			for first := range p.completes {
				batch = append(batch[:0], first)
				linger.Reset(completeLinger)
			gather:
				for len(batch) < completeBatch {
					select {
					case r, ok := <-p.completes:
						if !ok {
							break gather
						}
						batch = append(batch, r)
					case <-linger.C:
						break gather
					}
				}
				linger.Stop()
				ctx, cancel := book()
				d.finish(ctx, batch)
				cancel()
				clear(batch)
			}
		}()
	}
	return p
}

// finish completes a batch; failures are logged (the lease ends and the
// reminder is claimed again).
func (d *Dispatcher) finish(ctx context.Context, rs []finishReq) {
	claims := make([]due.Claim, len(rs))
	next := make([]time.Time, len(rs))
	logs := make([]due.Delivery, len(rs))
	for i, r := range rs {
		claims[i], next[i], logs[i] = r.claim, r.next, r.log
	}
	for i, err := range d.q.Finish(ctx, d.opts.Owner, claims, next, make([]bool, len(rs)), logs) {
		if err != nil {
			d.log.Warn("rescheduling a reminder failed", "profile", profile.LogID(rs[i].claim.ProfileID), "err", err)
		}
	}
}

// check reports whether c, composed from the state at version, may be
// sent now (Queue.CheckSends).
func (p *pipes) check(c due.Claim, version int64) (due.SendCheck, error) {
	r := p.checks.do(checkReq{claim: c, version: version})
	return r.check, r.err
}

// end records the send of c as done (sent) or gives its mark back, with
// its entry in the delivery log, and returns once that is written (or
// failed: logged).
func (p *pipes) end(c due.Claim, sent bool, log due.Delivery) {
	p.ends.do(endReq{claim: c, sent: sent, log: log})
}

// complete queues c's completion to next (zero: off the queue; c.Due:
// claim again at once), with its entry in the delivery log.
func (p *pipes) complete(c due.Claim, next time.Time, log due.Delivery) {
	p.completes <- finishReq{claim: c, next: next, log: log}
}

// close stops the pipes once no worker uses them, and waits until every
// completion is written.
func (p *pipes) close() {
	p.checks.close()
	p.ends.close()
	close(p.completes)
	p.running.Wait()
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
