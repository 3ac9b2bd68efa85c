package dialog

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"treadwell/messages"
)

// typedNumbers are the words around a typed number in each language of
// the catalog: number words ("cinco"), minute units ("15 minutos") and
// "out of ten" ("7 de 10"), so a person answers as they would say it.
// The parsers (parseScore, parseMinutes) read digits and English; these
// words are turned into that first.
type typedNumbers struct {
	numbers  map[string]string   // "cinco" → "5"
	units    map[string][]string // per language, longest first
	outOfTen map[string][]string // per language, longest first
}

func newTypedNumbers(msgs *messages.Catalog) typedNumbers {
	w := typedNumbers{numbers: map[string]string{}, units: map[string][]string{}, outOfTen: map[string][]string{}}
	longestFirst := func(key messages.Key, lang string) []string {
		var out []string
		for _, word := range strings.Split(msgs.Text(lang, key), ",") {
			if word = normalize(word); word != "" {
				out = append(out, word)
			}
		}
		slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
		return out
	}
	for _, lang := range msgs.Languages() {
		for word, n := range msgs.Table(lang, messages.WordsNumbers) {
			if _, taken := w.numbers[lang+"\x00"+normalize(word)]; !taken {
				w.numbers[lang+"\x00"+normalize(word)] = n
			}
		}
		w.units[lang] = longestFirst(messages.WordsMinuteUnits, lang)
		w.outOfTen[lang] = longestFirst(messages.WordsOutOfTen, lang)
	}
	return w
}

// number turns a number typed as a word in lang ("cinco") into digits;
// anything else is returned as it was.
func (w typedNumbers) number(lang, v string) string {
	if n, ok := w.numbers[lang+"\x00"+normalize(v)]; ok {
		return n
	}
	return v
}

// score is a typed 0-10 score in lang: "7", "siete", "7 de 10", "siete
// sobre 10".
func (w typedNumbers) score(lang, v string) (int, error) {
	return parseScore(w.number(lang, cutWord(normalize(v), w.outOfTen[lang])))
}

// minutes is a typed number of minutes in lang: "15", "quince", "15
// minutos", "quince min".
func (w typedNumbers) minutes(lang, v string, lo, hi int) (int, error) {
	return parseMinutes(w.number(lang, cutWord(normalize(v), w.units[lang])), lo, hi)
}

// cutWord removes the first of words that ends s as a word of its own
// ("15 minutos", "15min"; not the "m" of "quince m" inside a word): the
// rune before it must be a digit or a space.
func cutWord(s string, words []string) string {
	for _, word := range words {
		rest, ok := strings.CutSuffix(s, word)
		if !ok || rest == "" {
			continue
		}
		if r, _ := utf8.DecodeLastRuneInString(rest); r == ' ' || unicode.IsDigit(r) || strings.HasPrefix(word, "/") {
			return strings.TrimSpace(rest)
		}
	}
	return s
}
