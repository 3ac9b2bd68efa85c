package reminders_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/due"
	"treadwell/internal/profile"
)

// The weekly summary goes through the same queue: sent once, then queued
// for the next week.
func TestWeeklySummarySentOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) { weeklySentOnce(t, b) })
}

func weeklySentOnce(t *testing.T, b backend) {
	e := newEnv(t, b)
	ctx := context.Background()
	e.addProfile(ctx, "wk", base.Add(24*time.Hour))
	sunday := time.Date(2026, 11, 29, 19, 0, 0, 0, time.UTC)
	snap, _ := e.store.Load(ctx, chat.Console, "wk")
	if err := e.store.Save(ctx, snap, profile.Change{Profile: snap.Profile, Due: map[due.Kind]time.Time{due.Weekly: sunday}}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(sunday)
	e.dispatcher("r1", nil).Tick(ctx)
	e.dispatcher("r2", nil).Tick(ctx)
	var weekly []chat.Outgoing
	for _, out := range e.send[chat.Console].all() {
		if strings.Contains(out.Text, "Your week in walking") {
			weekly = append(weekly, out)
		}
	}
	if len(weekly) != 1 {
		t.Fatalf("weekly summaries sent: %d", len(weekly))
	}
	if at := e.queued(ctx, "wk", due.Weekly); !at.Equal(sunday.Add(7 * 24 * time.Hour)) {
		t.Fatalf("next summary %v", at)
	}
}
