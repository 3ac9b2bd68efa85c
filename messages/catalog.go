// Package messages holds every text Treadwell says, in catalog files
// embedded into the binary (one file per language, e.g. en.txt), so no
// user-facing sentence lives in Go code.
//
// File format: a line "@@ key" starts a message; its text runs until the
// next "@@" line, with leading and trailing blank lines removed. Lines
// starting with "#" are comments, wherever they are (a comment between
// two messages is not part of the first one). "{name}" is a
// placeholder filled from the arguments given to Text.
//
// Plurals: a count is never written as a bare {name}, since "1 walks"
// and "1 caminatas" are wrong. It is a plural block, as in ICU:
//
//	{walks, plural, one {# walk} other {# walks}}
//
// The forms are the CLDR categories (zero, one, two, few, many, other)
// of the message's language, chosen by golang.org/x/text's CLDR rules,
// and exact numbers ("=0 {no walks}"), which win over a category. Every
// block needs "other", used when the language's category is not
// written (Spanish "many" for a million). Inside a form "#" is the
// number, and other placeholders and blocks may appear. The counts the
// code fills are listed in plural_test.go, which fails on a count
// written without a plural block in any language.
package messages

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"path"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

//go:embed *.txt
var files embed.FS

// Fallback is the language used when a key or language is missing.
const Fallback = "en"

// Catalog is a parsed set of message files.
type Catalog struct {
	langs  map[string]map[string]string
	parsed map[string]map[string]msg
}

// Load parses the embedded catalog files.
func Load() (*Catalog, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	c := &Catalog{langs: map[string]map[string]string{}, parsed: map[string]map[string]msg{}}
	for _, e := range entries {
		name := e.Name()
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		msgs, err := Parse(data)
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", name, err)
		}
		lang := strings.TrimSuffix(name, path.Ext(name))
		c.langs[lang] = msgs
		c.parsed[lang] = map[string]msg{}
		for key, text := range msgs {
			m, err := parseMsg(text)
			if err != nil {
				return nil, fmt.Errorf("parse %s: %s: %w", name, key, err)
			}
			c.parsed[lang][key] = m
		}
	}
	if _, ok := c.langs[Fallback]; !ok {
		return nil, fmt.Errorf("catalog has no %q file", Fallback)
	}
	return c, nil
}

// Parse reads one catalog file.
func Parse(data []byte) (map[string]string, error) {
	msgs := map[string]string{}
	var key string
	var body []string
	flush := func() {
		if key != "" {
			msgs[key] = strings.Trim(strings.Join(body, "\n"), "\n")
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), " \t\r")
		if k, ok := strings.CutPrefix(text, "@@"); ok {
			flush()
			key, body = strings.TrimSpace(k), nil
			if key == "" {
				return nil, fmt.Errorf("line %d: empty key", line)
			}
			if _, dup := msgs[key]; dup {
				return nil, fmt.Errorf("line %d: duplicate key %q", line, key)
			}
			continue
		}
		if strings.HasPrefix(text, "#") {
			continue
		}
		if key == "" {
			if text != "" {
				return nil, fmt.Errorf("line %d: text before the first key", line)
			}
			continue
		}
		body = append(body, text)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	return msgs, nil
}

// Languages lists the catalog's languages.
func (c *Catalog) Languages() []string {
	out := make([]string, 0, len(c.langs))
	for l := range c.langs {
		out = append(out, l)
	}
	sort.Strings(out)
	return out
}

// Keys lists the keys of one language.
func (c *Catalog) Keys(lang string) []string {
	out := make([]string, 0, len(c.langs[lang]))
	for k := range c.langs[lang] {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Has reports whether key exists in the fallback language.
func (c *Catalog) Has(key Key) bool {
	_, ok := c.langs[Fallback][key.name]
	return ok
}

// Lang picks the catalog language for a platform language code such as
// "en-GB" or "es".
func (c *Catalog) Lang(code string) string {
	code = strings.ToLower(code)
	if _, ok := c.langs[code]; ok {
		return code
	}
	if base, _, ok := strings.Cut(code, "-"); ok {
		if _, ok := c.langs[base]; ok {
			return base
		}
	}
	return Fallback
}

// Missing is what Text returns for an unknown key: visible, so a test
// that renders every flow catches it.
func Missing(key string) string { return "[[missing message " + key + "]]" }

// Text renders a message. args are name/value pairs: Text("en",
// WalkLogged, "minutes", 12). A missing key (only a Dynamic one can be)
// renders as Missing(key).
func (c *Catalog) Text(lang string, key Key, args ...any) string {
	text, ok := c.langs[lang][key.name]
	if !ok {
		lang = Fallback
		if text, ok = c.langs[Fallback][key.name]; !ok {
			return Missing(key.name)
		}
	}
	if len(args) == 0 || !strings.Contains(text, "{") {
		return text
	}
	values := make(map[string]any, len(args)/2)
	for i := 0; i+1 < len(args); i += 2 {
		values[fmt.Sprint(args[i])] = args[i+1]
	}
	var b strings.Builder
	c.parsed[lang][key.name].render(&b, language.Make(lang), values, "")
	return b.String()
}
