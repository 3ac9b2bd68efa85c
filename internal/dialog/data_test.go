package dialog_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/internal/profile"
	"treadwell/internal/store"
	"treadwell/internal/store/redistest"
	"treadwell/messages"
)

func TestExport(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	mustContain(t, p.say("/export"), "don't have any data")
	p.onboard()
	p.checkIn("3", "2", "No walk yet", "", "No")
	p.say("/done 8")
	p.press("2")
	out := p.send(chat.Incoming{Text: "/export"})
	// Two files to open: the whole export as JSON, the log as CSV.
	if len(out) != 2 || out[0].File == nil || out[1].File == nil {
		t.Fatalf("want the intro with a file and the CSV, got %d messages: %+v", len(out), out)
	}
	if f := out[0].File; f.Name != "treadwell-export.json" || f.MIME != "application/json" {
		t.Fatalf("export file %q (%s)", f.Name, f.MIME)
	}
	mustContain(t, out[0].Text, "Everything I store about you")
	var doc struct {
		Profile map[string]any   `json:"profile"`
		Log     []map[string]any `json:"log"`
	}
	if err := json.Unmarshal(out[0].File.Data, &doc); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out[0].File.Data)
	}
	if doc.Profile["time_zone"] != "Europe/Berlin" || doc.Profile["daily_reminder_local_time"] != "07:30" ||
		doc.Profile["usual_leg_pain_0_to_10"] != 4.0 || doc.Profile["walking_place"] != "treadmill" {
		t.Fatalf("export profile = %+v", doc.Profile)
	}
	kinds := map[string]map[string]any{}
	for _, e := range doc.Log {
		kinds[e["kind"].(string)] = e
	}
	ci, walk := kinds["check-in"], kinds["walk"]
	if ci == nil || walk == nil || kinds["red-flag check"] == nil {
		t.Fatalf("export log kinds = %v", doc.Log)
	}
	// Words and nulls, not codes: no walk was reported, nothing settled
	// was asked; local dates.
	if v, ok := ci["pain_during_walk_0_to_10"]; !ok || v != nil {
		t.Errorf("check-in walk pain = %v (present %v), want null", v, ok)
	}
	if v, ok := ci["pain_settled_by_morning"]; !ok || v != nil {
		t.Errorf("settled = %v (present %v), want null", v, ok)
	}
	if ci["leg_pain_0_to_10"] != 3.0 || ci["local_date"] != "2026-11-26" || ci["local_time"] != "08:00" {
		t.Errorf("check-in = %v", ci)
	}
	if walk["minutes_walked"] != 8.0 || walk["pain_during_walk_0_to_10"] != 2.0 || walk["walk_outcome"] != "done" {
		t.Errorf("walk = %v", walk)
	}
	logJSON, _ := json.Marshal(doc)
	for _, code := range []string{`"settled":`, `"walk_peak":`, `: -1`} {
		if strings.Contains(string(logJSON), code) {
			t.Errorf("export has the internal code %s", code)
		}
	}
	f := out[1].File
	if f.Name != "treadwell-log.csv" || f.MIME != "text/csv" {
		t.Fatalf("csv file %q (%s)", f.Name, f.MIME)
	}
	rows, err := csv.NewReader(bytes.NewReader(f.Data)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, f.Data)
	}
	if len(rows) != len(doc.Log)+1 || rows[0][0] != "local_date" {
		t.Fatalf("csv has %d rows for %d entries: %v", len(rows), len(doc.Log), rows)
	}
	found := false
	for _, r := range rows[1:] {
		if r[2] == "walk" && r[8] == "8" && r[10] == "done" && r[0] == "2026-11-26" {
			found = true
		}
	}
	if !found {
		t.Fatalf("csv lacks the walk: %v", rows)
	}
}

func TestDelete(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.checkIn("3", "2", "No walk yet", "", "No")
	other := h.person("q")
	other.onboard()

	out := p.say("/delete")
	mustContain(t, out, "can't be undone")
	mustContain(t, p.press("No, keep it"), "nothing was deleted")
	p.say("/delete")
	mustContain(t, p.press("Yes, delete everything"), "erased")

	keys, err := redistest.Keys(context.Background(), h.rdb, h.prefix)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if strings.Contains(k, "console:p") {
			t.Fatalf("key %q survived /delete (all keys: %v)", k, keys)
		}
	}
	if len(keys) == 0 {
		t.Fatal("the other person's keys were deleted too")
	}
	snap, _ := h.store.Load(context.Background(), "console", "p")
	if snap.Exists {
		t.Fatal("profile still loads after /delete")
	}
	// The person can start over.
	mustContain(t, p.say("/start"), "not medical advice")
}

// Two messages from one person at once must not lose an update: each
// /stop records a pause entry, so both must be in the log.
func TestConcurrentMessagesLoseNothing(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	const n = 8
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := h.engine.Handle(context.Background(), chat.Incoming{From: p.addr, Text: "/stop", At: h.clock.Now()})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	log, err := h.store.History(context.Background(), "console:p")
	if err != nil {
		t.Fatal(err)
	}
	pauses := 0
	for _, e := range log {
		if e.Kind == profile.KindPause {
			pauses++
		}
	}
	if pauses != n {
		t.Fatalf("%d pause entries after %d concurrent /stop, want %d", pauses, n, n)
	}
}

// A handled message costs at most 2 round trips to Redis.
func TestRoundTripsPerMessage(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/checkin")
	steps := []func(){
		func() { p.press("3") },
		func() { p.press("2") },
		func() { p.press("No walk yet") },
		func() { p.press("No") },
		func() { p.say("/plan") },
		func() { p.say("/help") },
		func() { p.say("/done 8") },
		func() { p.press("2") },
	}
	for i, step := range steps {
		h.trips.Reset()
		step()
		if got := h.trips.Count(); got > 2 {
			t.Fatalf("step %d took %d round trips, want at most 2", i, got)
		}
	}
}

// When Redis is down a /stop hears that nothing is paused yet and to
// send it again, and the caller gets an error to log; nothing panics.
func TestStoreDown(t *testing.T) {
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { rdb.Close() })
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	eng := dialog.New(store.New(rdb, store.Options{}), msgs, dialog.Options{})
	out, err := eng.Handle(context.Background(), chat.Incoming{From: chat.Address{Platform: "console", ChatID: "p", UserID: "p"}, Text: "/stop"})
	if !errors.Is(err, dialog.ErrUnavailable) {
		t.Fatalf("err = %v, want ErrUnavailable", err)
	}
	if len(out) != 1 || out[0].Text != msgs.Text("en", messages.ErrorStopUnsaved) {
		t.Fatalf("reply = %+v", out)
	}
}

// A red-flag "yes" is exported with the sign answered, in the person's
// words: the list alone does not say what a clinician needs to know.
func TestExportNamesTheRedFlagSign(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.say("/start")
	p.press("I understand")
	p.press("No")
	p.press("No")
	p.press("Yes") // numbness around the genitals, buttocks or back passage
	out := p.send(chat.Incoming{Text: "/export"})
	if len(out) == 0 || out[0].File == nil {
		t.Fatalf("no export file: %s", joined(out))
	}
	var doc struct {
		Log []map[string]any `json:"log"`
	}
	if err := json.Unmarshal(out[0].File.Data, &doc); err != nil {
		t.Fatal(err)
	}
	for _, e := range doc.Log {
		if e["urgent_red_flags"] == true {
			if got := e["red_flag_sign"]; got != "numbness around your genitals, buttocks or back passage" {
				t.Fatalf("red_flag_sign = %v", got)
			}
			return
		}
	}
	t.Fatalf("no urgent red flag in the export log: %s", out[0].File.Data)
}
