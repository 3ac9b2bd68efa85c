package plan

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// The property test drives the pure rules day by day for simulated
// persons, keeping the history the way the engine does, and checks on
// every person and day what the rules file promises whatever the person
// does. The simulation is deterministic (fixed seeds).

const (
	simPersons = 300
	simDays    = 16*7 + 7 // 17 weeks of local days after onboarding
)

var simZones = []string{"Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "Europe/London", "UTC"}

// person is a simulated person's traits.
type person struct {
	name      string
	loc       *time.Location
	start     time.Time // local midnight of the onboarding day
	tolerance int       // onboarding: minutes before leg pain rises by 2
	reminder  uint8     // reminder days (bit w for time.Weekday w)
	capacity  float64   // minutes walked without much pain; grows with walking
	sens      float64   // how walk pain responds to planned/capacity
	pain      int       // usual morning pain
	noise     int       // morning pain varies by up to this many points
	pMiss     float64   // a day without check-in or walk
	pFlare    float64   // a walk that flares (peak above 5) whatever the dose
	pLapse    float64   // the start of 8-20 days away
	pSpread   float64   // "has it spread or is the leg weaker?" yes
	pLimb     float64   // the weekly lower-limb question yes
	pSecond   float64   // a second check-in later the same day
	pLate     float64   // the day's first check-in at 23:30 (and the next at 00:30)
	pMore     float64   // walking more than planned
	pCut      float64   // cutting a walk short for other reasons
	pDoctor   float64   // a doctor-today red flag at a screen

	good      bool // the good responder: walks peak 0-3, always settled
	alternate bool // mornings one point below and above the usual, in turn
	byAPoint  bool // mornings at the usual or one point above, at random
}

func randomPerson(seed uint64) person {
	r := rand.New(rand.NewPCG(seed, 0x7ead))
	loc := mustZone(simZones[r.IntN(len(simZones))])
	masks := []uint8{daily, daily, mask(mon, tue, wed, thu, fri), mask(mon, wed, fri), mask(tue, thu), mask(mon, tue, thu, sat), uint8(1 + r.IntN(127))}
	start := time.Date(2025, 1, 1+r.IntN(330), 0, 0, 0, 0, loc)
	tol := 4 + r.IntN(37)
	return person{
		name:      fmt.Sprintf("person %d", seed),
		loc:       loc,
		start:     start,
		tolerance: tol,
		reminder:  masks[r.IntN(len(masks))],
		capacity:  float64(tol) * (0.8 + 0.6*r.Float64()),
		sens:      0.1 + 0.9*r.Float64(),
		pain:      1 + r.IntN(6),
		noise:     r.IntN(3),
		pMiss:     0.3 * r.Float64(),
		pFlare:    0.03 * r.Float64(),
		pLapse:    0.01 * r.Float64(),
		pSpread:   0.02 * r.Float64(),
		pLimb:     0.2 * r.Float64(),
		pSecond:   0.3 * r.Float64(),
		pLate:     0.1 * r.Float64(),
		pMore:     0.2 * r.Float64(),
		pCut:      0.05 * r.Float64(),
		pDoctor:   0.01 * r.Float64(),
	}
}

// The two personas the rules file names: a good responder (walks peak
// 0-3, always settled, reminders every day) and a person whose mornings
// vary by a point from day to day.
func goodResponder() person {
	return person{name: "good responder", loc: berlin, start: time.Date(2025, 3, 3, 0, 0, 0, 0, berlin),
		tolerance: 15, reminder: daily, capacity: 15, pain: 3, good: true}
}

// varyingMornings is the rules file's "person whose mornings vary by a
// point from day to day": each morning at the usual pain or one point
// above it.
func varyingMornings() person {
	p := goodResponder()
	p.name, p.byAPoint = "mornings vary by a point", true
	return p
}

// widerMornings vary by up to a point either side of the usual (2 to 4
// for a usual 3): two points apart from one day to the next at times.
// Reported for clinical review: the lower-middle baseline of 7 mornings
// drops to 2 after a run of 2s, a 4 is then "baseline + 2" and REDUCE.
func widerMornings() person {
	p := goodResponder()
	p.name, p.noise = "mornings ±1", 1
	return p
}

func alternatingMornings() person {
	p := goodResponder()
	p.name, p.alternate = "mornings 2,4,2,4", true
	return p
}

// daySim is what the harness keeps of one local day.
type daySim struct {
	checkedIn  bool
	first      RuleID // the first check-in's decision
	final      RuleID // the day's decision after every replacement
	finalCode  string
	startDose  Dose // the dose in force before the first check-in's decision
	restart    bool // a STOP-FLARE or LAPSE restart set the dose this day
	flare      bool // a walk above 5 (STOP-FLARE) this day
	planned    int  // planned minutes of the day's walk
	walked     int
	volume     int // the dose's volume at the end of the day
	atTarget   bool
	neuroUntil int // NEURO-HOLD in force through this day (from the yeses)
	limbUntil  int
}

// sim is one simulated person with the history the engine keeps.
type sim struct {
	t   *testing.T
	p   person
	r   *rand.Rand
	in  Input
	day []daySim

	lastScreen, lastLimb time.Time
	pausedUntil          int  // a pause lasts until this day (the /resume)
	pauseFlare           bool // the pause is a flare (STOP-FLARE) pause
	pauseSince           time.Time
	lastRestartDay       int
	lastWalkDay          int
	counts               map[RuleID]int
	errors               int
	mornings             []morningSim // the first check-in of each local day
}

type morningSim struct{ day, leg, pain int }

func (s *sim) fail(d int, format string, args ...any) {
	s.t.Helper()
	s.errors++
	if s.errors <= 5 {
		s.t.Errorf("%s, day %d (%s): %s", s.p.name, d, s.date(d).Format("Mon 2006-01-02"), fmt.Sprintf(format, args...))
	}
}

// at is hh:mm on local day d of the simulation in the person's zone.
func (s *sim) at(d, hh, mm int) time.Time {
	y, m, dd := s.p.start.Date()
	return time.Date(y, m, dd+d, hh, mm, 0, 0, s.p.loc)
}

func (s *sim) date(d int) time.Time { return s.at(d, 12, 0) }

func (s *sim) localDay(t time.Time) int { return LocalDays(s.p.start, t, s.p.loc) }

func raised(a, b Dose) bool {
	return a.Minutes > b.Minutes || a.Volume() > b.Volume() || a.Pace > b.Pace || a.InclinePct > b.InclinePct
}

// noRaiseRules are the rules under which the day's dose never goes up.
var noRaiseRules = map[RuleID]bool{
	RuleReduce: true, RuleRest: true, RuleHold: true, RuleStopFlare: true,
	RuleNeuroHold: true, RuleLimbHold: true, RuleWeekGuard: true,
}

// holdsNextDay reports whether a day decided by rule (code) allows no
// raise on the next local day. NEURO-HOLD and LIMB-HOLD days are checked
// through their window instead: they last through the 6th local day
// after the last yes and end on the 7th (v2.1), when progression may
// resume.
func holdsNextDay(rule RuleID, code string) bool {
	switch rule {
	case RuleReduce, RuleRest, RuleStopFlare:
		return true
	case RuleHold:
		return code == "not-settled" || code == "walk-pain"
	}
	return false
}

// decided checks every decision, and counts it.
func (s *sim) decided(d int, in Input, dec Decision, what string) {
	s.t.Helper()
	s.counts[dec.Rule]++
	if !slices.Contains(Rules, dec.Rule) {
		s.fail(d, "%s: rule %q not in Rules", what, dec.Rule)
	}
	if dec.Reason.Code == "" {
		s.fail(d, "%s: %s without a reason code", what, dec.Rule)
	}
	if noRaiseRules[dec.Rule] && !in.Dose.IsZero() && raised(dec.Dose, in.Dose) {
		s.fail(d, "%s: %s/%s raised %+v to %+v", what, dec.Rule, dec.Reason.Code, in.Dose, dec.Dose)
	}
	if dec.Rule == RuleStart {
		if want := min(max(popcount(s.p.reminder), 3), 5); dec.Dose.SessionsPerWeek != want {
			s.fail(d, "START with %d sessions, %d reminder days", dec.Dose.SessionsPerWeek, popcount(s.p.reminder))
		}
		if want := min(max(s.p.tolerance*8/10, 5), 20); dec.Dose.Minutes != want {
			s.fail(d, "START at %d minutes for a tolerance of %d", dec.Dose.Minutes, s.p.tolerance)
		}
	}
	if dec.Rule == RuleLapse && d-max(s.lastRestartDay, s.lastWalkDay) < 7 {
		s.fail(d, "%s: LAPSE %d local days after a restart or walk: restarts compound", what, d-max(s.lastRestartDay, s.lastWalkDay))
	}
	if dec.Rule == RuleMaintain {
		since := -1 // the local day the target was reached and held since
		for i := len(s.in.Doses) - 1; i >= 0 && s.in.Doses[i].Dose.AtTarget(); i-- {
			since = s.localDay(s.in.Doses[i].At)
		}
		if since < 0 || d-since < 28 {
			s.fail(d, "MAINTAIN with the target held since day %d", since)
		}
	}
	if dec.SetsDose {
		s.setDose(d, in.Now, dec)
	}
}

// setDose records a dose change and checks the cap against the whole
// history of changes (not through VolumeCap).
func (s *sim) setDose(d int, at time.Time, dec Decision) {
	s.t.Helper()
	nd := dec.Dose
	if len(s.in.Doses) > 0 {
		from := at.Add(-7 * 24 * time.Hour)
		lowest := math.MaxInt
		for _, c := range s.in.Doses {
			if c.At.After(from) {
				lowest = min(lowest, c.Dose.Volume())
			}
		}
		for i := len(s.in.Doses) - 1; i >= 0; i-- {
			if !s.in.Doses[i].At.After(from) {
				lowest = min(lowest, s.in.Doses[i].Dose.Volume())
				break
			}
		}
		if nd.Volume()*10 > lowest*12 {
			s.fail(d, "%s set %+v (%d a week), above 1.2 x %d, the lowest of the preceding 7 x 24 hours", dec.Rule, nd, nd.Volume(), lowest)
		}
	}
	if nd.Minutes < 5 || nd.Minutes > 30 || nd.SessionsPerWeek < 3 || nd.SessionsPerWeek > 5 {
		s.fail(d, "%s set %+v: minutes 5-30, sessions 3-5", dec.Rule, nd)
	}
	if nd.ShortMinutes != 0 && (nd.ShortMinutes < 5 || nd.ShortMinutes >= nd.Minutes) {
		s.fail(d, "%s set %+v: a short session of 5 minutes or more, shorter than the others", dec.Rule, nd)
	}
	if nd.InclinePct < 0 || nd.InclinePct > 5 || (s.in.Place != Treadmill && nd.InclinePct != 0) || nd.Pace > PaceBrisk {
		s.fail(d, "%s set %+v: pace or incline out of range", dec.Rule, nd)
	}
	s.in.Doses = append(s.in.Doses, DoseChange{At: at, Dose: nd, Rule: dec.Rule})
	s.in.Dose = nd
	if dec.Rule == RuleStopFlare || dec.Rule == RuleLapse {
		s.day[d].restart = true
		s.lastRestartDay = d
	}
}

func clamp(v, lo, hi int) int { return min(max(v, lo), hi) }

// viewLen is how many of the newest check-ins, walks and dose changes
// the rules are given, as an engine with a bounded history would: 40
// check-ins cover at least 20 local days here (at most 2 a day), more
// than the 14 of WEEK-GUARD. The harness keeps everything for its own
// checks.
const viewLen = 40

func tail[T any](xs []T, n int) []T { return xs[max(0, len(xs)-n):] }

// view is the Input the rules are given.
func (s *sim) view() Input {
	in := s.in
	in.History, in.Walks, in.Doses = tail(in.History, viewLen), tail(in.Walks, viewLen), tail(in.Doses, viewLen)
	return in
}

func (s *sim) chance(p float64) bool { return s.r.Float64() < p }

// run simulates the person day by day.
func (s *sim) run() {
	p := s.p
	s.in = Input{Loc: p.loc, Place: Treadmill, OnboardingLeg: p.pain, OnboardingBack: max(0, p.pain-1),
		ToleranceMinutes: p.tolerance, ReminderDays: popcount(p.reminder)}
	if s.r.IntN(3) == 0 {
		s.in.Place = Outdoors
	}
	s.day = make([]daySim, simDays)
	s.lastWalkDay, s.pausedUntil = -100, -1

	// Onboarding on day 0 at 09:00: both red-flag lists, then START;
	// the first check-in is the next morning.
	s.in.Now = s.at(0, 9, 0)
	s.lastScreen, s.lastLimb = s.in.Now, s.in.Now
	onboarding := Decide(s.in)
	s.decided(0, s.in, onboarding, "onboarding")
	s.day[0].final, s.day[0].finalCode = onboarding.Rule, onboarding.Reason.Code
	s.day[0].volume = s.in.Dose.Volume()
	s.lastRestartDay = 0
	lateNext := false

	for d := 1; d < simDays; d++ {
		late := lateNext
		lateNext = false
		func() {
			if d < s.pausedUntil {
				return // paused or away
			}
			if d == s.pausedUntil {
				s.resume(d) // at 06:00-06:29, before the check-in
				late = false
			} else if s.chance(p.pMiss) {
				return
			}
			if s.chance(p.pLapse) {
				// Away from tomorrow for 8-20 days; half of them
				// said /stop "something else" and come back with
				// /resume, the others just check in again.
				s.pausedUntil, s.pauseFlare, s.pauseSince = d+1+8+s.r.IntN(13), false, s.at(d, 21, 0)
				if s.chance(0.5) {
					s.pauseSince = time.Time{}
				}
			}
			// A check-in at 23:30 is followed, half the time, by
			// one at 00:30.
			lateNext = s.checkInDay(d, late) && s.chance(0.5)
		}()
		s.day[d].volume, s.day[d].atTarget = s.in.Dose.Volume(), s.in.Dose.AtTarget()
		s.checkDay(d)
	}
}

// resume is the /resume that ends a pause, before the day's check-in.
func (s *sim) resume(d int) {
	at := s.at(d, 6, s.r.IntN(30))
	if s.pauseSince.IsZero() { // away without /stop: no /resume
		return
	}
	in := s.view()
	in.Now, in.Today = at, nil
	if ResumeNeedsRedFlags(s.pauseSince, at, s.p.loc, s.pauseFlare) {
		s.lastScreen = at
	} else if s.pauseFlare {
		s.fail(d, "/resume after a flare without the red-flag screen")
	}
	dec := Restart(in, s.pauseFlare)
	if !s.pauseFlare && dec.Rule != RuleLapse && dec.SetsDose {
		s.fail(d, "/resume after a pause that was not a flare set the dose under %s", dec.Rule)
	}
	if !s.pauseFlare && LocalDays(s.lastWalkAt(), at, s.p.loc) >= 7 && s.lastRestartDay < d-6 && dec.Rule != RuleLapse {
		s.fail(d, "/resume after 7 local days without a walk: %s, want one LAPSE restart", dec.Rule)
	}
	s.decided(d, in, dec, "/resume")
}

func (s *sim) lastWalkAt() time.Time {
	if w, ok := newestWalked(s.in.Walks); ok {
		return w.At
	}
	return time.Time{}
}

// checkInDay is a day with a check-in: decide, maybe a second check-in,
// maybe a walk. It reports whether the check-in was at 23:30.
func (s *sim) checkInDay(d int, late bool) bool {
	p, ds := s.p, &s.day[d]
	ds.startDose = s.in.Dose
	var at time.Time
	lateTonight := !late && s.chance(p.pLate)
	switch {
	case late:
		at = s.at(d, 0, 30) // after a check-in at 23:30 yesterday
	case lateTonight:
		at = s.at(d, 23, 30)
	default:
		at = s.at(d, 7, s.r.IntN(150))
	}
	in := s.view()
	in.Now = at
	if !IsMorning(in) {
		s.fail(d, "the day's first check-in at %v is not the morning check-in", at)
	}
	ci := CheckIn{At: at, WalkPeak: NoPain}
	rw, reported := ReportedWalk(in, at)
	if reported {
		if LocalDays(rw.At, at, p.loc) < 1 || at.Sub(rw.At) > 36*time.Hour {
			s.fail(d, "ReportedWalk %v for a check-in at %v", rw.At, at)
		}
		ci.ReportsOn, ci.WalkPeak = rw.At, rw.Peak
	}
	// Morning pain: the usual, the day's noise, and what the walk did.
	leg := p.pain
	if p.noise > 0 {
		leg += s.r.IntN(2*p.noise+1) - p.noise
	}
	if p.alternate {
		leg += 2*(d%2) - 1
	}
	if p.byAPoint {
		leg += s.r.IntN(2)
	}
	if reported {
		switch {
		case rw.Peak > 5:
			leg += 2 + s.r.IntN(2)
		case rw.Peak >= 4 && s.chance(0.5):
			leg++
		}
		switch {
		case p.good || rw.Peak <= 3 && s.chance(0.95):
			ci.Settled = SettledYes
		case rw.Peak <= 5 && s.chance(0.5):
			ci.Settled = SettledYes
		case rw.Peak <= 5 && s.chance(0.8):
			ci.Settled = SettledNotQuite
		default:
			ci.Settled = SettledNo
		}
	}
	ci.Leg, ci.Back = clamp(leg, 0, 10), clamp(leg-1-s.r.IntN(2), 0, 10)
	if p.good && p.noise == 0 && !p.alternate && !p.byAPoint {
		ci.Leg, ci.Back = p.pain, p.pain-1
	}
	ci.Spread = s.chance(p.pSpread)
	if LimbDue(in, s.lastLimb) {
		ci.LimbAsked, ci.Limb = true, s.chance(p.pLimb)
		s.lastLimb = at
	}
	in.Today = &ci
	bound := s.oracle(d, ci, rw, reported)
	s.mornings = append(s.mornings, morningSim{d, ci.Leg, ci.Pain()})

	// Red flags: at least every 7 local days for a daily check-in.
	gap := LocalDays(s.lastScreen, at, p.loc)
	due := RedFlagsDue(in, s.lastScreen)
	if gap >= 7 && !due {
		s.fail(d, "red flags not due %d local days after the last screen", gap)
	}
	if d > 0 && s.day[d-1].checkedIn && gap > 7 {
		s.fail(d, "checked in daily, yet %d local days since the last red-flag screen", gap)
	}
	if ci.Pain() >= Baseline(in)+2 && !due {
		s.fail(d, "pain %d jumped 2 above baseline %d: red flags not due", ci.Pain(), Baseline(in))
	}
	if due {
		s.lastScreen = at
		in.RedFlags.Doctor = s.chance(p.pDoctor)
	}

	restarted := ds.restart // by the /resume before this check-in
	dec := Decide(in)
	s.decided(d, in, dec, "check-in")
	if slices.Index(Rules, dec.Rule) > slices.Index(Rules, bound) {
		s.fail(d, "decided %s/%s, but the rules file's table says %s or a row above it", dec.Rule, dec.Reason.Code, bound)
	}
	if restarted && (dec.Rule == RuleLapse || dec.Rule == RuleReduce && dec.Reason.Code == "walk-pain") {
		s.fail(d, "the check-in after a restart: %s/%s again", dec.Rule, dec.Reason.Code)
	}
	ds.checkedIn, ds.first = true, dec.Rule
	day := dec
	ci.Rule, ci.Code = dec.Rule, dec.Reason.Code
	s.in.History = append(s.in.History, ci)
	if reported && ci.Settled != SettledUnknown {
		for i := range s.in.Walks {
			if s.in.Walks[i].At.Equal(rw.At) {
				s.in.Walks[i].Settled = ci.Settled
			}
		}
	}
	s.hold(d, ci)
	if dec.Pause { // RF-DOCTOR: paused until /resume in 1-4 days
		s.pausedUntil, s.pauseFlare, s.pauseSince = d+1+s.r.IntN(4), false, at
		s.finish(d, day)
		return lateTonight
	}

	// The walk, in the evening of a planned day with a session.
	walkAt := s.at(d, 17+s.r.IntN(3), s.r.IntN(60))
	var second time.Time
	if !lateTonight && s.chance(p.pSecond) {
		if s.chance(0.5) {
			second = s.at(d, 12+s.r.IntN(4), s.r.IntN(60))
		} else {
			second = s.at(d, 21+s.r.IntN(2), s.r.IntN(60))
		}
	}
	walked := false
	for _, step := range []string{"second-before", "walk", "second-after"} {
		switch {
		case step == "walk" && !lateTonight:
			walked = s.walk(d, walkAt, day)
			if walked && s.day[d].flare {
				day = Decision{Rule: RuleStopFlare, Dose: s.in.Dose, Reason: Reason{Code: "stop"}}
				s.finish(d, day)
				return lateTonight
			}
		case step != "walk" && !second.IsZero() && (step == "second-before") == second.Before(walkAt):
			day = s.secondCheckIn(d, second, ci, day)
		}
	}
	s.finish(d, day)
	return lateTonight
}

// oracle is the highest row of the table that must decide the morning
// check-in ci, worked out from the harness's own records, not through
// the package: NEURO-HOLD for 6 local days after a yes, REDUCE for pain
// 2 above the lower middle of the last 7 mornings or a reported walk
// above 5, LAPSE after 7 local days without a walk or restart,
// LIMB-HOLD, HOLD (not settled, a 4-5 walk not settled, the day after a
// HOLD), WEEK-GUARD (a week 1 point worse).
func (s *sim) oracle(d int, ci CheckIn, rw Walk, reported bool) RuleID {
	bound := RuleStart
	up := func(r RuleID) {
		if slices.Index(Rules, r) < slices.Index(Rules, bound) {
			bound = r
		}
	}
	if ci.Spread || s.day[d].neuroUntil >= d {
		up(RuleNeuroHold)
	}
	baseline := max(s.in.OnboardingLeg, s.in.OnboardingBack)
	if n := len(s.mornings); n >= 3 {
		var pains []int
		for _, m := range s.mornings[max(0, n-7):] {
			pains = append(pains, m.pain)
		}
		slices.Sort(pains)
		baseline = pains[(len(pains)-1)/2]
	}
	if ci.Pain() >= baseline+2 || reported && rw.Peak > 5 {
		up(RuleReduce)
	}
	if d-max(s.lastWalkDay, s.lastRestartDay) >= 7 {
		up(RuleLapse)
	}
	if ci.LimbAsked && ci.Limb || s.day[d].limbUntil >= d {
		up(RuleLimbHold)
	}
	prev := s.day[d-1]
	if ci.Settled == SettledNotQuite || ci.Settled == SettledNo ||
		reported && rw.Peak >= 4 && rw.Peak <= 5 && ci.Settled != SettledYes ||
		prev.final == RuleHold && (prev.finalCode == "not-settled" || prev.finalCode == "walk-pain") {
		up(RuleHold)
	}
	var this, last, nThis, nLast int
	for _, m := range s.mornings {
		switch age := d - m.day; {
		case age < 7:
			this, nThis = this+m.leg, nThis+1
		case age < 14:
			last, nLast = last+m.leg, nLast+1
		}
	}
	this, nThis = this+ci.Leg, nThis+1
	if nLast > 0 && float64(this)/float64(nThis) >= float64(last)/float64(nLast)+1-1e-9 {
		up(RuleWeekGuard)
	}
	return bound
}

// checkSteps checks the steps the rules file spaces out: MAINTAIN only
// after 4 weeks (28 local days) at the target, its pace or incline steps
// at most every 2 weeks; incline only on a treadmill after 2 weeks at 30
// minutes with every walk of them at 0-3.
func (s *sim) checkSteps() {
	cs := s.in.Doses
	for i := 1; i < len(cs); i++ {
		c, d := cs[i], s.localDay(cs[i].At)
		if c.Rule == RuleMaintain || c.Dose.InclinePct > cs[i-1].Dose.InclinePct {
			// the last change before c that was not at 30 minutes
			// (or, for MAINTAIN, not at the target)
			for j := i - 1; j >= 0; j-- {
				bad := cs[j].Dose.Minutes < 30 || c.Rule == RuleMaintain && !cs[j].Dose.AtTarget()
				if !bad {
					continue
				}
				need := 14
				if c.Rule == RuleMaintain {
					need = 28
				}
				if j+1 < len(cs) && d-s.localDay(cs[j+1].At) < need {
					s.fail(d, "%s %+v only %d local days after reaching %+v", c.Rule, c.Dose, d-s.localDay(cs[j+1].At), cs[j+1].Dose)
				}
				break
			}
		}
		if c.Dose.InclinePct > cs[i-1].Dose.InclinePct {
			for _, w := range s.in.Walks {
				if walked(w) && w.At.After(c.At.Add(-14*24*time.Hour)) && w.At.Before(c.At) && w.Peak > 3 {
					s.fail(d, "incline %d%% after a walk at %d within 2 weeks", c.Dose.InclinePct, w.Peak)
				}
			}
		}
		if c.Rule == RuleMaintain && (c.Dose.Pace != cs[i-1].Dose.Pace || c.Dose.InclinePct != cs[i-1].Dose.InclinePct) {
			for j := i - 1; j > 0; j-- {
				if cs[j].Dose.Pace != cs[j-1].Dose.Pace || cs[j].Dose.InclinePct != cs[j-1].Dose.InclinePct {
					if gap := d - s.localDay(cs[j].At); gap < 14 {
						s.fail(d, "MAINTAIN step %d local days after the last pace or incline step", gap)
					}
					break
				}
			}
		}
	}
}

// secondCheckIn is a later check-in the same day: its decision replaces
// the day's only when MayReplace allows.
func (s *sim) secondCheckIn(d int, at time.Time, morning CheckIn, day Decision) Decision {
	ci := CheckIn{At: at, Leg: morning.Leg, Back: morning.Back, WalkPeak: NoPain}
	if s.chance(0.3) {
		ci.Leg = clamp(ci.Leg+2, 0, 10) // pain up
	}
	ci.Spread = s.chance(s.p.pSpread)
	in := s.view()
	in.Now, in.Today = at, &ci
	if IsMorning(in) {
		s.fail(d, "a second check-in at %v counted as the morning one", at)
	}
	later := Decide(in)
	s.decided(d, in, Decision{Rule: later.Rule, Dose: later.Dose, Reason: later.Reason}, "later check-in")
	if MayReplace(day, later) {
		if raised(later.Dose, day.Dose) && later.Session {
			s.fail(d, "MayReplace let %s %+v replace %s %+v", later.Rule, later.Dose, day.Rule, day.Dose)
		}
		if later.SetsDose {
			s.setDose(d, at, later)
		}
		day = later
	} else if noRaiseRules[later.Rule] && !(later.Session && (!day.Session || raised(later.Dose, day.Dose))) {
		s.fail(d, "MayReplace refused %s %+v for %s %+v", later.Rule, later.Dose, day.Rule, day.Dose)
	}
	ci.Rule, ci.Code = day.Rule, day.Reason.Code
	s.in.History = append(s.in.History, ci)
	s.hold(d, ci)
	return day
}

// hold records the NEURO-HOLD and LIMB-HOLD a yes puts in force.
func (s *sim) hold(d int, ci CheckIn) {
	for e := d; e < simDays; e++ {
		if ci.Spread {
			s.day[e].neuroUntil = d + 6
		}
		if ci.LimbAsked && ci.Limb {
			s.day[e].limbUntil = d + 6
		}
	}
}

// walk logs the day's walk when it is a planned day with a session;
// it reports whether there was one.
func (s *sim) walk(d int, at time.Time, day Decision) bool {
	if !day.Session || day.Pause {
		return false
	}
	days := PlannedDays(s.p.reminder, s.in.Dose.SessionsPerWeek)
	planned, ok := SessionMinutes(s.in.Dose, days, at.Weekday())
	if !ok {
		return false
	}
	p := s.p
	w := Walk{At: at, Minutes: planned, Planned: planned}
	if p.good {
		w.Peak = s.r.IntN(4)
	} else {
		ratio := float64(planned) / p.capacity
		w.Peak = clamp(int(math.Round(1+p.sens*(ratio-0.6)*8+s.r.NormFloat64()*0.8)), 0, 10)
		if s.chance(p.pFlare) {
			w.Peak = 6 + s.r.IntN(3)
		}
	}
	switch {
	case Flare(w.Peak):
		// STOP-FLARE: the walk ends, reminders pause for a few days;
		// /stop because of pain asks the red flags.
		w.CutShort, w.Minutes = true, max(1, planned*(3+s.r.IntN(5))/10)
		s.day[d].flare = true
		s.pausedUntil, s.pauseFlare, s.pauseSince = d+1+s.r.IntN(6), true, at
		s.lastScreen = at.Add(5 * time.Minute)
	case s.chance(p.pCut):
		w.CutShort, w.Minutes = true, max(1, planned/2)
	case s.chance(p.pMore):
		w.Minutes = planned * 5 / 4
	}
	if !p.good && w.Peak <= 3 {
		s.p.capacity = math.Min(45, s.p.capacity*1.02) // walking builds tolerance
	}
	s.in.Walks = append(s.in.Walks, w)
	s.lastWalkDay = d
	s.day[d].planned += w.Planned
	s.day[d].walked += w.Minutes
	return true
}

func (s *sim) finish(d int, day Decision) {
	s.day[d].final, s.day[d].finalCode = day.Rule, day.Reason.Code
	if s.day[d].final == "" {
		s.fail(d, "no decision")
	}
}

// checkDay checks a day against the one before it.
func (s *sim) checkDay(d int) {
	ds, prev := s.day[d], s.day[d-1]
	if !ds.checkedIn {
		return
	}
	end := s.in.Dose
	if noRaiseRules[ds.first] && raised(end, ds.startDose) && !ds.restart {
		s.fail(d, "a day decided by %s ends raised from %+v to %+v", ds.first, ds.startDose, end)
	}
	if (holdsNextDay(prev.final, prev.finalCode) || prev.flare || prev.restart) && raised(end, ds.startDose) && !ds.restart {
		s.fail(d, "raised from %+v to %+v the day after a %s/%s day", ds.startDose, end, prev.final, prev.finalCode)
	}
	// NEURO-HOLD and LIMB-HOLD in force through the 6th local day
	// after each yes.
	if d <= ds.neuroUntil && d > 0 {
		switch ds.final {
		case RuleNeuroHold, RuleUrgent, RuleDoctor, RuleStopFlare:
		default:
			s.fail(d, "NEURO-HOLD through day %d, yet %s", ds.neuroUntil, ds.final)
		}
	} else if ds.neuroUntil > 0 && d == ds.neuroUntil+1 && ds.first == RuleNeuroHold {
		s.fail(d, "NEURO-HOLD still in force on the 7th local day after the yes")
	}
	if d <= ds.limbUntil && d > 0 {
		switch ds.final {
		case RuleLimbHold, RuleNeuroHold, RuleRest, RuleReduce, RuleLapse, RuleUrgent, RuleDoctor, RuleStopFlare:
		default:
			s.fail(d, "LIMB-HOLD through day %d, yet %s", ds.limbUntil, ds.final)
		}
	}
	if (d <= ds.neuroUntil || d <= ds.limbUntil) && raised(end, ds.startDose) {
		s.fail(d, "raised during NEURO-HOLD or LIMB-HOLD: %+v to %+v", ds.startDose, end)
	}
}

// checkRaises checks that no local day raised the dose twice.
func (s *sim) checkRaises() {
	perDay := map[int]int{}
	for i := 1; i < len(s.in.Doses); i++ {
		if raised(s.in.Doses[i].Dose, s.in.Doses[i-1].Dose) {
			d := s.localDay(s.in.Doses[i].At)
			if perDay[d]++; perDay[d] > 1 {
				s.fail(d, "two raises in one local day")
			}
		}
	}
}

// week are the figures of week k (1-based) of a simulated person.
type weekFigures struct{ volume, planned, walked int }

func (s *sim) week(k int) weekFigures {
	var f weekFigures
	for d := 7 * (k - 1); d < 7*k && d < simDays; d++ {
		f.planned += s.day[d].planned
		f.walked += s.day[d].walked
	}
	f.volume = s.day[min(7*k-1, simDays-1)].volume
	return f
}

// daysToTarget is the local day on which the dose first reached 30 x 5,
// 0 when it never did.
func (s *sim) daysToTarget() int {
	for d, ds := range s.day {
		if ds.atTarget {
			return d
		}
	}
	return 0
}

func simulate(t *testing.T, p person, seed uint64, counts map[RuleID]int) *sim {
	s := &sim{t: t, p: p, r: rand.New(rand.NewPCG(seed, 0x51b)), counts: counts}
	s.run()
	s.checkRaises()
	s.checkSteps()
	return s
}

func TestProperty_RulesHoldForSimulatedPersons(t *testing.T) {
	counts := map[RuleID]int{}
	zones := map[string]int{}
	days := 0
	for seed := uint64(1); seed <= simPersons; seed++ {
		s := simulate(t, randomPerson(seed), seed, counts)
		zones[s.p.loc.String()]++
		for _, d := range s.day {
			if d.checkedIn {
				days++
			}
		}
	}
	good := simulate(t, goodResponder(), 1001, counts)
	vary := simulate(t, varyingMornings(), 1002, counts)
	wide := simulate(t, widerMornings(), 1004, counts)
	alt := simulate(t, alternatingMornings(), 1003, counts)

	// The personas again with 50 seeds each: the good responder and the
	// mornings that vary by a point always reach 130 by week 12; the
	// wider ±1 mornings are counted for the figures (see widerMornings).
	var reached, hundred, low, high int
	low = math.MaxInt
	for seed := uint64(2000); seed < 2050; seed++ {
		if g := simulate(t, goodResponder(), seed, map[RuleID]int{}); g.week(12).volume < 130 {
			t.Errorf("good responder, seed %d: %d planned minutes a week at week 12, want at least 130", seed, g.week(12).volume)
		}
		if v := simulate(t, varyingMornings(), seed, map[RuleID]int{}); v.week(12).volume < 130 {
			t.Errorf("mornings varying by a point, seed %d: %d planned minutes a week at week 12, want at least 130", seed, v.week(12).volume)
		}
		w := simulate(t, widerMornings(), seed, map[RuleID]int{})
		if d := w.daysToTarget(); d > 0 && d <= 16*7 {
			reached++
		}
		low, high = min(low, w.week(12).volume), max(high, w.week(12).volume)
		if w.week(12).volume >= 100 {
			hundred++
		}
	}

	// The targets for a good responder (simulation): at least 130
	// planned minutes a week by week 12; mornings varying by a point
	// still progress.
	if v := good.week(12).volume; v < 130 {
		t.Errorf("good responder: %d planned minutes a week at week 12, want at least 130", v)
	}
	if v := vary.week(12).volume; v < 130 {
		t.Errorf("mornings varying by a point: %d planned minutes a week at week 12, want at least 130", v)
	}
	if vary.daysToTarget() == 0 {
		t.Errorf("mornings varying by a point: 30 x 5 not reached in 16 weeks")
	}

	// Printed even without -v, in under 15 lines.
	out := &strings.Builder{}
	fmt.Fprintf(out, "property: %d persons, %d check-in days in %d zones, %d weeks each\n", simPersons, days, len(zones), simDays/7)
	for _, s := range []*sim{good, vary, wide, alt} {
		if d := s.daysToTarget(); d > 0 {
			fmt.Fprintf(out, "  %s: 30x5 on day %d (%.1f weeks);", s.p.name, d, float64(d)/7)
		} else {
			fmt.Fprintf(out, "  %s: 30x5 not reached;", s.p.name)
		}
		for _, k := range []int{4, 8, 12} {
			f := s.week(k)
			fmt.Fprintf(out, " wk%d %d/wk (walks planned %d, walked %d);", k, f.volume, f.planned, f.walked)
		}
		n := map[RuleID]int{}
		for _, d := range s.day {
			if d.checkedIn {
				n[d.final]++
			}
		}
		fmt.Fprintf(out, " days: %s\n", ruleCounts(n))
	}
	fmt.Fprintf(out, "  mornings ±1 over 50 more seeds: 30x5 within 16 weeks %d/50, week 12 at 100/wk or more %d/50 (range %d-%d/wk)\n", reached, hundred, low, high)
	fmt.Fprintf(out, "  decisions: %s\n", ruleCounts(counts))
	fmt.Print(out.String())
}

func ruleCounts(n map[RuleID]int) string {
	var parts []string
	for _, r := range Rules {
		if n[r] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r, n[r]))
		}
	}
	return strings.Join(parts, ", ")
}
