// Package localtime understands what people type about time — a clock time
// ("7:30am"), a zone ("Berlin", "UTC+05:30", "Europe/Berlin") and reminder
// days ("weekdays", "mon,wed,fri") — and computes when the next daily
// reminder is due in a person's own zone, with explicit rules for DST gaps
// and repeats (see Next).
//
// Parsers return errors wrapping the sentinels ErrClock, ErrZone (and
// ErrOffset) and ErrDays; the wording shown to people is the caller's.
//
// The package embeds Go's zone database (time/tzdata), used when the
// machine has no zoneinfo of its own, so zones load everywhere.
package localtime

import (
	"strconv"
	"unicode/utf8"
)

// quoteInput quotes what a person typed for an error message, cut to 64
// bytes (at a character boundary) with the full length noted. A pasted
// megabyte would otherwise be copied, escaped, into every refusal and
// into any log line that carries the error.
func quoteInput(s string) string {
	const keep = 64
	if len(s) <= keep {
		return strconv.Quote(s)
	}
	n := keep
	for n > keep-utf8.UTFMax && !utf8.RuneStart(s[n]) {
		n--
	}
	return strconv.Quote(s[:n]) + "…(" + strconv.Itoa(len(s)) + " bytes)"
}
