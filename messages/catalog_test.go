package messages

import (
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	cases := []struct {
		name    string
		in      string
		want    map[string]string
		wantErr string
	}{
		{"one", "@@ a\nHello\n", map[string]string{"a": "Hello"}, ""},
		{"comments and blank lines", "# c\n\n@@ a\n\nHello\n\nWorld\n\n@@ b\nBye\n", map[string]string{"a": "Hello\n\nWorld", "b": "Bye"}, ""},
		{"trailing spaces trimmed", "@@ a  \nHi  \n", map[string]string{"a": "Hi"}, ""},
		{"comment between messages is not text", "@@ a\nHello\n\n# about b\n@@ b\nBye\n", map[string]string{"a": "Hello", "b": "Bye"}, ""},
		{"duplicate", "@@ a\nx\n@@ a\ny\n", nil, "duplicate key"},
		{"text before key", "hello\n@@ a\nx\n", nil, "before the first key"},
		{"empty key", "@@ \nx\n", nil, "empty key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Parse([]byte(c.in))
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %v, want %v", got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Fatalf("%s = %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestText(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Text("en", WalkLogged, "minutes", 12, "peak", 3); !strings.Contains(got, "12 minutes, highest pain 3") {
		t.Fatalf("placeholders not filled: %q", got)
	}
	if got := c.Text("xx", ButtonYes); got != "Yes" {
		t.Fatalf("unknown language does not fall back to English: %q", got)
	}
	if got := c.Text("en", Dynamic("no.such.key")); got != Missing("no.such.key") {
		t.Fatalf("missing key rendered as %q", got)
	}
	for code, want := range map[string]string{"en-GB": "en", "EN": "en", "": "en", "zz-ZZ": "en"} {
		if got := c.Lang(code); got != want {
			t.Errorf("Lang(%q) = %q, want %q", code, got, want)
		}
	}
}

// Every placeholder in the catalog is one the code fills: a typo such as
// {minuts} would otherwise reach people verbatim.
func TestPlaceholdersAreKnown(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{
		"minutes": true, "sessions": true, "incline": true, "pace": true, "from": true, "pain": true,
		"baseline": true, "peak": true, "days": true, "date": true, "time": true, "zone": true,
		"place": true, "when": true, "item": true, "rule": true, "steps": true, "weeks": true,
		"leg": true, "to": true, "weekday": true, "day": true, "month": true,
		"code": true, "nudge": true, "walks": true, "last_minutes": true, "last_walks": true, "weekly": true, "language": true, "line": true, "url": true, "left": true, "platforms": true, "platform": true,
		"walked": true, "planned": true, "short": true, "number": true, "followups": true,
		"answer": true,                                                                                                          // the typed zone answer that names several zones
		"since":  true, "target": true, "year": true, "made": true, "urgent": true, "doctor": true, "dates": true, "sign": true, // the clinician report
		"kind": true, "reason": true, "hours": true, "window": true, // /why
	}
	for _, lang := range c.Languages() {
		for _, key := range c.Keys(lang) {
			simple, plurals := map[string]bool{}, map[string]bool{}
			c.parsed[lang][key].placeholders(simple, plurals)
			for name := range simple {
				if !known[name] {
					t.Errorf("%s %s: unknown placeholder {%s}", lang, key, name)
				}
			}
			for name := range plurals {
				if !known[name] {
					t.Errorf("%s %s: unknown plural placeholder {%s}", lang, key, name)
				}
			}
		}
	}
}
