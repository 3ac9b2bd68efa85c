package messages

import (
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// loadCatalog loads the embedded catalog and insists on more than one
// language, so the cross-language tests cannot pass vacuously.
func loadCatalog(t *testing.T) *Catalog {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Languages()) < 2 {
		t.Fatalf("catalog has languages %v; want at least two", c.Languages())
	}
	return c
}

// TestLanguagesHaveTheSameKeys: a key in any language must exist in every
// other one, so no language silently falls back to English (or carries a
// stale key the code no longer asks for).
func TestLanguagesHaveTheSameKeys(t *testing.T) {
	c := loadCatalog(t)
	all := map[string][]string{} // key → languages that have it
	for _, lang := range c.Languages() {
		for _, key := range c.Keys(lang) {
			all[key] = append(all[key], lang)
		}
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, lang := range c.Languages() {
		for _, key := range keys {
			if _, ok := c.langs[lang][key]; !ok {
				t.Errorf("%s.txt is missing key %q (present in %s)", lang, key, strings.Join(all[key], ", "))
			}
		}
	}
}

// placeholders returns the sorted, de-duplicated names msg fills, both
// {name} and the counts of its plural blocks.
func placeholders(text string) []string {
	m, err := parseMsg(text)
	if err != nil {
		return []string{"unparsable: " + err.Error()}
	}
	simple, plurals := map[string]bool{}, map[string]bool{}
	m.placeholders(simple, plurals)
	var out []string
	for n := range simple {
		out = append(out, n)
	}
	for n := range plurals {
		if !simple[n] {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// TestLanguagesHaveTheSamePlaceholders: for each key, every language uses
// the same set of {placeholders} as the fallback language (and, for keys
// the fallback lacks, as each other), so no value is dropped and no
// placeholder reaches people unfilled.
func TestLanguagesHaveTheSamePlaceholders(t *testing.T) {
	c := loadCatalog(t)
	langs := c.Languages()
	keys := map[string]bool{}
	for _, lang := range langs {
		for _, key := range c.Keys(lang) {
			keys[key] = true
		}
	}
	for key := range keys {
		ref, refLang := "", ""
		if msg, ok := c.langs[Fallback][key]; ok {
			ref, refLang = strings.Join(placeholders(msg), ","), Fallback
		}
		for _, lang := range langs {
			msg, ok := c.langs[lang][key]
			if !ok {
				continue // reported by TestLanguagesHaveTheSameKeys
			}
			got := strings.Join(placeholders(msg), ",")
			if refLang == "" {
				ref, refLang = got, lang
				continue
			}
			if got != ref {
				t.Errorf("%s: %s has placeholders {%s}, %s has {%s}", key, lang, got, refLang, ref)
			}
		}
	}
}

// TestSpanishDataKeys: the date keys are data split on commas by the date
// formatter, which falls back to ISO dates when the counts are wrong.
func TestSpanishDataKeys(t *testing.T) {
	c := loadCatalog(t)
	for _, lang := range c.Languages() {
		for key, want := range map[string]int{"date.weekdays": 7, "date.months": 12} {
			msg, ok := c.langs[lang][key]
			if !ok {
				t.Errorf("%s: %s missing", lang, key)
				continue
			}
			parts := strings.Split(msg, ",")
			if len(parts) != want {
				t.Errorf("%s: %s has %d parts, want %d: %q", lang, key, len(parts), want, msg)
			}
			for i, p := range parts {
				if strings.TrimSpace(p) == "" {
					t.Errorf("%s: %s part %d is empty", lang, key, i+1)
				}
			}
		}
		if got := c.langs[lang]["date.format"]; strings.Join(placeholders(got), ",") != "day,month,weekday" {
			t.Errorf("%s: date.format = %q, want {weekday}, {day} and {month}", lang, got)
		}
	}
	if _, ok := c.langs["es"]; !ok {
		t.Fatal("no Spanish catalog (es.txt)")
	}
	if got := c.Text("es", DateWeekdays); !strings.HasPrefix(got, "dom,") {
		t.Errorf("es date.weekdays must start with Sunday: %q", got)
	}
}

// TestCommandDescriptionsFitDiscord: Discord rejects slash-command and
// option descriptions longer than 100 characters.
func TestCommandDescriptionsFitDiscord(t *testing.T) {
	c := loadCatalog(t)
	const max = 100
	for _, lang := range c.Languages() {
		for _, key := range c.Keys(lang) {
			if !strings.HasPrefix(key, "command.") && !strings.HasPrefix(key, "option.") {
				continue
			}
			msg := c.Text(lang, Dynamic(key))
			if n := utf8.RuneCountInString(msg); n > max || n == 0 {
				t.Errorf("%s %s: %d characters, want 1-%d: %q", lang, key, n, max, msg)
			}
			if strings.Contains(msg, "\n") {
				t.Errorf("%s %s: description must be one line: %q", lang, key, msg)
			}
		}
	}
}
