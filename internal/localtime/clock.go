package localtime

import (
	"errors"
	"fmt"
	"strings"
)

// ErrClock reports a clock time that could not be understood or is out of
// range.
var ErrClock = errors.New("invalid clock time")

// Clock is a local time of day, Hour 0..23 and Minute 0..59.
type Clock struct{ Hour, Minute int }

// String returns the clock as "HH:MM", e.g. "07:30"; ParseClock reads it back.
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

func (c Clock) valid() bool {
	return c.Hour >= 0 && c.Hour <= 23 && c.Minute >= 0 && c.Minute <= 59
}

// maxClockLen bounds what ParseClock reads: "12:30 p.m." is 10 bytes, and
// room is left for spaces before the am/pm; longer input is refused before
// any other work.
const maxClockLen = 32

// ParseClock reads a time of day, trimmed and case-insensitive: 24-hour
// forms "07:30", "7:30", "7.30", "0730", "730", "7", "19", "7h30", "7h"; and
// 12-hour forms with am/pm (also "a.m."/"p.m.", with or without a space):
// "7am", "7:30 pm", "12am" (00:00), "12pm" (12:00); and "noon", "midnight".
// Minutes after a separator must have two digits. With am/pm the hour must
// be 1..12.
func ParseClock(s string) (Clock, error) {
	in := strings.TrimSpace(s)
	if len(in) > maxClockLen {
		return Clock{}, fmt.Errorf("parse clock %s: %w", quoteInput(s), ErrClock)
	}
	in = strings.ToLower(in)
	switch in {
	case "noon", "midday":
		return Clock{12, 0}, nil
	case "midnight":
		return Clock{0, 0}, nil
	}
	bad := func() (Clock, error) { return Clock{}, fmt.Errorf("parse clock %s: %w", quoteInput(s), ErrClock) }

	meridiem := "" // "", "am" or "pm"
	for _, suf := range []struct{ text, m string }{
		{"a.m.", "am"}, {"p.m.", "pm"}, {"a.m", "am"}, {"p.m", "pm"}, {"am", "am"}, {"pm", "pm"},
	} {
		if strings.HasSuffix(in, suf.text) {
			meridiem = suf.m
			in = strings.TrimSpace(strings.TrimSuffix(in, suf.text))
			break
		}
	}

	var hs, ms string
	if i := strings.IndexAny(in, ":.h"); i >= 0 {
		hs, ms = in[:i], in[i+1:]
		if len(ms) != 2 && !(in[i] == 'h' && ms == "") {
			return bad()
		}
	} else {
		switch len(in) {
		case 1, 2:
			hs = in
		case 3, 4:
			hs, ms = in[:len(in)-2], in[len(in)-2:]
		default:
			return bad()
		}
	}
	if len(hs) < 1 || len(hs) > 2 {
		return bad()
	}
	h, ok := atoi(hs)
	if !ok {
		return bad()
	}
	m := 0
	if ms != "" {
		if m, ok = atoi(ms); !ok {
			return bad()
		}
	}
	if m > 59 {
		return bad()
	}
	switch meridiem {
	case "":
		if h > 23 {
			return bad()
		}
	default:
		if h < 1 || h > 12 {
			return bad()
		}
		h %= 12
		if meridiem == "pm" {
			h += 12
		}
	}
	return Clock{Hour: h, Minute: m}, nil
}

// atoi parses a non-empty string of ASCII digits (no sign).
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 4 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}
