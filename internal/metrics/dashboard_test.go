package metrics

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
)

// exported are the metric names the bot's /metrics shows, read from the
// real registry: a histogram as its _bucket, _sum and _count series.
func exported(t *testing.T) map[string]bool {
	t.Helper()
	reg, _ := NewRegistry()
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, f := range families {
		name := f.GetName()
		switch f.GetType() {
		case dto.MetricType_HISTOGRAM, dto.MetricType_GAUGE_HISTOGRAM:
			out[name+"_bucket"], out[name+"_sum"], out[name+"_count"] = true, true, true
		case dto.MetricType_SUMMARY:
			out[name], out[name+"_sum"], out[name+"_count"] = true, true, true
		default:
			out[name] = true
		}
	}
	return out
}

var (
	// What in PromQL is not a metric name: strings, label matchers,
	// ranges and offsets' durations, Grafana's $variables, and the
	// label lists of by, without, on, ignoring and group_*.
	promString  = regexp.MustCompile(`"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'`)
	promMatch   = regexp.MustCompile(`\{[^}]*\}`)
	promRange   = regexp.MustCompile(`\[[^\]]*\]`)
	promVar     = regexp.MustCompile(`\$\{?\w+\}?`)
	promLabels  = regexp.MustCompile(`\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`)
	promIdent   = regexp.MustCompile(`[A-Za-z_:][A-Za-z0-9_:]*`)
	promKeyword = []string{"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless", "inf", "nan", "e"}
)

// metricNames are the metric names an expression selects: identifiers
// that are neither a function (followed by "(") nor a keyword.
func metricNames(expr string) []string {
	for _, re := range []*regexp.Regexp{promString, promMatch, promRange, promVar, promLabels} {
		expr = re.ReplaceAllString(expr, " ")
	}
	var out []string
	for _, loc := range promIdent.FindAllStringIndex(expr, -1) {
		word := expr[loc[0]:loc[1]]
		if loc[0] > 0 && (expr[loc[0]-1] >= '0' && expr[loc[0]-1] <= '9' || expr[loc[0]-1] == '.') {
			continue // the exponent or unit of a number: 1e3, 0.5
		}
		if strings.HasPrefix(strings.TrimLeft(expr[loc[1]:], " \t\n"), "(") || slices.Contains(promKeyword, strings.ToLower(word)) {
			continue
		}
		out = append(out, word)
	}
	return out
}

func TestMetricNames(t *testing.T) {
	cases := []struct{ expr, want string }{
		{`sum by (platform) (rate(treadwell_messages_in_total[$__rate_interval]))`, "treadwell_messages_in_total"},
		{`histogram_quantile(0.95, sum by (le) (rate(treadwell_handle_seconds_bucket{platform="x"}[5m])))`, "treadwell_handle_seconds_bucket"},
		{`a_total / on(job) group_left b_total > 1e3`, "a_total b_total"},
		{`max(up offset 5m) and bool 2`, "up"},
	}
	for _, c := range cases {
		if got := strings.Join(metricNames(c.expr), " "); got != c.want {
			t.Errorf("metricNames(%q) = %q, want %q", c.expr, got, c.want)
		}
	}
}

// Every panel of the Grafana dashboard in deploy/ queries only metrics
// the bot exports, and each panel queries at least one.
func TestDashboardNamesOnlyExportedMetrics(t *testing.T) {
	path := filepath.Join("..", "..", "deploy", "grafana", "treadwell.json")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	type panel struct {
		Title   string `json:"title"`
		Targets []struct {
			Expr string `json:"expr"`
		} `json:"targets"`
		Panels []json.RawMessage `json:"panels"` // inside a row
	}
	var dash struct {
		Panels []json.RawMessage `json:"panels"`
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	known := exported(t)
	used := map[string]bool{}
	var walk func([]json.RawMessage)
	walk = func(raws []json.RawMessage) {
		for _, r := range raws {
			var p panel
			if err := json.Unmarshal(r, &p); err != nil {
				t.Fatalf("%s: panel: %v", path, err)
			}
			walk(p.Panels)
			if len(p.Panels) > 0 {
				continue
			}
			names := 0
			for _, tg := range p.Targets {
				for _, name := range metricNames(tg.Expr) {
					names++
					used[name] = true
					if !known[name] {
						t.Errorf("panel %q: %s is not a metric the bot exports (expr %q)", p.Title, name, tg.Expr)
					}
				}
			}
			if names == 0 {
				t.Errorf("panel %q queries no metric", p.Title)
			}
		}
	}
	walk(dash.Panels)
	// The bot's own metrics are all on the dashboard.
	for name := range known {
		if strings.HasPrefix(name, "treadwell_") && !used[name] && !strings.HasSuffix(name, "_sum") && !strings.HasSuffix(name, "_count") && !strings.HasSuffix(name, "_bucket") {
			t.Errorf("%s is on no panel", name)
		}
	}
}
