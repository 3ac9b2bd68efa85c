package reminders_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/localtime"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// Every reminder the dispatcher is done with leaves its reason in the
// person's delivery log (for /why): sent, sent late after downtime, or
// why not.
func TestDeliveryLogReasons(t *testing.T) {
	cases := []struct {
		name   string
		late   time.Duration // how long after its instant it is claimed, after downtime
		change func(p *profile.Profile, dueAt time.Time)
		fail   error // the sender's answer
		want   due.Reason
	}{
		{name: "sent", want: due.ReasonSent},
		{name: "late", late: time.Hour, want: due.ReasonSentLate},
		{name: "toolate", late: 3 * time.Hour, want: due.ReasonTooLate},
		{name: "paused", change: func(p *profile.Profile, at time.Time) {
			p.Pause = profile.NewPause(at.Add(-24*time.Hour), plan.RuleStopFlare, true, time.Time{})
		}, want: due.ReasonPaused},
		{name: "snoozed", change: func(p *profile.Profile, at time.Time) { p.Snooze = at.Add(time.Hour) }, want: due.ReasonSnoozed},
		{name: "offday", change: func(p *profile.Profile, at time.Time) {
			p.Settings.Days = localtime.Days(1) << ((at.Weekday() + 1) % 7)
		}, want: due.ReasonNotScheduled},
		{name: "blocked", fail: fmt.Errorf("telegram: blocked: %w", chat.ErrUnreachable), want: due.ReasonUnreachable},
		{name: "down", fail: errors.New("network down"), want: due.ReasonFailed},
	}
	eachBackend(t, func(t *testing.T, b backend) {
		e := newEnv(t, b)
		ctx := context.Background()
		for i, tc := range cases {
			// A day apart: each tick comes after a downtime, which only
			// a reminder due before it makes late.
			dueAt := base.Add(time.Duration(i) * 24 * time.Hour)
			e.addProfile(ctx, tc.name, dueAt)
			if tc.change != nil {
				snap, err := e.store.Load(ctx, chat.Console, tc.name)
				if err != nil {
					t.Fatal(err)
				}
				p := snap.Profile
				tc.change(&p, dueAt)
				if err := e.store.Save(ctx, snap, profile.Change{Profile: p}); err != nil {
					t.Fatal(err)
				}
			}
			e.send[chat.Console].fail = tc.fail
			now := dueAt.Add(tc.late)
			e.clock.Set(now)
			e.dispatcher("r", nil).Tick(ctx)
			e.send[chat.Console].fail = nil
			log, err := e.store.Deliveries(ctx, profile.DerivedID(chat.Console, tc.name))
			if err != nil {
				t.Fatal(err)
			}
			if len(log) != 1 || log[0].Reason != tc.want || log[0].Kind != due.Daily || !log[0].Due.Equal(dueAt) || log[0].At.Before(now) {
				t.Errorf("%s: log %+v, want one %s entry for the daily reminder due %v, at or after %v", tc.name, log, tc.want, dueAt, now)
			}
		}
	})
}
