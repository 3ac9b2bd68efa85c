package dialog

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"treadwell/internal/chart"
	"treadwell/internal/plan"
	"treadwell/internal/profile"
	"treadwell/internal/report"
	"treadwell/messages"
)

// reportData words the clinician report of the last weeks local weeks
// (today included) from the whole log. Every figure is one the person
// can also see: the days and the chart are /progress's (chartDataOver),
// planned walks count as in /progress (planned days of the dose then in
// force, leaving out paused, flare and rest days).
func (t *turn) reportData(log []profile.Entry, weeks int) report.Data {
	loc := t.location()
	days := weeks * 7
	cd := t.chartDataOver(log, days)
	cd.Labels = chartLabels(t.e.msgs, t.lang)
	cd.Labels.Title = t.text(messages.ReportChartTitle)
	first, last := cd.First, cd.Last
	from := t.localDate(first)
	inPeriod := func(tm time.Time) bool { d := t.localDate(tm); return d >= from && !tm.After(t.now) }

	d := report.Data{
		Paper: report.PaperFor(string(t.p.Settings.Zone), t.in.Lang),
		Made:  t.now,
		Title: t.text(messages.ReportTitle),
		Lines: []string{
			t.text(messages.ReportFor),
			t.text(messages.ReportPeriod, "from", t.longDate(first), "to", t.longDate(last), "weeks", weeks, "made", t.longDate(t.now)),
			t.reportContext(loc),
		},
		Note:   t.text(messages.ReportNote),
		Chart:  cd,
		Footer: t.text(messages.ReportFooter),
	}

	chartDays, _ := chart.Days(cd)
	off := t.daysOffIn(log)
	type dayFig struct {
		walked, plannedMin, walks, planned int
		cutShort, skipped                  bool
		peaks                              []string
		rule                               plan.RuleID
	}
	figs := map[string]*dayFig{}
	fig := func(date string) *dayFig {
		if figs[date] == nil {
			figs[date] = &dayFig{}
		}
		return figs[date]
	}
	rules := map[plan.RuleID]bool{}
	var pauseLines, flagLines, limbLines, clearOn []string
	for _, e := range log {
		if !inPeriod(e.At) {
			continue
		}
		date := t.localDate(e.At)
		switch {
		case e.Kind == profile.KindWalk && e.Walk != nil:
			w := e.Walk
			at := orAt(w.At, e.At) // a walk logged for yesterday counts there
			if !inPeriod(at) {
				continue
			}
			f := fig(t.localDate(at))
			if w.Skipped {
				f.skipped = true
				continue
			}
			f.walked += w.Minutes
			if w.Minutes > 0 {
				f.walks++
			}
			f.cutShort = f.cutShort || w.CutShort
			if w.Peak != plan.NoPain {
				f.peaks = append(f.peaks, strconv.Itoa(w.Peak))
			}
		case e.Kind == profile.KindCheckIn && e.CheckIn != nil:
			c := e.CheckIn
			if c.Rule != "" {
				fig(date).rule = c.Rule // the last check-in's: the day's decision after it
				rules[c.Rule] = true
			}
			if c.LimbAsked {
				key := messages.ReportLimbNo
				if c.Limb {
					key = messages.ReportLimbYes
				}
				limbLines = append(limbLines, t.text(key, "date", t.shortDate(e.At)))
			}
		case e.Kind == profile.KindRedFlags && e.RedFlags != nil:
			r := e.RedFlags
			rule, key, withSign := plan.RuleDoctor, messages.ReportRedflagDoctor, messages.ReportRedflagDoctorSign
			switch {
			case r.Urgent:
				rule, key, withSign = plan.RuleUrgent, messages.ReportRedflagUrgent, messages.ReportRedflagUrgentSign
			case !r.Doctor:
				clearOn = append(clearOn, t.shortDate(e.At))
				continue
			}
			sign := t.redFlagSign(*r)
			if sign != "" {
				key = withSign // a check logged before the sign was kept names its list only
			}
			flagLines = append(flagLines, t.text(key, "date", t.shortDate(e.At), "sign", sign, "rule", rule))
			rules[rule] = true
		}
	}
	pauseLines = t.reportPauses(log, first, rules)

	// Planned days, as /progress counts them.
	for _, cday := range chartDays {
		if cday.Blank {
			continue
		}
		noon := time.Date(cday.Date.Year(), cday.Date.Month(), cday.Date.Day(), 12, 0, 0, 0, loc)
		date := t.localDate(noon)
		dose := t.doseOn(noon)
		if dose.IsZero() || off[date] || !slices.Contains(t.plannedDays(dose), noon.Weekday()) {
			continue
		}
		f := fig(date)
		f.planned++
		f.plannedMin += dose.Minutes
	}

	dash := "-"
	num := func(v int) string {
		if v < 0 {
			return dash
		}
		return strconv.Itoa(v)
	}
	daily := report.Table{Side: 2, Header: []string{t.text(messages.ReportDaysDate), t.text(messages.ReportDaysLeg),
		t.text(messages.ReportDaysBack), t.text(messages.ReportDaysWalked), t.text(messages.ReportDaysPeak), t.text(messages.ReportDaysRule)}}
	weekly := report.Table{Header: []string{t.text(messages.ReportWeeksWeek), t.text(messages.ReportWeeksPlanned),
		t.text(messages.ReportWeeksWalked), t.text(messages.ReportWeeksKept), t.text(messages.ReportWeeksLeg),
		t.text(messages.ReportWeeksBack), t.text(messages.ReportWeeksCheckins)}}
	type weekSum struct {
		from, to                                 time.Time
		planned, walked, kept, plannedWalks      int
		legSum, backSum, checkIns, daysCountable int
	}
	var weekSums []weekSum
	for i, cday := range chartDays {
		if i%7 == 0 {
			weekSums = append(weekSums, weekSum{from: cday.Date})
		}
		w := &weekSums[len(weekSums)-1]
		w.to = cday.Date
		if cday.Blank {
			continue
		}
		w.daysCountable++
		f := fig(t.localDate(time.Date(cday.Date.Year(), cday.Date.Month(), cday.Date.Day(), 12, 0, 0, 0, loc)))
		w.planned += f.plannedMin
		w.walked += f.walked
		w.kept += f.walks
		w.plannedWalks += f.planned
		if cday.Leg >= 0 {
			w.legSum += cday.Leg
			w.backSum += cday.Back
			w.checkIns++
		}
		walk := dash
		switch {
		case f.walked > 0 && f.cutShort:
			walk = strconv.Itoa(f.walked) + "*"
		case f.walked > 0:
			walk = strconv.Itoa(f.walked)
		case f.skipped:
			walk = t.text(messages.ReportSkipped)
		}
		if f.plannedMin > 0 {
			walk += " / " + strconv.Itoa(f.plannedMin)
		}
		peak := dash
		if len(f.peaks) > 0 {
			peak = strings.Join(f.peaks, ", ")
		}
		rule := string(f.rule)
		if rule == "" {
			rule = dash
			if pausedOn(cd.Pauses, cday.Date) {
				rule = t.text(messages.ReportPaused) // no check-in: no decision that day
			}
		}
		daily.Rows = append(daily.Rows, []string{t.shortDate(cday.Date), num(cday.Leg), num(cday.Back), walk, peak, rule})
	}
	avg := func(sum, n int) string {
		if n == 0 {
			return dash
		}
		return fmt.Sprintf("%.1f", float64(sum)/float64(n))
	}
	for _, w := range weekSums {
		if w.daysCountable == 0 {
			continue
		}
		weekly.Rows = append(weekly.Rows, []string{
			t.text(messages.ReportWeekSpan, "from", t.shortDate(w.from), "to", t.shortDate(w.to)),
			strconv.Itoa(w.planned), strconv.Itoa(w.walked), fmt.Sprintf("%d / %d", w.kept, w.plannedWalks),
			avg(w.legSum, w.checkIns), avg(w.backSum, w.checkIns), strconv.Itoa(w.checkIns),
		})
	}

	var doses []string
	for _, c := range t.p.Doses {
		if !inPeriod(c.At) {
			continue
		}
		rules[c.Rule] = true
		doses = append(doses, t.text(messages.ReportDose, "date", t.shortDate(c.At), "rule", c.Rule,
			"minutes", c.Dose.Minutes, "sessions", c.Dose.SessionsPerWeek))
	}
	doseLines := []string{strings.Join(doses, "; ")}
	if len(doses) == 0 {
		doseLines = []string{t.text(messages.ReportDosesNone)}
	}
	var doseNotes []string
	if time.Duration(days)*24*time.Hour > doseChangesKept {
		doseNotes = []string{t.text(messages.ReportDosesKept)}
	}
	if len(pauseLines) == 0 {
		pauseLines = []string{t.text(messages.ReportPausesNone)}
	}
	if len(clearOn) > 0 {
		// The clear screens in one sentence: most screens are clear.
		flagLines = append([]string{t.text(messages.ReportRedflagClear, "dates", strings.Join(clearOn, ", "))}, flagLines...)
	}
	if len(flagLines) == 0 {
		flagLines = []string{t.text(messages.ReportRedflagsNone)}
	} else {
		flagLines = []string{strings.Join(flagLines, " ")}
	}
	limb := []string{t.text(messages.ReportLimbNone)}
	if len(limbLines) > 0 {
		limb = []string{strings.Join(limbLines, "; ")}
	}
	var ruleLines []string
	for _, id := range plan.Rules {
		if rules[id] {
			ruleLines = append(ruleLines, string(id)+": "+t.text(messages.Dynamic("report.rule."+string(id))))
		}
	}

	d.Sections = []report.Section{
		{Heading: t.text(messages.ReportWeeksHeading), Table: weekly},
		{Heading: t.text(messages.ReportDaysHeading), Table: daily, Notes: []string{t.text(messages.ReportDaysLegend)}},
		{Heading: t.text(messages.ReportPausesHeading), Lines: pauseLines},
		{Heading: t.text(messages.ReportRedflagsHeading), Lines: flagLines, Notes: []string{t.redFlagsAsked()}},
		{Heading: t.text(messages.ReportDosesHeading), Lines: doseLines, Notes: doseNotes},
		{Heading: t.text(messages.ReportLimbHeading), Lines: limb},
	}
	if len(ruleLines) > 0 {
		d.Sections = append(d.Sections, report.Section{Heading: t.text(messages.ReportRulesHeading), Notes: []string{strings.Join(ruleLines, "; ")}})
	}
	return d
}

// reportContext is the line on the person's use of the bot and plan.
func (t *turn) reportContext(loc *time.Location) string {
	place := t.text(messages.ReportPlaceOutdoors)
	if t.p.Settings.Place == plan.Treadmill {
		place = t.text(messages.ReportPlaceTreadmill)
	}
	return t.text(messages.ReportContext, "since", t.longDate(t.p.Created), "zone", loc.String(), "place", place,
		"minutes", t.p.Dose.Minutes, "sessions", t.p.Dose.SessionsPerWeek, "target", plan.Target.Minutes)
}

// reportPauses words each pause that overlaps the period from first on,
// from the log (a pause during a pause only moves its end, as in the
// chart), with its reason, and records the rules it names.
func (t *turn) reportPauses(log []profile.Entry, first time.Time, rules map[plan.RuleID]bool) []string {
	var lines []string
	var open *profile.Entry
	var until time.Time
	add := func(start profile.Entry, end string) {
		p := start.Pause
		key := messages.ReportPauseOther
		switch {
		case p == nil:
		case p.Why == profile.WhyBreak:
			key = messages.ReportPauseBreak
		case p.Rule == plan.RuleUrgent:
			key = messages.ReportPauseUrgent
		case p.Rule == plan.RuleDoctor:
			key = messages.ReportPauseDoctor
		case t.flarePause(start):
			key = messages.ReportPauseFlare
		}
		if p != nil && p.Rule != "" && key != messages.ReportPauseOther && key != messages.ReportPauseBreak {
			rules[p.Rule] = true
		}
		rule := plan.RuleID("")
		if p != nil {
			rule = p.Rule
		}
		lines = append(lines, t.text(key, "from", t.shortDate(start.At), "to", end, "rule", rule))
	}
	ended := func(end time.Time) bool { return t.localDate(end) >= t.localDate(first) }
	for _, e := range log {
		if open != nil && !until.IsZero() && !e.At.Before(until) {
			if ended(until) {
				add(*open, t.shortDate(until))
			}
			open = nil
		}
		switch e.Kind {
		case profile.KindPause:
			// A pause during a pause only moves its end, unless a red
			// flag paused it anew: that is a reason of its own.
			if open != nil && e.Pause != nil && isRedFlagRule(e.Pause.Rule) && open.Pause != nil && open.Pause.Rule != e.Pause.Rule {
				if ended(e.At) {
					add(*open, t.shortDate(e.At))
				}
				open = nil
			}
			if open == nil {
				e := e
				open = &e
			}
			until = time.Time{}
			if e.Pause != nil {
				until = e.Pause.Until
			}
		case profile.KindResume:
			if open != nil {
				if ended(e.At) {
					add(*open, t.shortDate(e.At))
				}
				open = nil
			}
		}
	}
	if open != nil {
		switch {
		case !until.IsZero() && until.Before(t.now):
			if ended(until) {
				add(*open, t.shortDate(until))
			}
		default:
			add(*open, t.text(messages.ReportPauseOpen))
		}
	}
	return lines
}

// pausedOn reports whether the plan was paused at any moment of the
// local day that begins at midnight.
func pausedOn(spans []chart.Span, midnight time.Time) bool {
	next := time.Date(midnight.Year(), midnight.Month(), midnight.Day()+1, 0, 0, 0, 0, midnight.Location())
	for _, sp := range spans {
		if sp.To.After(midnight) && sp.From.Before(next) {
			return true
		}
	}
	return false
}

func isRedFlagRule(r plan.RuleID) bool { return r == plan.RuleUrgent || r == plan.RuleDoctor }

// redFlagsAsked lists the signs of both red-flag lists.
func (t *turn) redFlagsAsked() string {
	var urgent, doctor []string
	for i, k := range redFlagItems {
		if i < urgentItems {
			urgent = append(urgent, t.text(k))
		} else {
			doctor = append(doctor, t.text(k))
		}
	}
	return t.text(messages.ReportRedflagsAsked, "urgent", strings.Join(urgent, "; "), "doctor", strings.Join(doctor, "; "))
}

// longDate is a date with its year, for the report: "30 Nov 2026".
func (t *turn) longDate(tm time.Time) string {
	tm = tm.In(t.location())
	return t.text(messages.ReportDate, "day", tm.Day(), "month", t.monthName(tm), "year", tm.Year())
}

// shortDate is "Mon 30 Nov", /progress's date.
func (t *turn) shortDate(tm time.Time) string { return t.date(tm) }

// monthName is tm's short month name in the person's language.
func (t *turn) monthName(tm time.Time) string {
	mo := strings.Split(t.text(messages.DateMonths), ",")
	if len(mo) != 12 {
		return strconv.Itoa(int(tm.Month()))
	}
	return strings.TrimSpace(mo[tm.Month()-1])
}
