package dialog

import (
	"testing"

	"treadwell/messages"
)

// Scores and minutes are read as a person says them in their language:
// number words, units and "out of ten" from the catalog; English and
// digits always.
func TestTypedNumbers(t *testing.T) {
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	w := newTypedNumbers(msgs)
	scores := []struct {
		lang, in string
		want     int
		ok       bool
	}{
		{"es", "siete", 7, true},
		{"es", "7 de 10", 7, true},
		{"es", "siete de 10", 7, true},
		{"es", "siete sobre 10", 7, true},
		{"es", "7/10", 7, true},
		{"es", "once", 0, false},
		{"en", "seven out of 10", 7, true},
		{"en", "7 out of 10", 7, true},
		{"en", "siete", 0, false}, // Spanish words are read for Spanish speakers
		{"en", "7", 7, true},
	}
	for _, c := range scores {
		n, err := w.score(c.lang, c.in)
		if (err == nil) != c.ok || (c.ok && n != c.want) {
			t.Errorf("score(%s, %q) = %d, %v; want %d ok=%v", c.lang, c.in, n, err, c.want, c.ok)
		}
	}
	minutes := []struct {
		lang, in string
		want     int
		ok       bool
	}{
		{"es", "15 minutos", 15, true},
		{"es", "15minutos", 15, true},
		{"es", "quince minutos", 15, true},
		{"es", "quince", 15, true},
		{"es", "un minuto", 1, true},
		{"es", "15 min", 15, true},
		{"es", "minutos", 0, false},
		{"en", "15 minutes", 15, true},
		{"en", "fifteen minutes", 15, true},
		{"en", "20m", 20, true},
	}
	for _, c := range minutes {
		n, err := w.minutes(c.lang, c.in, 1, maxWalkMinutes)
		if (err == nil) != c.ok || (c.ok && n != c.want) {
			t.Errorf("minutes(%s, %q) = %d, %v; want %d ok=%v", c.lang, c.in, n, err, c.want, c.ok)
		}
	}
}
