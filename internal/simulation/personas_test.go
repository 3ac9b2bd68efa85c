package simulation_test

import (
	"math/rand/v2"
	"slices"
	"time"

	"treadwell/internal/chat"
	"treadwell/internal/localtime"
	"treadwell/internal/plan"
)

// simDay0 is day 0 of every persona: the local Sunday they onboard on
// (at 20:00 local). Week 1 is the local Monday to Sunday after it. The
// run crosses Sydney's change to summer time (4 October 2026), Berlin's
// and London's back to winter time (25 October) and New York's, Chicago's
// and Los Angeles's (1 November).
var simDay0 = time.Date(2026, 9, 13, 0, 0, 0, 0, time.UTC)

// simStart is when the clock starts: before the first persona's day 0
// evening (Sydney, UTC+10).
var simStart = time.Date(2026, 9, 13, 0, 0, 0, 0, time.UTC)

// persona is a simulated person's set-up and behaviour. Nil behaviours
// take the good responder's.
type persona struct {
	name      string
	seed      uint64
	platform  chat.Platform
	zone      string // as typed at onboarding
	remind    string // reminder time, local
	daysLabel string // the onboarding button for the reminder days
	days      localtime.Days
	place     plan.Place
	tolerance int
	baseLeg   int
	baseBack  int
	walkAt    string
	daily     bool // checks in every day: at most 7 local days between red-flag screens
	target    bool // the 130-minute target applies and is asserted
	figures   bool // printed at the end

	morning     func(p *person) (leg, back int)
	walkPeak    func(p *person) int
	settled     func(p *person, w walkRec) string
	spread      func(p *person, n int) bool
	limb        func(p *person, n int) bool
	redFlag     func(p *person, item string) string
	followUp    func(p *person, pauseDay int) string
	walkMinutes func(p *person, planned int) int
	onboard     func(p *person)                         // day 0's onboarding, when not the usual one
	onReminder  func(p *person, n int, r delivery) bool // handles the morning's reminder itself
	afterWalk   func(p *person, w walkRec)
	away        func(p *person, n int) bool
	extra       func(p *person, n int) []*item
}

func (c *persona) fill() *persona {
	if c.morning == nil {
		c.morning = goodMorning
	}
	if c.walkPeak == nil {
		c.walkPeak = calmPeak
	}
	if c.settled == nil {
		c.settled = func(*person, walkRec) string { return "Yes, back to usual" }
	}
	if c.spread == nil {
		c.spread = func(*person, int) bool { return false }
	}
	if c.limb == nil {
		c.limb = func(*person, int) bool { return false }
	}
	if c.redFlag == nil {
		c.redFlag = func(*person, string) string { return "None of these" }
	}
	if c.walkAt == "" {
		c.walkAt = "17:00"
	}
	return c
}

// goodMorning is the usual morning, sometimes a point better.
func goodMorning(p *person) (int, int) {
	leg, back := p.cfg.baseLeg, p.cfg.baseBack
	if p.rng.IntN(5) == 0 {
		leg--
	}
	if p.rng.IntN(4) == 0 {
		back = max(0, back-1)
	}
	return leg, back
}

// calmPeak is a walk peaking at 0-3.
func calmPeak(p *person) int { return p.rng.IntN(4) }

// resumeItem is the /resume a persona scheduled for local day n.
func resumeItem(p *person, n int) []*item {
	if on, ok := p.state["resumeOn"]; ok && on == n {
		return []*item{{at: minutesToHHMM(p.state["resumeAt"]), name: "resume", fn: p.resume}}
	}
	return nil
}

// urgentAt answers "Yes" to the first urgent item at the first screen
// on or after local day from.
func urgentAt(from int) func(p *person, item string) string {
	return func(p *person, item string) string {
		if _, done := p.state["rfDay"]; !done && p.localDay(p.now()) >= from && item == urgentItems[0] {
			return "Yes"
		}
		return "None of these"
	}
}

// doctorAt answers "Yes" to "a recent fall or injury" at the first
// screen on or after local day from.
func doctorAt(from int) func(p *person, item string) string {
	return func(p *person, item string) string {
		if _, done := p.state["rfDay"]; done || p.localDay(p.now()) < from {
			return "None of these"
		}
		switch {
		case slices.Contains(urgentItems, item):
			return "None of these"
		case item == "a recent fall or injury":
			return "Yes"
		}
		return "No"
	}
}

// redFlagPaused has the persona look at /plan and /checkin every other
// day of a red-flag pause.
func redFlagPaused(p *person, n int) []*item {
	rf, ok := p.state["rfDay"]
	if !ok || n <= rf || (n-rf)%2 != 1 {
		return nil
	}
	return []*item{{at: "10:00", name: "paused-check", fn: func() {
		if p.snap.Profile.Pause.Active && redFlagRule(p.snap.Profile.Pause.Rule) {
			p.pausedCheck()
		}
	}}}
}

func personas(short bool) []*persona {
	ps := []*persona{
		{
			// A good responder with daily reminders: walks peak 0-3 and
			// always settle, a check-in every morning, every planned
			// walk logged with /done N and its peak. Berlin, across the
			// end of summer time.
			name: "good-daily", seed: 1, platform: chat.Telegram, zone: "Europe/Berlin",
			remind: "07:30", daysLabel: "Every day", days: localtime.Daily, place: plan.Treadmill,
			tolerance: 10, baseLeg: 4, baseBack: 3, daily: true, target: true, figures: true,
		},
		{
			// The same on weekday reminders, outdoors, in Chicago; now
			// and then a walk well over the plan.
			name: "good-weekdays", seed: 2, platform: chat.Discord, zone: "America/Chicago",
			remind: "12:00", daysLabel: "Weekdays", days: localtime.Weekdays, place: plan.Outdoors,
			tolerance: 10, baseLeg: 5, baseBack: 4, walkAt: "18:00", target: true, figures: true,
			walkMinutes: func(p *person, planned int) int {
				if p.state["walks"]++; p.state["walks"]%9 == 0 {
					return planned*13/10 + 1
				}
				return planned
			},
		},
		{
			// Morning pain varying by a point either way, day to day.
			name: "varying", seed: 3, platform: chat.Console, zone: "Europe/London",
			remind: "07:00", daysLabel: "Every day", days: localtime.Daily, place: plan.Treadmill,
			tolerance: 10, baseLeg: 4, baseBack: 2, daily: true, figures: true,
			morning: func(p *person) (int, int) { return p.cfg.baseLeg + p.rng.IntN(3) - 1, p.cfg.baseBack },
		},
		flareProne(),
		lapsed(),
		{
			// The leg once worse (NEURO-HOLD, week 4), once new knee
			// pain at the weekly lower-limb question (LIMB-HOLD, week
			// 8), four bad mornings in week 13 (REDUCE, then REST).
			// Sydney, across the start of summer time.
			name: "neuro-limb", seed: 6, platform: chat.Telegram, zone: "Australia/Sydney",
			remind: "06:30", daysLabel: "Every day", days: localtime.Daily, place: plan.Treadmill,
			tolerance: 20, baseLeg: 3, baseBack: 3, daily: true,
			spread: func(p *person, n int) bool { return n == 25 },
			morning: func(p *person) (int, int) {
				if n := p.today.n; n >= 85 && n <= 88 {
					return p.cfg.baseLeg + 3, p.cfg.baseBack // a bad spell: REDUCE, then REST
				}
				return goodMorning(p)
			},
			limb: func(p *person, n int) bool {
				if _, done := p.state["limbYes"]; !done && n >= 50 {
					p.state["limbYes"] = n
					return true
				}
				return false
			},
		},
		holiday(),
		{
			// Sometimes checks in again late in the day, often with
			// more pain.
			name: "late-second", seed: 8, platform: chat.Console, zone: "America/Los_Angeles",
			remind: "09:00", daysLabel: "Every day", days: localtime.Daily, place: plan.Outdoors,
			tolerance: 10, baseLeg: 4, baseBack: 3, walkAt: "12:00", daily: true,
			extra: func(p *person, n int) []*item {
				if p.rng.IntN(10) >= 3 {
					return nil
				}
				up := 0
				if p.rng.IntN(2) == 0 {
					up = 2 + p.rng.IntN(2)
				}
				return []*item{{at: "21:30", name: "late check-in", fn: func() {
					leg, back := p.cfg.baseLeg+up, p.cfg.baseBack
					p.lateCheckIn(leg, back)
				}}}
			},
		},
		{
			// A doctor-today flag (a recent fall) in week 5; resumes 4
			// days later. Reminders Mon, Wed, Fri.
			name: "doctor", seed: 9, platform: chat.Telegram, zone: "Europe/Madrid",
			remind: "07:30", daysLabel: "Mon, Wed, Fri", days: 1<<time.Monday | 1<<time.Wednesday | 1<<time.Friday,
			place: plan.Treadmill, tolerance: 10, baseLeg: 4, baseBack: 3,
			redFlag: doctorAt(29),
			extra: func(p *person, n int) []*item {
				items := redFlagPaused(p, n)
				if rf, ok := p.state["rfDay"]; ok && n == rf+4 {
					p.scheduleResume(n, "06:30")
				}
				return append(items, resumeItem(p, n)...)
			},
		},
	}
	// A walk at 7 in week 3 whose red-flag check finds a doctor-today
	// sign (pain worse lying down): the flare's follow-ups give way to
	// the one 24 h after the red flag; /resume 10 days later.
	ps = append(ps, &persona{
		name: "flare-doctor", seed: 31, platform: chat.Console, zone: "Europe/London",
		remind: "07:30", daysLabel: "Every day", days: localtime.Daily, place: plan.Outdoors,
		tolerance: 10, baseLeg: 4, baseBack: 3, daily: true,
		walkPeak: func(p *person) int {
			if _, done := p.state["flared"]; !done && p.today.n >= 20 {
				p.state["flared"] = p.today.n
				return 7
			}
			return calmPeak(p)
		},
		redFlag: func(p *person, item string) string {
			if _, done := p.state["rfDay"]; done || p.state["flared"] == 0 {
				return "None of these"
			}
			switch {
			case slices.Contains(urgentItems, item):
				return "None of these"
			case item == "pain that is worse lying down, or severe at night":
				return "Yes"
			}
			return "No"
		},
		extra: func(p *person, n int) []*item {
			items := redFlagPaused(p, n)
			if rf, ok := p.state["rfDay"]; ok && n == rf+10 {
				items = append(items, &item{at: "06:30", name: "resume", fn: p.resume})
			}
			return items
		},
	})
	// An urgent red flag answered yes in week 6, in five zones: the
	// urgent message names 112, 911, 000, 999, or only "your local
	// emergency number" for a fixed offset. London resumes in week 9.
	for i, z := range []struct{ name, zone string }{
		{"urgent-berlin", "Europe/Berlin"}, {"urgent-newyork", "America/New_York"},
		{"urgent-sydney", "Australia/Sydney"}, {"urgent-london", "Europe/London"},
		{"urgent-offset", "UTC+05:30"},
	} {
		resumes := z.name == "urgent-london"
		ps = append(ps, &persona{
			name: z.name, seed: uint64(20 + i), platform: chat.Platforms[i%len(chat.Platforms)], zone: z.zone,
			remind: "08:00", daysLabel: "Every day", days: localtime.Daily, place: plan.Treadmill,
			tolerance: 10, baseLeg: 4, baseBack: 3, redFlag: urgentAt(36),
			extra: func(p *person, n int) []*item {
				items := redFlagPaused(p, n)
				if resumes && n == 63 {
					items = append(items, &item{at: "07:00", name: "resume", fn: p.resume})
				}
				return items
			},
		})
	}
	// An urgent yes at onboarding, before the zone is known (only the
	// generic wording); /start again three days later with no red flags.
	ps = append(ps, &persona{
		name: "urgent-onboarding", seed: 30, platform: chat.Discord, zone: "Europe/Berlin",
		remind: "08:00", daysLabel: "Every day", days: localtime.Daily, place: plan.Outdoors,
		tolerance: 15, baseLeg: 5, baseBack: 3,
		onboard: func(p *person) {
			p.created = p.now().Add(10 * time.Second)
			a := &answers{redFlag: func(item string) string {
				if item == urgentItems[0] {
					return "Yes"
				}
				return "None of these"
			}}
			p.converse("onboard", chat.Incoming{Text: "/start"}, a)
			if a.yes == "" {
				p.fail("onboarding", "%s: no red-flag question to answer yes to", p.stamp(p.now()))
			}
		},
		away: func(p *person, n int) bool { return n <= 2 },
		extra: func(p *person, n int) []*item {
			if n == 3 {
				return []*item{{at: "07:00", name: "onboard", fn: p.onboard}}
			}
			return nil
		},
	})
	if short {
		keep := map[string]bool{"good-daily": true, "varying": true, "flare-prone": true, "holiday": true, "urgent-berlin": true, "urgent-offset": true, "late-second": true, "neuro-limb": true}
		ps = slices.DeleteFunc(ps, func(c *persona) bool { return !keep[c.name] })
	}
	for _, c := range ps {
		c.fill()
	}
	return ps
}

// flareProne walks peak 0-3 mostly, sometimes 4-5 (not always settled),
// and flares: a /stop because of pain (week 3), a walk at 7 with a
// /resume the same evening (week 5), a walk at 6 and no /resume for 30
// days, answering every follow-up Same or Worse (week 7), the
// reminder's "I'm flaring" answered Better at the day-3 follow-up (week
// 13), and random flares resumed after 2-5 days. New York, across the
// end of summer time.
func flareProne() *persona {
	plans := []struct {
		from int
		kind string
	}{{31, "same-day"}, {45, "long"}}
	quiet := func(n int) bool {
		for _, r := range [][2]int{{14, 21}, {28, 34}, {42, 80}, {84, 96}, {98, 106}} {
			if n >= r[0] && n <= r[1] {
				return true
			}
		}
		return false
	}
	return &persona{
		name: "flare-prone", seed: 4, platform: chat.Telegram, zone: "America/New_York",
		remind: "18:00", daysLabel: "Every day", days: localtime.Daily, place: plan.Outdoors,
		tolerance: 15, baseLeg: 4, baseBack: 4, walkAt: "19:00",
		walkPeak: func(p *person) int {
			n := p.today.n
			for _, pl := range plans {
				kind := pl.kind
				if _, done := p.state["flare-"+kind]; !done && n >= pl.from {
					p.state["flare-"+kind] = n
					p.state["policy"] = map[string]int{"same-day": 0, "long": 1}[kind]
					if kind == "same-day" {
						p.scheduleResume(n, "22:00")
						return 7
					}
					p.scheduleResume(n+30, "17:00")
					return 6
				}
			}
			r := p.rng.Float64()
			if r < 0.04 && !quiet(n) && n < 7*p.w.weeks-4 {
				p.state["policy"] = 0
				p.scheduleResume(n+2+p.rng.IntN(4), "17:00")
				return 6 + p.rng.IntN(2)
			}
			if r < 0.14 {
				return 4 + p.rng.IntN(2)
			}
			return p.rng.IntN(4)
		},
		settled: func(p *person, w walkRec) string {
			if w.peak >= 4 && p.rng.IntN(10) < 4 {
				return "Not quite"
			}
			return "Yes, back to usual"
		},
		followUp: func(p *person, day int) string {
			switch p.state["policy"] {
			case 1:
				return map[int]string{3: "Same", 7: "Worse", 14: "Same", 21: "Same", 28: "Same"}[day]
			case 2:
				if day == 3 {
					return "Better"
				}
			default:
				if day == 3 {
					return "Same"
				}
			}
			return ""
		},
		onReminder: func(p *person, n int, r delivery) bool {
			if n != 87 {
				return false
			}
			p.state["policy"] = 2
			p.scheduleResume(n+5, "17:00")
			p.flaring(r)
			return true
		},
		extra: func(p *person, n int) []*item {
			var items []*item
			switch n {
			case 17:
				items = append(items, &item{at: "12:00", name: "stop", fn: func() {
					p.state["policy"] = 0
					p.stop("Because of pain")
					p.scheduleResume(19, "17:00")
				}})
			case 100:
				// /stop, "because of pain?" left unanswered; the next
				// message two and a half hours later
				if !p.paused() {
					items = append(items,
						&item{at: "12:00", name: "stop", fn: func() {
							p.state["policy"] = 0
							p.stopUnanswered()
							p.scheduleResume(104, "17:00")
						}},
						&item{at: "14:30", name: "later", fn: p.laterMessage})
				}
			}
			return append(items, resumeItem(p, n)...)
		},
	}
}

// lapsed is away twice, 8-20 days each, without a message (reminders
// keep coming), then comes back. Tokyo.
func lapsed() *persona {
	r := rand.New(rand.NewPCG(5, 55))
	first, second := 8+r.IntN(13), 8+r.IntN(13)
	return &persona{
		name: "lapsed", seed: 5, platform: chat.Discord, zone: "Asia/Tokyo",
		remind: "08:00", daysLabel: "Every day", days: localtime.Daily, place: plan.Outdoors,
		tolerance: 10, baseLeg: 4, baseBack: 3,
		away: func(p *person, n int) bool {
			return (n >= 22 && n < 22+first) || (n >= 78 && n < 78+second)
		},
	}
}

// holiday /stops for a holiday (week 5, "Something else", 10-14 days),
// turns follow-ups off in /settings (week 9) and then flares on a walk
// (week 10), resuming 9 days later. A fixed offset, UTC+05:30.
func holiday() *persona {
	return &persona{
		name: "holiday", seed: 7, platform: chat.Console, zone: "UTC+05:30",
		remind: "07:00", daysLabel: "Every day", days: localtime.Daily, place: plan.Outdoors,
		tolerance: 10, baseLeg: 4, baseBack: 3,
		walkPeak: func(p *person) int {
			if _, done := p.state["flared"]; !done && p.today.n >= 66 {
				p.state["flared"] = p.today.n
				p.scheduleResume(p.today.n+9, "06:00")
				return 7
			}
			return calmPeak(p)
		},
		extra: func(p *person, n int) []*item {
			var items []*item
			switch n {
			case 29:
				items = append(items, &item{at: "21:00", name: "stop", fn: func() {
					p.stop("Something else")
					p.scheduleResume(n+10+p.rng.IntN(5), "06:00")
				}})
			case 57:
				items = append(items, &item{at: "21:00", name: "settings", fn: p.followUpsOff})
			}
			return append(items, resumeItem(p, n)...)
		},
	}
}
