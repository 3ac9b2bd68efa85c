package profile

import (
	"encoding/json"
	"testing"
	"time"

	"treadwell/internal/localtime"
)

// Settings stored before they were typed read the same: the weekly day
// "" (the default, Sunday) and "off" included; they are written back in
// the same forms, the default day as "sun".
func TestSettingsStoredForms(t *testing.T) {
	cases := []struct {
		stored, back string
		want         Settings
	}{
		{`{"zone":"Europe/Berlin","remind":"07:30","days":"mon,wed,fri","place":"treadmill","weekly":"thu"}`,
			`{"zone":"Europe/Berlin","remind":"07:30","days":"mon,wed,fri","place":"treadmill","weekly":"thu"}`,
			Settings{Zone: "Europe/Berlin", Remind: localtime.Clock{Hour: 7, Minute: 30}, Days: 1<<time.Monday | 1<<time.Wednesday | 1<<time.Friday,
				Place: "treadmill", Weekly: WeeklySummary{Day: time.Thursday}}},
		{`{"zone":"UTC","remind":"19:00","days":"daily","place":"outdoors","nudge":true}`,
			`{"zone":"UTC","remind":"19:00","days":"daily","place":"outdoors","nudge":true,"weekly":"sun"}`,
			Settings{Zone: "UTC", Remind: localtime.Clock{Hour: 19}, Days: localtime.Daily, Place: "outdoors", Nudge: true}},
		{`{"zone":"UTC","remind":"07:00","days":"daily","place":"outdoors","nudge":true,"nudge_at":"21:30"}`,
			`{"zone":"UTC","remind":"07:00","days":"daily","place":"outdoors","nudge":true,"nudge_at":"21:30","weekly":"sun"}`,
			Settings{Zone: "UTC", Remind: localtime.Clock{Hour: 7}, Days: localtime.Daily, Place: "outdoors", Nudge: true,
				NudgeAt: localtime.Clock{Hour: 21, Minute: 30}}},
		{`{"zone":"UTC","remind":"19:00","days":"weekdays","place":"outdoors","weekly":"off"}`,
			`{"zone":"UTC","remind":"19:00","days":"weekdays","place":"outdoors","weekly":"off"}`,
			Settings{Zone: "UTC", Remind: localtime.Clock{Hour: 19}, Days: localtime.Weekdays, Place: "outdoors", Weekly: WeeklySummary{Off: true}}},
	}
	for _, c := range cases {
		var got Settings
		if err := json.Unmarshal([]byte(c.stored), &got); err != nil {
			t.Fatalf("%s: %v", c.stored, err)
		}
		if got != c.want {
			t.Fatalf("%s read as %+v, want %+v", c.stored, got, c.want)
		}
		back, err := json.Marshal(got)
		if err != nil || string(back) != c.back {
			t.Fatalf("%+v written as %s (%v), want %s", got, back, err, c.back)
		}
	}
	for _, bad := range []string{"someday", "Sunday", "of"} {
		if _, err := ParseWeeklySummary(bad); err == nil {
			t.Errorf("weekly day %q accepted", bad)
		}
	}
}

// A profile saved before the nudge time could be chosen (no nudge_at)
// keeps its nudge at 20:00; a chosen time is kept.
func TestNudgeTime(t *testing.T) {
	cases := []struct {
		stored string
		want   localtime.Clock
	}{
		{`{"zone":"UTC","remind":"07:30","days":"daily","place":"treadmill","nudge":true}`, localtime.Clock{Hour: 20}},
		{`{"zone":"UTC","remind":"07:30","days":"daily","place":"treadmill","nudge":true,"nudge_at":""}`, localtime.Clock{Hour: 20}},
		{`{"zone":"UTC","remind":"07:30","days":"daily","place":"treadmill","nudge":true,"nudge_at":"18:45"}`, localtime.Clock{Hour: 18, Minute: 45}},
	}
	for _, c := range cases {
		var s Settings
		if err := json.Unmarshal([]byte(c.stored), &s); err != nil {
			t.Fatalf("%s: %v", c.stored, err)
		}
		if got := s.NudgeTime(); got != c.want {
			t.Errorf("%s: nudge at %v, want %v", c.stored, got, c.want)
		}
	}
}
