package dialog

import (
	"errors"
	"slices"
	"strconv"
)

// The weeks a /report covers: 4 unless the person asks for more (or
// fewer), at most half a year, which the chart and one or two pages
// still hold.
const (
	reportWeeksDefault = 4
	reportWeeksMax     = 26
	maxReportArg       = 40 // longer arguments are not a number of weeks
)

var errReportWeeks = errors.New("not a number of weeks from 1 to 26")

// parseReportWeeks reads /report's argument: nothing (4 weeks), or a
// number of weeks with or without a unit of any language: "12", "12w",
// "12 weeks", "12 semanas", "12s", "doce semanas". units are the week
// words longest first; number turns a number word into digits.
func parseReportWeeks(s string, units []string, number func(string) string) (int, error) {
	if len(s) > maxReportArg {
		return 0, errReportWeeks
	}
	s = normalize(s)
	if s == "" {
		return reportWeeksDefault, nil
	}
	s = number(cutWord(s, units))
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > reportWeeksMax || s != strconv.Itoa(n) {
		return 0, errReportWeeks
	}
	return n, nil
}

// longestFirst sorts words so that the longest is tried first ("semanas"
// before "s").
func longestFirst(words []string) []string {
	out := slices.Clone(words)
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}
