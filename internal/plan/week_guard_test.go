package plan

import "testing"

// WEEK-GUARD (v2.1): the average leg pain of the morning check-ins of the
// last 7 local days (today included) is at least 1 point above that of
// the 7 local days before: no progression (HOLD at most). A smaller rise
// is noise.
func TestRule_WEEK_GUARD_OnePointUp(t *testing.T) {
	guard := holding(RuleWeekGuard, "week-worse", dose(12, 3))
	// weeks sets last week's (days -13..-7) and this week's (days -6..-1)
	// morning leg pains and today's.
	weeks := func(last []int, this []int, today int) func(*Input) {
		return func(in *Input) {
			in.History = append(mornings(-13, -7, last...), mornings(-6, -1, this...)...)
			in.Today.Leg = today
		}
	}
	runDecide(t, []decideCase{
		{"+1.0 exactly: fires", weeks([]int{3}, []int{4}, 4), guard},
		{"+0.86 (six 4s and a 3 against 3s): does not", weeks([]int{3}, []int{4}, 3), progressed},
		{"+0.86 with the 3 earlier in the week", weeks([]int{3}, []int{3, 4}, 4), progressed},
		{"today counts: +1.0 with today's 4", weeks([]int{3}, []int{4, 4, 4, 4, 4, 4}, 4), guard},
		{"later check-ins are not mornings", func(in *Input) {
			weeks([]int{3}, []int{4}, 3)(in)
			for d := -6; d <= -1; d++ {
				in.History = append(in.History, CheckIn{At: on(d, 21, 0), Leg: 9, Back: 1, Rule: RuleHold, Code: "building"})
			}
			sortByAt(in.History)
		}, progressed},
		{"leg pain, not back pain", func(in *Input) {
			weeks([]int{3}, []int{3}, 3)(in)
			for i := range in.History[7:] {
				in.History[7+i].Back = 4
			}
			in.Today.Back = 4
		}, progressed},
		{"no morning last week: nothing to compare", func(in *Input) { in.History = mornings(-6, -1, 5); in.Today.Leg = 5 }, progressed},
		{"HOLD comes first", func(in *Input) { weeks([]int{3}, []int{4}, 4)(in); in.Today.Settled = SettledNotQuite }, holding(RuleHold, "not-settled", dose(12, 3))},
	})
}

// It applies on each day it holds: two weeks at 2, then from day -7 at
// 4; the guard holds on days 0, 1 and 2 (last week's average 2.29, 2.57,
// 2.86) and lifts on day 3 (3.14: +0.86).
func TestRule_WEEK_GUARD_EachDayItHolds(t *testing.T) {
	for day, fires := range map[int]bool{0: true, 1: true, 2: true, 3: false} {
		in := base()
		in.History = append(mornings(-19, -8, 2), mornings(-7, day-1, 4)...)
		in.Walks = []Walk{walkOn(day-2, 12, 2), walkOn(day-1, 12, 2)}
		in.Walks[0].Settled = SettledYes
		in.Today.Leg, in.Today.ReportsOn = 4, in.Walks[1].At
		in.at(on(day, 8, 0))
		got := Decide(in)
		if fires != (got.Rule == RuleWeekGuard) {
			t.Errorf("day %d: %s/%s, WEEK-GUARD %v", day, got.Rule, got.Reason.Code, fires)
		}
	}
}
