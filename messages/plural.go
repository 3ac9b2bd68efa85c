package messages

import (
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// pluralForms are the CLDR categories a plural block may name, besides
// exact "=N" forms.
var pluralForms = map[string]plural.Form{
	"zero": plural.Zero, "one": plural.One, "two": plural.Two,
	"few": plural.Few, "many": plural.Many, "other": plural.Other,
}

// part is a piece of a message: literal text, a simple placeholder
// ({name}), or a plural block whose forms are messages themselves.
type part struct {
	text  string         // literal text, when name is ""
	name  string         // the placeholder
	forms map[string]msg // for a plural block: "one", "other", "=0" ...
}

// msg is a parsed message.
type msg []part

// parseMsg splits a message into parts. A "{" starts a placeholder; one
// whose content is "name, plural, ..." is a plural block, its forms
// written "selector {text}" where # stands for the number.
func parseMsg(s string) (msg, error) {
	var out msg
	for s != "" {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			out = append(out, part{text: s})
			break
		}
		if i > 0 {
			out = append(out, part{text: s[:i]})
		}
		end := matchBrace(s, i)
		if end < 0 {
			return nil, fmt.Errorf("unclosed { in %q", s)
		}
		inner := s[i+1 : end]
		s = s[end+1:]
		name, rest, isBlock := strings.Cut(inner, ",")
		if !isBlock {
			out = append(out, part{name: strings.TrimSpace(inner)})
			continue
		}
		kind, body, _ := strings.Cut(rest, ",")
		if strings.TrimSpace(kind) != "plural" {
			return nil, fmt.Errorf("{%s}: only plural blocks are known", inner)
		}
		forms, err := parseForms(body)
		if err != nil {
			return nil, fmt.Errorf("{%s, plural}: %w", strings.TrimSpace(name), err)
		}
		out = append(out, part{name: strings.TrimSpace(name), forms: forms})
	}
	return out, nil
}

// parseForms reads "one {# walk} other {# walks}".
func parseForms(body string) (map[string]msg, error) {
	forms := map[string]msg{}
	for {
		body = strings.TrimSpace(body)
		if body == "" {
			break
		}
		i := strings.IndexByte(body, '{')
		if i <= 0 {
			return nil, fmt.Errorf("form without a selector or text near %q", body)
		}
		sel := strings.TrimSpace(body[:i])
		if _, ok := pluralForms[sel]; !ok {
			if _, err := strconv.Atoi(strings.TrimPrefix(sel, "=")); err != nil || !strings.HasPrefix(sel, "=") {
				return nil, fmt.Errorf("unknown plural form %q", sel)
			}
		}
		end := matchBrace(body, i)
		if end < 0 {
			return nil, fmt.Errorf("unclosed form %q", sel)
		}
		m, err := parseMsg(body[i+1 : end])
		if err != nil {
			return nil, err
		}
		if _, dup := forms[sel]; dup {
			return nil, fmt.Errorf("form %q twice", sel)
		}
		forms[sel] = m
		body = body[end+1:]
	}
	if _, ok := forms["other"]; !ok {
		return nil, fmt.Errorf("no \"other\" form")
	}
	return forms, nil
}

// matchBrace returns the index of the "}" closing the "{" at open, or -1.
func matchBrace(s string, open int) int {
	depth := 0
	for j := open; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// render fills m from args; num is what # stands for inside a form.
func (m msg) render(b *strings.Builder, tag language.Tag, args map[string]any, num string) {
	for _, p := range m {
		switch {
		case p.name == "":
			if num != "" {
				b.WriteString(strings.ReplaceAll(p.text, "#", num))
			} else {
				b.WriteString(p.text)
			}
		case p.forms == nil:
			v, ok := args[p.name]
			if !ok {
				// Left as written, as before plurals: visible in a test.
				b.WriteString("{" + p.name + "}")
				continue
			}
			b.WriteString(fmt.Sprint(v))
		default:
			v, ok := args[p.name]
			if !ok {
				b.WriteString("{" + p.name + "}")
				continue
			}
			s := fmt.Sprint(v)
			p.forms[selectForm(tag, s, p.forms)].render(b, tag, args, s)
		}
	}
}

// selectForm picks the form for the number written s: an exact "=N"
// first, then the language's CLDR category, then "other". A value that
// is not a whole number (never expected) takes "other".
func selectForm(tag language.Tag, s string, forms map[string]msg) string {
	n, err := strconv.Atoi(s)
	if err != nil {
		return "other"
	}
	if _, ok := forms["="+s]; ok {
		return "=" + s
	}
	if n < 0 {
		n = -n
	}
	form := plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)
	for name, f := range pluralForms {
		if f == form {
			if _, ok := forms[name]; ok {
				return name
			}
		}
	}
	return "other"
}

// placeholders lists the simple placeholders of m (those outside any
// plural block's selector) and the names that select a plural block.
func (m msg) placeholders(simple, plurals map[string]bool) {
	for _, p := range m {
		switch {
		case p.name == "":
		case p.forms == nil:
			simple[p.name] = true
		default:
			plurals[p.name] = true
			for _, f := range p.forms {
				f.placeholders(simple, plurals)
			}
		}
	}
}
