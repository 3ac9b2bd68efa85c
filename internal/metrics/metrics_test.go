package metrics

import (
	"maps"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// series scrapes the registry as /metrics does and returns each sample
// line's name and labels (`name{k="v",...}`, as exposed) with its value.
func series(t *testing.T, reg *prometheus.Registry) map[string]float64 {
	t.Helper()
	rec := httptest.NewRecorder()
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{}).ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	out := map[string]float64{}
	for line := range strings.Lines(rec.Body.String()) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("scrape line %q: %v", line, err)
		}
		out[line[:i]] = v
	}
	return out
}

// Every label combination exists from the start at 0, so dashboards and
// rate() work before the first event.
func TestNew_everySeriesStartsAtZero(t *testing.T) {
	reg := prometheus.NewRegistry()
	New(reg)
	got := series(t, reg)

	var want []string
	for _, p := range []string{"telegram", "discord", "console"} {
		want = append(want,
			`treadwell_messages_in_total{platform="`+p+`"}`,
			`treadwell_messages_out_total{platform="`+p+`"}`,
			`treadwell_handle_seconds_count{platform="`+p+`"}`,
		)
	}
	for _, o := range []string{"due", "sent", "late", "skipped", "failed"} {
		want = append(want, `treadwell_reminders_total{outcome="`+o+`"}`)
	}
	for _, p := range []string{"telegram", "discord"} {
		for _, k := range []string{"unreachable", "other"} {
			want = append(want, `treadwell_send_errors_total{kind="`+k+`",platform="`+p+`"}`)
		}
	}
	for _, status := range []string{"401", "403", "429"} {
		want = append(want, `treadwell_invalid_requests_total{platform="discord",status="`+status+`"}`)
	}
	want = append(want, `treadwell_reminder_queue_lag_seconds`)

	for _, name := range want {
		v, ok := got[name]
		switch {
		case !ok:
			t.Errorf("%s missing at start-up; have %q", name, slices.Sorted(maps.Keys(got)))
		case v != 0:
			t.Errorf("%s = %v at start-up, want 0", name, v)
		}
	}
}

// Recording still adds to the pre-created series (and a label value
// nobody listed still works).
func TestMetrics_record(t *testing.T) {
	reg := prometheus.NewRegistry()
	m := New(reg)
	m.Message("telegram", 2, 30*time.Millisecond)
	m.Reminder("sent")
	m.Reminder("sent")
	m.SendError("discord", "unreachable")
	m.SendError("matrix", "other")
	m.QueueLag(3 * time.Second)
	m.InvalidRequest("discord", 429)
	m.InvalidRequest("discord", 429)
	got := series(t, reg)
	for name, want := range map[string]float64{
		`treadwell_messages_in_total{platform="telegram"}`:                   1,
		`treadwell_messages_out_total{platform="telegram"}`:                  2,
		`treadwell_handle_seconds_count{platform="telegram"}`:                1,
		`treadwell_messages_in_total{platform="discord"}`:                    0,
		`treadwell_reminders_total{outcome="sent"}`:                          2,
		`treadwell_reminders_total{outcome="failed"}`:                        0,
		`treadwell_send_errors_total{kind="unreachable",platform="discord"}`: 1,
		`treadwell_send_errors_total{kind="other",platform="matrix"}`:        1,
		`treadwell_reminder_queue_lag_seconds`:                               3,
		`treadwell_invalid_requests_total{platform="discord",status="429"}`:  2,
		`treadwell_invalid_requests_total{platform="discord",status="403"}`:  0,
	} {
		if got[name] != want {
			t.Errorf("%s = %v, want %v", name, got[name], want)
		}
	}
}
