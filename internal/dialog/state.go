package dialog

import (
	"encoding/json"
	"fmt"

	"treadwell/internal/plan"
)

// flow is the conversation a person is in.
type flow string

const (
	flowNone     flow = ""
	flowOnboard  flow = "onboard"
	flowCheckIn  flow = "checkin"
	flowWalk     flow = "walk"
	flowSettings flow = "settings"
	flowDelete   flow = "delete"
	flowRedFlags flow = "redflags" // a red-flag check on its own (after /stop, weekly)
	flowResume   flow = "resume"
)

// state is where the conversation stands. It is saved as JSON in the
// store's dialog key, versioned by the store.
type state struct {
	Flow flow   `json:"flow,omitempty"`
	Step stepID `json:"step,omitempty"`
	// Q numbers the questions asked; a button carries the Q of its
	// question, so a press on an older question is recognised as stale.
	Q int `json:"q"`
	// RedFlag is the index of the red-flag item being asked.
	RedFlag int `json:"red_flag,omitempty"`
	// CheckIn holds the answers of a check-in in progress.
	CheckIn plan.CheckIn `json:"checkin,omitzero"`
	// Walk holds the answers of a walk being logged.
	Walk plan.Walk `json:"walk,omitzero"`
}

func decodeState(data []byte) (state, error) {
	var s state
	if len(data) == 0 {
		return s, nil
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return state{}, fmt.Errorf("decode dialog state: %w", err)
	}
	return s, nil
}
