package simulation_test

import (
	"fmt"
	"math/bits"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/localtime"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/messages"
)

// Texts the personas recognise (from messages/en.txt).
const (
	txtLeg          = "How is your leg pain right now?"
	txtBack         = "And your back pain right now?"
	txtLastWalkPeak = "What was the highest pain during your last walk?"
	txtWalkPeak     = "What was the highest pain during the walk?"
	txtSettled      = "had the pain settled back to your usual by this morning?"
	txtSpread       = "Has the pain or numbness spread further down your leg"
	txtLimbQ        = "Since you started walking, any new pain in a knee, hip, ankle, foot or shin?"
	txtRedFlagQ     = "Do you have this now: "
	txtRedFlagFirst = "Do you have this now: sciatica in both legs?"
	txtWhy          = "Is this because of pain?"
	txtFlareAdvice  = "I'm sorry it hurts."
	txtWalkFlare    = "Paused: pain above 5 means we stop for now."
	txtStopPaused   = "Paused: no plan and no reminders until you /resume."
	txtStopOther    = "Enjoy the break"
	txtDayKept      = "stays as it is"
	txtReminder     = "Time for your daily check-in"
	txtFollowUp     = "How is it now?"
	txtFollowUpRF   = "Yesterday you told me about warning signs"
	txtWeekly       = "Your week in walking"
	txtNudge        = "No check-in yet today"
	txtStretch      = "Stretch gently for about 5 minutes before and after."
	txtPosture      = "Stand tall: upright, shoulders relaxed, head up"
	txtRails        = "no leaning on the rails"
	txtStopRule     = "Stop if leg pain goes above 5, or if it spreads further down your leg."
	txtPauseNote    = "Your plan and reminders are paused"
	txtPausedUrgent = "paused because of the urgent warning signs you reported"
	txtPausedDoctor = "paused because of the warning signs you reported. Please contact a doctor today."
	txtClinician    = "please see a GP or physiotherapist"
	txtBetter       = "Glad it's easing"
	txtLonger       = "too much too soon can aggravate your symptoms"
	txtNeuroAdvice  = "Please see a clinician within the next few days"
	txtLimbAdvice   = "Walk on flat ground, in good shoes"
	txtNoCheckIn    = "/checkin first"
	txtResumeCheck  = "Before we restart, a quick safety check."
	txtRestAdvice   = "Your pain hasn't settled for 3 days now. Please see a clinician."
	txtBestWeek     = "Your best week so far"
)

var urgentItems = []string{
	"sciatica in both legs",
	"numbness or weakness in both legs that is severe or getting worse",
	"numbness around your genitals, buttocks or back passage",
	"new difficulty starting to pee, not being able to pee, or not being able to control it",
	"not noticing you need to poo, or not being able to control it",
}

// emergencyNumbers are the numbers the rules file names, for the zones
// the personas live in ("" : the generic wording).
var emergencyNumbers = map[string]string{
	"Europe/Berlin": "112", "Europe/Madrid": "112", "Europe/London": "999",
	"America/New_York": "911", "America/Chicago": "911", "America/Los_Angeles": "911",
	"Australia/Sydney": "000", "UTC+05:30": "",
}

var (
	reRule     = regexp.MustCompile(`\(rule ([A-Z-]+)\)`)
	reMinutes  = regexp.MustCompile(`Today's walk: (\d+) minutes \((\d+) walks a week\)\.`)
	reIncline  = regexp.MustCompile(`Treadmill: (\d+)% incline; ([^\n]+)\.`)
	reOutdoors = regexp.MustCompile(`Outdoors: a flat loop close to home; ([^\n]+)\.`)
	reDays     = regexp.MustCompile(`This week's walks: ([A-Za-z, ]+)\.`)
	rePlanned  = regexp.MustCompile(`(\d+) of (\d+) planned walks? this week`)
	reExtra    = regexp.MustCompile(`(\d+) walks? this week \((\d+) planned\)`)
	reDigits3  = regexp.MustCompile(`\b\d{3}\b`)
)

// suggestion is a walking suggestion as a reply showed it.
type suggestion struct {
	rule     string
	session  bool
	minutes  int
	sessions int
	incline  int
	days     []string
	text     string
}

func (s *suggestion) plannedOn(w time.Weekday) bool {
	return slices.Contains(s.days, w.String()[:3])
}

func dayCount(d localtime.Days) int { return bits.OnesCount8(uint8(d & localtime.Daily)) }

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

func parseSuggestion(text string) (*suggestion, bool) {
	m := reRule.FindStringSubmatch(text)
	if m == nil {
		return nil, false
	}
	s := &suggestion{rule: m[1], text: text, minutes: -1}
	switch mm := reMinutes.FindStringSubmatch(text); {
	case mm != nil:
		s.session, s.minutes, s.sessions = true, atoi(mm[1]), atoi(mm[2])
	case strings.Contains(text, "Today is a rest day"):
	default:
		return nil, false
	}
	if mm := reIncline.FindStringSubmatch(text); mm != nil {
		s.incline = atoi(mm[1])
	}
	if mm := reDays.FindStringSubmatch(text); mm != nil {
		for _, d := range strings.Split(mm[1], ",") {
			s.days = append(s.days, strings.TrimSpace(d))
		}
	}
	return s, true
}

func lastSuggestion(outs []chat.Outgoing) *suggestion {
	for i := len(outs) - 1; i >= 0; i-- {
		if s, ok := parseSuggestion(outs[i].Text); ok {
			return s
		}
	}
	return nil
}

// checkSuggestionText checks that a suggestion carries what the rules
// file says every suggestion carries.
func (p *person) checkSuggestionText(o chat.Outgoing, at time.Time) {
	if !strings.Contains(o.Text, "(rule ") {
		return
	}
	s, ok := parseSuggestion(o.Text)
	if !ok {
		p.fail("rule named outside a suggestion", "%s: %q", p.stamp(at), o.Text)
		return
	}
	var missing []string
	need := func(what string, ok bool) {
		if !ok {
			missing = append(missing, what)
		}
	}
	// the reason: a paragraph that names what the decision was based on
	// and ends with the rule ID
	reasonOK := false
	for _, para := range strings.Split(o.Text, "\n\n") {
		if m := reRule.FindStringSubmatchIndex(para); m != nil {
			reasonOK = m[1] == len(para) && m[0] > 10
		}
	}
	need("a reason ending with (rule X)", reasonOK)
	if s.session {
		need("minutes", s.minutes > 0)
		if p.cfg.place == plan.Treadmill {
			mm := reIncline.FindStringSubmatch(o.Text)
			need("the incline and a pace hint", mm != nil && len(strings.TrimSpace(mm[2])) > 5)
			need("the posture cue (no leaning on the rails)", strings.Contains(o.Text, txtRails))
		} else {
			mm := reOutdoors.FindStringSubmatch(o.Text)
			need("the flat loop and a pace hint", mm != nil && len(strings.TrimSpace(mm[1])) > 5)
		}
		need("the stretch line", strings.Contains(o.Text, txtStretch))
		need("the posture cue", strings.Contains(o.Text, txtPosture))
		need("the stop rule", strings.Contains(o.Text, txtStopRule))
	}
	if len(missing) > 0 {
		p.fail("suggestion incomplete", "%s: missing %s in %q", p.stamp(at), strings.Join(missing, ", "), o.Text)
	}
}

// Onboarding.

func (p *person) onboard() {
	if p.created.IsZero() {
		p.created = p.now().Add(10 * time.Second)
	}
	screens := len(p.screens)
	a := &answers{redFlag: func(string) string { return "None of these" }}
	outs := p.converse("onboard", chat.Incoming{Text: "/start"}, a)
	text := joined(outs)
	if len(p.screens) != screens+1 || a.redFlags != 2 {
		p.fail("red flags not asked at onboarding", "%s: %d screens, %d questions", p.stamp(p.now()), len(p.screens)-screens, a.redFlags)
	}
	s := lastSuggestion(outs)
	if s == nil || s.rule != string(plan.RuleStart) || !strings.Contains(text, "You're all set") {
		p.fail("onboarding", "%s: no START suggestion: %q", p.stamp(p.now()), text)
		return
	}
	want := min(max(p.cfg.tolerance*8/10, 5), 20)
	if s.minutes != want {
		p.fail("START dose", "%s: %d minutes for a tolerance of %d (80%%, 5-20: %d)", p.stamp(p.now()), s.minutes, p.cfg.tolerance, want)
	}
	if s.incline != 0 {
		p.fail("START dose", "%s: incline %d%%", p.stamp(p.now()), s.incline)
	}
	sessions := min(max(dayCount(p.cfg.days), 3), 5)
	if s.sessions != sessions {
		p.fail("START dose", "%s: %d sessions a week for %d reminder days", p.stamp(p.now()), s.sessions, dayCount(p.cfg.days))
	}
}

// Check-ins.

func (p *person) morningRoutine() {
	if p.paused() {
		return
	}
	n := p.today.n
	var r *delivery
	if len(p.todayRm) > 0 {
		r = &p.todayRm[len(p.todayRm)-1]
	}
	if r != nil && p.cfg.onReminder != nil && p.cfg.onReminder(p, n, *r) {
		return
	}
	var in chat.Incoming
	switch {
	case r != nil:
		p.last = []chat.Outgoing{r.Out}
		data, ok := buttonData(p.last, "Start check-in")
		if !ok {
			p.fail("reminder without its buttons", "%s: %q", p.stamp(r.At), r.Out.Text)
			return
		}
		in = chat.Incoming{Data: data}
	case p.cfg.days.Has(p.weekday(n)):
		// the reminder did not come (a breach the reminder check
		// reports): the person checks in anyway
		in = chat.Incoming{Text: "/checkin"}
	default:
		return
	}
	leg, back := p.cfg.morning(p)
	p.checkIn(in, leg, back)
}

func (p *person) lastWalk(before time.Time) (walkRec, bool) {
	for i := len(p.walks) - 1; i >= 0; i-- {
		if w := p.walks[i]; w.minutes > 0 && w.at.Before(before) {
			return w, true
		}
	}
	return walkRec{}, false
}

// checkIn runs a whole check-in and checks what it decided.
func (p *person) checkIn(in chat.Incoming, leg, back int) *checkinRec {
	now := p.now()
	n := p.localDay(now)
	date := p.date(now)
	a := &answers{leg: leg, back: back, spread: p.cfg.spread(p, n), limb: func() bool { return p.cfg.limb(p, n) },
		redFlag: func(item string) string { return p.cfg.redFlag(p, item) }}
	if w, ok := p.lastWalk(now); ok {
		a.settled = p.cfg.settled(p, w)
	}
	screens := len(p.screens)
	resumedToday := len(p.restarts) > 0 && p.date(p.restarts[len(p.restarts)-1]) == date
	outs := p.converse("checkin", in, a)
	text := joined(outs)
	if !strings.Contains(text, txtLeg) {
		return nil // refused (paused)
	}
	rec := &checkinRec{
		at: now, n: n, date: date, morning: p.checkinsOn(date) == 0, leg: leg, back: back,
		spread: a.spread, limbAsked: a.limbAsked, limb: a.limbYes,
		screened: len(p.screens) > screens, dayKept: strings.Contains(text, txtDayKept),
		sugg: lastSuggestion(outs), afterResume: resumedToday, text: text,
	}
	if a.settledAsked {
		rec.settled = a.settled
	}
	for _, o := range outs {
		rec.urgent = rec.urgent || o.Urgent
	}
	if d := p.snap.Profile.Day; d.Day == date {
		rec.rule, rec.code = d.Rule, d.Reason.Code
	}
	p.checkCheckIn(rec)
	p.checkins = append(p.checkins, rec)
	if rec.sugg != nil {
		p.today.sugg = rec.sugg
	}
	if rec.spread && rec.sugg != nil && !strings.Contains(text, txtNeuroAdvice) {
		p.fail("NEURO-HOLD advice missing", "%s: the leg is worse and the reply has no advice to see a clinician: %q", p.stamp(now), text)
	}
	if rec.limb && !strings.Contains(text, txtLimbAdvice) {
		p.fail("LIMB-HOLD advice missing", "%s: new knee pain and the reply has no LIMB-HOLD advice: %q", p.stamp(now), text)
	}
	return rec
}

// lateCheckIn is a second check-in later the same day.
func (p *person) lateCheckIn(leg, back int) {
	if p.paused() || p.checkinsOn(p.today.date) == 0 {
		return
	}
	rec := p.checkIn(chat.Incoming{Text: "/checkin"}, leg, back)
	if rec == nil || rec.urgent {
		return
	}
	d := p.days[rec.date]
	if d == nil {
		return
	}
	if !rec.dayKept && len(d.vals) < 2 && !sameDay(d.vals[0].plan, p.snap.Profile.Day) {
		p.fail("later check-in", "%s: neither kept nor replaced the day", p.stamp(rec.at))
	}
	p.planCheck()
}

// Walks.

func (p *person) walkRoutine() {
	s := p.today.sugg
	if p.paused() || s == nil || !s.session || !s.plannedOn(p.weekday(p.today.n)) || p.checkinsOn(p.today.date) == 0 {
		return
	}
	minutes := s.minutes
	if p.cfg.walkMinutes != nil {
		minutes = p.cfg.walkMinutes(p, s.minutes)
	}
	p.walk(minutes, s.minutes, p.cfg.walkPeak(p))
}

func (p *person) walk(minutes, planned, peak int) {
	a := &answers{walkPeak: peak, redFlag: func(item string) string { return p.cfg.redFlag(p, item) }}
	at := p.now().Add(10 * time.Second)
	outs := p.converse("walk", chat.Incoming{Text: fmt.Sprintf("/done %d", minutes)}, a)
	text := joined(outs)
	w := walkRec{at: at, minutes: minutes, planned: planned, peak: peak}
	p.walks = append(p.walks, w)
	if peak > 5 {
		p.checkFlareOrder("walk above 5", text, txtWalkFlare)
	} else if !strings.Contains(text, "Logged: ") {
		p.fail("walk not logged", "%s: %q", p.stamp(at), text)
	}
	longer := planned > 0 && minutes*10 > planned*12
	if longer != strings.Contains(text, txtLonger) {
		p.fail("walking more than planned", "%s: walked %d of %d planned; the note about building gradually shown: %v",
			p.stamp(at), minutes, planned, !longer)
	}
	if p.cfg.afterWalk != nil {
		p.cfg.afterWalk(p, w)
	}
}

// checkFlareOrder checks a STOP-FLARE reply: acknowledge first, then
// flare advice, then the red-flag check.
func (p *person) checkFlareOrder(what, text, ack string) {
	i, j, k := strings.Index(text, ack), strings.Index(text, txtFlareAdvice), strings.Index(text, txtRedFlagFirst)
	if i < 0 || j < 0 || k < 0 || !(i < j && j < k) {
		p.fail("STOP-FLARE reply", "%s: %s: acknowledgement at %d, flare advice at %d, red-flag check at %d (want all, in that order): %q",
			p.stamp(p.now()), what, i, j, k, text)
	}
}

// Pausing and resuming.

func (p *person) stop(why string) {
	outs := p.say("stop", "/stop")
	if len(outs) == 0 || !strings.HasPrefix(outs[0].Text, txtStopPaused) {
		p.fail("/stop does not say paused first", "%s: %q", p.stamp(p.now()), joined(outs))
	}
	if !strings.Contains(joined(outs), txtWhy) {
		p.fail("/stop does not ask why", "%s: %q", p.stamp(p.now()), joined(outs))
		return
	}
	a := &answers{why: why, redFlag: func(item string) string { return p.cfg.redFlag(p, item) }}
	data, ok := buttonData(outs, why)
	if !ok {
		p.fail("missing button", "%s: no %q after /stop", p.stamp(p.now()), why)
		return
	}
	more := p.converse("stop", chat.Incoming{Data: data}, a)
	text := joined(outs) + "\n---\n" + joined(more)
	if why == "Because of pain" {
		p.checkFlareOrder("/stop because of pain", text, txtStopPaused)
		return
	}
	if strings.Contains(text, txtFlareAdvice) || strings.Contains(text, txtRedFlagQ) || !strings.Contains(text, txtStopOther) {
		p.fail("/stop for something else", "%s: flare advice or red flags after \"Something else\", or no acknowledgement: %q", p.stamp(p.now()), text)
	}
}

// stopUnanswered sends /stop and leaves "because of pain?" unanswered;
// laterMessage is the next message, hours later: it counts as pain, and
// the flare advice and the red-flag check come with its reply.
func (p *person) stopUnanswered() {
	outs := p.say("stop", "/stop")
	if len(outs) == 0 || !strings.HasPrefix(outs[0].Text, txtStopPaused) || !strings.Contains(joined(outs), txtWhy) {
		p.fail("/stop", "%s: %q", p.stamp(p.now()), joined(outs))
	}
}

func (p *person) laterMessage() {
	a := &answers{redFlag: func(item string) string { return p.cfg.redFlag(p, item) }}
	text := joined(p.converse("stop-unanswered", chat.Incoming{Text: "/plan"}, a))
	if !strings.Contains(text, txtFlareAdvice) || !strings.Contains(text, txtRedFlagFirst) {
		p.fail("unanswered \"because of pain?\"", "%s: the next message after an unanswered /stop gets no flare advice and red-flag check: %q", p.stamp(p.now()), text)
	}
}

// flaring presses the reminder's "I'm flaring": pain, without asking.
func (p *person) flaring(r delivery) {
	p.last = []chat.Outgoing{r.Out}
	data, ok := buttonData(p.last, "I'm flaring")
	if !ok {
		p.fail("reminder without its buttons", "%s: %q", p.stamp(r.At), r.Out.Text)
		return
	}
	a := &answers{redFlag: func(item string) string { return p.cfg.redFlag(p, item) }}
	text := joined(p.converse("flaring", chat.Incoming{Data: data}, a))
	if strings.Contains(text, txtWhy) {
		p.fail("I'm flaring asks why", "%s: %q", p.stamp(p.now()), text)
	}
	p.checkFlareOrder("I'm flaring", text, txtStopPaused)
}

// lapseDays is how many local days lie between t and the later of the
// last walk and the last restart before it (LAPSE's condition is 7 or
// more); -1 when there is neither.
func (p *person) lapseDays(t time.Time) int {
	var ref time.Time
	if w, ok := p.lastWalk(t); ok {
		ref = w.at
	}
	for _, d := range p.doses {
		switch d.Rule {
		case plan.RuleStart, plan.RuleLapse, plan.RuleStopFlare:
			if d.At.Before(t) && d.At.After(ref) {
				ref = d.At
			}
		}
	}
	if ref.IsZero() {
		return -1
	}
	return p.localDays(ref, t)
}

func (p *person) resume() {
	if !p.snap.Profile.Pause.Active {
		return
	}
	now := p.now()
	pr := p.pauseAt(now)
	before := p.snap.Profile.Dose
	pausedDays := p.localDays(p.snap.Profile.Pause.Since, now)
	// a flare stays a flare when its red-flag check then found a sign
	flare := pr != nil && pr.flare && pr.why != profile.WhyOther
	rf := pr != nil && redFlagRule(pr.rule)
	lapse := p.lapseDays(now.Add(10*time.Second)) >= 7
	a := &answers{redFlag: func(string) string { return "None of these" }}
	outs := p.converse("resume", chat.Incoming{Text: "/resume"}, a)
	text := joined(outs)
	wantFlags := flare || rf || pausedDays > 7
	if wantFlags && a.redFlags == 0 {
		p.fail("red flags not asked at /resume", "%s: /resume after a %s pause of %d local days asked no red flags: %q",
			p.stamp(now), pauseKind(pr), pausedDays, text)
	}
	if pr != nil && pr.why == profile.WhyOther && strings.Contains(text, txtFlareAdvice) {
		p.fail("/stop for something else", "%s: flare advice at /resume: %q", p.stamp(now), text)
	}
	p.resumes = append(p.resumes, now)
	s := lastSuggestion(outs)
	if s == nil {
		p.fail("/resume", "%s: no suggestion: %q", p.stamp(now), text)
		return
	}
	rule := plan.RuleID(s.rule)
	switch {
	case flare && rule != plan.RuleStopFlare && rule != plan.RuleLapse:
		p.fail("restart after a flare", "%s: /resume after a flare restarted with %s", p.stamp(now), rule)
	case rule == plan.RuleLapse && !lapse:
		p.fail("restart", "%s: /resume restarted with LAPSE though a walk or restart is less than 7 local days old", p.stamp(now))
	case !flare && lapse && rule != plan.RuleLapse:
		p.fail("restart", "%s: /resume after a %s pause with 7+ local days without a walk gave %s, not one LAPSE restart", p.stamp(now), pauseKind(pr), rule)
	case !flare && !lapse && rule != plan.RuleHold:
		p.fail("restart", "%s: /resume after a %s pause with a recent walk gave %s, not the same dose", p.stamp(now), pauseKind(pr), rule)
	}
	if rule == plan.RuleLapse || rule == plan.RuleStopFlare {
		p.restarts = append(p.restarts, now)
		// the restart's dose; on the day of the flare it is shown as
		// a day without a walk, the dose starting at the next check-in
		got := p.snap.Profile.Dose.Minutes
		if s.session && s.minutes != got {
			p.fail("restart dose", "%s: %s restart shows %d minutes, stores %d", p.stamp(now), rule, s.minutes, got)
		}
		if limit := max(5, before.Minutes*8/10); got > limit || got < min(5, before.Minutes) {
			p.fail("restart dose", "%s: %s restart at %d minutes from %d (80%%, at least 5: at most %d)", p.stamp(now), rule, got, before.Minutes, limit)
		}
	}
	p.today.sugg = s
}

func pauseKind(pr *pauseRec) string {
	switch {
	case pr == nil:
		return "unknown"
	case redFlagRule(pr.rule):
		return string(pr.rule)
	case pr.isFlare():
		return "flare"
	}
	return "non-flare"
}

// scheduleResume has the persona send /resume on local day n at hhmm.
func (p *person) scheduleResume(n int, hhmm string) {
	p.state["resumeOn"] = n
	p.state["resumeAt"] = hhmmToMinutes(hhmm)
	if p.today != nil && p.today.n == n {
		p.today.items = append(p.today.items, &item{at: hhmm, name: "resume", fn: p.resume})
	}
}

func hhmmToMinutes(s string) int {
	h, m, _ := strings.Cut(s, ":")
	return atoi(h)*60 + atoi(m)
}

func minutesToHHMM(m int) string { return fmt.Sprintf("%02d:%02d", m/60, m%60) }

func (p *person) followUpsOff() {
	text := joined(p.say("settings", "/settings"))
	if !strings.Contains(text, "Follow-ups while paused: on") {
		p.fail("settings", "%s: follow-ups not shown as on: %q", p.stamp(p.now()), text)
	}
	text = joined(p.press("settings", "Follow-ups while paused"))
	if !strings.Contains(text, "Follow-ups off") {
		p.fail("settings", "%s: %q", p.stamp(p.now()), text)
	}
}

// The views.

// planCheck sends /plan: it shows the day's stored decision, as made.
func (p *person) planCheck() {
	outs := p.say("plan", "/plan")
	text := joined(outs)
	now := p.now()
	if p.paused() {
		if !strings.Contains(text, txtPauseNote) && !strings.Contains(text, "paused because") {
			p.fail("/plan while paused", "%s: %q", p.stamp(now), text)
		}
		return
	}
	s := lastSuggestion(outs)
	if s == nil {
		p.fail("/plan", "%s: no suggestion: %q", p.stamp(now), text)
		return
	}
	rec := p.days[p.date(now)]
	if rec == nil {
		if s.rule != string(plan.RuleHold) || !strings.Contains(text, txtNoCheckIn) {
			p.fail("/plan without a check-in", "%s: shows %s instead of HOLD with a pointer to /checkin", p.stamp(now), s.rule)
		}
		return
	}
	cur := rec.cur()
	switch {
	case s.rule != string(cur.plan.Rule):
		p.fail("/plan differs from the day's decision", "%s: /plan shows rule %s, the day was decided %s at %s",
			p.stamp(now), s.rule, describeDay(cur.plan), p.stamp(cur.at))
	case cur.plan.Session != s.session:
		p.fail("/plan differs from the day's decision", "%s: /plan session %v, the day's %v", p.stamp(now), s.session, cur.plan.Session)
	case cur.minutes >= 0 && s.minutes != cur.minutes:
		p.fail("/plan differs from the day's decision", "%s: /plan shows %d minutes, the day's decision showed %d at %s",
			p.stamp(now), s.minutes, cur.minutes, p.stamp(cur.at))
	}
}

// pausedCheck sends /plan and /checkin during a red-flag pause: both
// say it is paused, and why.
func (p *person) pausedCheck() {
	want := txtPausedUrgent
	if p.snap.Profile.Pause.Rule == plan.RuleDoctor {
		want = txtPausedDoctor
	}
	for _, cmd := range []string{"/plan", "/checkin"} {
		text := joined(p.say("paused-check", cmd))
		if !strings.Contains(text, want) || strings.Contains(text, "Today's walk") || strings.Contains(text, txtLeg) {
			p.fail("red-flag pause not kept", "%s: %s during a %s pause: %q", p.stamp(p.now()), cmd, p.snap.Profile.Pause.Rule, text)
		}
	}
}

func parsePlanned(text string) (walked, planned int, ok bool) {
	if m := rePlanned.FindStringSubmatch(text); m != nil {
		return atoi(m[1]), atoi(m[2]), true
	}
	if m := reExtra.FindStringSubmatch(text); m != nil {
		return atoi(m[1]), atoi(m[2]), true
	}
	return 0, 0, false
}

func (p *person) progressCheck() {
	text := joined(p.say("progress", "/progress"))
	p.checkPlannedText("/progress", text, p.now())
}

func (p *person) checkWeekly(d delivery) {
	if n := p.localDay(d.At); p.weekday(n) != time.Sunday || !d.At.Equal(p.at(n, "19:00")) {
		p.fail("weekly summary time", "%s: weekly summary not at 19:00 on Sunday", p.stamp(d.At))
	}
	want := plan.RuleHold // without a check-in today: the current dose under HOLD
	if rec := p.days[p.date(d.At)]; rec != nil {
		want = rec.cur().plan.Rule
	}
	if m := reRule.FindStringSubmatch(d.Out.Text); m == nil || m[1] != string(want) {
		p.fail("weekly summary", "%s: the summary should name the day's stored decision %s: %q", p.stamp(d.At), want, d.Out.Text)
	}
	if want == plan.RuleMaintain && !strings.Contains(d.Out.Text, txtBestWeek) {
		p.fail("weekly summary", "%s: under MAINTAIN the summary compares with the best week: %q", p.stamp(d.At), d.Out.Text)
	}
	p.checkPlannedText("weekly summary", d.Out.Text, d.At)
}

// checkPlannedText checks "N of M planned walks this week": N the walks
// logged in the last 7 local days, M the planned days of the doses in
// force then, leaving out every day paused at any moment or decided
// without a session (rest, flare, red flag).
func (p *person) checkPlannedText(where, text string, at time.Time) {
	walked, planned, ok := parsePlanned(text)
	ew, ep, days := p.expectedPlanned(at)
	if !ok {
		if ew != 0 || ep != 0 {
			p.fail("planned walks", "%s: %s shows no planned walks; want %d of %d", p.stamp(at), where, ew, ep)
		}
		return
	}
	if walked != ew || planned != ep {
		p.fail("planned walks", "%s: %s says %d walked of %d planned; the log says %d of %d (planned days: %s)",
			p.stamp(at), where, walked, planned, ew, ep, days)
	}
}

func (p *person) expectedPlanned(at time.Time) (walked, planned int, days string) {
	today := p.localDay(at)
	var b strings.Builder
	for n := today - 6; n <= today; n++ {
		if n < p.localDay(p.created) {
			continue
		}
		dose, ok := p.doseAt(p.at(n, "12:00"))
		if !ok {
			if len(p.doses) == 0 {
				continue
			}
			dose = p.doses[0].Dose
		}
		if why := p.offDay(n, at); why != "" {
			fmt.Fprintf(&b, "%s off (%s); ", p.weekday(n).String()[:3], why)
			continue
		}
		if slices.Contains(plan.PlannedDays(uint8(p.cfg.days), dose.SessionsPerWeek), p.weekday(n)) {
			planned++
			fmt.Fprintf(&b, "%s; ", p.weekday(n).String()[:3])
		}
	}
	for _, w := range p.walks {
		if w.minutes > 0 && p.localDay(w.at) >= today-6 && !w.at.After(at) {
			walked++
		}
	}
	return walked, planned, b.String()
}

// offDay says why local day n does not count as planned ("" when it
// does): paused at any moment of it, or decided without a session.
func (p *person) offDay(n int, at time.Time) string {
	from, to := p.dayStart(n), p.dayStart(n+1)
	for _, pr := range p.pauses {
		end := pr.end
		if end.IsZero() {
			end = at
		}
		if pr.since.Before(to) && !end.Before(from) && !pr.since.After(at) {
			return "paused"
		}
	}
	if rec := p.days[p.dateOf(n)]; rec != nil {
		for _, v := range rec.vals {
			if !v.plan.Session {
				return string(v.plan.Rule)
			}
		}
	}
	for _, w := range p.walks {
		if w.peak > 5 && p.localDay(w.at) == n {
			return "flare"
		}
	}
	return ""
}

// Red flags.

// checkRedFlagReply checks the reply to a red-flag "yes": the urgent
// (or doctor-today) message alone, with the zone's emergency number.
func (p *person) checkRedFlagReply(outs []chat.Outgoing, item string) {
	now := p.now()
	urgent := slices.Contains(urgentItems, item)
	rule := plan.RuleDoctor
	want := p.w.msgs.Text("en", messages.RfDoctorMessage)
	if urgent {
		rule = plan.RuleUrgent
		num, known := emergencyNumbers[mustZone(p.cfg.zone)]
		if !known {
			p.w.t.Fatalf("%s: no emergency number listed for %s", p.cfg.name, p.cfg.zone)
		}
		if p.snap.Profile.Settings.Zone == "" {
			num = "" // at onboarding, before the zone is known: only the generic wording
		}
		if num == "" {
			want = p.w.msgs.Text("en", messages.RfUrgentMessage)
		} else {
			want = p.w.msgs.Text("en", messages.RfUrgentMessageNumber, "number", num)
		}
		switch {
		case len(outs) == 0:
		case num != "" && !strings.Contains(outs[0].Text, "call "+num+" now"):
			p.fail("emergency number", "%s: zone %s: the urgent message does not say \"call %s now\": %q", p.stamp(now), p.cfg.zone, num, outs[0].Text)
		case num == "" && (!strings.Contains(outs[0].Text, "your local emergency number") || reDigits3.MatchString(outs[0].Text)):
			p.fail("emergency number", "%s: zone %s: want only \"your local emergency number\": %q", p.stamp(now), p.cfg.zone, outs[0].Text)
		}
	}
	switch {
	case len(outs) != 1:
		p.fail("urgent message does not stand alone", "%s: %s: %d messages: %q", p.stamp(now), rule, len(outs), joined(outs))
	case !outs[0].Urgent || len(outs[0].Buttons) > 0 || outs[0].Text != want:
		p.fail("urgent message does not stand alone", "%s: %s: urgent %v, %d button rows, text %q (want exactly %q)",
			p.stamp(now), rule, outs[0].Urgent, len(outs[0].Buttons), outs[0].Text, want)
	}
	p.rfPauses = append(p.rfPauses, &rfRec{at: now, rule: rule})
	p.state["rfDay"] = p.localDay(now)
}

// Reminders.

var rePlanToday = regexp.MustCompile(`Today: (\d+) minutes planned\.`)

// checkReminderText: the reminder has its buttons and says what the
// current dose plans for today (the day is decided at the check-in it
// asks for).
func (p *person) checkReminderText(d delivery) {
	if !hasButton([]chat.Outgoing{d.Out}, "Start check-in") || !hasButton([]chat.Outgoing{d.Out}, "I'm flaring") {
		p.fail("reminder without its buttons", "%s: %q", p.stamp(d.At), d.Out.Text)
	}
	dose := p.snap.Profile.Dose
	planned := slices.Contains(plan.PlannedDays(uint8(p.cfg.days), dose.SessionsPerWeek), p.weekday(p.localDay(d.At)))
	m := rePlanToday.FindStringSubmatch(d.Out.Text)
	switch {
	case planned && (m == nil || (atoi(m[1]) != dose.Minutes && atoi(m[1]) != dose.ShortMinutes)):
		p.fail("reminder's plan line", "%s: want today's %s session: %q", p.stamp(d.At), describeDose(dose), d.Out.Text)
	case !planned && !strings.Contains(d.Out.Text, "No walk planned today"):
		p.fail("reminder's plan line", "%s: no session planned today for %s: %q", p.stamp(d.At), describeDose(dose), d.Out.Text)
	}
}
