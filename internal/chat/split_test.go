package chat

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitText(t *testing.T) {
	lines := strings.Repeat("0123456789\n", 1000) // 11,000 characters
	cases := []struct {
		name  string
		text  string
		limit int
		parts int
	}{
		{"short", "hello", 10, 1},
		{"exactly the limit", "0123456789", 10, 1},
		{"at line breaks", lines, 4096, 3},
		{"no line breaks", strings.Repeat("x", 25), 10, 3},
		{"multibyte", strings.Repeat("ü", 25), 10, 3},
		{"no limit", "abc", 0, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			parts := SplitText(c.text, c.limit)
			if len(parts) != c.parts {
				t.Fatalf("%d parts, want %d", len(parts), c.parts)
			}
			total := 0
			for _, p := range parts {
				if n := utf8.RuneCountInString(p); c.limit > 0 && n > c.limit {
					t.Fatalf("part of %d characters over %d", n, c.limit)
				}
				if !utf8.ValidString(p) {
					t.Fatal("part cut inside a character")
				}
				total += utf8.RuneCountInString(p)
			}
			if lost := utf8.RuneCountInString(c.text) - total; lost < 0 || lost > c.parts {
				t.Fatalf("lost %d characters (only the newlines at cuts may go)", lost)
			}
		})
	}
}
