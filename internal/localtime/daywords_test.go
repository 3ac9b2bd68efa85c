package localtime_test

import (
	"errors"
	"testing"
	"time"

	"treadwell/internal/localtime"
	"treadwell/messages"
)

// dayWords builds a language's day words from the real catalog, as the
// dialog engine does.
func dayWords(t testing.TB, lang string) *localtime.DayWords {
	t.Helper()
	c, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	return localtime.NewDayWords(c.Table(lang, messages.WordsDays))
}

func TestDayWordsPerLanguage(t *testing.T) {
	mwf := localtime.Days(1<<time.Monday | 1<<time.Wednesday | 1<<time.Friday)
	cases := []struct {
		lang, in string
		want     localtime.Days
	}{
		{"es", "lunes a viernes", localtime.Weekdays},
		{"es", "de lunes a viernes", localtime.Weekdays},
		{"es", "lun-vie", localtime.Weekdays},
		{"es", "Lun - Vie", localtime.Weekdays},
		{"es", "entre semana", localtime.Weekdays},
		{"es", "fines de semana", localtime.Weekends},
		{"es", "el fin de semana", localtime.Weekends},
		{"es", "todos los días", localtime.Daily},
		{"es", "todos los dias", localtime.Daily},
		{"es", "Cada día", localtime.Daily},
		{"es", "a diario", localtime.Daily},
		{"es", "lunes, miércoles y viernes", mwf},
		{"es", "lunes, miercoles y viernes", mwf},
		{"es", "los lunes, miércoles y viernes", mwf},
		{"es", "todos los lunes", 1 << time.Monday},
		{"es", "sábado y domingo", localtime.Weekends},
		{"es", "viernes a lunes", 1<<time.Friday | 1<<time.Saturday | 1<<time.Sunday | 1<<time.Monday},
		{"es", "entre semana y sábado", localtime.Weekdays | 1<<time.Saturday},
		// English is understood in every language.
		{"es", "mon-fri", localtime.Weekdays},
		{"es", "every day", localtime.Daily},
		{"en", "weekdays", localtime.Weekdays},
		{"en", "working days", localtime.Weekdays},
		{"en", "each day", localtime.Daily},
		{"en", "mon,wed,fri", mwf},
	}
	for _, c := range cases {
		t.Run(c.lang+"/"+c.in, func(t *testing.T) {
			got, err := dayWords(t, c.lang).Parse(c.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Fatalf("got %v, want %v", got, c.want)
			}
		})
	}
}

func TestDayWordsRefuse(t *testing.T) {
	for _, c := range []struct{ lang, in string }{
		{"es", ""}, {"es", "de"}, {"es", "los"}, {"es", "lunes a"}, {"es", "cada"},
		{"es", "pronto"}, {"en", "lunes"}, {"es", "todos los"},
	} {
		if d, err := dayWords(t, c.lang).Parse(c.in); !errors.Is(err, localtime.ErrDays) {
			t.Errorf("%s %q = %v, %v; want ErrDays", c.lang, c.in, d, err)
		}
	}
}

func TestDayWordsWeekday(t *testing.T) {
	es := dayWords(t, "es")
	for in, want := range map[string]time.Weekday{"el viernes": time.Friday, "viernes": time.Friday, "Sábado": time.Saturday, "friday": time.Friday} {
		got, ok := es.Weekday(in)
		if !ok || got != want {
			t.Errorf("Weekday(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"lunes a viernes", "entre semana", "", "mañana"} {
		if w, ok := es.Weekday(in); ok {
			t.Errorf("Weekday(%q) = %v; want none", in, w)
		}
	}
}
