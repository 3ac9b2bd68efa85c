package dialog_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/profile"
	"treadwell/internal/store/redistest"
	"treadwell/messages"
)

// Two replicas of the engine share Redis and take interleaved messages
// from the same people at once: nothing is lost, nobody hears "nothing
// was recorded", and a conversation carries on whichever replica takes
// the next message. Redis runs as the compose file runs it (append-only,
// fsync always), where every write is slow enough for races to pile up.
func TestTwoReplicasLoseNothing(t *testing.T) {
	h := newHarnessWith(t, redistest.NewServer(t, "--appendonly", "yes", "--appendfsync", "always"))
	msgs, _ := messages.Load()
	other := dialog.New(h.store, msgs, dialog.Options{Now: h.clock.Now})
	replicas := []*dialog.Engine{h.engine, other}
	const people, each = 10, 6
	for i := 0; i < people; i++ {
		h.person(fmt.Sprint("r", i)).onboard()
	}
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make(chan error, people*each)
	for i := 0; i < people; i++ {
		for j := 0; j < each; j++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				addr := chat.Address{Platform: chat.Console, ChatID: fmt.Sprint("r", i), UserID: fmt.Sprint("r", i)}
				_, err := replicas[j%2].Handle(ctx, chat.Incoming{From: addr, Text: "/done 5", At: h.clock.Now()})
				if err == nil {
					_, err = replicas[(j+1)%2].Handle(ctx, chat.Incoming{From: addr, Text: "/skip", At: h.clock.Now()})
				}
				errs <- err
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < people; i++ {
		log, err := h.store.History(ctx, fmt.Sprint("console:r", i))
		if err != nil {
			t.Fatal(err)
		}
		skipped := 0
		for _, e := range log {
			if e.Kind == profile.KindWalk && e.Walk.Skipped {
				skipped++
			}
		}
		if skipped != each {
			t.Fatalf("r%d: %d skipped walks logged, want %d", i, skipped, each)
		}
	}
	// A check-in answered alternately on the two replicas.
	p := h.person("r0")
	p.say("/checkin")
	for k, label := range []string{"3", "2", "No walk yet", "No"} {
		h.engine = replicas[k%2]
		p.press(label)
	}
	mustContain(t, joined(p.last), "Today's walk")
}

// Redis (append-only, fsync always) is killed mid-run and restarted: the
// engine says "try again" while it is down, recovers by itself, and no
// acknowledged check-in is lost.
func TestRedisRestartLosesNoCheckIn(t *testing.T) {
	srv, rdb := redistest.NewRestartable(t, "--appendonly", "yes", "--appendfsync", "always")
	h := newHarnessWith(t, rdb)
	p := h.person("k")
	p.onboard()
	out := p.checkIn("3", "2", "No walk yet", "", "No")
	mustContain(t, out, "Today's walk") // acknowledged

	srv.Kill() // no shutdown, no final save
	got, err := h.engine.Handle(context.Background(), chat.Incoming{From: p.addr, Text: "/plan", At: h.clock.Now()})
	if err == nil || len(got) != 1 || !strings.Contains(got[0].Text, "nothing was recorded") {
		t.Fatalf("with Redis down: %v %+v", err, got)
	}
	srv.Start()
	mustContain(t, p.say("/progress"), "leg 3") // recovered, check-in kept
	log, err := h.store.History(context.Background(), "console:k")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range log {
		found = found || e.Kind == profile.KindCheckIn
	}
	if !found {
		t.Fatalf("the acknowledged check-in is gone (aof in %s)", filepath.Base(srv.Dir()))
	}
}
