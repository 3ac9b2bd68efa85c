package dialog

import (
	"fmt"

	gojson "github.com/goccy/go-json"

	"treadwell/internal/plan"
)

// flow names a conversation; each is declared in a file of its own and
// listed in flows (flow.go).
type flow string

// flowNone is no conversation: the person is idle.
const flowNone flow = ""

// state is where the conversation stands. It is saved as JSON in the
// store's dialog key, versioned by the store.
type state struct {
	Flow flow   `json:"flow,omitempty"`
	Step stepID `json:"step,omitempty"`
	// Return holds, innermost last, the flows that pushed the current
	// one (the red-flag check inside a check-in) and where each carries
	// on.
	Return []frame `json:"return,omitempty"`
	// Q numbers the questions asked; a button carries the Q of its
	// question, so a press on an older question is recognised as stale.
	Q int `json:"q"`
	// RedFlag is the index of the red-flag item being asked.
	RedFlag int `json:"red_flag,omitempty"`
	// CheckIn holds the answers of a check-in in progress.
	CheckIn plan.CheckIn `json:"checkin,omitzero"`
	// Walk holds the answers of a walk being logged.
	Walk plan.Walk `json:"walk,omitzero"`
	// ZoneChoices are the zones an answer to the zone question may mean
	// ("IST"), asked about next; ZoneAnswer is that answer, as typed,
	// and ZoneFromAbbreviation says it was an abbreviation (so the zone
	// chosen stands in for it: localtime.Candidate).
	ZoneChoices          []string `json:"zone_choices,omitempty"`
	ZoneAnswer           string   `json:"zone_answer,omitempty"`
	ZoneFromAbbreviation bool     `json:"zone_from_abbreviation,omitempty"`
	// Undo is the entry /undo asked about.
	Undo undoTarget `json:"undo,omitzero"`
}

func decodeState(data []byte) (state, error) {
	var s state
	if len(data) == 0 {
		return s, nil
	}
	if err := gojson.Unmarshal(data, &s); err != nil {
		return state{}, fmt.Errorf("decode dialog state: %w", err)
	}
	return s.migrated(), nil
}

// migrated reads a state saved by an older version. Before flows could
// push flows, the red-flag questions ran inside the flow that asked them
// (flow "checkin", step "red_flag"): that is now the red-flag flow,
// pushed by the step of the old flow that asks it, returning to the step
// after that one. The language question had no flow.
func (s state) migrated() state {
	if s.Step == "" {
		return s
	}
	if d := flows[s.Flow]; d != nil && d.index(s.Step) >= 0 {
		return s
	}
	if s.Step == stepRedFlag && s.Flow != flowRedFlags {
		if d := flows[s.Flow]; d != nil {
			for i, st := range d.steps {
				if st.pushes == flowRedFlags {
					ret := frame{Flow: s.Flow}
					if i+1 < len(d.steps) {
						ret.Step = d.steps[i+1].id
					}
					s.Return = append(s.Return, ret)
					break
				}
			}
		}
		s.Flow = flowRedFlags
		return s
	}
	if s.Flow == flowNone && s.Step == stepLanguage {
		s.Flow = flowLanguage
	}
	return s
}
