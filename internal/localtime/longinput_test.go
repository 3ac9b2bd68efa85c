package localtime_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"treadwell/internal/localtime"
)

// A person can paste anything, so a megabyte of any shape is refused, and
// quickly: the parsers trim and then refuse anything longer than an answer
// can be (well under a millisecond here, with -race). The best of three
// runs is compared with a bound far above that, so that a machine busy
// with other tests does not fail it.
func TestParsersLongInput(t *testing.T) {
	const size = 1 << 20
	const bound = time.Second
	parsers := []struct {
		name  string
		parse func(string) error
		want  error
	}{
		{"ParseClock", func(s string) error { _, err := localtime.ParseClock(s); return err }, localtime.ErrClock},
		{"ParseZone", func(s string) error { _, err := localtime.ParseZone(s); return err }, localtime.ErrZone},
		{"ParseDays", func(s string) error { _, err := localtime.ParseDays(s); return err }, localtime.ErrDays},
		{"LoadZone", func(s string) error { _, err := localtime.LoadZone(s); return err }, localtime.ErrZone},
	}
	shapes := []string{
		" ", "\t", "9", "a", "\xff", "é", "7:30 ", "mon,", "mon-", "-", "every ",
		"every day ", "all ", "and ", "europe/", "../", "+", "UTC+",
	}
	for _, p := range parsers {
		for _, shape := range shapes {
			in := strings.Repeat(shape, size/len(shape))
			best := time.Duration(1<<63 - 1)
			var err error
			for range 3 {
				start := time.Now()
				err = p.parse(in)
				best = min(best, time.Since(start))
			}
			if best > bound {
				t.Errorf("%s of %d × %q took %v, want under %v", p.name, size/len(shape), shape, best, bound)
			}
			if !errors.Is(err, p.want) {
				t.Errorf("%s of %d × %q: error %v does not wrap %v", p.name, size/len(shape), shape, err, p.want)
				continue
			}
			// The refusal quotes a bounded part of the input, not all of it.
			if n := len(err.Error()); n > 400 {
				t.Errorf("%s of %d × %q: error of %d bytes", p.name, size/len(shape), shape, n)
			}
		}
	}
}
