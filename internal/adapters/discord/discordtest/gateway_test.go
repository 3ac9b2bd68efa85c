package discordtest

import (
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

func TestOpenReadyHeartbeats(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{BotUserID: "900000000000000777", BotName: "Walker"})
	dg := newSession(t, s)
	dg.ShardID, dg.ShardCount = 1, 2
	readies := events[*discordgo.Ready](dg)
	open(t, dg)
	s.Ready(t)

	r := recv(t, readies)
	if r.User == nil || r.User.ID != "900000000000000777" || r.User.Username != "Walker" || !r.User.Bot {
		t.Errorf("READY user = %+v", r.User)
	}
	if r.Application == nil || r.Application.ID != s.AppID() || r.SessionID == "" || r.Version != 9 {
		t.Errorf("READY = %+v", r)
	}
	if r.Shard == nil || *r.Shard != [2]int{1, 2} {
		t.Errorf("READY shard = %v", r.Shard)
	}
	ids := s.Identified()
	want := Identify{Token: "Bot " + s.Token(), Intents: int(discordgo.IntentsDirectMessages), Shard: [2]int{1, 2}}
	if len(ids) == 1 {
		want.At = ids[0].At
	}
	if len(ids) != 1 || ids[0] != want || ids[0].At.IsZero() {
		t.Errorf("Identified() = %+v, want [%+v]", ids, want)
	}

	ackAt := func() time.Time {
		dg.RLock()
		defer dg.RUnlock()
		return dg.LastHeartbeatAck
	}
	first := ackAt()
	s.WaitFor(t, "a heartbeat ACK", func() bool { return ackAt().After(first) })
	if s.Heartbeats() == 0 {
		t.Error("no heartbeats counted")
	}
}

func TestShardsGetTheirEvents(t *testing.T) {
	t.Parallel()
	// Shards 0 and 1 in buckets of their own, to identify together.
	s := NewServer(t, Options{MaxConcurrency: 2})
	register(t, s, newSession(t, s))
	var inters [2]<-chan *discordgo.InteractionCreate
	for id := range 2 {
		dg := newSession(t, s)
		dg.ShardID, dg.ShardCount = id, 2
		inters[id] = events[*discordgo.InteractionCreate](dg)
		open(t, dg)
	}
	// (guild_id >> 22) % 2: 4194304 is 1<<22, so guild 4194304 is on shard 1.
	s.Slash(ana, Guild("4194304", "4194305"), "stats", nil)
	if i := recv(t, inters[1]); i.GuildID != "4194304" {
		t.Errorf("shard 1 got guild %q", i.GuildID)
	}
	s.Slash(ana, DM(ana), "stats", nil) // DMs go to shard 0
	if i := recv(t, inters[0]); i.GuildID != "" || i.User == nil {
		t.Errorf("shard 0 got %+v", i.Interaction)
	}
	select {
	case i := <-inters[0]:
		t.Errorf("shard 0 also got %+v", i.Interaction)
	case i := <-inters[1]:
		t.Errorf("shard 1 also got %+v", i.Interaction)
	case <-time.After(50 * time.Millisecond):
	}
	if got := len(s.Identified()); got != 2 {
		t.Errorf("%d identifies, want 2", got)
	}
}

func TestReconnectResumes(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{HeartbeatInterval: time.Minute}) // see Reconnect
	b := newBot(t, s)
	resumed := events[*discordgo.Resumed](b.dg)
	s.WaitFor(t, "the first heartbeat", func() bool { return s.Heartbeats() > 0 })
	if n := s.Reconnect(); n != 1 {
		t.Fatalf("Reconnect() asked %d sessions", n)
	}
	recv(t, resumed)
	if s.Resumes() != 1 || len(s.Identified()) != 1 {
		t.Errorf("Resumes() = %d, Identified() = %d; want a resume and no new identify", s.Resumes(), len(s.Identified()))
	}
	in := s.Slash(ana, DM(ana), "stats", nil)
	if i := recv(t, b.interactions); i.ID != in.ID {
		t.Errorf("after resume got interaction %s, want %s", i.ID, in.ID)
	}
}

func TestPrivilegedIntentRefused(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	dg.Identify.Intents = discordgo.IntentsDirectMessages | discordgo.IntentsMessageContent
	if err := dg.Open(); err == nil {
		dg.Close()
		t.Fatal("Open with an unapproved privileged intent succeeded")
	}

	s2 := NewServer(t, Options{PrivilegedIntents: discordgo.IntentsMessageContent})
	dg2 := newSession(t, s2)
	dg2.Identify.Intents = discordgo.IntentsDirectMessages | discordgo.IntentsMessageContent
	open(t, dg2)
}

func TestDMNeedsIntent(t *testing.T) {
	t.Parallel()
	s := NewServer(t, Options{})
	dg := newSession(t, s)
	dg.Identify.Intents = discordgo.IntentsGuilds
	msgs := events[*discordgo.MessageCreate](dg)
	open(t, dg)
	s.DM(ana, "hello?")
	select {
	case m := <-msgs:
		t.Errorf("session without IntentsDirectMessages got %q", m.Content)
	case <-time.After(100 * time.Millisecond):
	}
}
