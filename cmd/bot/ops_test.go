package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/dialog/dialogtest"
	"treadwell/internal/due"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
)

// opsStart is the seeded people's "now": Thursday 26 November 2026.
var opsStart = time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)

// talker is one person talking to the real engine.
type talker struct {
	t    *testing.T
	e    *dialog.Engine
	addr chat.Address
	now  time.Time
	last []chat.Outgoing
}

func (p *talker) send(in chat.Incoming) []chat.Outgoing {
	p.t.Helper()
	in.From, in.At = p.addr, p.now
	out, err := p.e.Handle(context.Background(), in)
	if err != nil {
		p.t.Fatalf("Handle(%q, %q): %v", in.Text, in.Data, err)
	}
	p.last = out
	return out
}

func (p *talker) say(text string) { p.t.Helper(); p.send(chat.Incoming{Text: text}) }

func (p *talker) press(label string) {
	p.t.Helper()
	for i := len(p.last) - 1; i >= 0; i-- {
		for _, row := range p.last[i].Buttons {
			for _, b := range row {
				if b.Label == label {
					p.send(chat.Incoming{Data: b.Data})
					return
				}
			}
		}
	}
	var texts []string
	for _, o := range p.last {
		texts = append(texts, o.Text)
	}
	p.t.Fatalf("no button %q in:\n%s", label, strings.Join(texts, "\n---\n"))
}

// export is the person's /export document.
func (p *talker) export() []byte {
	p.t.Helper()
	for _, o := range p.send(chat.Incoming{Text: "/export"}) {
		if o.File != nil && strings.HasSuffix(o.File.Name, ".json") {
			return o.File.Data
		}
	}
	p.t.Fatal("/export sent no JSON file")
	return nil
}

// seedPeople onboards people through the real engine on rdb under
// prefix, with a few days of check-ins, a link code, a wrong-code count
// and a sent reminder (its mark and delivery log), and returns each one's /export by profile id.
func seedPeople(t *testing.T, rdb redis.UniversalClient, prefix string, users ...string) map[string][]byte {
	t.Helper()
	ctx := context.Background()
	st := store.New(rdb, store.Options{Prefix: prefix})
	docs := map[string][]byte{}
	for i, u := range users {
		now := opsStart
		e := dialogtest.NewEngine(t, st, func() time.Time { return now })
		p := &talker{t: t, e: e, addr: chat.Address{Platform: chat.Telegram, ChatID: u, UserID: u}, now: now}
		p.say("/start")
		p.press("I understand")
		p.press("None of these")
		p.press("None of these")
		p.press("4")
		p.press("3")
		p.press("10")
		p.press("Treadmill")
		p.say("07:30")
		p.say("Europe/Berlin")
		p.press("Every day")
		for day := range i + 1 {
			now = opsStart.Add(time.Duration(day+1) * 24 * time.Hour)
			p.now = now
			p.say("/checkin")
			p.press("5")
			p.press("2")
			p.press("No walk yet")
		}
		if i == 0 {
			p.say("/link") // a link code, pointing at the profile
			if _, err := st.AddLinkFailure(ctx, chat.Telegram, u, time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		id := "telegram:" + u
		c := due.Claim{ProfileID: id, Kind: due.Daily, Due: time.Now(), LeaseEnd: time.Now().Add(time.Minute)}
		sent := due.Delivery{Kind: due.Daily, Due: c.Due, Reason: due.ReasonSent, At: time.Now()}
		if errs := st.EndSends(ctx, []due.Claim{c}, []bool{true}, []due.Delivery{sent}); errs[0] != nil {
			t.Fatal(errs[0])
		}
		docs[id] = p.export()
	}
	return docs
}

func redisEnv(url, prefix string) func(string) string {
	return env(map[string]string{"REDIS_URL": url, "REDIS_PREFIX": prefix})
}

func clusterURL(t *testing.T) string {
	cc := redistest.NewCluster(t).(*redis.ClusterClient)
	addrs := cc.Options().Addrs
	u := "redis://" + addrs[0] + "?"
	for _, a := range addrs[1:] {
		u += "addr=" + a + "&"
	}
	return strings.TrimSuffix(u, "&")
}

// runOK runs the bot with args and fails the test unless it exits 0.
func runOK(t *testing.T, getenv func(string) string, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, strings.NewReader(""), &stdout, &stderr, getenv); code != 0 {
		t.Fatalf("bot %s: exit %d:\n%s", strings.Join(args, " "), code, stderr.String())
	}
	return stdout.String()
}

// bot backup, then bot restore into an empty Redis (another server,
// another prefix, a Cluster; and from a Cluster back to one server),
// gives every person the same /export, byte for byte, and keeps the
// expiry of keys that have one.
func TestOps_backupRestore(t *testing.T) {
	src := redistest.NewServer(t)
	srcURL := "redis://" + src.Options().Addr
	users := []string{"1001", "1002", "1003", "1004"}
	docs := seedPeople(t, src, "twsrc", users...)
	dir := t.TempDir()
	backup := filepath.Join(dir, "tw.backup")
	out := runOK(t, redisEnv(srcURL, "twsrc"), "backup", backup)
	if !strings.Contains(out, "(4 people)") {
		t.Errorf("backup says %q, want 4 people", out)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, %v (want mode 0600: it holds health data)", fi, err)
	}

	other := redistest.NewServer(t)
	cluster := clusterURL(t)
	targets := []struct {
		name, url, prefix, from string
	}{
		{"another server", "redis://" + other.Options().Addr, "tw", backup},
		{"same server, another prefix", srcURL, "tw{x}", backup},
		{"cluster", cluster, "twc", backup},
		{"cluster back to one server", "redis://" + other.Options().Addr, "fromcluster", filepath.Join(dir, "cluster.backup")},
	}
	for _, tg := range targets {
		t.Run(tg.name, func(t *testing.T) {
			if tg.name == "cluster back to one server" {
				runOK(t, redisEnv(cluster, "twc"), "backup", tg.from)
			}
			out := runOK(t, redisEnv(tg.url, tg.prefix), "restore", tg.from)
			if !strings.Contains(out, "(4 people)") {
				t.Errorf("restore says %q, want 4 people", out)
			}
			for id, want := range docs {
				got := runOK(t, redisEnv(tg.url, tg.prefix), "export-person", id)
				if got != string(want) {
					t.Errorf("%s: export after restore differs:\n%s\nwant:\n%s", id, got, want)
				}
			}
			// Through the engine as well, as the person would ask.
			rdb := clientFor(t, tg.url)
			st := store.New(rdb, store.Options{Prefix: tg.prefix})
			e := dialogtest.NewEngine(t, st, func() time.Time { return opsStart.Add(10 * 24 * time.Hour) })
			p := &talker{t: t, e: e, addr: chat.Address{Platform: chat.Telegram, ChatID: "1002", UserID: "1002"}, now: opsStart.Add(10 * 24 * time.Hour)}
			if got := p.export(); !bytes.Equal(got, docs["telegram:1002"]) {
				t.Errorf("/export after restore differs:\n%s\nwant:\n%s", got, docs["telegram:1002"])
			}
			// The delivery log expires 30 days after its last entry; the
			// restored one too.
			ttl, err := rdb.PTTL(context.Background(), tg.prefix+":{p:telegram:1001}:deliveries").Result()
			if err != nil || ttl < store.DeliveryKept-24*time.Hour || ttl > store.DeliveryKept {
				t.Errorf("the restored delivery log expires in %v (%v), want about %v", ttl, err, store.DeliveryKept)
			}
			// A second restore finds the prefix in use and refuses.
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{"restore", tg.from}, strings.NewReader(""), &stdout, &stderr, redisEnv(tg.url, tg.prefix)); code != 1 || !strings.Contains(stderr.String(), "keys exist under the prefix") {
				t.Errorf("restore into a prefix in use: exit %d, %s", code, stderr.String())
			}
			runOK(t, redisEnv(tg.url, tg.prefix), "restore", "-replace", tg.from)
		})
	}
}

// clientFor opens a client for a URL of the tests.
func clientFor(t *testing.T, url string) redis.UniversalClient {
	t.Helper()
	newClient, err := store.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	rdb := newClient()
	t.Cleanup(func() { rdb.Close() })
	return rdb
}

// allKeys is every key under prefix, with what the keys hold that may
// name a person: queue members, hash fields and string values.
func allKeys(t *testing.T, rdb redis.UniversalClient, prefix string) map[string]string {
	t.Helper()
	ctx := context.Background()
	keys, err := redistest.Keys(ctx, rdb, prefix)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, k := range keys {
		var held string
		switch rdb.Type(ctx, k).Val() {
		case "string":
			held = rdb.Get(ctx, k).Val()
		case "zset":
			held = strings.Join(rdb.ZRange(ctx, k, 0, -1).Val(), " ")
		case "hash":
			held = strings.Join(rdb.HKeys(ctx, k).Val(), " ")
		}
		out[k] = held
	}
	return out
}

// bot delete-person leaves no key of the person (names, queue members,
// lease fields, identity and link values all searched), and the others'
// /export unchanged; its log names the person by a hash only.
func TestOps_deletePerson(t *testing.T) {
	for _, backend := range []string{"server", "cluster"} {
		t.Run(backend, func(t *testing.T) {
			var rdb redis.UniversalClient
			var url string
			if backend == "server" {
				c := redistest.NewServer(t)
				rdb, url = c, "redis://"+c.Options().Addr
			} else {
				url = clusterURL(t)
				rdb = clientFor(t, url)
			}
			prefix := "twdel"
			docs := seedPeople(t, rdb, prefix, "5551", "5552", "5553")
			ctx := context.Background()
			// A per-chat rate budget still held, as the Telegram
			// adapter leaves one for a second after a send.
			if err := rdb.Set(ctx, prefix+":rate:telegram:0123456789abcdef:chat:5551", "1", time.Minute).Err(); err != nil {
				t.Fatal(err)
			}
			before := allKeys(t, rdb, prefix)
			var stdout, stderr bytes.Buffer
			if code := run(context.Background(), []string{"delete-person", "telegram:5551"}, strings.NewReader(""), &stdout, &stderr, redisEnv(url, prefix)); code != 0 {
				t.Fatalf("exit %d:\n%s", code, stderr.String())
			}
			if strings.Contains(stdout.String()+stderr.String(), "5551") {
				t.Errorf("output names the person:\n%s%s", stdout.String(), stderr.String())
			}
			if !strings.Contains(stderr.String(), "person=") {
				t.Errorf("no hashed person in the log:\n%s", stderr.String())
			}
			after := allKeys(t, rdb, prefix)
			for k, held := range after {
				if strings.Contains(k, "5551") || strings.Contains(held, "5551") {
					t.Errorf("key %s (holding %q) is left", k, held)
				}
			}
			for k, held := range before {
				if !strings.Contains(k, "5551") && !strings.Contains(held, "5551") {
					if _, ok := after[k]; !ok {
						t.Errorf("key %s of someone else is gone", k)
					}
				}
			}
			for id, want := range docs {
				if id == "telegram:5551" {
					var so, se bytes.Buffer
					if code := run(context.Background(), []string{"export-person", id}, strings.NewReader(""), &so, &se, redisEnv(url, prefix)); code != 1 {
						t.Errorf("export of the erased person: exit %d, %s", code, so.String())
					}
					continue
				}
				if got := runOK(t, redisEnv(url, prefix), "export-person", id); got != string(want) {
					t.Errorf("%s: export changed by another's erasure", id)
				}
			}
		})
	}
}

// bot stats counts people, the active ones and the dispatchers' tally,
// and prints nothing of anyone's health or identity.
func TestOps_stats(t *testing.T) {
	rdb := redistest.NewServer(t)
	url := "redis://" + rdb.Options().Addr
	prefix := "twstats"
	seedPeople(t, rdb, prefix, "7771", "7772", "7773")
	st := store.New(rdb, store.Options{Prefix: prefix})
	tally := st.ReminderTally(nil)
	for range 3 {
		tally.Count(due.Daily, due.OutcomeSent)
	}
	tally.Count(due.Daily, due.OutcomeLate)
	tally.Count(due.Nudge, due.OutcomeFailed)
	if err := tally.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := runOK(t, redisEnv(url, prefix), "stats")
	for _, want := range []string{"people            3", "daily    0     3     1        0       0", "nudge    0     0     0        0       1", "queued", "lag"} {
		if !strings.Contains(out, want) {
			t.Errorf("stats lacks %q:\n%s", want, out)
		}
	}
	for _, never := range []string{"777", "pain", "Berlin", "leg", "back", "walk"} {
		if strings.Contains(strings.ToLower(out), strings.ToLower(never)) {
			t.Errorf("stats shows %q:\n%s", never, out)
		}
	}
}

// The operator commands want the bot's Redis and their arguments, and
// say so in one line; -h shows their flags.
func TestOps_usage(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		code int
		want string
	}{
		{[]string{"stats"}, nil, 2, "REDIS_URL is empty"},
		{[]string{"backup"}, map[string]string{"REDIS_URL": "redis://127.0.0.1:1"}, 2, "want 1 argument(s): bot backup FILE"},
		{[]string{"delete-person", "a", "b"}, map[string]string{"REDIS_URL": "redis://127.0.0.1:1"}, 2, "want 1 argument(s)"},
		{[]string{"stats"}, map[string]string{"REDIS_URL": "redis://:hunter2@127.0.0.1:1"}, 1, "does not answer"},
		{[]string{"restore", "-h"}, nil, 0, "-replace"},
		{[]string{"export-person", "-h"}, nil, 0, "-o file"},
	}
	for _, c := range cases {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), c.args, strings.NewReader(""), &stdout, &stderr, env(c.env))
		if code != c.code || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("bot %v: exit %d, want %d with %q:\n%s", c.args, code, c.code, c.want, stderr.String())
		}
		if strings.Contains(stderr.String(), "hunter2") {
			t.Errorf("bot %v printed the password", c.args)
		}
	}
}
