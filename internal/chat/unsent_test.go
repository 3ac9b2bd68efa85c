package chat_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"treadwell/internal/chat"
)

// Unsent tells the two ways a Sender sends nothing without failing from
// every other error, wrapped or not.
func TestUnsent(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{chat.ErrNoRoom, true},
		{fmt.Errorf("telegram: %w: %w", chat.ErrNoRoom, context.DeadlineExceeded), true},
		{fmt.Errorf("discord: %w: %w", chat.ErrHeldBack, errors.New("paused")), true},
		{context.DeadlineExceeded, false},
		{chat.ErrUnreachable, false},
		{errors.New("500 Internal Server Error"), false},
	}
	for _, tt := range tests {
		if got := chat.Unsent(tt.err); got != tt.want {
			t.Errorf("Unsent(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
