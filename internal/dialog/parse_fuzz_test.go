package dialog

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// Seeds: ordinary answers and the inputs from the issues that once
// broke a parser.
var fuzzSeeds = []string{
	"", "7", "7/10", "seven", " 7 ", "10 out of 10", "-1", "11", "99999999999999999999",
	"12 min", "12 minutes", "0", "m", "/stop", "/stop!", "/stop.", "/stop 3d", "/stop3d",
	"/stop\t3d", "/ stop", "/parar", "/stop 15251w", "/stop until 2026-12-01", "/stop@TreadwellBot 2w",
	"/stop -3d", "/", "//", "/@", "/\u00a0stop", "stop", "¡Para!", "15251w", "9223372036854775807h",
	"until 1734-01-01", "3 días", "hasta el viernes", "until friday", "hasta el lunes", "hasta mañana", "tomorrow", "hasta el 5",
	"cinco", "siete de diez", "quince minutos", "15 minutos", "diez", "/deshacer", "Sí, como siempre", "no, ninguno",
	"\x00", "\xff\xfe", strings.Repeat("9", 400), strings.Repeat("/stop ", 100),
}

func FuzzParseCommand(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cmd, args, ok := parseCommand(text)
		if !ok {
			if cmd != "" || args != "" {
				t.Fatalf("not a command but cmd %q args %q", cmd, args)
			}
			return
		}
		if cmd == "" || cmd != strings.ToLower(cmd) {
			t.Fatalf("command name %q", cmd)
		}
		for _, r := range cmd {
			if !unicode.IsLetter(r) {
				t.Fatalf("command name %q has %q", cmd, r)
			}
		}
		if args != strings.TrimSpace(args) {
			t.Fatalf("args %q not trimmed", args)
		}
		// Whatever follows a stop command that is not a letter, it is
		// still the stop command.
		if r, _ := utf8.DecodeRuneInString(text); !unicode.IsLetter(r) && utf8.ValidString(text) {
			if got, _, ok := parseCommand("/stop" + text); !ok || got != "stop" {
				t.Fatalf("/stop%q read as %q", text, got)
			}
		}
	})
}

func FuzzParseStopUntil(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	now := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
	loc, _ := time.LoadLocation("Europe/Berlin")
	f.Fuzz(func(t *testing.T, args string) {
		until, err := parseStopUntil(args, now, loc, fuzzUntilWords)
		if err != nil {
			if !until.IsZero() {
				t.Fatalf("%q: error %v with an end %v", args, err, until)
			}
			return
		}
		if until.IsZero() {
			if strings.TrimSpace(args) != "" {
				t.Fatalf("%q read as until /resume without an error", args)
			}
			return
		}
		if !until.After(now) || until.Sub(now) > maxStop {
			t.Fatalf("%q: pause ends %v, want within (now, now+%v]", args, until, maxStop)
		}
	})
}

func FuzzParseScore(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseScore(s)
		if err == nil && (n < 0 || n > 10) {
			t.Fatalf("%q read as %d", s, n)
		}
	})
}

func FuzzParseMinutes(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseMinutes(s, 1, maxWalkMinutes)
		if err == nil && (n < 1 || n > maxWalkMinutes) {
			t.Fatalf("%q read as %d minutes", s, n)
		}
	})
}
