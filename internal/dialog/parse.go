package dialog

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// maxAnswer is the longest text taken as an answer; anything longer is
// not an answer to a question about a number or a choice.
const maxAnswer = 200

var (
	errNotNumber = errors.New("not a number")
	errRange     = errors.New("out of range")
)

// numberWords lets people type "seven" for 7.
var numberWords = map[string]int{
	"zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
	"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}

// parseScore reads a 0-10 pain score: "7", "7/10", "seven", " 7 ".
func parseScore(s string) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimSpace(strings.TrimSuffix(s, "out of 10"))
	if head, tail, ok := strings.Cut(s, "/"); ok && strings.TrimSpace(tail) == "10" {
		s = strings.TrimSpace(head)
	}
	n, err := parseInt(s)
	if err != nil {
		return 0, err
	}
	if n < 0 || n > 10 {
		return 0, errRange
	}
	return n, nil
}

// parseMinutes reads a number of minutes: "12", "12 min", "12 minutes".
func parseMinutes(s string, lo, hi int) (int, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, unit := range []string{"minutes", "minute", "mins", "min", "m"} {
		if rest, ok := strings.CutSuffix(s, unit); ok {
			s = strings.TrimSpace(rest)
			break
		}
	}
	n, err := parseInt(s)
	if err != nil {
		return 0, err
	}
	if n < lo || n > hi {
		return 0, errRange
	}
	return n, nil
}

func parseInt(s string) (int, error) {
	if n, ok := numberWords[s]; ok {
		return n, nil
	}
	if s == "" {
		return 0, errNotNumber
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errNotNumber
	}
	return n, nil
}

// parseCommand splits "/stop@TreadwellBot 3d" into "stop" and "3d".
func parseCommand(text string) (cmd, args string, ok bool) {
	text = strings.TrimSpace(text)
	if !strings.HasPrefix(text, "/") || len(text) < 2 {
		return "", "", false
	}
	head, args, _ := strings.Cut(text[1:], " ")
	head, _, _ = strings.Cut(head, "@")
	return strings.ToLower(head), strings.TrimSpace(args), true
}

// isPlainStop reports whether text is a stop word on its own ("stop",
// "parar", ...: the stop.words of every language, so it works whatever
// language is set), in any case and with any punctuation, so a person in
// pain need not remember the slash.
func isPlainStop(text string, words []string) bool {
	word := strings.TrimFunc(text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
	for _, w := range words {
		if strings.EqualFold(word, w) {
			return true
		}
	}
	return false
}

// parseStopUntil reads the argument of /stop: "" (until /resume), "3d",
// "2w", "12h", or "until 2026-12-01" (the start of that day in loc).
func parseStopUntil(args string, now time.Time, loc *time.Location) (time.Time, error) {
	args = strings.ToLower(strings.TrimSpace(args))
	if args == "" {
		return time.Time{}, nil
	}
	if date, ok := strings.CutPrefix(args, "until"); ok {
		d, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(date), loc)
		if err != nil {
			return time.Time{}, errNotNumber
		}
		if !d.After(now) {
			return time.Time{}, errRange
		}
		return d, nil
	}
	unit := args[len(args)-1]
	n, err := strconv.Atoi(strings.TrimSpace(args[:len(args)-1]))
	if err != nil || n <= 0 {
		return time.Time{}, errNotNumber
	}
	var d time.Duration
	switch unit {
	case 'h':
		d = time.Duration(n) * time.Hour
	case 'd':
		d = time.Duration(n) * 24 * time.Hour
	case 'w':
		d = time.Duration(n) * 7 * 24 * time.Hour
	default:
		return time.Time{}, errNotNumber
	}
	if d > 366*24*time.Hour {
		return time.Time{}, errRange
	}
	return now.Add(d), nil
}

// normalize folds an answer for matching against button labels.
func normalize(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
