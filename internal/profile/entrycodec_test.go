package profile_test

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// randomEntry is an entry with every field drawn at random, including
// zero times, times far apart, nanoseconds and empty strings.
func randomEntry(r *rand.Rand) profile.Entry {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func() time.Time {
		switch r.IntN(6) {
		case 0:
			return time.Time{}
		case 1:
			return base.Add(-time.Duration(r.Int64N(int64(40 * 365 * 24 * time.Hour))))
		}
		return base.Add(time.Duration(r.Int64N(int64(400 * 24 * time.Hour))))
	}
	small := func() int { return r.IntN(14) - 2 }
	str := func() string { return []string{"", "HOLD", "REDUCE", "morning-pain", "ñ-ü", "STOP-FLARE"}[r.IntN(6)] }
	kinds := []profile.EntryKind{profile.KindCheckIn, profile.KindWalk, profile.KindPause, profile.KindResume, profile.KindRedFlags}
	e := profile.Entry{Kind: kinds[r.IntN(len(kinds))], At: at()}
	if r.IntN(2) == 0 {
		e.CheckIn = &plan.CheckIn{At: at(), Leg: small(), Back: small(), Settled: plan.Settled(r.IntN(4)),
			WalkPeak: small(), Spread: r.IntN(2) == 0, LimbAsked: r.IntN(2) == 0, Limb: r.IntN(2) == 0,
			Rule: plan.RuleID(str()), Code: str()}
		if r.IntN(2) == 0 {
			e.CheckIn.ReportsOn = at()
		}
	}
	if r.IntN(2) == 0 {
		e.Walk = &plan.Walk{At: at(), Minutes: r.IntN(200), Planned: r.IntN(200), Peak: small(),
			CutShort: r.IntN(2) == 0, Skipped: r.IntN(2) == 0}
	}
	if r.IntN(3) == 0 {
		e.Pause = &profile.Pause{Active: r.IntN(2) == 0, Since: at(), Until: at(), Rule: plan.RuleID(str()),
			Flare: r.IntN(2) == 0, Why: profile.PauseWhy(str()), FollowUpsEnded: r.IntN(2) == 0}
	}
	if r.IntN(3) == 0 {
		e.RedFlags = &profile.RedFlagCheck{At: at(), Urgent: r.IntN(2) == 0, Doctor: r.IntN(2) == 0, Item: r.IntN(6)}
	}
	return e
}

// sameEntry compares two entries as the rest of the bot sees them: times
// by instant.
func sameEntry(a, b profile.Entry) bool {
	ja, _ := json.Marshal(inUTC(a))
	jb, _ := json.Marshal(inUTC(b))
	return string(ja) == string(jb)
}

// inUTC is e with every time in UTC (a copy: the parts are copied too).
func inUTC(e profile.Entry) profile.Entry {
	e.At = e.At.UTC()
	if e.CheckIn != nil {
		c := *e.CheckIn
		c.At, c.ReportsOn = c.At.UTC(), c.ReportsOn.UTC()
		e.CheckIn = &c
	}
	if e.Walk != nil {
		w := *e.Walk
		w.At = w.At.UTC()
		e.Walk = &w
	}
	if e.Pause != nil {
		p := *e.Pause
		p.Since, p.Until = p.Since.UTC(), p.Until.UTC()
		e.Pause = &p
	}
	if e.RedFlags != nil {
		f := *e.RedFlags
		f.At = f.At.UTC()
		e.RedFlags = &f
	}
	return e
}

// Every entry comes back as it went in, one by one and as a sequence.
func TestEntryCodecRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var all []profile.Entry
	for i := range 5000 {
		e := randomEntry(r)
		all = append(all, e)
		b, err := profile.AppendEntry(nil, &e)
		if err != nil {
			t.Fatal(err)
		}
		got, err := profile.DecodeEntry(b)
		if err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
		if !sameEntry(got, e) {
			t.Fatalf("entry %d:\n got %+v\nwant %+v", i, got, e)
		}
		if got.At.Location() != time.UTC {
			t.Fatalf("entry %d: decoded in %v, want UTC", i, got.At.Location())
		}
	}
	b, err := profile.AppendEntries(nil, all)
	if err != nil {
		t.Fatal(err)
	}
	got, err := profile.DecodeEntries(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(all) {
		t.Fatalf("%d entries back, want %d", len(got), len(all))
	}
	for i := range all {
		if !sameEntry(got[i], all[i]) {
			t.Fatalf("entry %d of the sequence:\n got %+v\nwant %+v", i, got[i], all[i])
		}
	}
	empty, _ := profile.AppendEntries(nil, nil)
	if got, err := profile.DecodeEntries(empty); err != nil || len(got) != 0 {
		t.Fatalf("empty sequence: %v, %v", got, err)
	}
}

// Entries stored as JSON before the binary form are read as they were,
// and a kind the binary form does not know is kept as JSON.
func TestEntryCodecReadsJSON(t *testing.T) {
	old := `{"kind":"walk","at":"2026-11-20T17:00:00+01:00","walk":{"at":"2026-11-20T17:00:00+01:00","minutes":12,"planned":10,"peak":4,"cut_short":false,"skipped":false}}`
	e, err := profile.DecodeEntry([]byte(old))
	if err != nil {
		t.Fatal(err)
	}
	if e.Kind != profile.KindWalk || e.Walk == nil || e.Walk.Minutes != 12 || !e.At.Equal(time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)) {
		t.Fatalf("decoded %+v", e)
	}
	future := profile.Entry{Kind: "note", At: time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)}
	b, err := profile.AppendEntry(nil, &future)
	if err != nil {
		t.Fatal(err)
	}
	if b[0] != '{' {
		t.Fatalf("an unknown kind was not kept as JSON: %q", b)
	}
	if got, err := profile.DecodeEntry(b); err != nil || !sameEntry(got, future) {
		t.Fatalf("decoded %+v, %v", got, err)
	}
}

// A daily walker's entries are small: the budget is 4 KB of Redis for a
// person with 30 days of history, profile included.
func TestEntryCodecSize(t *testing.T) {
	at := time.Date(2026, 11, 20, 6, 31, 12, 0, time.UTC)
	checkIn := profile.Entry{Kind: profile.KindCheckIn, At: at, CheckIn: &plan.CheckIn{At: at, Leg: 3, Back: 2,
		Settled: 1, WalkPeak: 4, ReportsOn: at.Add(-14 * time.Hour), Rule: "PROGRESS", Code: "minutes"}}
	walk := profile.Entry{Kind: profile.KindWalk, At: at, Walk: &plan.Walk{At: at, Minutes: 25, Planned: 25, Peak: 3}}
	for _, e := range []profile.Entry{checkIn, walk} {
		b, _ := profile.AppendEntry(nil, &e)
		j, _ := json.Marshal(&e)
		if len(b) > 40 {
			t.Errorf("%s entry: %d bytes (JSON %d), want at most 40", e.Kind, len(b), len(j))
		}
	}
}

// FuzzDecodeEntries: no input makes the decoders panic, and what they
// accept encodes back to entries that decode the same.
func FuzzDecodeEntries(f *testing.F) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20 {
		e := randomEntry(r)
		b, _ := profile.AppendEntry(nil, &e)
		f.Add(b)
		s, _ := profile.AppendEntries(nil, []profile.Entry{e, randomEntry(r)})
		f.Add(s)
	}
	f.Add([]byte(`{"kind":"checkin"}`))
	f.Add([]byte(`{"kind":"walk","at":"2026-11-20T17:00:00+01:00","walk":{"at":"2026-11-20T17:00:00.5+01:00","minutes":12}}`))
	f.Add([]byte{0x01, 0x01, 0x00, 0x80})
	f.Fuzz(func(t *testing.T, data []byte) {
		if e, err := profile.DecodeEntry(data); err == nil {
			b, err := profile.AppendEntry(nil, &e)
			if err != nil {
				t.Fatal(err)
			}
			back, err := profile.DecodeEntry(b)
			if err != nil || !sameEntry(back, e) {
				t.Fatalf("re-encoded %+v came back as %+v, %v", e, back, err)
			}
		}
		if es, err := profile.DecodeEntries(data); err == nil {
			b, err := profile.AppendEntries(nil, es)
			if err != nil {
				t.Fatal(err)
			}
			back, err := profile.DecodeEntries(b)
			if err != nil || len(back) != len(es) {
				t.Fatalf("re-encoded %d entries came back as %d, %v", len(es), len(back), err)
			}
			for i := range es {
				if !sameEntry(back[i], es[i]) {
					t.Fatalf("entry %d: re-encoded %+v came back as %+v", i, es[i], back[i])
				}
			}
		}
	})
}

// The two tables of kinds agree.
func TestEntryKindCodes(t *testing.T) {
	for _, k := range []profile.EntryKind{profile.KindCheckIn, profile.KindWalk, profile.KindPause, profile.KindResume, profile.KindRedFlags} {
		e := profile.Entry{Kind: k}
		b, _ := profile.AppendEntry(nil, &e)
		if got, err := profile.DecodeEntry(b); err != nil || got.Kind != k {
			t.Errorf("kind %s came back as %q, %v", k, got.Kind, err)
		}
	}
}

// AppendToWindow keeps the newest entries and hands back the ones that
// no longer fit, oldest first, in a form DecodeEntry reads.
func TestAppendToWindow(t *testing.T) {
	at := func(i int) profile.Entry {
		return profile.Entry{Kind: profile.KindWalk, At: time.Date(2026, 1, 1, 0, i, 0, 0, time.UTC)}
	}
	var window []byte
	var evictedAll []profile.Entry
	for i := range 7 {
		next, evicted, err := profile.AppendToWindow(window, []profile.Entry{at(i)}, 3)
		if err != nil {
			t.Fatal(err)
		}
		for _, raw := range evicted {
			e, err := profile.DecodeEntry(raw)
			if err != nil {
				t.Fatal(err)
			}
			evictedAll = append(evictedAll, e)
		}
		window = next
	}
	kept, err := profile.DecodeEntries(window)
	if err != nil {
		t.Fatal(err)
	}
	minute := func(es []profile.Entry) (out []int) {
		for _, e := range es {
			out = append(out, e.At.Minute())
		}
		return out
	}
	if g := minute(kept); len(g) != 3 || g[0] != 4 || g[2] != 6 {
		t.Errorf("kept %v, want [4 5 6]", g)
	}
	if g := minute(evictedAll); len(g) != 4 || g[0] != 0 || g[3] != 3 {
		t.Errorf("evicted %v, want [0 1 2 3]", g)
	}
	if n, err := profile.CheckEntries(window); n != 3 || err != nil {
		t.Errorf("CheckEntries = %d, %v; want 3", n, err)
	}
	if _, _, err := profile.AppendToWindow([]byte{0x01, 0x05, 0x01}, nil, 3); err == nil {
		t.Error("a cut-short window was taken")
	}
}
