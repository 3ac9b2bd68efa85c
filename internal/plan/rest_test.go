package plan

import (
	"testing"
	"time"
)

// REST: REDUCE would match on this check-in and the previous check-in, no
// more than 3 local days earlier, was decided by REDUCE or REST: a rest
// day (no session, same dose). On the third such check-in in a row,
// advise a clinician. Checked before REDUCE.
func TestRule_REST_AfterAReduce(t *testing.T) {
	rest := want{rule: RuleRest, code: "rest", dose: dose(12, 3)}
	notSettling := want{rule: RuleRest, code: "not-settling", dose: dose(12, 3), advice: AdviceIfNotSettled}
	// previous replaces the history with mornings at 3 on days -10..-5
	// and then check-ins at the given times decided by the given rules.
	previous := func(prev ...CheckIn) func(*Input) {
		return func(in *Input) {
			in.History = append(mornings(-10, -5, 3), prev...)
			in.Today.Leg = 5 // baseline 3 + 2: REDUCE matches
		}
	}
	decided := func(at time.Time, rule RuleID) CheckIn {
		return CheckIn{At: at, Leg: 5, Back: 1, WalkPeak: NoPain, Rule: rule, Code: "x"}
	}
	runDecide(t, []decideCase{
		{"yesterday REDUCE, today REDUCE again: rest", previous(decided(on(-1, 8, 0), RuleReduce)), rest},
		{"yesterday REST: rest again", previous(decided(on(-1, 8, 0), RuleRest)), rest},
		{"yesterday HOLD: REDUCE", previous(decided(on(-1, 8, 0), RuleHold)), reduceTo("morning-pain", dose(9, 3))},
		// Friday 28 March 00:30 CET: 3 local days before Monday.
		{"3 local days earlier at 00:30: rest", previous(decided(on(-3, 0, 30), RuleReduce)), rest},
		// Thursday 27 March 23:30 CET: only 79.5 hours before Monday
		// 08:00 CEST, but 4 local days.
		{"4 local days earlier at 23:30: REDUCE", previous(decided(on(-4, 23, 30), RuleReduce)), reduceTo("morning-pain", dose(9, 3))},
		{"the walk peak trigger counts too", func(in *Input) {
			previous(decided(on(-1, 8, 0), RuleReduce))(in)
			in.Today.Leg, in.Today.WalkPeak, in.Walks[1].Peak = 3, 7, 7
		}, rest},
		{"REDUCE does not match today: no rest", func(in *Input) {
			previous(decided(on(-1, 8, 0), RuleReduce))(in)
			in.Today.Leg = 4
		}, progressed},
		{"the day's last check-in carries its decision", previous(decided(on(-1, 8, 0), RuleProgress), decided(on(-1, 20, 0), RuleReduce)), rest},
		{"REDUCE, REST, today: the third in a row advises a clinician",
			previous(decided(on(-2, 8, 0), RuleReduce), decided(on(-1, 8, 0), RuleRest)), notSettling},
		{"REST, REST, today: the third in a row", previous(decided(on(-3, 8, 0), RuleRest), decided(on(-1, 8, 0), RuleRest)), notSettling},
		{"HOLD, REST, today: only two", previous(decided(on(-2, 8, 0), RuleHold), decided(on(-1, 8, 0), RuleRest)), rest},
		{"REDUCE 4 days before the REST: only two", previous(decided(on(-5, 8, 0), RuleReduce), decided(on(-1, 8, 0), RuleRest)), rest},
	})
}

// The previous check-in of a later check-in is the day's earlier one: a
// morning REDUCE and, later that day, pain still 2 above baseline is a
// rest, not a second reduction the same day.
func TestRule_REST_LaterTheSameDay(t *testing.T) {
	in := base()
	in.History = append(in.History, CheckIn{At: now, Leg: 5, Back: 1, WalkPeak: 2, Rule: RuleReduce, Code: "morning-pain"})
	in.Dose = dose(9, 3)
	in.Doses = append(in.Doses, DoseChange{At: now, Dose: dose(9, 3), Rule: RuleReduce})
	in.Today = &CheckIn{Leg: 5, Back: 1, WalkPeak: NoPain}
	in.at(on(0, 15, 0))
	day := Decision{Rule: RuleReduce, Dose: dose(9, 3), Session: true}
	got := Decide(in)
	check(t, got, want{rule: RuleRest, code: "rest", dose: dose(9, 3)})
	if !MayReplace(day, got) {
		t.Errorf("MayReplace(REDUCE, REST) = false: the rest day must replace the morning's REDUCE")
	}

	// A morning REST with yesterday's REDUCE before it: the later
	// check-in is the third in a row.
	in.History[len(in.History)-2].Rule = RuleReduce
	in.History[len(in.History)-1].Rule = RuleRest
	check(t, Decide(in), want{rule: RuleRest, code: "not-settling", dose: dose(9, 3), advice: AdviceIfNotSettled})
}
