package profile

import (
	"testing"
	"time"
)

func TestDropNewest(t *testing.T) {
	at := time.Date(2026, 11, 26, 7, 0, 0, 0, time.UTC)
	var es []Entry
	for i := range 3 {
		es = append(es, Entry{Kind: KindResume, At: at.Add(time.Duration(i) * time.Hour)})
	}
	window, err := AppendEntries(nil, es)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		n    int
		want int
		ok   bool
	}{{0, 3, true}, {1, 2, true}, {3, 0, true}, {4, 0, false}, {-1, 0, false}}
	for _, tt := range tests {
		got, err := DropNewest(window, tt.n)
		if (err == nil) != tt.ok {
			t.Fatalf("DropNewest(%d): err = %v", tt.n, err)
		}
		if !tt.ok {
			continue
		}
		left, err := DecodeEntries(got)
		if err != nil || len(left) != tt.want {
			t.Fatalf("DropNewest(%d) left %d entries (%v), want %d", tt.n, len(left), err, tt.want)
		}
		for i, e := range left {
			if !e.At.Equal(es[i].At) {
				t.Fatalf("DropNewest(%d) kept %v at %d, want the oldest %v", tt.n, e.At, i, es[i].At)
			}
		}
	}
}
