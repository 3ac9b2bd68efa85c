package plan

import (
	"testing"
	"time"
)

// doseSet makes d the current dose, set by rule on local day -ago at 08:00
// (and in force since then), with the two walks of base at its minutes.
func doseSet(ago int, d Dose, rule RuleID) func(*Input) {
	return func(in *Input) {
		in.Dose = d
		in.Doses = []DoseChange{{At: on(-ago, 8, 0), Dose: d, Rule: rule}}
		for i := range in.Walks {
			in.Walks[i].Minutes, in.Walks[i].Planned = d.Minutes, d.Minutes
		}
	}
}

// PROGRESS: each of the last 2 walks since the current dose was last set
// (by any rule, even to the same minutes) peaked at 0-5 and settled back
// by the next morning (a 0-3 walk with no next-morning answer counts as
// settled); otherwise HOLD "building".
func TestRule_PROGRESS_TwoGoodWalksSinceTheDoseWasSet(t *testing.T) {
	building := holding(RuleHold, "building", dose(12, 3))
	runDecide(t, []decideCase{
		{"two walks at 2, settled", nil, progressed},
		{"one walk since the dose was set", func(in *Input) {
			in.Doses = append(in.Doses, DoseChange{At: on(-2, 20, 0), Dose: dose(12, 3), Rule: RuleReduce})
		}, building},
		{"set to the same minutes counts as set", func(in *Input) {
			in.Doses = append(in.Doses, DoseChange{At: on(-1, 12, 0), Dose: dose(12, 3), Rule: RuleLapse})
		}, building},
		{"the last 2 of 3: an older bad walk does not matter", func(in *Input) {
			in.Walks = append([]Walk{{At: on(-3, 18, 0), Minutes: 12, Planned: 12, Peak: 5, Settled: SettledNo}}, in.Walks...)
		}, progressed},
		{"one of them cut short", func(in *Input) { in.Walks[0].CutShort = true }, building},
		{"one of them peaked at 6", func(in *Input) { in.Walks[0].Peak = 6 }, building},
		{"one of them without a pain score", func(in *Input) { in.Walks[0].Peak = NoPain }, building},
		{"a 0-3 walk with no next-morning answer counts as settled", func(in *Input) { in.Walks[0].Peak, in.Walks[0].Settled = 3, SettledUnknown }, progressed},
		{"a 4-5 walk with no next-morning answer does not", func(in *Input) { in.Walks[0].Peak, in.Walks[0].Settled = 4, SettledUnknown }, building},
		{"a 4-5 walk that settled does", func(in *Input) { in.Walks[0].Peak = 5 }, progressed},
		{"walked 20 of 12 planned: about 10% of the plan, not more", func(in *Input) { in.Walks[0].Minutes, in.Walks[1].Minutes = 20, 20 }, progressed},
	})
}

// "Settled" belongs to a walk: the morning answer is stored on the most
// recent walk before it, and PROGRESS looks at each walk's own answer.
func TestRule_PROGRESS_SettledBelongsToItsWalk(t *testing.T) {
	building := holding(RuleHold, "building", dose(12, 3))
	runDecide(t, []decideCase{
		{"the older walk's own answer was not quite: today's yes does not cover it", func(in *Input) {
			in.Walks[0].Settled = SettledNotQuite
		}, building},
		{"today's yes is the reported walk's answer (peak 5, not yet joined)", func(in *Input) {
			in.Walks[1].Peak, in.Today.WalkPeak = 5, 5
		}, progressed},
		{"without ReportsOn the yes belongs to no logged walk", func(in *Input) {
			in.Walks[1].Peak, in.Today.WalkPeak, in.Today.ReportsOn = 5, 5, time.Time{}
		}, building},
		{"the joined answer of the reported walk is today's, not the log's", func(in *Input) {
			in.Walks[1].Peak, in.Walks[1].Settled, in.Today.WalkPeak = 5, SettledNo, 5
		}, progressed},
	})
}

// PROGRESS: increase by about 10%, at least 1 minute; minutes up to 30,
// then sessions per week up to 5, then a brisker pace; incline only after
// 2 weeks at 30 minutes with every walk in 0-3, by 1% steps.
func TestRule_PROGRESS_Order(t *testing.T) {
	brisk := func(s int) Dose { return Dose{Minutes: 30, SessionsPerWeek: s, Pace: PaceBrisk} }
	then := func(fs ...func(*Input)) func(*Input) {
		return func(in *Input) {
			for _, f := range fs {
				f(in)
			}
		}
	}
	runDecide(t, []decideCase{
		{"5 -> 6", doseSet(10, dose(5, 3), RuleStart), progressTo(dose(6, 3), "minutes")},
		{"14 -> 15", doseSet(10, dose(14, 3), RuleProgress), progressTo(dose(15, 3), "minutes")},
		{"15 -> 17 (1.5 rounds up)", doseSet(10, dose(15, 3), RuleProgress), progressTo(dose(17, 3), "minutes")},
		{"25 -> 28", doseSet(10, dose(25, 3), RuleProgress), progressTo(dose(28, 3), "minutes")},
		{"29 -> 30, not 32", doseSet(10, dose(29, 3), RuleProgress), progressTo(dose(30, 3), "minutes")},
		{"minutes first, at 5 sessions too", doseSet(10, dose(20, 5), RuleProgress), progressTo(dose(22, 5), "minutes")},
		{"pace and incline carried", doseSet(10, Dose{Minutes: 20, SessionsPerWeek: 3, InclinePct: 1}, RuleProgress),
			progressTo(Dose{Minutes: 22, SessionsPerWeek: 3, InclinePct: 1}, "minutes")},
		{"30 minutes: a session more (shorter, the cap)", doseSet(10, dose(30, 3), RuleProgress),
			progressTo(Dose{Minutes: 30, SessionsPerWeek: 4, ShortMinutes: 18}, "sessions-short")},
		{"30 x 5: a brisker pace", doseSet(10, dose(30, 5), RuleProgress), progressTo(brisk(5), "pace")},
		{"a pace or incline step at most every 7 days", then(doseSet(10, dose(30, 5), RuleProgress),
			func(in *Input) {
				in.Doses = append(in.Doses, DoseChange{At: on(-3, 8, 0), Dose: dose(30, 5), Rule: RuleProgress})
			}), capped(dose(30, 5))},
		{"brisk, 13 local days at 30 minutes: no incline yet", doseSet(13, brisk(5), RuleProgress), holding(RuleProgress, "incline-wait", brisk(5))},
		{"brisk, 14 local days at 30 minutes, walks 0-3: 1% incline", doseSet(14, brisk(5), RuleProgress),
			progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 1}, "incline")},
		{"a walk at 4 in those 2 weeks: no incline", then(doseSet(20, brisk(5), RuleProgress), func(in *Input) {
			in.Walks = append([]Walk{{At: on(-6, 18, 0), Minutes: 30, Planned: 30, Peak: 4, Settled: SettledYes}}, in.Walks...)
		}), holding(RuleProgress, "incline-wait", brisk(5))},
		{"outdoors, brisk: at the target", then(doseSet(20, brisk(5), RuleProgress), func(in *Input) { in.Place = Outdoors }),
			holding(RuleProgress, "at-target", brisk(5))},
		{"incline 4 -> 5", doseSet(20, Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 4}, RuleProgress),
			progressTo(Dose{Minutes: 30, SessionsPerWeek: 5, Pace: PaceBrisk, InclinePct: 5}, "incline")},
	})
}
