package localtime

import (
	"fmt"
	"math/bits"
	"strings"
	"time"
)

// DayWords are a language's words for reminder days, so a person types
// "lunes a viernes" or "fines de semana" as they would say it. Each word
// or phrase stands for an English token ParseDays reads ("mon", "daily",
// "weekdays", "-" for a range, "every", "and") or for "skip", a word
// dropped ("los", "de"). The words come from the message catalog; the
// English tokens are always understood too.
type DayWords struct {
	phrases map[string][]string // folded phrase → tokens it stands for
	longest int                 // most words in a phrase
}

// NewDayWords builds DayWords from a word → meaning table.
func NewDayWords(table map[string]string) *DayWords {
	w := &DayWords{phrases: map[string][]string{}}
	for phrase, meaning := range table {
		toks := dayTokens(foldAccents.Replace(phrase))
		if len(toks) == 0 {
			continue
		}
		var means []string
		if meaning != "skip" {
			means = strings.Fields(meaning)
		}
		w.phrases[strings.Join(toks, " ")] = means
		w.longest = max(w.longest, len(toks))
	}
	return w
}

// foldAccents lets "miercoles" and "miércoles" both be read: people
// often type without accents, so words are compared without them.
var foldAccents = strings.NewReplacer("á", "a", "é", "e", "í", "i", "ó", "o", "ú", "u", "ü", "u")

// Parse reads a set of reminder days in the language of w or in English
// (see ParseDays). Errors wrap ErrDays.
func (w *DayWords) Parse(s string) (Days, error) {
	bad := func() (Days, error) { return 0, fmt.Errorf("parse days %s: %w", quoteInput(s), ErrDays) }
	if len(strings.TrimSpace(s)) > maxDaysLen {
		return bad()
	}
	d, ok := parseDayTokens(w.translate(s))
	if !ok {
		return bad()
	}
	return d, nil
}

// Weekday reads a single day ("el viernes", "friday"), for "/stop hasta
// el viernes".
func (w *DayWords) Weekday(s string) (time.Weekday, bool) {
	if len(s) > maxDaysLen {
		return 0, false
	}
	toks := w.translate(s)
	d, ok := parseDayTokens(toks)
	if !ok || bits.OnesCount8(uint8(d&Daily)) != 1 || len(toks) != 1 {
		return 0, false
	}
	return time.Weekday(bits.TrailingZeros8(uint8(d))), true
}

// translate turns s into English tokens, the longest phrase first.
func (w *DayWords) translate(s string) []string {
	toks := dayTokens(foldAccents.Replace(strings.ToLower(s)))
	out := make([]string, 0, len(toks))
	for i := 0; i < len(toks); {
		n := min(w.longest, len(toks)-i)
		for ; n > 0; n-- {
			if means, ok := w.phrases[strings.Join(toks[i:i+n], " ")]; ok {
				out = append(out, means...)
				break
			}
		}
		if n == 0 {
			out = append(out, toks[i])
			n = 1
		}
		i += n
	}
	return out
}
