package localtime_test

import (
	"errors"
	"testing"

	"treadwell/internal/localtime"
)

// FuzzDayWords: the Spanish day words (the catalog's, as the bot reads
// them) either give a non-empty set within the week or ErrDays, and
// Weekday agrees with Parse.
func FuzzDayWords(f *testing.F) {
	for _, s := range []string{
		"lunes a viernes", "de lunes a viernes", "lun-vie", "fines de semana", "todos los días",
		"todos los dias", "cada día", "lunes, miércoles y viernes", "los lunes", "el viernes",
		"hasta el viernes", "entre semana y sábado", "a", "de", "todos los", "mon-fri", "",
		"\xff", "lunes a", "a lunes", "sábado-lunes", "x", "mié,vie",
	} {
		f.Add(s)
	}
	es := dayWords(f, "es")
	f.Fuzz(func(t *testing.T, in string) {
		d, err := es.Parse(in)
		if err != nil {
			if !errors.Is(err, localtime.ErrDays) || d != 0 {
				t.Fatalf("Parse(%q) = %v, %v; want 0 and ErrDays", in, d, err)
			}
		} else if d == 0 || d&^localtime.Daily != 0 {
			t.Fatalf("Parse(%q) = %07b, want a non-empty set within the week", in, d)
		}
		if w, ok := es.Weekday(in); ok && (err != nil || d != 1<<w) {
			t.Fatalf("Weekday(%q) = %v but Parse = %v, %v", in, w, d, err)
		}
	})
}
