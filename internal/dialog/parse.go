package dialog

import (
	"errors"
	"strconv"
	"strings"
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

// parseCommand splits a command into its lower-case name and its
// arguments. People in a hurry type "/stop", "/stop!", "/stop3d",
// "/stop\t3d", "/ stop" or "/stop@TreadwellBot 3d": the name is the run
// of letters after the slash (and any spaces), an "@bot" suffix is
// dropped, and punctuation between the name and the arguments is
// ignored.
func parseCommand(text string) (cmd, args string, ok bool) {
	text = strings.TrimSpace(text)
	rest, found := strings.CutPrefix(text, "/")
	if !found {
		return "", "", false
	}
	rest = strings.TrimLeftFunc(rest, unicode.IsSpace)
	end := strings.IndexFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) })
	if end < 0 {
		end = len(rest)
	}
	if end == 0 {
		return "", "", false
	}
	cmd, rest = strings.ToLower(rest[:end]), rest[end:]
	if bot, ok := strings.CutPrefix(rest, "@"); ok {
		rest = ""
		if i := strings.IndexFunc(bot, unicode.IsSpace); i >= 0 {
			rest = bot[i:]
		}
	}
	// Only the punctuation that sticks to the name ("/stop!", "/stop.")
	// goes: "/stop -3d" keeps its sign and is refused as a duration.
	args = strings.TrimLeftFunc(rest, unicode.IsPunct)
	return cmd, strings.TrimSpace(args), true
}

// isPlainStop reports whether text is a stop word on its own ("stop",
// "parar", ...: the stop.words of every language, so it works whatever
// language is set), in any case and with any punctuation, so a person in
// pain need not remember the slash.
func isPlainStop(text string, words []string) bool {
	word := strings.TrimFunc(text, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) })
	return isStopWord(word, words)
}

func isStopWord(word string, words []string) bool {
	for _, w := range words {
		if strings.EqualFold(word, w) {
			return true
		}
	}
	return false
}

// normalize folds an answer for matching against button labels.
func normalize(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}
