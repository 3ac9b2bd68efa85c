package messages

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// countPlaceholders are the placeholders filled with a number of
// something (minutes, walks, days, tries ...): each must pick a plural
// form, since "1 minutes" or "1 caminatas" is what people saw.
var countPlaceholders = []string{
	"minutes", "sessions", "walks", "days", "weeks", "left",
	"last_minutes", "last_walks", "walked", "planned", "short",
}

// notCounts are the keys where a count-named placeholder holds a text,
// not a number: {days} there is a list of weekdays.
var notCounts = map[string]string{
	"suggest.days":  "days",
	"settings.menu": "days",
	"days.list":     "days",
}

func TestPluralSyntax(t *testing.T) {
	cases := []struct {
		name, lang, in string
		n              int
		want, wantErr  string
	}{
		{"one", "en", "{walks, plural, one {# walk} other {# walks}}", 1, "1 walk", ""},
		{"other", "en", "{walks, plural, one {# walk} other {# walks}}", 2, "2 walks", ""},
		{"zero is other in English", "en", "{walks, plural, one {# walk} other {# walks}}", 0, "0 walks", ""},
		{"exact beats category", "en", "{walks, plural, =0 {no walks} one {# walk} other {# walks}}", 0, "no walks", ""},
		{"Spanish one", "es", "{walks, plural, one {# caminata} other {# caminatas}}", 1, "1 caminata", ""},
		{"Spanish other", "es", "{walks, plural, one {# caminata} other {# caminatas}}", 5, "5 caminatas", ""},
		{"Spanish million falls back to other", "es", "{walks, plural, one {# caminata} other {# caminatas}}", 1000000, "1000000 caminatas", ""},
		{"text around and inside", "en", "Did {walks, plural, one {one walk} other {# walks}} of {planned}.", 3, "Did 3 walks of 7.", ""},
		{"no other", "en", "{walks, plural, one {# walk}}", 1, "", "other"},
		{"unknown form", "en", "{walks, plural, lots {# walk} other {x}}", 1, "", "unknown plural form"},
		{"unclosed", "en", "{walks, plural, one {# walk} other {x}", 1, "", "unclosed"},
		{"not plural", "en", "{walks, select, a {x} other {y}}", 1, "", "only plural"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, err := parseMsg(c.in)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			cat := &Catalog{langs: map[string]map[string]string{c.lang: {"k": c.in}}, parsed: map[string]map[string]msg{c.lang: {"k": m}}}
			if got := cat.Text(c.lang, Dynamic("k"), "walks", c.n, "planned", 7); got != c.want {
				t.Fatalf("got %q, want %q", got, c.want)
			}
		})
	}
}

// TestCountsArePlural fails on any message of any language that writes
// a count as a bare {placeholder} instead of a plural block.
func TestCountsArePlural(t *testing.T) {
	c := loadCatalog(t)
	counts := map[string]bool{}
	for _, n := range countPlaceholders {
		counts[n] = true
	}
	for _, lang := range c.Languages() {
		for _, key := range c.Keys(lang) {
			simple, plurals := map[string]bool{}, map[string]bool{}
			c.parsed[lang][key].placeholders(simple, plurals)
			for name := range simple {
				if counts[name] && notCounts[key] != name {
					t.Errorf("%s %s: {%s} is a count written without plural forms", lang, key, name)
				}
			}
		}
	}
}

// pluralNouns are words that must not follow "1 " (and their singulars
// must not follow "2 " or "5 "), per language: what the bare counts said.
var pluralNouns = map[string][][2]string{
	"en": {{"minute", "minutes"}, {"walk", "walks"}, {"day", "days"}, {"week", "weeks"}, {"try", "tries"}},
	"es": {{"minuto", "minutos"}, {"caminata", "caminatas"}, {"día", "días"}, {"semana", "semanas"}, {"intento", "intentos"}},
}

// TestCountsRender renders every message holding a plural block with
// each count at 0, 1, 2 and 5: nothing is left unfilled, the number
// appears, and the noun after it agrees with it.
func TestCountsRender(t *testing.T) {
	c := loadCatalog(t)
	rendered := 0
	for _, lang := range c.Languages() {
		nouns, ok := pluralNouns[lang]
		if !ok {
			t.Errorf("no plural nouns listed for %s: add them to this test", lang)
		}
		for _, key := range c.Keys(lang) {
			simple, plurals := map[string]bool{}, map[string]bool{}
			c.parsed[lang][key].placeholders(simple, plurals)
			if len(plurals) == 0 {
				continue
			}
			for _, n := range []int{0, 1, 2, 5} {
				args := []any{}
				for name := range simple {
					args = append(args, name, "X")
				}
				for name := range plurals {
					args = append(args, name, n)
				}
				got := c.Text(lang, Dynamic(key), args...)
				rendered++
				if strings.ContainsAny(got, "{}#") {
					t.Errorf("%s %s n=%d: unfilled: %q", lang, key, n, got)
				}
				num := strconv.Itoa(n)
				for _, pair := range nouns {
					bad := pair[0] // a singular after 0, 2 or 5
					if n == 1 {
						bad = pair[1]
					}
					if hasWordAfter(got, num, bad) {
						t.Errorf("%s %s n=%d: %q says %q", lang, key, n, got, num+" "+bad)
					}
				}
			}
		}
	}
	if rendered == 0 {
		t.Fatal("no plural message rendered")
	}
}

// hasWordAfter reports whether text has num followed by exactly word
// (not a longer word starting with it).
func hasWordAfter(text, num, word string) bool {
	fields := strings.FieldsFunc(text, func(r rune) bool {
		return r == ' ' || r == '\n' || r == ',' || r == '.' || r == '(' || r == ')' || r == ':' || r == ';'
	})
	for i := 0; i+1 < len(fields); i++ {
		if fields[i] == num && strings.EqualFold(fields[i+1], word) {
			return true
		}
	}
	return false
}

// TestNoFixedDateExamples: an example such as "/stop until 2026-12-01"
// is refused from that day on (issue 15), so no message shows a date.
func TestNoFixedDateExamples(t *testing.T) {
	c := loadCatalog(t)
	for _, lang := range c.Languages() {
		for _, key := range c.Keys(lang) {
			if m := fixedDate.FindString(c.langs[lang][key]); m != "" {
				t.Errorf("%s %s shows the date %s, which stops working", lang, key, m)
			}
		}
	}
}

var fixedDate = regexp.MustCompile(`\b20\d\d-\d\d-\d\d\b`)
