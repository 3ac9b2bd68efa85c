// Package reminders sends each person's reminders exactly once per
// scheduled local day, from a queue in Redis shared by every replica:
// the dispatcher claims due reminders, has the engine compose them and
// sends them through the platform adapters.
package reminders

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// Composer decides, from the person's state at send time, whether a due
// reminder goes out, with which words, and when the next one is due. The
// dialog engine is the Composer: it knows pauses, settings and texts.
type Composer interface {
	Reminder(snap profile.Snapshot, kind due.Kind, dueAt, now time.Time, lateWindow time.Duration) due.Reminder
}

// Queue is the shared queue of due reminders. The Redis store
// implements it.
type Queue interface {
	Claim(ctx context.Context, now time.Time, owner string, lease time.Duration, max int) ([]due.Claim, error)
	Complete(ctx context.Context, c due.Claim, owner string, next time.Time) error
	LoadProfile(ctx context.Context, profileID string) (profile.Snapshot, error)
	BeginSend(ctx context.Context, c due.Claim, now time.Time, owner string) (due.SendCheck, error)
	EndSend(ctx context.Context, c due.Claim, owner string, sent bool) error
	PruneLeases(ctx context.Context, now time.Time) (int, error)
	OldestDue(ctx context.Context) (time.Time, error)
}

// Observer is told what happens to reminders (metrics).
type Observer interface {
	Reminder(outcome due.Outcome)
	QueueLag(lag time.Duration)
}

type noObserver struct{}

func (noObserver) Reminder(due.Outcome)   {}
func (noObserver) QueueLag(time.Duration) {}

// Options configure a Dispatcher. Zero values take the defaults.
type Options struct {
	Owner      string           // this replica's name in leases; default random
	Lease      time.Duration    // how long a claim is held; default 1m
	LateWindow time.Duration    // reminders later than this are skipped; default 2h
	Batch      int              // claims per tick; default 500
	Workers    int              // reminders sent in parallel; default 16
	Now        func() time.Time // default time.Now
	Logger     *slog.Logger
	Observer   Observer // default none
}

// Dispatcher claims due reminders from the shared queue and sends them.
// Several replicas may run one each: a claim is atomic and leased, and a
// send is marked per person and due instant, so each reminder goes out
// once. No per-person state lives in memory.
type Dispatcher struct {
	q       Queue
	compose Composer
	senders map[chat.Platform]chat.Sender
	opts    Options
	log     *slog.Logger

	mu    sync.Mutex
	stats Stats
}

// lateAfter is when a reminder counts as late in the metrics.
const lateAfter = 2 * time.Minute

// Stats count what a dispatcher did.
type Stats struct {
	Claimed, Sent, Skipped, Failed int
}

// New returns a dispatcher sending through senders, keyed by platform.
func New(q Queue, compose Composer, senders map[chat.Platform]chat.Sender, opts Options) *Dispatcher {
	if opts.Owner == "" {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		opts.Owner = "replica-" + hex.EncodeToString(b)
	}
	if opts.Lease == 0 {
		opts.Lease = time.Minute
	}
	if opts.LateWindow == 0 {
		opts.LateWindow = 2 * time.Hour
	}
	if opts.Batch == 0 {
		opts.Batch = 500
	}
	if opts.Workers == 0 {
		opts.Workers = 16
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if opts.Observer == nil {
		opts.Observer = noObserver{}
	}
	return &Dispatcher{q: q, compose: compose, senders: senders, opts: opts, log: opts.Logger.With("component", "reminders")}
}

// Run ticks every second, driven by robfig/cron, until ctx ends; then it
// lets the tick in progress finish.
func (d *Dispatcher) Run(ctx context.Context) error {
	c := cron.New(cron.WithSeconds(), cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	if _, err := c.AddFunc("* * * * * *", func() { d.Tick(ctx) }); err != nil {
		return fmt.Errorf("reminders: tick: %w", err)
	}
	if _, err := c.AddFunc("0 * * * * *", func() { d.maintain(ctx) }); err != nil {
		return fmt.Errorf("reminders: maintenance: %w", err)
	}
	c.Start()
	<-ctx.Done()
	<-c.Stop().Done()
	return nil
}

// Stats returns the counts so far.
func (d *Dispatcher) Stats() Stats {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.stats
}

func (d *Dispatcher) count(f func(*Stats)) {
	d.mu.Lock()
	f(&d.stats)
	d.mu.Unlock()
}

// outcome counts a reminder's fate in the stats and the observer.
func (d *Dispatcher) outcome(o due.Outcome) {
	d.count(func(s *Stats) {
		switch o {
		case due.OutcomeSent:
			s.Sent++
		case due.OutcomeSkipped:
			s.Skipped++
		case due.OutcomeFailed:
			s.Failed++
		}
	})
	d.opts.Observer.Reminder(o)
}

// maintain runs once a minute: drop leases that ran out and log the
// counts (no personal data).
func (d *Dispatcher) maintain(ctx context.Context) {
	now := d.opts.Now()
	if _, err := d.q.PruneLeases(ctx, now); err != nil {
		d.log.Warn("pruning leases failed", "err", err)
	}
	if oldest, err := d.q.OldestDue(ctx); err == nil {
		lag := time.Duration(0)
		if !oldest.IsZero() && oldest.Before(now) {
			lag = now.Sub(oldest)
		}
		d.opts.Observer.QueueLag(lag)
	}
	s := d.Stats()
	d.log.Info("reminders", "claimed", s.Claimed, "sent", s.Sent, "skipped", s.Skipped, "failed", s.Failed)
}

// Tick claims what is due and sends it, until nothing due is left or ctx
// ends.
func (d *Dispatcher) Tick(ctx context.Context) {
	for ctx.Err() == nil {
		claims, err := d.claim(ctx)
		if err != nil {
			d.log.Warn("claiming reminders failed", "err", err)
			return
		}
		if len(claims) == 0 {
			return
		}
		d.process(ctx, claims)
	}
}

func (d *Dispatcher) claim(ctx context.Context) ([]due.Claim, error) {
	claims, err := d.q.Claim(ctx, d.opts.Now(), d.opts.Owner, d.opts.Lease, d.opts.Batch)
	d.count(func(s *Stats) { s.Claimed += len(claims) })
	for range claims {
		d.opts.Observer.Reminder(due.OutcomeDue)
	}
	return claims, err
}

// process handles claims with a bounded number of workers. Once ctx ends
// no new reminder is started; those in flight finish.
func (d *Dispatcher) process(ctx context.Context, claims []due.Claim) {
	work := make(chan due.Claim)
	var wg sync.WaitGroup
	for i := 0; i < min(d.opts.Workers, len(claims)); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				d.one(ctx, c)
			}
		}()
	}
	for i, c := range claims {
		if ctx.Err() != nil {
			d.release(claims[i:]) // shutting down: another replica takes them at once
			break
		}
		work <- c
	}
	close(work)
	wg.Wait()
}

// release gives claims back without waiting for their leases to end.
func (d *Dispatcher) release(claims []due.Claim) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for _, c := range claims {
		d.complete(ctx, c, c.Due)
	}
}

// sendReserve is the part of a lease kept for the bookkeeping after a
// send: a send must be over by LeaseEnd - Lease/sendReserve, so that
// when the lease (and with it the send mark) runs out and another
// replica may take the reminder, this replica is no longer sending it.
const sendReserve = 4

// one sends one reminder. Bookkeeping after a send must not be cut short
// by shutdown, or the reminder could go out twice: it gets its own
// deadline.
func (d *Dispatcher) one(ctx context.Context, c due.Claim) {
	log := d.log.With("profile", profile.LogID(c.ProfileID), "kind", string(c.Kind))
	snap, err := d.q.LoadProfile(ctx, c.ProfileID)
	if err != nil {
		d.outcome(due.OutcomeFailed)
		log.Warn("loading a profile for its reminder failed", "err", err)
		return // the lease ends and the reminder is tried again
	}
	now := d.opts.Now()
	r := d.compose.Reminder(snap, c.Kind, c.Due, now, d.opts.LateWindow)
	book, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if len(r.Send) == 0 {
		d.outcome(due.OutcomeSkipped)
		d.complete(book, c, r.Next)
		return
	}
	// The send must end before the lease does; with too little of the
	// lease left (a long batch, a slow platform), give the claim back
	// so it is claimed again at once with a fresh lease.
	sendBy := c.LeaseEnd.Add(-d.opts.Lease / sendReserve)
	if sendBy.Sub(now) < d.opts.Lease/sendReserve {
		d.complete(book, c, c.Due)
		return
	}
	check, err := d.q.BeginSend(ctx, c, now, d.opts.Owner)
	if err != nil {
		d.outcome(due.OutcomeFailed)
		log.Warn("marking a reminder failed", "err", err)
		return
	}
	switch check {
	case due.SendAllowed:
	case due.SendInProgress:
		// Another replica holds a live mark: leave the claim to lapse.
		// By then that mark has lapsed too, and whoever claims next
		// finds the reminder done or sends it.
		return
	case due.SendNoProfile:
		d.outcome(due.OutcomeSkipped)
		d.complete(book, c, time.Time{})
		return
	default: // paused, or sent already
		d.outcome(due.OutcomeSkipped)
		d.complete(book, c, r.Next)
		return
	}
	sctx, scancel := context.WithTimeout(ctx, sendBy.Sub(now))
	sent, err := d.send(sctx, r.Send)
	scancel()
	if endErr := d.q.EndSend(book, c, d.opts.Owner, sent); endErr != nil {
		log.Warn("recording a reminder failed", "err", endErr)
	}
	if !sent {
		d.outcome(due.OutcomeFailed)
		log.Warn("sending a reminder failed; will retry", "err", err)
		if errors.Is(err, chat.ErrUnreachable) {
			d.complete(book, c, r.Next) // nowhere to send it: on to the next day
		}
		return // otherwise the lease ends and it is tried again, while not too late
	}
	d.outcome(due.OutcomeSent)
	if now.Sub(c.Due) > lateAfter {
		d.opts.Observer.Reminder(due.OutcomeLate)
	}
	d.complete(book, c, r.Next)
}

// send tries each channel in order; an unreachable one falls back to the
// next.
func (d *Dispatcher) send(ctx context.Context, outs []chat.Outgoing) (bool, error) {
	var err error
	for _, out := range outs {
		sender, ok := d.senders[out.To.Platform]
		if !ok {
			err = fmt.Errorf("no sender for %s: %w", out.To.Platform, chat.ErrUnreachable)
			continue
		}
		if err = sender.Send(ctx, out); err == nil {
			return true, nil
		}
		if !errors.Is(err, chat.ErrUnreachable) {
			return false, err
		}
	}
	return false, err
}

func (d *Dispatcher) complete(ctx context.Context, c due.Claim, next time.Time) {
	if err := d.q.Complete(ctx, c, d.opts.Owner, next); err != nil {
		d.log.Warn("rescheduling a reminder failed", "profile", profile.LogID(c.ProfileID), "err", err)
	}
}
