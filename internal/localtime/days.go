package localtime

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrDays reports reminder days that could not be understood, or an empty
// set of days.
var ErrDays = errors.New("invalid reminder days")

// Days is a set of weekdays: bit w is set when time.Weekday w is in the set.
// Bits above Saturday are ignored.
type Days uint8

// Common sets.
const (
	Daily    Days = 1<<7 - 1
	Weekdays Days = 1<<time.Monday | 1<<time.Tuesday | 1<<time.Wednesday | 1<<time.Thursday | 1<<time.Friday
	Weekends Days = 1<<time.Saturday | 1<<time.Sunday
)

// Has reports whether w is in d.
func (d Days) Has(w time.Weekday) bool {
	return w >= time.Sunday && w <= time.Saturday && d&(1<<w) != 0
}

// mondayFirst is the order String lists days in.
var mondayFirst = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// String returns the canonical form, which ParseDays reads back: "daily",
// "weekdays", "weekends", or three-letter names Monday first, e.g.
// "mon,wed,fri". The empty set gives "".
func (d Days) String() string {
	switch d & Daily {
	case Daily:
		return "daily"
	case Weekdays:
		return "weekdays"
	case Weekends:
		return "weekends"
	}
	var names []string
	for _, w := range mondayFirst {
		if d.Has(w) {
			names = append(names, dayAbbrev[w])
		}
	}
	return strings.Join(names, ",")
}

var dayAbbrev = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// dayNames maps accepted day words to weekdays. Plurals of full names
// ("mondays") are accepted too.
var dayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday, "su": time.Sunday,
	"monday": time.Monday, "mon": time.Monday, "mo": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday, "tu": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday, "weds": time.Wednesday, "we": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "th": time.Thursday,
	"friday": time.Friday, "fri": time.Friday, "fr": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday, "sa": time.Saturday,
}

func dayName(tok string) (time.Weekday, bool) {
	if w, ok := dayNames[tok]; ok {
		return w, true
	}
	if base, ok := strings.CutSuffix(tok, "s"); ok && strings.HasSuffix(base, "day") {
		w, ok := dayNames[base]
		return w, ok
	}
	return 0, false
}

// span returns the days from a to b inclusive, wrapping past Saturday
// ("fri-mon" is fri,sat,sun,mon).
func span(a, b time.Weekday) Days {
	var d Days
	for w := a; ; w = (w + 1) % 7 {
		d |= 1 << w
		if w == b {
			return d
		}
	}
}

// maxDaysLen bounds what ParseDays reads: every day named in full with
// commas and an "and" is 66 bytes, so nothing longer is an answer, and a
// pasted megabyte is refused without being split into words.
const maxDaysLen = 256

var rangeWords = map[string]bool{"-": true, "to": true, "through": true, "thru": true, "till": true, "until": true}

// ParseDays reads a set of reminder days, case-insensitive: "daily",
// "every day", "everyday", "all", "weekdays", "weekends", day names full
// ("Monday"), short ("mon", "tues", "thurs"), or plural ("mondays"),
// separated by commas, spaces, "/", "&" or "and", and ranges with "-" or
// "to" that may wrap ("fri-mon"). Parts combine: "weekdays, sat". An
// empty result is an error, and so is input longer than maxDaysLen.
func ParseDays(s string) (Days, error) {
	bad := func() (Days, error) { return 0, fmt.Errorf("parse days %s: %w", quoteInput(s), ErrDays) }
	in := strings.TrimSpace(s)
	if len(in) > maxDaysLen {
		return bad()
	}
	d, ok := parseDayTokens(dayTokens(in))
	if !ok {
		return bad()
	}
	return d, nil
}

// dayTokens lower-cases s and splits it into words and "-".
func dayTokens(s string) []string {
	return strings.Fields(daysSeparators.Replace(strings.ToLower(s)))
}

// parseDayTokens reads the English tokens of a set of days; ok is false
// when a token is not understood or the set is empty.
func parseDayTokens(toks []string) (Days, bool) {
	bad := func() (Days, bool) { return 0, false }
	var d Days
	for i := 0; i < len(toks); i++ {
		next := ""
		if i+1 < len(toks) {
			next = toks[i+1]
		}
		switch tok := toks[i]; tok {
		case "and", "on":
			continue
		case "daily", "everyday":
			d |= Daily
			continue
		case "all":
			if next == "days" || next == "week" {
				i++
			}
			d |= Daily
			continue
		case "every":
			if next == "day" {
				d |= Daily
				i++
				continue
			}
			if _, ok := dayName(next); ok { // "every monday"
				continue
			}
			return bad()
		case "weekdays", "weekday", "workdays":
			d |= Weekdays
			continue
		case "weekends", "weekend":
			d |= Weekends
			continue
		}
		a, ok := dayName(toks[i])
		if !ok {
			return bad()
		}
		if rangeWords[next] {
			if i+2 >= len(toks) {
				return bad()
			}
			b, ok := dayName(toks[i+2])
			if !ok {
				return bad()
			}
			d |= span(a, b)
			i += 2
			continue
		}
		d |= 1 << a
	}
	if d&Daily == 0 {
		return bad()
	}
	return d, true
}

// daysSeparators spaces out what people put between days and ranges.
// Built once: ParseDays also reads every stored profile's days, and
// building a Replacer cost more than the parse.
var daysSeparators = strings.NewReplacer(
	"\u2013", " - ", "\u2014", " - ", "-", " - ",
	",", " ", ";", " ", "/", " ", "&", " ", "+", " ", ".", " ",
)
