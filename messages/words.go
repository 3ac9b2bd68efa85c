package messages

import "strings"

// Words are the catalog's word lists: what a person may type, in their
// language, for a number, a day, "yes" or "until". They are messages
// like any other (the words.* keys), so a new language brings its own
// words with no code. Two shapes:
//
//   - a list, words separated by commas: "sí, si, claro";
//   - a table, one "meaning: word, word" line per meaning: "5: cinco",
//     "mon: lunes, lun". The meaning is what the code understands (a
//     number, an English day token); a word may be several words
//     ("todos los días").
//
// Words are lower-cased and trimmed; empty ones are dropped.

// List returns a comma-separated word list of lang (falling back to
// English like Text).
func (c *Catalog) List(lang string, key Key) []string {
	var out []string
	for _, w := range strings.Split(c.Text(lang, key), ",") {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Table returns a "meaning: word, word" table of lang as word → meaning.
// A line without ":" is skipped; the catalog test holds that none is.
func (c *Catalog) Table(lang string, key Key) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(c.Text(lang, key), "\n") {
		meaning, words, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		meaning = strings.TrimSpace(meaning)
		for _, w := range strings.Split(words, ",") {
			if w = strings.ToLower(strings.TrimSpace(w)); w != "" {
				out[w] = meaning
			}
		}
	}
	return out
}
