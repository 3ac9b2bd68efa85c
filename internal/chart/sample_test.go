package chart

import "time"

// zone is the sample's time zone: a fixed offset, so the tests need no
// time zone database.
var zone = time.FixedZone("CET", 3600)

// day0 is the sample's first day, Monday 2 November 2026.
var day0 = time.Date(2026, time.November, 2, 0, 0, 0, 0, zone)

// on is day d of the sample at hh:mm local time.
func on(d, hh, mm int) time.Time {
	return day0.AddDate(0, 0, d).Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute)
}

func englishLabels() Labels {
	return Labels{
		Title:        "Your last 4 weeks",
		Minutes:      "Minutes",
		Walked:       "Walked",
		CutShort:     "Cut short",
		Skipped:      "Skipped",
		Planned:      "Planned",
		Dose:         "Current dose",
		Target:       "Target",
		Paused:       "Paused",
		BeforeSignUp: "Before you joined",
		Pain:         "Pain at check-in",
		Leg:          "Leg pain",
		Back:         "Back pain",
		Peak:         "Peak on a walk",
		Flare:        "Pain flare",
		RedFlag:      "Red flag",
		Months:       [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	}
}

// The sample's days (0 is Monday 2 November 2026), each mark once.
const (
	sampleSignUp   = 4  // signed up on day 4 at 18:00: days 0-3 are blank
	sampleCutShort = 9  // walked 5 of 10 planned minutes
	sampleNoLog    = 11 // nothing logged
	sampleSkipped  = 12 // walk logged as skipped (11 planned)
	sampleFlare    = 15 // a walk peaking at 7: paused from 18:30
	sampleResume   = 17 // resumed at 09:00
	sampleRedFlag  = 21 // a red flag at 10:00, paused until day 22 16:00
	sampleShort    = 25 // paused 14:00-15:00 (a /stop for something else)
	sampleLate     = 8  // the only check-in of the day is at 13:12
)

// sampleData is a realistic 4 weeks with every mark: a sign-up part-way,
// minutes rising 8 to 14, a walk cut short, a skipped one, a day with
// nothing logged, a flare walk and its pause, a red flag and its pause,
// a one-hour pause, and a check-in after midday.
func sampleData() Data {
	d := Data{
		Zone:        zone,
		First:       on(0, 12, 0),
		Last:        on(27, 12, 0),
		SignUp:      on(sampleSignUp, 18, 0),
		DoseMinutes: 12,
		Target:      30,
		Labels:      englishLabels(),
	}
	// planned and walked minutes per day from sign-up; -1: no walk.
	planned := map[int]int{}
	dose := 8
	for day := sampleSignUp; day < 28; day++ {
		switch {
		case day == sampleNoLog, day == 16, day == sampleRedFlag, day == 22:
			continue // no walk (paused, or nothing logged)
		case day == sampleResume:
			dose = 9 // the flare restart: 80% of the tolerated minutes
		case day > sampleSignUp && day%2 == 0 && dose < 14:
			dose++
		}
		planned[day] = dose
	}
	for day := sampleSignUp; day < 28; day++ {
		p, ok := planned[day]
		if !ok {
			continue
		}
		w := Walk{At: on(day, 18, 0), Minutes: p, Planned: p, Peak: 2 + day%3}
		switch day {
		case sampleSignUp:
			w.At = on(day, 18, 30)
		case sampleCutShort:
			w.Minutes, w.CutShort, w.Peak = 5, true, 5
		case sampleSkipped:
			w.Minutes, w.Skipped, w.Peak = 0, true, -1
		case sampleFlare:
			w.Minutes, w.CutShort, w.Peak = 6, true, 7
		}
		d.Walks = append(d.Walks, w)
	}
	leg := []int{0, 0, 0, 0, 6, 6, 6, 5, 5, 5, 6, 5, 5, 5, 4, 5, 7, 6, 5, 5, 4, 5, 5, 4, 4, 3, 3, 3}
	for day := sampleSignUp + 1; day < 28; day++ {
		if day == sampleNoLog || day == 16 || day == 19 || day == 22 {
			continue
		}
		at := on(day, 7, 30)
		if day == sampleLate {
			at = on(day, 13, 12)
		}
		d.CheckIns = append(d.CheckIns, CheckIn{At: at, Leg: leg[day], Back: max(leg[day]-2, 1)})
	}
	d.Flares = []time.Time{on(sampleFlare, 18, 30)}
	d.RedFlags = []time.Time{on(sampleRedFlag, 10, 0)}
	d.Pauses = []Span{
		{From: on(sampleFlare, 18, 30), To: on(sampleResume, 9, 0)},
		{From: on(sampleRedFlag, 10, 0), To: on(sampleRedFlag+1, 16, 0)},
		{From: on(sampleShort, 14, 0), To: on(sampleShort, 15, 0)},
	}
	return d
}
