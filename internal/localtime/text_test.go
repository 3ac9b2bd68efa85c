package localtime

import (
	"encoding/json"
	"testing"
)

// Settings are stored in the same form as before they were typed:
// "07:30", "mon,wed,fri", "daily"; empty values read as unset.
func TestStoredForms(t *testing.T) {
	type settings struct {
		Remind Clock `json:"remind"`
		Days   Days  `json:"days"`
		Zone   Zone  `json:"zone"`
	}
	cases := []struct {
		stored string
		want   settings
	}{
		{`{"remind":"07:30","days":"mon,wed,fri","zone":"Europe/Berlin"}`, settings{Clock{7, 30}, 1<<1 | 1<<3 | 1<<5, "Europe/Berlin"}},
		{`{"remind":"19:00","days":"daily","zone":"UTC+05:30"}`, settings{Clock{19, 0}, Daily, "UTC+05:30"}},
		{`{"remind":"00:00","days":"weekdays","zone":"UTC"}`, settings{Clock{0, 0}, Weekdays, "UTC"}},
		{`{"remind":"","days":"","zone":""}`, settings{}},
	}
	for _, c := range cases {
		var got settings
		if err := json.Unmarshal([]byte(c.stored), &got); err != nil {
			t.Fatalf("%s: %v", c.stored, err)
		}
		if got != c.want {
			t.Fatalf("%s read as %+v, want %+v", c.stored, got, c.want)
		}
		if got == (settings{}) {
			continue
		}
		back, err := json.Marshal(got)
		if err != nil || string(back) != c.stored {
			t.Fatalf("%+v stored as %s (%v), want %s", got, back, err, c.stored)
		}
	}
	for _, bad := range []string{`{"remind":"25:00"}`, `{"days":"someday"}`} {
		var s settings
		if err := json.Unmarshal([]byte(bad), &s); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
	if _, err := json.Marshal(settings{Remind: Clock{24, 0}}); err == nil {
		t.Error("an invalid clock was stored")
	}
}
