package dialog_test

import (
	"context"
	"fmt"
	"testing"
)

// A conversation saved by the version before flows could push flows
// carries on: its red-flag questions ran inside the check-in (flow
// "checkin", step "red_flag"), and a clear answer still finishes that
// check-in with today's walk; the same inside onboarding goes on to the
// next set-up question.
func TestStateFromBeforeFlowsPush(t *testing.T) {
	cases := []struct {
		name, state string
		want        []string
	}{
		{"check-in", `{"flow":"checkin","step":"red_flag","q":40,"red_flag":0,"checkin":{"at":"2026-11-26T07:00:00Z","leg":3,"back":2,"settled":0,"walk_peak":-1,"spread":false,"rule":""}}`,
			[]string{"Today's walk", "(rule "}},
		{"onboarding", `{"flow":"onboard","step":"red_flag","q":3,"red_flag":5}`,
			[]string{"None of those signs: good to know.", "On a usual morning, how bad is your leg pain?"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t)
			p := h.person("old")
			p.onboard()
			key := fmt.Sprintf("%s:{p:console:old}:dialog", h.prefix)
			if err := h.rdb.HSet(context.Background(), key, "state", c.state).Err(); err != nil {
				t.Fatal(err)
			}
			out := p.say("None of these")
			if c.name == "check-in" {
				out = p.say("None of these")
			}
			mustContain(t, out, c.want...)
		})
	}
}
