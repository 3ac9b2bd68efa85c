// Package reminders sends each person's reminders exactly once per
// scheduled local day, from a queue in Redis shared by every replica:
// the dispatcher claims due reminders, has the engine compose them and
// sends them through the platform adapters.
package reminders

import (
	"cmp"
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
// implements it. Its calls take many reminders at once, each one round
// trip (one per master on a cluster), so that a burst costs a few round
// trips per batch rather than several per reminder.
type Queue interface {
	// Claim leases up to max due reminders, in order of due instant.
	Claim(ctx context.Context, now time.Time, owner string, lease time.Duration, max int) ([]due.Claim, error)
	// LoadProfiles reads the state the composer needs, per id.
	LoadProfiles(ctx context.Context, ids []string) ([]profile.Snapshot, []error)
	// CheckSends reports whether claims may be sent now, composed from
	// the state read at versions (the snapshots' Version).
	CheckSends(ctx context.Context, claims []due.Claim, versions []int64) ([]due.SendCheck, []error)
	// EndSends records the sends of claims as done (sent[i]) or failed,
	// each with its entry logs[i] in the person's delivery log (none
	// when nil or its Reason is empty).
	EndSends(ctx context.Context, claims []due.Claim, sent []bool, logs []due.Delivery) []error
	// Finish records claims[i] as sent when sent[i], completes it to
	// next[i] (zero: off the queue; its due instant: claim again), and
	// logs logs[i] as EndSends does.
	Finish(ctx context.Context, owner string, claims []due.Claim, next []time.Time, sent []bool, logs []due.Delivery) []error
	// Serving records that a dispatcher runs and returns since when
	// dispatchers have run with no gap longer than gap.
	Serving(ctx context.Context, now time.Time, gap time.Duration) (time.Time, error)
	PruneLeases(ctx context.Context, now time.Time) (int, error)
	OldestDue(ctx context.Context) (time.Time, error)
}

// Observer is told what happens to reminders (metrics).
type Observer interface {
	Reminder(outcome due.Outcome)
	QueueLag(lag time.Duration)
}

// Tally counts reminder outcomes by kind where every replica's counts
// add up (store.ReminderTally, for `bot stats`).
type Tally interface {
	Count(kind due.Kind, o due.Outcome)
}

type noObserver struct{}

func (noObserver) Reminder(due.Outcome)   {}
func (noObserver) QueueLag(time.Duration) {}

// Options configure a Dispatcher. Zero values take the defaults.
type Options struct {
	Owner      string        // this replica's name in leases; default random
	Lease      time.Duration // how long a claim is held; default 1m
	LateWindow time.Duration // reminders later than this are skipped; default due.DefaultLateWindow
	// Batch is the most a tick holds claimed and not yet finished (a
	// claim round, one script per shard, tops it up when half is done);
	// default 1000. The senders must get through it within a lease.
	Batch int
	// Workers is how many reminders are composed and sent in parallel;
	// default 64. It bounds the duplicates a replica that dies can
	// leave: a send the platform took but Redis never heard of.
	Workers  int
	Now      func() time.Time // default time.Now
	Logger   *slog.Logger
	Observer Observer // default none
	Tally    Tally    // default none
}

// Dispatcher claims due reminders from the shared queue and sends them.
// Several replicas may run one each: a claim is atomic and leased, and a
// send is marked per person and due instant, so each reminder goes out
// once. No per-person state lives in memory: what a tick holds is
// bounded by the batch, whatever the number of people.
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

// servingGap is the longest a running service goes without a dispatcher
// recording that it runs (Run records it every second, Tick at each
// claim round): a longer gap was downtime.
const servingGap = time.Minute

// bookTimeout bounds the bookkeeping after a send, which shutdown does
// not cut short.
const bookTimeout = 10 * time.Second

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
		opts.LateWindow = due.DefaultLateWindow
	}
	if opts.Batch == 0 {
		opts.Batch = 1000
	}
	if opts.Workers == 0 {
		opts.Workers = 64
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
// lets the tick in progress finish. Its own job records every second
// that the service runs, even while a long tick works through a burst.
func (d *Dispatcher) Run(ctx context.Context) error {
	c := cron.New(cron.WithSeconds(), cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	if _, err := c.AddFunc("* * * * * *", func() { d.Tick(ctx) }); err != nil {
		return fmt.Errorf("reminders: tick: %w", err)
	}
	if _, err := c.AddFunc("* * * * * *", func() { d.serving(ctx) }); err != nil {
		return fmt.Errorf("reminders: serving: %w", err)
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

// outcome counts a reminder's fate in the stats, the observer and the
// tally.
func (d *Dispatcher) outcome(kind due.Kind, o due.Outcome) {
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
	if d.opts.Tally != nil {
		d.opts.Tally.Count(kind, o)
	}
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

// serving records that this dispatcher runs, and returns since when the
// service has run without downtime; now when that cannot be read, so
// that lateness counts as downtime, as it did before the record existed.
func (d *Dispatcher) serving(ctx context.Context) time.Time {
	now := d.opts.Now()
	since, err := d.q.Serving(ctx, now, servingGap)
	if err != nil {
		if ctx.Err() == nil {
			d.log.Warn("recording that the dispatcher runs failed", "err", err)
		}
		return now
	}
	return since
}

// item is a claimed reminder composed, on its way to a worker.
type item struct {
	claim   due.Claim
	r       due.Reminder
	version int64     // of the state it was composed from
	sendBy  time.Time // when its send must be over (see sendReserve)
}

// chunk is a run of claims of one claim round, prepared together.
type chunk struct {
	claims []due.Claim
	since  time.Time
	ready  chan []item // its items to send once prepared; nil when ctx ended first
}

// loadChunk is how many claimed reminders are read and composed
// together, in one pipeline. The chunks are prepared by loaders in
// parallel, so that decoding and composing use every core while the
// next chunk is on the wire.
const loadChunk = 128

// loaders is how many chunks are prepared at once.
const loaders = 4

// tick is the state of one Tick.
type tick struct {
	d *Dispatcher
	p *pipes

	leftMu sync.Mutex
	left   []due.Claim // given back at the end

	// What is claimed and not yet done stays within one batch: a round
	// is claimed when half the last is done, and tops it up. So with a
	// slow platform no claim waits behind more than a batch, which the
	// senders must get through within a lease.
	flightMu sync.Mutex
	flight   *sync.Cond
	inFlight int
}

// done counts n claims as done with.
func (t *tick) done(n int) {
	t.flightMu.Lock()
	t.inFlight -= n
	t.flight.Signal()
	t.flightMu.Unlock()
}

// leave keeps claims to give back when the tick ends.
func (t *tick) leave(cs ...due.Claim) {
	t.leftMu.Lock()
	t.left = append(t.left, cs...)
	t.leftMu.Unlock()
	t.done(len(cs))
}

// Tick claims what is due and sends it, until nothing due is left or ctx
// ends. The stages run at once, each in batches: a claim round is one
// script per shard (the next round is claimed while this one is sent);
// its claims are read and composed in chunks of one pipeline each,
// several chunks at once, and handed on in the order they were claimed;
// workers check each against the person's state just before sending
// it (so a /stop typed while it waited wins), send, and record the send
// before they take the next (a pipeline each for what the workers check
// or end at once); the completions, which move each reminder on to its
// next instant, go behind them in large batches, one script per shard.
// So reminders reach the workers in order of due instant (the send
// planner: a burst goes out in the order it fell due, as fast as the
// senders' pacing lets it). Once ctx ends no new reminder is started;
// those in flight finish, and the rest are given back.
func (d *Dispatcher) Tick(ctx context.Context) {
	t := &tick{d: d, p: d.newPipes(ctx)}
	t.flight = sync.NewCond(&t.flightMu)
	work := make(chan *chunk, loaders)    // to the loaders, any order
	order := make(chan *chunk, 2*loaders) // to the workers, in order
	items := make(chan item, d.opts.Workers)

	go func() {
		defer close(work)
		defer close(order)
		for ctx.Err() == nil {
			t.flightMu.Lock()
			for t.inFlight > d.opts.Batch/2 {
				t.flight.Wait() // every claim ends in done, even at shutdown
			}
			room := d.opts.Batch - t.inFlight
			t.flightMu.Unlock()
			since := d.serving(ctx)
			claims, err := d.claim(ctx, room)
			if err != nil {
				d.log.Warn("claiming reminders failed", "err", err)
				return
			}
			if len(claims) == 0 {
				return
			}
			t.flightMu.Lock()
			t.inFlight += len(claims)
			t.flightMu.Unlock()
			for len(claims) > 0 {
				n := min(len(claims), loadChunk)
				ch := &chunk{claims: claims[:n:n], since: since, ready: make(chan []item, 1)}
				order <- ch
				work <- ch
				claims = claims[n:]
			}
		}
	}()

	for range loaders {
		go func() {
			for ch := range work {
				if ctx.Err() != nil {
					ch.ready <- nil
					continue
				}
				ch.ready <- t.prepare(ctx, ch)
			}
		}()
	}
	go func() {
		defer close(items)
		for ch := range order {
			its := <-ch.ready
			if its == nil {
				t.leave(ch.claims...)
				continue
			}
			for _, it := range its {
				items <- it
			}
		}
	}()

	var working sync.WaitGroup
	for range d.opts.Workers {
		working.Add(1)
		go func() {
			defer working.Done()
			for it := range items {
				if ctx.Err() != nil {
					t.leave(it.claim)
					continue
				}
				d.one(ctx, t.p, it)
				t.done(1)
			}
		}()
	}
	working.Wait()
	t.p.close()
	d.release(t.left) // shutting down: another replica takes them at once
}

// prepare reads a chunk's profiles, composes its reminders and returns
// those to send, in the chunk's order. The others are done with here:
// not sent (their completion and their entry in the delivery log
// queued), or left to their lease.
func (t *tick) prepare(ctx context.Context, ch *chunk) []item {
	d := t.d
	ids := make([]string, len(ch.claims))
	for i, c := range ch.claims {
		ids[i] = c.ProfileID
	}
	snaps, errs := d.q.LoadProfiles(ctx, ids)
	its := make([]item, 0, len(ch.claims))
	for i, c := range ch.claims {
		if errs[i] != nil {
			d.outcome(c.Kind, due.OutcomeFailed)
			d.log.Warn("loading a profile for its reminder failed", "profile", profile.LogID(c.ProfileID), "kind", string(c.Kind), "err", errs[i])
			t.done(1) // the lease ends and the reminder is tried again
			continue
		}
		now := d.opts.Now()
		r := d.compose.Reminder(snaps[i], c.Kind, c.Due, composeNow(c, now, ch.since), d.opts.LateWindow)
		snaps[i] = profile.Snapshot{Version: snaps[i].Version} // composed: no longer held
		if len(r.Send) == 0 {
			d.outcome(c.Kind, due.OutcomeSkipped)
			t.p.complete(c, r.Next, d.delivery(c, r.Reason))
			t.done(1)
			continue
		}
		// The send must end before the lease does; with too little of
		// the lease left (a long batch, a slow platform), give the
		// claim back so it is claimed again at once with a fresh lease.
		sendBy := c.LeaseEnd.Add(-d.opts.Lease / sendReserve)
		if sendBy.Sub(now) < d.opts.Lease/sendReserve {
			t.p.complete(c, c.Due, due.Delivery{})
			t.done(1)
			continue
		}
		its = append(its, item{claim: c, r: r, version: snaps[i].Version, sendBy: sendBy})
	}
	return its
}

// delivery is the delivery log's entry for claim c ending for reason,
// now; none without a reason.
func (d *Dispatcher) delivery(c due.Claim, reason due.Reason) due.Delivery {
	if reason == "" {
		return due.Delivery{}
	}
	return due.Delivery{Kind: c.Kind, Due: c.Due, Reason: reason, At: d.opts.Now()}
}

// claim claims one round of up to max.
func (d *Dispatcher) claim(ctx context.Context, max int) ([]due.Claim, error) {
	claims, err := d.q.Claim(ctx, d.opts.Now(), d.opts.Owner, d.opts.Lease, max)
	d.count(func(s *Stats) { s.Claimed += len(claims) })
	for _, c := range claims {
		d.opts.Observer.Reminder(due.OutcomeDue)
		if d.opts.Tally != nil {
			d.opts.Tally.Count(c.Kind, due.OutcomeDue)
		}
	}
	return claims, err
}

// release gives claims back without waiting for their leases to end.
func (d *Dispatcher) release(claims []due.Claim) {
	if len(claims) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	next := make([]time.Time, len(claims))
	for i, c := range claims {
		next[i] = c.Due
	}
	for _, err := range d.q.Finish(ctx, d.opts.Owner, claims, next, make([]bool, len(claims)), nil) {
		if err != nil {
			d.log.Warn("giving back reminders failed", "err", err)
			return
		}
	}
}

// sendReserve is the part of a lease kept for the bookkeeping after a
// send: a send must be over by LeaseEnd - Lease/sendReserve, so that
// when the lease (and with it the send mark) runs out and another
// replica may take the reminder, this replica is no longer sending it.
const sendReserve = 4

// composeNow is the instant the composer is told the reminder is sent
// at: when it could first have gone out, had the dispatchers had no
// backlog. A reminder that fell due while the service ran and went out
// late only because of the dispatchers' own pacing (a burst larger
// than the senders' rate) is composed as if on time, so it says nothing
// about being offline and is not dropped as too late; one that fell due
// while no dispatcher ran is as late as that downtime (since, when the
// service came back), and keeps its apology. The real lateness still
// counts in the metrics.
func composeNow(c due.Claim, now, since time.Time) time.Time {
	at := c.Due
	if since.After(at) {
		at = since // due during downtime: late by the downtime only
	}
	if at.After(now) {
		return now
	}
	return at
}

// one sends one prepared reminder. Bookkeeping after a send must not be
// cut short by shutdown, or the reminder could go out twice: it runs
// without ctx's cancellation, within bookTimeout.
func (d *Dispatcher) one(ctx context.Context, p *pipes, it item) {
	c, r := it.claim, it.r
	now := d.opts.Now()
	if !now.Before(it.sendBy) {
		// It waited for a worker past the time its send had to be over:
		// give it back, to be claimed again at once.
		p.complete(c, c.Due, due.Delivery{})
		return
	}
	sctx, scancel := context.WithTimeout(ctx, it.sendBy.Sub(now))
	g := &lastMoment{check: func(ctx context.Context) bool { return d.check(ctx, p, it) }}
	sent, err := d.send(sctx, r.Send, g)
	scancel()
	if errors.Is(err, chat.ErrHeldBack) {
		return // the check settled it
	}
	if errors.Is(err, chat.ErrNoRoom) {
		// Nothing sent: the platform's pacing left no room for it before
		// its send had to be over (a burst several replicas share). Given
		// back, to be claimed again at once with a fresh lease; no
		// failure, and nothing in the person's delivery log.
		p.complete(c, c.Due, due.Delivery{})
		return
	}
	if !sent {
		reason := failReason(err)
		p.end(c, false, d.delivery(c, reason))
		d.outcome(c.Kind, due.OutcomeFailed)
		d.log.Warn("sending a reminder failed; will retry", "profile", profile.LogID(c.ProfileID), "kind", string(c.Kind), "err", err)
		if reason == due.ReasonUnreachable {
			p.complete(c, r.Next, due.Delivery{}) // nowhere to send it: on to the next day
		}
		return // otherwise the lease ends and it is tried again, while not too late
	}
	// Recorded before the worker takes another reminder: a replica that
	// dies leaves at most Workers sends the platform took unrecorded.
	// The completion may follow later: until it lands the reminder is
	// leased, and whoever claims it next finds it done.
	p.end(c, true, d.delivery(c, cmp.Or(r.Reason, due.ReasonSent)))
	p.complete(c, r.Next, due.Delivery{})
	d.outcome(c.Kind, due.OutcomeSent)
	if now.Sub(c.Due) > lateAfter {
		d.opts.Observer.Reminder(due.OutcomeLate)
		if d.opts.Tally != nil {
			d.opts.Tally.Count(c.Kind, due.OutcomeLate)
		}
	}
}

// check reports whether it may be sent now, against the person's state
// as it is just before the send (the gate of a GatedSender, after its
// pacing): a reminder may wait behind a burst the platform paces for a
// long while after it was composed, and a /stop typed meanwhile must
// win. Otherwise it is done with here.
func (d *Dispatcher) check(ctx context.Context, p *pipes, it item) bool {
	c := it.claim
	check, err := p.check(c, it.version)
	if err != nil && ctx.Err() != nil {
		p.complete(c, c.Due, due.Delivery{}) // shutting down: given back
		return false
	}
	if err != nil {
		d.outcome(c.Kind, due.OutcomeFailed)
		d.log.Warn("checking a reminder failed", "profile", profile.LogID(c.ProfileID), "kind", string(c.Kind), "err", err)
		return false // the lease ends and the reminder is tried again
	}
	switch check {
	case due.SendAllowed:
		return true
	case due.SendChanged:
		// Saved since it was read (a /stop, a message): given back to
		// be claimed and composed again at once.
		p.complete(c, c.Due, due.Delivery{})
	case due.SendInProgress:
		// Another replica holds a live mark: leave the claim to lapse.
		// By then that mark has lapsed too, and whoever claims next
		// finds the reminder done or sends it.
	case due.SendNoProfile:
		d.outcome(c.Kind, due.OutcomeSkipped)
		p.complete(c, time.Time{}, due.Delivery{})
	default: // sent already: its entry is in the log
		d.outcome(c.Kind, due.OutcomeSkipped)
		p.complete(c, it.r.Next, due.Delivery{})
	}
	return false
}

// failReason is the delivery log's reason for a send that failed with
// err.
func failReason(err error) due.Reason {
	switch {
	case errors.Is(err, chat.ErrUnreachable):
		return due.ReasonUnreachable
	case errors.Is(err, context.DeadlineExceeded):
		return due.ReasonTimeout
	}
	return due.ReasonFailed
}

// send tries each channel in order, each gated by g; an unreachable one
// falls back to the next.
func (d *Dispatcher) send(ctx context.Context, outs []chat.Outgoing, g *lastMoment) (bool, error) {
	var err error
	for _, out := range outs {
		sender, ok := d.senders[out.To.Platform]
		if !ok {
			err = fmt.Errorf("no sender for %s: %w", out.To.Platform, chat.ErrUnreachable)
			continue
		}
		if err = sendThrough(ctx, sender, out, g); err == nil {
			return true, nil
		}
		if !errors.Is(err, chat.ErrUnreachable) || errors.Is(err, chat.ErrHeldBack) {
			return false, err
		}
	}
	return false, err
}
