package simulation_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/localtime"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
)

// person is one simulated user: a persona's behaviour, the messages it
// exchanged, and what the test recorded about it (the profile stored
// after every turn, the deliveries, its check-ins and walks).
type person struct {
	w    *world
	cfg  *persona
	addr chat.Address
	loc  *time.Location
	day0 time.Time // the local date of day 0 (onboarding), as midnight UTC
	rng  *rand.Rand

	last    []chat.Outgoing // the replies the next press looks in
	snap    profile.Snapshot
	pending []delivery // follow-ups and other deliveries not yet looked at
	todayRm []delivery // today's daily reminders, for the morning press
	today   *dayState

	created  time.Time
	checkins []*checkinRec
	walks    []walkRec
	doses    []doseRec
	days     map[string]*dayRec
	dayOrder []string
	pauses   []*pauseRec
	screens  []screenRec
	dailyRm  []time.Time
	weekly   []time.Time
	optOut   []optOutRec // the follow-up setting over time
	restarts []time.Time // /resume restarts (LAPSE, STOP-FLARE)
	resumes  []time.Time // every /resume
	rfPauses []*rfRec    // red-flag pauses, for the deliveries after them

	state map[string]int // persona-specific counters and dates
}

type dayState struct {
	n     int
	date  string
	items []*item
	sugg  *suggestion // the latest suggestion of today's decision
}

type item struct {
	at   string // local "15:04"
	name string
	fn   func()
	done bool
}

type checkinRec struct {
	at          time.Time
	n           int
	date        string
	morning     bool
	leg, back   int
	spread      bool
	limbAsked   bool
	limb        bool
	settled     string
	screened    bool
	rule        plan.RuleID
	code        string
	dayKept     bool
	sugg        *suggestion
	urgent      bool
	afterResume bool
	text        string
}

func (c *checkinRec) pain() int { return max(c.leg, c.back) }

type walkRec struct {
	at      time.Time
	minutes int
	planned int
	peak    int
}

type doseRec struct {
	plan.DoseChange
	dayRule  plan.RuleID // the day's decision when it was made
	activity string
}

type dayValue struct {
	at       time.Time
	activity string
	plan     profile.DayPlan
	minutes  int // today's minutes as the turn's suggestion showed them; -1 when none
}

type dayRec struct {
	date string
	vals []dayValue
}

func (r *dayRec) cur() dayValue { return r.vals[len(r.vals)-1] }

type pauseRec struct {
	since     time.Time
	rule      plan.RuleID
	flare     bool
	why       profile.PauseWhy
	betterAt  time.Time
	end       time.Time // the /resume; zero while paused
	followUps []delivery
}

func (r *pauseRec) isFlare() bool {
	return r.flare && r.why != profile.WhyOther && !redFlagRule(r.rule)
}

type screenRec struct {
	at       time.Time
	activity string
}

type optOutRec struct {
	at  time.Time
	off bool
}

type rfRec struct {
	at      time.Time
	rule    plan.RuleID
	resumed time.Time
}

func newPerson(w *world, cfg *persona) *person {
	loc, err := localtime.LoadZone(mustZone(cfg.zone))
	if err != nil {
		w.t.Fatalf("%s: zone %q: %v", cfg.name, cfg.zone, err)
	}
	// Day 0 is the local Sunday of the start (the onboarding evening):
	// week 1 is Monday to Sunday of the next seven local days.
	y, m, d := simDay0.Date()
	p := &person{
		w: w, cfg: cfg, loc: loc,
		addr:  chat.Address{Platform: cfg.platform, ChatID: "chat-" + cfg.name, UserID: "user-" + cfg.name},
		day0:  time.Date(y, m, d, 0, 0, 0, 0, time.UTC),
		rng:   rand.New(rand.NewPCG(cfg.seed, cfg.seed^0x5eed)),
		days:  map[string]*dayRec{},
		state: map[string]int{},
	}
	return p
}

func mustZone(typed string) string {
	z, err := localtime.ParseZone(typed)
	if err != nil {
		panic(err)
	}
	return z
}

// Local days.

func (p *person) civil(t time.Time) time.Time {
	y, m, d := t.In(p.loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// localDay is the number of local day of t: 0 is the onboarding day.
func (p *person) localDay(t time.Time) int { return int(p.civil(t).Sub(p.day0) / (24 * time.Hour)) }

func (p *person) date(t time.Time) string { return t.In(p.loc).Format(time.DateOnly) }

func (p *person) dateOf(n int) string { return p.day0.AddDate(0, 0, n).Format(time.DateOnly) }

// localDays is how many local days lie between a and b.
func (p *person) localDays(a, b time.Time) int { return p.localDay(b) - p.localDay(a) }

// at is the instant of local clock hh:mm on local day n.
func (p *person) at(n int, hhmm string) time.Time {
	c, err := localtime.ParseClock(hhmm)
	if err != nil {
		panic(err)
	}
	d := p.day0.AddDate(0, 0, n)
	return time.Date(d.Year(), d.Month(), d.Day(), c.Hour, c.Minute, 0, 0, p.loc)
}

func (p *person) dayStart(n int) time.Time { return p.at(n, "00:00") }

func (p *person) weekday(n int) time.Weekday { return p.day0.AddDate(0, 0, n).Weekday() }

// week is the week of local day n: days 1-7 are week 1.
func week(n int) int { return (n-1)/7 + 1 }

// stamp names an instant as the persona's local day and time.
func (p *person) stamp(t time.Time) string {
	n := p.localDay(t)
	return fmt.Sprintf("local day %d (week %d, %s)", n, week(max(n, 1)), t.In(p.loc).Format("Mon 2006-01-02 15:04 MST"))
}

func (p *person) now() time.Time { return p.w.clock.Now() }

func (p *person) fail(kind, format string, args ...any) {
	p.w.fails.add(p.cfg.name, kind, fmt.Sprintf(format, args...))
}

// The day's agenda.

func (p *person) act() {
	now := p.now()
	n := p.localDay(now)
	if n < 0 || n > 7*p.w.weeks {
		return
	}
	if p.today == nil || p.today.n != n {
		p.today = &dayState{n: n, date: p.dateOf(n)}
		p.todayRm = nil
		p.today.items = p.script(n)
	}
	p.handlePending()
	for i := 0; i < len(p.today.items); i++ {
		it := p.today.items[i]
		if it.done || p.at(n, it.at).After(p.now()) {
			continue
		}
		it.done = true
		it.fn()
	}
}

func (p *person) script(n int) []*item {
	if n == 0 {
		fn := p.onboard
		if p.cfg.onboard != nil {
			fn = func() { p.cfg.onboard(p) }
		}
		return []*item{{at: "20:00", name: "onboard", fn: fn}}
	}
	if p.cfg.away != nil && p.cfg.away(p, n) {
		return nil
	}
	items := []*item{
		{at: p.cfg.remind, name: "check-in", fn: p.morningRoutine},
		{at: minus(p.cfg.walkAt, 30), name: "plan", fn: p.planCheck},
		{at: p.cfg.walkAt, name: "walk", fn: p.walkRoutine},
	}
	// /progress (its chart is slow to draw) every fourth Sunday and two
	// days after a /resume; the weekly summary's same line is checked
	// every week.
	if p.weekday(n) == time.Sunday && week(n)%4 == 2 || len(p.resumes) > 0 && p.localDay(p.resumes[len(p.resumes)-1]) == n-2 {
		items = append(items, &item{at: "20:30", name: "progress", fn: p.progressCheck})
	}
	if p.cfg.extra != nil {
		items = append(items, p.cfg.extra(p, n)...)
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].at < items[j].at })
	return items
}

func minus(hhmm string, minutes int) string {
	c, _ := localtime.ParseClock(hhmm)
	m := c.Hour*60 + c.Minute - minutes
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// Deliveries.

type deliveryKind string

const (
	kindDaily      deliveryKind = "daily reminder"
	kindFollowUp   deliveryKind = "follow-up"
	kindRFFollowUp deliveryKind = "red-flag follow-up"
	kindWeekly     deliveryKind = "weekly summary"
	kindNudge      deliveryKind = "nudge"
	kindOther      deliveryKind = "other"
)

func classify(text string) deliveryKind {
	switch {
	case strings.Contains(text, txtReminder):
		return kindDaily
	case strings.Contains(text, txtFollowUpRF):
		return kindRFFollowUp
	case strings.Contains(text, txtFollowUp):
		return kindFollowUp
	case strings.Contains(text, txtWeekly):
		return kindWeekly
	case strings.Contains(text, txtNudge):
		return kindNudge
	}
	return kindOther
}

func (p *person) receive(d delivery) {
	kind := classify(d.Out.Text)
	if trace != "" && (trace == "all" || trace == p.cfg.name) {
		p.w.t.Logf("%s %s <delivered %s>\n%s", p.cfg.name, p.stamp(d.At), kind, indent(d.Out.Text))
	}
	for _, rf := range p.rfPauses {
		if d.At.After(rf.at) && (rf.resumed.IsZero() || d.At.Before(rf.resumed)) && kind != kindRFFollowUp {
			p.fail("delivery after a red flag", "%s after %s at %s: a %s was delivered: %q",
				p.stamp(d.At), rf.rule, p.stamp(rf.at), kind, firstLine(d.Out.Text))
		}
	}
	p.checkBlame(d.At, d.Out.Text)
	switch kind {
	case kindDaily:
		p.dailyRm = append(p.dailyRm, d.At)
		p.todayRm = append(p.todayRm, d)
		p.checkReminderText(d)
	case kindFollowUp, kindRFFollowUp:
		pr := p.pauseAt(d.At)
		if pr == nil {
			p.fail("follow-up while not paused", "%s: %q", p.stamp(d.At), d.Out.Text)
		} else {
			pr.followUps = append(pr.followUps, d)
		}
		p.pending = append(p.pending, d)
	case kindWeekly:
		p.weekly = append(p.weekly, d.At)
		p.checkWeekly(d)
	case kindNudge:
		p.fail("nudge without opting in", "%s: %q", p.stamp(d.At), d.Out.Text)
	default:
		p.fail("unknown delivery", "%s: %q", p.stamp(d.At), d.Out.Text)
	}
}

func (p *person) handlePending() {
	pend := p.pending
	p.pending = nil
	for _, d := range pend {
		if classify(d.Out.Text) != kindFollowUp || p.cfg.followUp == nil {
			continue
		}
		pr := p.pauseAt(d.At)
		if pr == nil {
			continue
		}
		label := p.cfg.followUp(p, p.localDays(pr.since, d.At))
		if label == "" {
			continue
		}
		p.last = []chat.Outgoing{d.Out}
		out := joined(p.pressOrType("followup", label))
		day := p.localDays(pr.since, p.now())
		switch label {
		case "Better":
			if !strings.Contains(out, txtBetter) || !hasButton(p.last, "Resume") {
				p.fail("follow-up answer", "%s: Better got %q", p.stamp(p.now()), out)
			}
		case "Same", "Worse":
			if day >= 3 && !strings.Contains(out, txtClinician) {
				p.fail("follow-up answer", "%s: %s on pause day %d gives no advice to see a clinician: %q", p.stamp(p.now()), label, day, out)
			}
		}
	}
}

// checkBlame: never blame or shame a missed day.
func (p *person) checkBlame(at time.Time, text string) {
	for _, bad := range blameWords {
		if strings.Contains(strings.ToLower(text), bad) {
			p.fail("blame", "%s: %q", p.stamp(at), text)
		}
	}
}

// pauseAt is the pause in force at t, if any.
func (p *person) pauseAt(t time.Time) *pauseRec {
	for i := len(p.pauses) - 1; i >= 0; i-- {
		pr := p.pauses[i]
		if !t.Before(pr.since) && (pr.end.IsZero() || t.Before(pr.end)) {
			return pr
		}
	}
	return nil
}

func (p *person) paused() bool { return p.snap.Profile.Pause.PausedAt(p.now()) }

// Turns.

// send hands one message to the engine, checks every reply, and records
// the profile stored after the turn.
func (p *person) send(activity string, in chat.Incoming) []chat.Outgoing {
	p.w.clock.add(10 * time.Second) // each message takes a moment
	in.From, in.At = p.addr, p.now()
	outs, err := p.w.engine.Handle(p.w.ctx, in)
	if err != nil {
		p.w.t.Fatalf("%s: Handle(%q, %q) at %s: %v", p.cfg.name, in.Text, in.Data, p.stamp(in.At), err)
	}
	p.w.turns++
	if trace != "" && (trace == "all" || trace == p.cfg.name) {
		p.w.t.Logf("%s %s [%s] > %q%s\n%s", p.cfg.name, p.stamp(in.At), activity, in.Text, in.Data, indent(joined(outs)))
	}
	for _, o := range outs {
		if strings.Contains(o.Text, "[[missing message") {
			p.fail("missing message", "%s: %q", p.stamp(in.At), o.Text)
		}
		if strings.ContainsAny(o.Text, "{}") && !strings.HasPrefix(strings.TrimSpace(o.Text), "{") {
			p.fail("unfilled placeholder", "%s: %q", p.stamp(in.At), o.Text)
		}
		if o.To != p.addr {
			p.fail("reply to the wrong address", "%s: %+v", p.stamp(in.At), o.To)
		}
		if strings.Contains(o.Text, txtRedFlagFirst) {
			p.screens = append(p.screens, screenRec{at: in.At, activity: activity})
		}
		p.checkBlame(in.At, o.Text)
		p.checkSuggestionText(o, in.At)
	}
	p.last = outs
	p.observe(activity, outs)
	return outs
}

func (p *person) say(activity, text string) []chat.Outgoing {
	return p.send(activity, chat.Incoming{Text: text})
}

// pressOrType presses the button with this label among the latest
// replies, or types the label when there is none (a time, a zone).
func (p *person) pressOrType(activity, label string) []chat.Outgoing {
	if data, ok := buttonData(p.last, label); ok {
		return p.send(activity, chat.Incoming{Data: data})
	}
	return p.send(activity, chat.Incoming{Text: label})
}

func (p *person) press(activity, label string) []chat.Outgoing {
	data, ok := buttonData(p.last, label)
	if !ok {
		p.fail("missing button", "%s: no button %q in %q", p.stamp(p.now()), label, joined(p.last))
		return nil
	}
	return p.send(activity, chat.Incoming{Data: data})
}

// answers are what a persona says to the questions of one
// conversation, and what it was asked.
type answers struct {
	leg, back int
	walkPeak  int // the /done question's answer
	settled   string
	spread    bool
	limb      func() bool // asked only when the question comes
	why       string
	redFlag   func(item string) string

	asked        []string
	redFlags     int
	yes          string // the red-flag item answered yes
	limbAsked    bool
	limbYes      bool
	settledAsked bool
	peakAsked    bool
}

// converse sends in, then answers every question the replies ask
// until a reply asks nothing this persona answers. It returns every
// reply of the conversation.
func (p *person) converse(activity string, in chat.Incoming, a *answers) []chat.Outgoing {
	all := p.send(activity, in)
	outs := all
	for guard := 0; guard < 40 && len(outs) > 0; guard++ {
		q := outs[len(outs)-1]
		label := p.answerTo(q.Text, a)
		if label == "" {
			break
		}
		outs = p.pressOrType(activity, label)
		all = append(all, outs...)
		if label == "Yes" && a.yes != "" && strings.Contains(q.Text, txtRedFlagQ) {
			p.checkRedFlagReply(outs, a.yes)
			break
		}
	}
	return all
}

func (p *person) answerTo(q string, a *answers) string {
	has := func(s string) bool { return strings.Contains(q, s) }
	switch {
	case has("Before we start:"):
		return "I understand"
	case has("On a usual morning, how bad is your leg pain?"):
		return strconv.Itoa(p.cfg.baseLeg)
	case has("And your back pain on a usual morning?"):
		return strconv.Itoa(p.cfg.baseBack)
	case has("Roughly how many minutes can you walk now"):
		return strconv.Itoa(p.cfg.tolerance)
	case has("Where will you walk?"):
		if p.cfg.place == plan.Treadmill {
			return "Treadmill"
		}
		return "Outdoors"
	case has("What time should I remind you each day?"):
		return p.cfg.remind
	case has("Which time zone are you in?"):
		return p.cfg.zone
	case has("On which days should I remind you?"):
		return p.cfg.daysLabel
	case has(txtLeg):
		return strconv.Itoa(a.leg)
	case has(txtBack):
		return strconv.Itoa(a.back)
	case has(txtLastWalkPeak):
		a.peakAsked = true
		return "No walk yet" // every walk is logged with /done
	case has(txtWalkPeak):
		return strconv.Itoa(a.walkPeak)
	case has(txtSettled):
		a.settledAsked = true
		if a.settled == "" {
			return "Yes, back to usual"
		}
		return a.settled
	case has(txtSpread):
		return yesNo(a.spread)
	case has(txtLimbQ):
		a.limbAsked = true
		a.limbYes = a.limb != nil && a.limb()
		return yesNo(a.limbYes)
	case has(txtRedFlagQ):
		a.redFlags++
		item := q[strings.Index(q, txtRedFlagQ)+len(txtRedFlagQ):]
		item = strings.TrimSuffix(strings.TrimSpace(item), "?")
		label := "None of these"
		if a.redFlag != nil {
			label = a.redFlag(item)
		}
		if label == "Yes" {
			a.yes = item
		}
		return label
	case has(txtWhy):
		return a.why
	}
	return ""
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

// The profile after each turn.

func (p *person) observe(activity string, outs []chat.Outgoing) {
	snap, err := p.w.peek.Load(p.w.ctx, p.addr.Platform, p.addr.UserID)
	if err != nil {
		p.w.t.Fatalf("%s: load: %v", p.cfg.name, err)
	}
	p.observeDay(snap, activity, outs)
	p.observeDoses(snap, activity)
	p.observePause(snap)
	if n := len(p.optOut); n == 0 || p.optOut[n-1].off != snap.Profile.Settings.NoFollowUps {
		p.optOut = append(p.optOut, optOutRec{at: p.now(), off: snap.Profile.Settings.NoFollowUps})
	}
	p.snap = snap
}

// observeDay records the stored day's decision: set once, at the first
// check-in of the local day, and afterwards only replaced by one that
// does not raise it.
func (p *person) observeDay(snap profile.Snapshot, activity string, outs []chat.Outgoing) {
	d := snap.Profile.Day
	now := p.now()
	date := p.date(now)
	if d.Day == "" {
		return
	}
	rec := p.days[date]
	if d.Day != date {
		if d.Day > date {
			p.fail("day decision dated later", "%s: stored day %s", p.stamp(now), d.Day)
		}
		if rec != nil {
			p.fail("day decision lost", "%s: the day's decision of %s was replaced by one of %s", p.stamp(now), date, d.Day)
		}
		return
	}
	s := lastSuggestion(outs)
	minutes := -1
	if s != nil {
		minutes = s.minutes
		if s.rule != string(d.Rule) {
			p.fail("suggestion differs from the stored day", "%s (%s): the reply suggests rule %s, the stored day is %s", p.stamp(now), activity, s.rule, d.Rule)
		}
		if s.session && p.cfg.place == plan.Treadmill && s.incline != d.Dose.InclinePct {
			p.fail("suggestion differs from the stored day", "%s: incline %d%% shown, %d%% stored", p.stamp(now), s.incline, d.Dose.InclinePct)
		}
	}
	val := dayValue{at: now, activity: activity, plan: d, minutes: minutes}
	if rec == nil {
		rec = &dayRec{date: date}
		p.days[date] = rec
		p.dayOrder = append(p.dayOrder, date)
		rec.vals = append(rec.vals, val)
		switch {
		case activity == "checkin" && p.checkinsOn(date) == 0:
		case d.Pause || d.Rule == plan.RuleStopFlare:
			// a red flag or a flare decides a day that had no check-in yet
		default:
			p.fail("day decided outside the first check-in", "%s: %s set the day's decision %s", p.stamp(now), activity, describeDay(d))
		}
		return
	}
	old := rec.cur()
	if sameDay(old.plan, d) {
		return
	}
	rec.vals = append(rec.vals, val)
	if !lowering[d.Rule] && !d.Pause {
		p.fail("day replaced by a rule that may not replace it",
			"%s: %s replaced the day's %s (set at %s by %s) with %s; the rules let a later event that day replace it only by REDUCE, REST, HOLD, STOP-FLARE, NEURO-HOLD, LIMB-HOLD or WEEK-GUARD",
			p.stamp(now), activity, describeDay(old.plan), old.at.In(p.loc).Format("15:04"), old.activity, describeDay(d))
	}
	if why := raises(d, old.plan); why != "" {
		p.fail("day's decision raised later that day",
			"%s: %s replaced the day's %s (set at %s by %s) with %s: %s",
			p.stamp(now), activity, describeDay(old.plan), old.at.In(p.loc).Format("15:04"), old.activity, describeDay(d), why)
	}
}

var lowering = map[plan.RuleID]bool{
	plan.RuleReduce: true, plan.RuleRest: true, plan.RuleHold: true, plan.RuleStopFlare: true,
	plan.RuleNeuroHold: true, plan.RuleLimbHold: true, plan.RuleWeekGuard: true,
}

func redFlagRule(r plan.RuleID) bool { return r == plan.RuleUrgent || r == plan.RuleDoctor }

func sameDay(a, b profile.DayPlan) bool {
	return a.Rule == b.Rule && a.Dose == b.Dose && a.Session == b.Session && a.Pause == b.Pause && a.Reason.Code == b.Reason.Code
}

// raises says how later asks for more walking than day ("" when it
// does not): more minutes, more volume, a brisker pace, more incline, a
// session on a day without one, or the end of a pause.
func raises(later, day profile.DayPlan) string {
	switch {
	case day.Pause && !later.Pause:
		return "the red-flag pause ends"
	case !later.Session:
		return ""
	case !day.Session:
		return "a session on a day that had none"
	case later.Dose.Minutes > day.Dose.Minutes:
		return "more minutes"
	case later.Dose.Volume() > day.Dose.Volume():
		return "more weekly volume"
	case later.Dose.Pace > day.Dose.Pace:
		return "a brisker pace"
	case later.Dose.InclinePct > day.Dose.InclinePct:
		return "more incline"
	}
	return ""
}

func describeDay(d profile.DayPlan) string {
	s := fmt.Sprintf("%s/%s", d.Rule, d.Reason.Code)
	if d.Session {
		s += fmt.Sprintf(" %s", describeDose(d.Dose))
	} else {
		s += " (no session)"
	}
	if d.Pause {
		s += " paused"
	}
	return s
}

func describeDose(d plan.Dose) string {
	s := fmt.Sprintf("%d min x %d", d.Minutes, d.SessionsPerWeek)
	if d.ShortMinutes > 0 {
		s += fmt.Sprintf(" (one of %d)", d.ShortMinutes)
	}
	if d.Pace > 0 {
		s += " brisk"
	}
	if d.InclinePct > 0 {
		s += fmt.Sprintf(" %d%%", d.InclinePct)
	}
	return s + fmt.Sprintf(" = %d min/week", d.Volume())
}

func (p *person) checkinsOn(date string) int {
	n := 0
	for _, c := range p.checkins {
		if c.date == date {
			n++
		}
	}
	return n
}

// observeDoses appends the dose changes the profile gained and checks
// each at once.
func (p *person) observeDoses(snap profile.Snapshot, activity string) {
	ds := snap.Profile.Doses
	from := 0
	if n := len(p.doses); n > 0 {
		lastKnown := p.doses[n-1].DoseChange
		from = len(ds)
		for i := len(ds) - 1; i >= 0; i-- {
			if ds[i].At.Equal(lastKnown.At) && ds[i].Rule == lastKnown.Rule && ds[i].Dose == lastKnown.Dose {
				from = i + 1
				break
			}
			if ds[i].At.Before(lastKnown.At) {
				from = i + 1
				break
			}
		}
	}
	for _, c := range ds[from:] {
		rec := doseRec{DoseChange: c, activity: activity}
		if snap.Profile.Day.Day == p.date(c.At) {
			rec.dayRule = snap.Profile.Day.Rule
		}
		p.doses = append(p.doses, rec)
		p.checkDoseChange(len(p.doses) - 1)
	}
}

func (p *person) observePause(snap profile.Snapshot) {
	pz := snap.Profile.Pause
	now := p.now()
	var cur *pauseRec
	if n := len(p.pauses); n > 0 && p.pauses[n-1].end.IsZero() {
		cur = p.pauses[n-1]
	}
	switch {
	case pz.Active && (cur == nil || !pz.Since.Equal(cur.since)):
		if cur != nil {
			cur.end = pz.Since
		}
		cur = &pauseRec{since: pz.Since}
		p.pauses = append(p.pauses, cur)
	case !pz.Active && cur != nil:
		cur.end = now
		for _, rf := range p.rfPauses {
			if rf.resumed.IsZero() {
				rf.resumed = now
			}
		}
		return
	case !pz.Active:
		return
	}
	cur.rule, cur.flare, cur.why = pz.Rule, pz.Flare, pz.Why
	if pz.FollowUpsEnded && cur.betterAt.IsZero() {
		cur.betterAt = now
	}
}

// optedOutAt reports whether follow-ups were off in /settings at t.
func (p *person) optedOutAt(t time.Time) bool {
	off := false
	for _, o := range p.optOut {
		if o.at.After(t) {
			break
		}
		off = o.off
	}
	return off
}

// doseAt is the dose in force at t by the recorded changes; ok is false
// before the first.
func (p *person) doseAt(t time.Time) (plan.Dose, bool) {
	for i := len(p.doses) - 1; i >= 0; i-- {
		if !p.doses[i].At.After(t) {
			return p.doses[i].Dose, true
		}
	}
	return plan.Dose{}, false
}

// Buttons and text.

func buttonData(outs []chat.Outgoing, label string) (string, bool) {
	for i := len(outs) - 1; i >= 0; i-- {
		for _, row := range outs[i].Buttons {
			for _, b := range row {
				if b.Label == label {
					return b.Data, true
				}
			}
		}
	}
	return "", false
}

func hasButton(outs []chat.Outgoing, label string) bool {
	_, ok := buttonData(outs, label)
	return ok
}

func joined(outs []chat.Outgoing) string {
	parts := make([]string, 0, len(outs))
	for _, o := range outs {
		parts = append(parts, o.Text)
	}
	return strings.Join(parts, "\n---\n")
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// trace names a persona whose conversation the test logs (SIM_TRACE=name,
// or all; go test -v shows it).
var trace = os.Getenv("SIM_TRACE")

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }

var blameWords = []string{"you should have", "you missed", "you failed", "shame", "lazy", "disappoint"}

// mornings are the persona's morning (first of the local day)
// check-ins before t, oldest first.
func (p *person) mornings(before time.Time) []*checkinRec {
	var out []*checkinRec
	for _, c := range p.checkins {
		if c.morning && c.at.Before(before) {
			out = append(out, c)
		}
	}
	return out
}

// baseline is the rules file's baseline at t: the lower middle value of
// the pains of the last 7 morning check-ins, or the onboarding answer
// until there are 3.
func (p *person) baseline(t time.Time) int {
	ms := p.mornings(t)
	if len(ms) < 3 {
		return max(p.cfg.baseLeg, p.cfg.baseBack)
	}
	ms = ms[max(0, len(ms)-7):]
	pains := make([]int, len(ms))
	for i, c := range ms {
		pains[i] = c.pain()
	}
	slices.Sort(pains)
	return pains[(len(pains)-1)/2]
}
