package simulation_test

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"treadwell/internal/plan"
)

// checkCheckIn checks a check-in against the rules file as the test reads
// it: the red-flag screen and the lower-limb question when due, and the
// morning decision against the conditions the test can tell on its own
// (the person's answers, its walks and the dose changes seen). It runs
// before c joins p.checkins.
func (p *person) checkCheckIn(c *checkinRec) {
	var lastScreen time.Time
	for _, s := range p.screens {
		if s.at.Before(c.at) {
			lastScreen = s.at
		}
	}
	baseline := p.baseline(c.at)
	jump := c.morning && c.pain() >= baseline+2
	switch {
	case lastScreen.IsZero() || p.localDays(lastScreen, c.at) >= 7:
		if !c.screened {
			p.fail("red flags not asked when due", "%s: the last red-flag screen was %d local days earlier (%s)",
				p.stamp(c.at), p.localDays(lastScreen, c.at), p.stamp(lastScreen))
		}
	case jump && !c.screened:
		p.fail("red flags not asked when due", "%s: morning pain %d is 2+ above the baseline %d", p.stamp(c.at), c.pain(), baseline)
	}
	// the weekly lower-limb question: at the first check-in on or after
	// the 7th local day since onboarding or since it was last asked
	limbSince := p.created // onboarding: when it finished, with the START dose
	if len(p.doses) > 0 {
		limbSince = p.doses[0].At
	}
	for _, x := range p.checkins {
		if x.limbAsked {
			limbSince = x.at
		}
	}
	if due := p.localDays(limbSince, c.at) >= 7; due && !c.limbAsked && !c.urgent {
		p.fail("lower-limb question not asked when due", "%s: last asked (or onboarding) %d local days earlier", p.stamp(c.at), p.localDays(limbSince, c.at))
	}

	if !c.morning || c.urgent || c.rule == "" {
		return
	}
	lapseDays := p.lapseDays(c.at)
	lapse := lapseDays >= 7
	neuro := c.spread || p.yesWithin(c.at, func(x *checkinRec) bool { return x.spread })
	limb := c.limb || p.yesWithin(c.at, func(x *checkinRec) bool { return x.limb })
	settledBad := c.settled == "Not quite" || c.settled == "No"
	worse, this, last := p.weekWorse(c)
	rule := c.rule
	against := func(format string, args ...any) {
		p.fail("decision against the table", "%s: decided %s/%s: %s", p.stamp(c.at), rule, c.code, fmt.Sprintf(format, args...))
	}
	switch {
	case redFlagRule(rule):
	case neuro:
		if rule != plan.RuleNeuroHold {
			against("the leg was worse on one of the last 7 local days, so NEURO-HOLD")
		}
	case jump:
		if rule != plan.RuleReduce && rule != plan.RuleRest {
			against("morning pain %d is 2+ above the baseline %d, so REDUCE or REST", c.pain(), baseline)
		}
	case lapse:
		if rule != plan.RuleLapse {
			against("%d local days since the last walk or restart, so LAPSE", lapseDays)
		}
	case limb:
		if rule != plan.RuleLimbHold {
			against("new knee/hip/ankle/foot/shin pain on one of the last 7 local days, so LIMB-HOLD")
		}
	case settledBad:
		if rule != plan.RuleHold {
			against("pain had %q settled by the morning, so HOLD", c.settled)
		}
	case worse:
		if rule == plan.RuleProgress || rule == plan.RuleMaintain || rule == plan.RuleStart {
			against("this week's morning leg pain (%.2f) is 1+ above last week's (%.2f): no progression", this, last)
		}
	}
	switch rule {
	case plan.RuleNeuroHold:
		if !neuro {
			against("no worse leg in the last 7 local days (the hold lasts through the 6th local day after the yes)")
		}
	case plan.RuleReduce, plan.RuleRest:
		if !jump {
			against("morning pain %d is not 2+ above the baseline %d and no walk above 5 is reported on (restarts never compound)", c.pain(), baseline)
		}
		if rule == plan.RuleRest {
			// the third REDUCE/REST check-in in a row (each no more than 3
			// local days after the one before) advises a clinician
			ms := p.mornings(c.at)
			third := len(ms) >= 2
			after := c
			for i := 1; i <= 2 && third; i++ {
				x := ms[len(ms)-i]
				third = (x.rule == plan.RuleReduce || x.rule == plan.RuleRest) && p.localDays(x.at, after.at) <= 3
				after = x
			}
			if third && !strings.Contains(c.text, txtRestAdvice) {
				against("the third REDUCE/REST check-in in a row gives no advice to see a clinician: %q", c.text)
			}
		}
	case plan.RuleLapse:
		if !lapse {
			against("only %d local days since the last walk or restart", lapseDays)
		}
	case plan.RuleLimbHold:
		if !limb {
			against("no lower-limb yes in the last 7 local days (the hold lasts through the 6th local day after it)")
		}
	case plan.RuleHold:
		last, walked := p.lastWalk(c.at)
		switch c.code {
		case "not-settled":
			if !settledBad {
				against("HOLD for pain not settled, but the answer was %q", c.settled)
			}
		case "walk-pain":
			if !walked || last.peak < 4 || last.peak > 5 || c.settled == "Yes, back to usual" {
				against("HOLD for a 4-5 walk not settled, but the last walk peaked at %d and settled %q", last.peak, c.settled)
			}
		}
	case plan.RuleWeekGuard:
		if !worse {
			against("this week's morning leg pain (%.2f) is not 1+ above last week's (%.2f)", this, last)
		}
	}
}

// yesWithin reports whether an earlier check-in no more than 6 local
// days before t answered yes.
func (p *person) yesWithin(t time.Time, yes func(*checkinRec) bool) bool {
	for _, x := range p.checkins {
		if yes(x) && x.at.Before(t) && p.localDays(x.at, t) <= 6 {
			return true
		}
	}
	return false
}

// weekWorse is WEEK-GUARD's condition at morning check-in c: the average
// leg pain of the morning check-ins of the last 7 local days (c
// included) at least 1 above that of the 7 before.
func (p *person) weekWorse(c *checkinRec) (worse bool, this, last float64) {
	var ts, tn, ls, ln int
	for _, x := range append(p.mornings(c.at), c) {
		switch age := p.localDays(x.at, c.at); {
		case age < 7:
			ts, tn = ts+x.leg, tn+1
		case age < 14:
			ls, ln = ls+x.leg, ln+1
		}
	}
	if tn == 0 || ln == 0 {
		return false, 0, 0
	}
	this, last = float64(ts)/float64(tn), float64(ls)/float64(ln)
	return ts*ln >= (ls+ln)*tn, this, last
}

func increases(a, b plan.Dose) bool {
	return a.Volume() > b.Volume() || a.Minutes > b.Minutes || a.Pace > b.Pace || a.InclinePct > b.InclinePct
}

// noIncreaseOn are the day's decisions on which the dose never goes up;
// noIncreaseAfter those after which the next local day has no increase
// either.
var (
	noIncreaseOn = map[plan.RuleID]bool{
		plan.RuleReduce: true, plan.RuleRest: true, plan.RuleHold: true, plan.RuleStopFlare: true,
		plan.RuleNeuroHold: true, plan.RuleLimbHold: true, plan.RuleWeekGuard: true,
		plan.RuleUrgent: true, plan.RuleDoctor: true, plan.RuleLapse: true,
	}
	noIncreaseAfter = map[plan.RuleID]bool{
		plan.RuleReduce: true, plan.RuleRest: true, plan.RuleStopFlare: true,
	}
)

// checkDoseChange checks the dose change p.doses[i] when it first
// appears: the volume cap over the preceding 7 x 24 hours, no increase on
// a day (or the day after one) that forbids it, and restarts that lower.
func (p *person) checkDoseChange(i int) {
	c := p.doses[i]
	if i == 0 {
		if c.Rule != plan.RuleStart {
			p.fail("first dose", "%s: the first dose is %s", p.stamp(c.At), c.Rule)
		}
		return
	}
	prev := p.doses[i-1].Dose
	from := c.At.Add(-7 * 24 * time.Hour)
	low := -1
	for j := 0; j < i; j++ {
		if !p.doses[j].At.After(from) {
			low = p.doses[j].Dose.Volume()
		}
	}
	for j := 0; j < i; j++ {
		if d := p.doses[j]; d.At.After(from) && (low < 0 || d.Dose.Volume() < low) {
			low = d.Dose.Volume()
		}
	}
	if c.Dose.Volume()*10 > low*12 {
		p.fail("volume cap", "%s: %s set %s; the lowest volume in force in the preceding 7x24 h was %d min/week, so at most %d",
			p.stamp(c.At), c.Rule, describeDose(c.Dose), low, low*12/10)
	}
	switch c.Rule {
	case plan.RuleReduce, plan.RuleLapse, plan.RuleStopFlare, plan.RuleNeuroHold:
		if limit := max(5, prev.Minutes*8/10); c.Dose.Minutes > limit || increases(c.Dose, prev) {
			p.fail("restart dose", "%s: %s from %s to %s (80%%, at least 5: at most %d minutes)", p.stamp(c.At), c.Rule, describeDose(prev), describeDose(c.Dose), limit)
		}
	}
	if !increases(c.Dose, prev) {
		return
	}
	inc := fmt.Sprintf("%s raised %s to %s", c.Rule, describeDose(prev), describeDose(c.Dose))
	if c.Rule != plan.RuleProgress && c.Rule != plan.RuleMaintain {
		p.fail("increase by a rule that does not progress", "%s: %s", p.stamp(c.At), inc)
	}
	if noIncreaseOn[c.dayRule] {
		p.fail("increase on a day that forbids it", "%s: %s on a day decided %s", p.stamp(c.At), inc, c.dayRule)
	}
	if rec := p.days[p.civil(c.At).AddDate(0, 0, -1).Format(time.DateOnly)]; rec != nil {
		fin := rec.cur().plan
		// NEURO-HOLD and LIMB-HOLD days need no clause here: the rules
		// file ends both holds after the 6th local day after the yes
		// (the hold days themselves are checked below), and names no
		// extra day; only HOLD has "no progression on the next local
		// day either".
		switch {
		case noIncreaseAfter[fin.Rule] || (fin.Rule == plan.RuleHold && (fin.Reason.Code == "not-settled" || fin.Reason.Code == "walk-pain")):
			p.fail("increase the day after a day that forbids it", "%s: %s the local day after a day decided %s", p.stamp(c.At), inc, describeDay(fin))
		}
	}
	p.checkProgressStep(c, prev, inc)
	for _, x := range p.checkins {
		if (x.spread || x.limb) && p.localDays(x.at, c.At) <= 6 && !x.at.After(c.At) {
			what := "NEURO-HOLD (leg worse)"
			if x.limb {
				what = "LIMB-HOLD (new knee pain)"
			}
			p.fail("increase during a hold", "%s: %s %d local days after the %s yes at %s",
				p.stamp(c.At), inc, p.localDays(x.at, c.At), what, p.stamp(x.at))
		}
	}
	if c.Dose.InclinePct > prev.InclinePct {
		p.checkIncline(i)
	}
}

// checkProgressStep checks an increase against PROGRESS's order and
// size (minutes up to 30 by about 10%, at least 1; then sessions up to
// 5; then a brisker pace; incline by 1% steps) and MAINTAIN's (only
// after 4 weeks at the target, a pace or incline step at most every 2
// weeks).
func (p *person) checkProgressStep(c doseRec, prev plan.Dose, inc string) {
	bad := func(format string, args ...any) {
		p.fail("progression out of order or too big", "%s: %s: %s", p.stamp(c.At), inc, fmt.Sprintf(format, args...))
	}
	d := c.Dose
	switch {
	case d.Minutes > prev.Minutes:
		if step := max(1, (prev.Minutes+9)/10); d.Minutes-prev.Minutes > step {
			bad("minutes up by %d, more than about 10%% (%d)", d.Minutes-prev.Minutes, step)
		}
		if d.Minutes > 30 {
			bad("beyond 30 minutes")
		}
	case d.SessionsPerWeek > prev.SessionsPerWeek:
		if prev.Minutes < 30 || d.SessionsPerWeek-prev.SessionsPerWeek != 1 || d.SessionsPerWeek > 5 {
			bad("sessions before 30 minutes, or more than one at a time, or beyond 5")
		}
	case d.Pace > prev.Pace:
		if !prev.AtTarget() {
			bad("a brisker pace before 30 minutes x 5")
		}
	case d.InclinePct > prev.InclinePct:
		if d.InclinePct-prev.InclinePct != 1 || d.Pace < plan.PaceBrisk {
			bad("incline not by a 1%% step after the brisker pace")
		}
	}
	if c.Rule != plan.RuleMaintain {
		return
	}
	var since time.Time
	for i := len(p.doses) - 2; i >= 0 && p.doses[i].Dose.AtTarget(); i-- {
		since = p.doses[i].At
	}
	if since.IsZero() || p.localDays(since, c.At) < 28 {
		bad("MAINTAIN before the target held 4 weeks (since %s)", p.stamp(since))
	}
	for i := len(p.doses) - 2; i > 0; i-- {
		a, b := p.doses[i-1].Dose, p.doses[i].Dose
		if a.Pace != b.Pace || a.InclinePct != b.InclinePct {
			if days := p.localDays(p.doses[i].At, c.At); days < 14 {
				bad("MAINTAIN step %d local days after the last pace or incline step", days)
			}
			break
		}
	}
}

// checkIncline: incline only after 2 weeks at 30 minutes with every
// walk in 0-3 (PROGRESS), or after 4 weeks at the target (MAINTAIN).
func (p *person) checkIncline(i int) {
	c := p.doses[i]
	var since time.Time
	for j := i - 1; j >= 0 && p.doses[j].Dose.Minutes >= 30; j-- {
		since = p.doses[j].At
	}
	if since.IsZero() || p.localDays(since, c.At) < 14 {
		p.fail("incline too soon", "%s: incline %d%% with 30 minutes held since %s", p.stamp(c.At), c.Dose.InclinePct, p.stamp(since))
	}
	for _, w := range p.walks {
		if w.minutes > 0 && w.at.After(c.At.Add(-14*24*time.Hour)) && w.at.Before(c.At) && w.peak > 3 {
			p.fail("incline too soon", "%s: incline %d%% after a walk peaking at %d at %s", p.stamp(c.At), c.Dose.InclinePct, w.peak, p.stamp(w.at))
		}
	}
}

// finish runs the checks over the whole run.
func (p *person) finish() {
	p.checkDailyReminders()
	p.checkWeeklies()
	p.checkFollowUps()
	p.checkRedFlagPauses()
	p.checkScreenGaps()
}

func (p *person) checkedInBefore(n int, t time.Time) bool {
	for _, c := range p.checkins {
		if c.n == n && c.at.Before(t) {
			return true
		}
	}
	return false
}

// checkDailyReminders: one daily reminder, at the reminder time, on every
// reminder day not paused at that time and without an earlier check-in;
// none on other days. Counted at the fake senders.
func (p *person) checkDailyReminders() {
	got := map[int][]time.Time{}
	for _, at := range p.dailyRm {
		n := p.localDay(at)
		got[n] = append(got[n], at)
	}
	for n := 0; n <= 7*p.w.weeks; n++ {
		r := p.at(n, p.cfg.remind)
		var why string
		switch {
		case !r.After(p.created):
			why = "before onboarding"
		case !r.Before(p.w.end):
			continue
		case !p.cfg.days.Has(p.weekday(n)):
			why = "not a reminder day"
		case p.pauseAt(r) != nil:
			why = "paused (" + pauseKind(p.pauseAt(r)) + ")"
		case p.checkedInBefore(n, r):
			why = "checked in before"
		}
		gs := got[n]
		switch {
		case why == "" && len(gs) != 1:
			p.fail("daily reminder", "local day %d (%s): %d daily reminders delivered, want 1 at %s", n, p.dateOf(n), len(gs), r.In(p.loc).Format("15:04 MST"))
		case why == "" && (gs[0].Before(r) || !gs[0].Before(r.Add(step))):
			p.fail("daily reminder not at the reminder time", "local day %d: delivered at %s, due %s", n, gs[0].In(p.loc).Format("15:04 MST"), r.In(p.loc).Format("15:04 MST"))
		case why != "" && len(gs) > 0:
			p.fail("daily reminder when none is due", "local day %d (%s): %d delivered (at %s) though %s", n, p.dateOf(n), len(gs), gs[0].In(p.loc).Format("15:04 MST"), why)
		}
	}
}

func (p *person) checkWeeklies() {
	got := map[int]int{}
	for _, at := range p.weekly {
		got[p.localDay(at)]++
	}
	for n := 7; n <= 7*p.w.weeks; n += 7 {
		r := p.at(n, "19:00")
		if !r.Before(p.w.end) {
			continue
		}
		want := 1
		if p.pauseAt(r) != nil {
			want = 0
		}
		if got[n] != want {
			p.fail("weekly summary", "local day %d (Sunday %s): %d delivered, want %d", n, p.dateOf(n), got[n], want)
		}
	}
}

// checkFollowUps: during a flare pause without /resume, a follow-up on the
// 3rd, 7th, 14th, 21st and 28th local day after the day it began, at the
// reminder time, each once; none after "Better", /resume, "Something
// else" or with the opt-out; after a red flag, one, 24 hours later.
func (p *person) checkFollowUps() {
	for _, pr := range p.pauses {
		end := pr.end
		if end.IsZero() {
			end = p.w.end
		}
		var want []time.Time
		exact := true
		switch {
		case redFlagRule(pr.rule):
			exact = false
			if t := pr.since.Add(24 * time.Hour); t.Before(end) {
				want = append(want, t)
			}
		case pr.isFlare():
			for _, k := range plan.FollowUpDays {
				t := p.at(p.localDay(pr.since)+k, p.cfg.remind)
				if !t.Before(end) || (!pr.betterAt.IsZero() && !t.Before(pr.betterAt)) {
					break
				}
				if !p.optedOutAt(t) {
					want = append(want, t)
				}
			}
		}
		var got []time.Time
		ok := len(pr.followUps) == len(want)
		for i, d := range pr.followUps {
			got = append(got, d.At)
			if !ok {
				continue
			}
			kind := classify(d.Out.Text)
			switch {
			case exact && (!d.At.Equal(want[i]) || kind != kindFollowUp):
				ok = false
			case !exact && (d.At.Before(want[i]) || !d.At.Before(want[i].Add(step)) || kind != kindRFFollowUp):
				ok = false
			}
		}
		if !ok {
			p.fail("follow-ups", "pause from %s (%s%s, ended %s): delivered %s; want %s",
				p.stamp(pr.since), pauseKind(pr), p.pauseNotes(pr), p.endStamp(pr), p.days2(pr.since, got), p.days2(pr.since, want))
		}
	}
}

func (p *person) pauseNotes(pr *pauseRec) string {
	var s []string
	if !pr.betterAt.IsZero() {
		s = append(s, "Better at "+p.stamp(pr.betterAt))
	}
	if p.optedOutAt(pr.since) {
		s = append(s, "follow-ups off in /settings")
	}
	if len(s) == 0 {
		return ""
	}
	return "; " + strings.Join(s, "; ")
}

func (p *person) endStamp(pr *pauseRec) string {
	if pr.end.IsZero() {
		return "never"
	}
	return "by /resume at " + p.stamp(pr.end)
}

// days2 words instants as "pause day k hh:mm".
func (p *person) days2(since time.Time, ts []time.Time) string {
	if len(ts) == 0 {
		return "none"
	}
	var s []string
	for _, t := range ts {
		s = append(s, fmt.Sprintf("day %d %s", p.localDays(since, t), t.In(p.loc).Format("15:04")))
	}
	return strings.Join(s, ", ")
}

// checkRedFlagPauses: after RF-URGENT or RF-DOCTOR, nothing reaches the
// person but the one follow-up 24 hours later, until they resume.
func (p *person) checkRedFlagPauses() {
	for _, rf := range p.rfPauses {
		end := rf.resumed
		if end.IsZero() {
			end = p.w.end
		}
		n := 0
		for _, pr := range p.pauses {
			if !pr.since.Before(rf.at.Add(-time.Minute)) && pr.since.Before(end) {
				n += len(pr.followUps)
			}
		}
		if want := 1; rf.at.Add(24*time.Hour).Before(end) && n != want {
			p.fail("delivery after a red flag", "%s after %s: %d follow-ups delivered, want exactly 1 (24 h later)", p.stamp(rf.at), rf.rule, n)
		}
	}
}

// checkScreenGaps: a person who checks in daily is never more than 7
// local days without a red-flag screen.
func (p *person) checkScreenGaps() {
	if !p.cfg.daily || len(p.screens) == 0 {
		return
	}
	for i := 1; i < len(p.screens); i++ {
		a, b := p.screens[i-1].at, p.screens[i].at
		if gap := p.localDays(a, b); gap > 7 && p.checkedInDaily(p.localDay(a), p.localDay(b)) {
			p.fail("red-flag screens too far apart", "%d local days between the screens at %s and %s", gap, p.stamp(a), p.stamp(b))
		}
	}
	last := p.screens[len(p.screens)-1].at
	if gap := 7*p.w.weeks - p.localDay(last); gap > 7 && p.checkedInDaily(p.localDay(last), 7*p.w.weeks) {
		p.fail("red-flag screens too far apart", "no screen since %s (%d local days)", p.stamp(last), gap)
	}
}

func (p *person) checkedInDaily(from, to int) bool {
	for n := from + 1; n <= to; n++ {
		if p.checkinsOnDay(n) == 0 {
			return false
		}
	}
	return true
}

func (p *person) checkinsOnDay(n int) int {
	k := 0
	for _, c := range p.checkins {
		if c.n == n {
			k++
		}
	}
	return k
}

// Figures.

type figures struct {
	targetWeek int // the week the dose first reached 30 x 5; 0 when never
	targetDay  int
	planned    map[int]int // planned weekly volume at the end of week k
	walked     map[int]int // minutes walked in week k
	start      int         // START's weekly volume
}

func (p *person) figures() figures {
	f := figures{planned: map[int]int{}, walked: map[int]int{}}
	if len(p.doses) > 0 {
		f.start = p.doses[0].Dose.Volume()
	}
	for _, d := range p.doses {
		if d.Dose.AtTarget() {
			f.targetDay = p.localDay(d.At)
			f.targetWeek = week(f.targetDay)
			break
		}
	}
	for k := 1; k <= p.w.weeks; k++ {
		if d, ok := p.doseAt(p.dayStart(7*k + 1).Add(-time.Second)); ok {
			f.planned[k] = d.Volume()
		}
	}
	for _, w := range p.walks {
		if n := p.localDay(w.at); n >= 1 {
			f.walked[week(n)] += w.minutes
		}
	}
	return f
}

// rulesByDay counts, over everyone, the local days each rule decided (the
// day's final decision).
func (w *world) rulesByDay() string {
	count := map[plan.RuleID]int{}
	for _, p := range w.people {
		for _, date := range p.dayOrder {
			count[p.days[date].cur().plan.Rule]++
		}
	}
	var parts []string
	for _, r := range plan.Rules {
		if count[r] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r, count[r]))
		}
	}
	var rest []string
	for r, n := range count {
		if !isKnownRule(r) {
			rest = append(rest, fmt.Sprintf("%s %d", r, n))
		}
	}
	sort.Strings(rest)
	return strings.Join(append(parts, rest...), ", ")
}

func isKnownRule(r plan.RuleID) bool {
	for _, k := range plan.Rules {
		if k == r {
			return true
		}
	}
	return false
}
