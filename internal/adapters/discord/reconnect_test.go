package discord_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"treadwell/internal/adapters/discord"
	"treadwell/internal/adapters/discord/discordtest"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// startOn runs the adapter on a stub against srv and waits until it is
// ready with its slash commands.
func startOn(t *testing.T, srv *discordtest.Server, s setup) *env {
	t.Helper()
	e := launch(t, srv, s)
	srv.Ready(t)
	if !s.plain {
		srv.WaitFor(t, "slash commands", func() bool { return len(srv.Commands(e.cfg.GuildID)) > 0 })
	}
	srv.WaitFor(t, "the adapter to be ready", e.adapter.Ready)
	return e
}

// sessionsStarted is how many identifies got READY; refused how many got
// op 9.
func sessionsStarted(srv *discordtest.Server) (started, refused int) {
	for _, id := range srv.Identified() {
		if id.InvalidSession {
			refused++
		} else {
			started++
		}
	}
	return started, refused
}

// waitResumed waits until the adapter is ready again after at least n
// accepted resumes, and checks that it never identified again. (At least:
// discordgo's reader and heartbeat can each close a failing connection,
// and the later Close, which closes whatever connection the session has
// by then, can cut the resumed one; the adapter then resumes once more,
// which loses nothing. With the tests' 1 s heartbeats that happens often.)
func waitResumed(t *testing.T, e *env, n int) {
	t.Helper()
	e.srv.WaitFor(t, "a resume", func() bool { return e.srv.Resumes() >= n })
	e.srv.WaitFor(t, "the adapter to be ready again", e.adapter.Ready)
	if started, refused := sessionsStarted(e.srv); started != 1 || refused != 0 {
		t.Fatalf("%d sessions started, %d identifies refused; want the one session, resumed", started, refused)
	}
}

// A dropped connection resumes on READY's resume_gateway_url (the fake
// refuses a Resume anywhere else) with the session id and sequence
// number, and a DM sent while the bot was away is delivered after the
// resume: the fake replays what the session missed.
func TestResumeReplaysTheGap(t *testing.T) {
	t.Parallel()
	e := start(t, setup{})
	p := e.person("700000000000000030")
	p.dm("before the gap", "got before the gap")

	e.srv.HoldReady() // RESUMED waits, so the DM falls in the gap
	e.srv.DropConnections()
	e.srv.WaitFor(t, "not ready after the drop", func() bool { return !e.adapter.Ready() })
	before := len(e.srv.Messages(p.dmChannel()))
	e.srv.DM(p.user, "in the gap")
	e.srv.WaitFor(t, "a resume", func() bool { return e.srv.Resumes() >= 1 })
	if e.adapter.Ready() {
		t.Fatal("ready before RESUMED")
	}
	e.srv.ReleaseReady()
	e.srv.WaitFor(t, "the reply to the DM in the gap", func() bool {
		for _, m := range e.srv.Messages(p.dmChannel())[before:] {
			if strings.Contains(m.Content, "got in the gap") {
				return true
			}
		}
		return false
	})
	waitResumed(t, e, 1)
	p.slash("help", nil, "got /help")
}

// Reconnect (op 7) and a zombie connection (heartbeats without ACK)
// resume the session: the adapter closes the zombie with a code that
// keeps it (not discordgo's 1000) before its next heartbeat.
func TestReconnectAndZombieResume(t *testing.T) {
	t.Parallel()
	t.Run("op 7", func(t *testing.T) {
		t.Parallel()
		e := start(t, setup{})
		if n := e.srv.Reconnect(); n != 1 {
			t.Fatalf("Reconnect asked %d sessions", n)
		}
		waitResumed(t, e, 1)
		e.person("700000000000000031").slash("help", nil, "got /help")
	})
	t.Run("zombie", func(t *testing.T) {
		t.Parallel()
		// Heartbeats every second; discordgo alone would wait five.
		e := start(t, setup{})
		if n := e.srv.StopHeartbeatAcks(); n != 1 {
			t.Fatalf("StopHeartbeatAcks stopped %d connections", n)
		}
		waitResumed(t, e, 1)
		e.person("700000000000000032").slash("help", nil, "got /help")
	})
}

// When resume_gateway_url stays out of reach, the adapter starts a new
// session on the gateway URL after a few tries instead of trying to
// resume for ever (before, it never came back).
func TestUnreachableResumeURLStartsANewSession(t *testing.T) {
	t.Parallel()
	e := start(t, setup{})
	e.srv.ResumeURLDown(true)
	e.srv.DropConnections()
	e.srv.WaitFor(t, "not ready after the drop", func() bool { return !e.adapter.Ready() })
	e.srv.WaitFor(t, "a second session", func() bool {
		started, _ := sessionsStarted(e.srv)
		return started == 2
	})
	e.srv.WaitFor(t, "the adapter to be ready again", e.adapter.Ready)
	if e.srv.Resumes() != 0 {
		t.Fatalf("%d resumes accepted with resume_gateway_url down", e.srv.Resumes())
	}
	e.person("700000000000000035").slash("help", nil, "got /help")
}

// discordgo's heartbeat and its reader both close a connection that
// fails (a zombie's), and the second Close sends a Disconnect event again,
// which can come once the next connection is up. It must leave that live
// connection ready and connected: before, it marked it not ready, the
// reconnect loop then found the connection open and did nothing, and
// /readyz stayed false for good (the zombie test failed 1 run in 10).
func TestLateDisconnectLeavesALiveConnectionReady(t *testing.T) {
	t.Parallel()
	e := start(t, setup{})
	e.adapter.LateDisconnect()
	if !e.adapter.Ready() {
		t.Fatal("not ready after a late Disconnect for a connection already replaced")
	}
	e.person("700000000000000034").slash("help", nil, "got /help")
	if e.srv.Resumes() != 0 || len(e.srv.Identified()) != 1 || !e.adapter.Ready() {
		t.Fatalf("resumes %d, identifies %d, ready %v; want the first connection still up", e.srv.Resumes(), len(e.srv.Identified()), e.adapter.Ready())
	}
}

// A heartbeat request (op 1) is answered at once, not at the next
// interval (a minute here), and is no reason to reconnect.
func TestHeartbeatRequestAnswered(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t, discordtest.Options{HeartbeatInterval: time.Minute})
	e := startOn(t, srv, setup{})
	srv.WaitFor(t, "the first heartbeat", func() bool { return srv.Heartbeats() > 0 })
	before := srv.Heartbeats()
	if n := srv.RequestHeartbeat(); n != 1 {
		t.Fatalf("RequestHeartbeat asked %d", n)
	}
	srv.WaitFor(t, "the requested heartbeat", func() bool { return srv.Heartbeats() > before })
	e.person("700000000000000033").slash("help", nil, "got /help")
	if srv.Resumes() != 0 || len(srv.Identified()) != 1 || !e.adapter.Ready() {
		t.Fatalf("resumes %d, identifies %d, ready %v; want the first connection still up", srv.Resumes(), len(srv.Identified()), e.adapter.Ready())
	}
}

// Close codes Discord allows a Resume after (4000, 4008) resume; 4009
// (session timed out) starts a new session, paced by the identify limit
// (the fake refuses a second identify within 5 s with op 9).
func TestCloseCodesResumeOrIdentify(t *testing.T) {
	t.Parallel()
	for _, code := range []int{4000, 4008} {
		t.Run("resume after "+strconv.Itoa(code), func(t *testing.T) {
			t.Parallel()
			e := start(t, setup{})
			e.srv.CloseGateway(code)
			waitResumed(t, e, 1)
		})
	}
	t.Run("identify after 4009", func(t *testing.T) {
		t.Parallel()
		e := start(t, setup{})
		e.srv.CloseGateway(4009)
		e.srv.WaitFor(t, "not ready", func() bool { return !e.adapter.Ready() })
		deadline := time.Now().Add(discord.IdentifyInterval + 10*time.Second)
		for time.Now().Before(deadline) {
			if started, _ := sessionsStarted(e.srv); started == 2 && e.adapter.Ready() {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		ids := e.srv.Identified()
		if started, refused := sessionsStarted(e.srv); started != 2 || refused != 0 || e.srv.Resumes() != 0 || !e.adapter.Ready() {
			t.Fatalf("%d sessions, %d refused identifies, %d resumes, ready %v; want a second session, not refused", started, refused, e.srv.Resumes(), e.adapter.Ready())
		}
		if gap := ids[1].At.Sub(ids[0].At); gap < 5*time.Second {
			t.Fatalf("identifies %v apart, want at least 5s", gap)
		}
		e.person("700000000000000034").slash("help", nil, "got /help")
	})
}

// While Discord answers every identify with op 9 the adapter is not
// ready and identifies again only after a wait (discordgo v0.29 sent
// 27,917 identifies in 2 s to such a gateway); once Discord lets it in,
// it is ready.
func TestInvalidSessionBacksOff(t *testing.T) {
	t.Parallel()
	srv := discordtest.NewServer(t, discordtest.Options{})
	srv.InvalidateIdentifies(true)
	e := launch(t, srv, setup{})
	readyMeanwhile := false
	srv.WaitFor(t, "two refused identifies", func() bool {
		readyMeanwhile = readyMeanwhile || e.adapter.Ready()
		_, refused := sessionsStarted(srv)
		return refused >= 2
	})
	ids := srv.Identified()
	span := time.Since(ids[0].At)
	if max := 2 + int(span/time.Second); len(ids) > max {
		t.Fatalf("%d identifies in %v, want at most %d (a wait of 1 s or more after each op 9)", len(ids), span, max)
	}
	for i := 1; i < len(ids); i++ {
		if gap := ids[i].At.Sub(ids[i-1].At); gap < time.Second {
			t.Fatalf("identify %d came %v after an op 9, want at least 1s", i+1, gap)
		}
	}
	if readyMeanwhile || e.adapter.Ready() {
		t.Fatal("ready while every identify got op 9")
	}
	t.Logf("%d identifies in %v against a gateway answering each with op 9", len(ids), span.Round(time.Millisecond))

	srv.InvalidateIdentifies(false)
	srv.Ready(t)
	srv.WaitFor(t, "the adapter to be ready", e.adapter.Ready)
	srv.WaitFor(t, "slash commands", func() bool { return len(srv.Commands("")) > 0 })
	e.person("700000000000000035").slash("help", nil, "got /help")
}

// Two replicas (shards 0 and 1) sharing an IdentifyGate on Redis: with
// max_concurrency 1 they share a bucket and identify at least 5 s apart,
// never refused; with max_concurrency 2 they have a bucket each and
// identify together.
func TestReplicasStaggerIdentifies(t *testing.T) {
	t.Parallel()
	for _, mc := range []int{1, 2} {
		t.Run("max_concurrency "+strconv.Itoa(mc), func(t *testing.T) {
			t.Parallel()
			rdb := redistest.NewReal(t) // miniredis keys do not expire by themselves
			prefix := redistest.Prefix(t)
			srv := discordtest.NewServer(t, discordtest.Options{MaxConcurrency: mc})
			var replicas []*env
			for shard := range 2 {
				gate := store.New(rdb, store.Options{Prefix: prefix}).IdentifyGate() // each replica its own store
				replicas = append(replicas, launch(t, srv, setup{plain: true, cfg: func(c *discord.Config) {
					c.ShardID, c.ShardCount, c.IdentifyGate = shard, 2, gate
				}}))
			}
			for _, r := range replicas {
				srv.WaitFor(t, "both replicas ready", r.adapter.Ready)
			}
			ids := srv.Identified()
			if started, refused := sessionsStarted(srv); started != 2 || refused != 0 {
				t.Fatalf("%d sessions, %d identifies refused (%+v)", started, refused, ids)
			}
			gap := ids[1].At.Sub(ids[0].At)
			t.Logf("max_concurrency %d: identifies %v apart", mc, gap.Round(time.Millisecond))
			if mc == 1 && gap < 5*time.Second {
				t.Fatalf("identifies of one bucket %v apart, want at least 5s", gap)
			}
			if mc == 2 && gap >= 5*time.Second {
				t.Fatalf("identifies of two buckets %v apart: one waited for the other", gap)
			}
		})
	}
}
