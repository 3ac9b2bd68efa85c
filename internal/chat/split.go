package chat

import (
	"strings"
	"unicode/utf8"
)

// SplitText cuts text into parts of at most limit characters, at line
// breaks where it can, for platforms that cap the length of a message
// (Telegram 4,096, Discord 2,000). Characters are never cut in half.
func SplitText(text string, limit int) []string {
	if limit <= 0 || utf8.RuneCountInString(text) <= limit {
		return []string{text}
	}
	var parts []string
	for utf8.RuneCountInString(text) > limit {
		cut := len(text)
		n := 0
		for pos := range text {
			if n == limit {
				cut = pos
				break
			}
			n++
		}
		if nl := strings.LastIndex(text[:cut], "\n"); nl > 0 {
			cut = nl
		}
		parts = append(parts, text[:cut])
		text = strings.TrimPrefix(text[cut:], "\n")
	}
	if text != "" {
		parts = append(parts, text)
	}
	return parts
}
