package plan

import (
	"testing"
	"time"
	_ "time/tzdata" // the zones of the tests, whatever the machine has
)

// The tests count local days in Berlin, where summer time began in the
// night of 30 March 2025 (02:00 CET became 03:00 CEST): local day -1 of
// the fixtures is 23 hours long.
var berlin = mustZone("Europe/Berlin")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// on is hh:mm in Berlin on local day d, day 0 being Monday 31 March 2025
// (the first day of summer time), negative days before it.
func on(d, hh, mm int) time.Time {
	return time.Date(2025, time.March, 31+d, hh, mm, 0, 0, berlin)
}

// now is the instant the fixtures decide at: Monday 31 March 2025, 08:00
// CEST.
var now = on(0, 8, 0)

func dose(minutes, sessions int) Dose { return Dose{Minutes: minutes, SessionsPerWeek: sessions} }

// morning is a check-in at 08:00 on local day d with leg pain leg (back
// pain 1), decided HOLD "building".
func morning(d, leg int) CheckIn {
	return CheckIn{At: on(d, 8, 0), Leg: leg, Back: 1, WalkPeak: NoPain, Rule: RuleHold, Code: "building"}
}

// mornings are morning check-ins on local days from..to (inclusive), the
// leg pains one a day in order (the last one repeated when there are
// fewer pains than days).
func mornings(from, to int, legs ...int) []CheckIn {
	var out []CheckIn
	for d := from; d <= to; d++ {
		out = append(out, morning(d, legs[min(d-from, len(legs)-1)]))
	}
	return out
}

// walkOn is a walk at 18:00 on local day d, walked as planned.
func walkOn(d, planned, peak int) Walk {
	return Walk{At: on(d, 18, 0), Minutes: planned, Planned: planned, Peak: peak}
}

// base is a steady person at 12 minutes, 3 sessions a week (set by START
// 10 days ago): mornings at 3 for the last 7 local days (baseline 3),
// walks of 12 minutes peaking at 2 on days -2 and -1, the first settled,
// and today's check-in (pain 3) answering "settled" for the second.
// Decide gives PROGRESS to 13 minutes.
func base() Input {
	w1, w2 := walkOn(-2, 12, 2), walkOn(-1, 12, 2)
	w1.Settled = SettledYes
	return Input{
		Now:              now,
		Loc:              berlin,
		Place:            Treadmill,
		OnboardingLeg:    3,
		OnboardingBack:   2,
		ToleranceMinutes: 15,
		ReminderDays:     3,
		Dose:             dose(12, 3),
		Doses:            []DoseChange{{At: on(-10, 8, 0), Dose: dose(12, 3), Rule: RuleStart}},
		Today:            &CheckIn{At: now, Leg: 3, Back: 1, Settled: SettledYes, WalkPeak: 2, ReportsOn: w2.At},
		History:          mornings(-7, -1, 3),
		Walks:            []Walk{w1, w2},
	}
}

// at moves the decision (and today's check-in) to t.
func (in *Input) at(t time.Time) {
	in.Now = t
	if in.Today != nil {
		in.Today.At = t
	}
}

// want is what a test asserts of a Decision.
type want struct {
	rule    RuleID
	code    string
	dose    Dose
	session bool
	pause   bool
	advice  Advice
	sets    bool
}

// decideCase is one row of a Decide table test: base() changed by mod.
type decideCase struct {
	name string
	mod  func(in *Input)
	want want
}

func runDecide(t *testing.T, cases []decideCase) {
	t.Helper()
	runWith(t, Decide, cases)
}

func runWith(t *testing.T, f func(Input) Decision, cases []decideCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := base()
			if c.mod != nil {
				c.mod(&in)
			}
			check(t, f(in), c.want)
		})
	}
}

func check(t *testing.T, got Decision, w want) {
	t.Helper()
	if got.Rule != w.rule || got.Reason.Code != w.code {
		t.Errorf("rule %s/%s, want %s/%s", got.Rule, got.Reason.Code, w.rule, w.code)
	}
	if got.Dose != w.dose {
		t.Errorf("dose %+v, want %+v", got.Dose, w.dose)
	}
	if got.Session != w.session || got.Pause != w.pause || got.Advice != w.advice || got.SetsDose != w.sets {
		t.Errorf("session/pause/advice/sets %v/%v/%v/%v, want %v/%v/%v/%v",
			got.Session, got.Pause, got.Advice, got.SetsDose, w.session, w.pause, w.advice, w.sets)
	}
}

// Shorthands for common expectations.
func progressTo(d Dose, code string) want {
	return want{rule: RuleProgress, code: code, dose: d, session: true, sets: true}
}
func capped(d Dose) want { return want{rule: RuleProgress, code: "capped", dose: d, session: true} }
func holding(rule RuleID, code string, d Dose) want {
	return want{rule: rule, code: code, dose: d, session: true}
}
func reduceTo(code string, d Dose) want {
	return want{rule: RuleReduce, code: code, dose: d, session: true, sets: true}
}

// progressed is base's decision: PROGRESS from 12 to 13 minutes.
var progressed = progressTo(dose(13, 3), "minutes")

func TestBaseFixtureProgresses(t *testing.T) {
	check(t, Decide(base()), progressed)
}
