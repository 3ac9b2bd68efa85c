package chart

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
)

// column is one calendar day as drawn.
type column struct {
	date time.Time // the local date as midnight UTC
	// blank: before sign-up, or before First in a window widened to a
	// week. Nothing is drawn in a blank column.
	blank        bool
	beforeSignUp bool
	minutes      float64 // walked that day
	planned      float64 // the plan's minutes for the day's walks (0: none known)
	cutShort     bool    // a walk that day was cut short
	skipped      bool    // a walk was skipped that day and none walked
	// leg and back are the day's first check-in, whatever its time
	// (the one the rules read as the day's check-in); NaN: none.
	leg, back      float64
	peaks          []float64 // each walk's peak pain, 0-10
	paused         []part    // the paused parts of the day, in order
	flare, redFlag bool
	firstAt        time.Time // the time of the check-in in leg and back
}

// part is a piece of a day as fractions of it: 0 is midnight at its
// start, 1 midnight at its end.
type part struct{ from, to float64 }

// series is Data turned into columns, oldest first.
type series struct {
	cols []column
	// dated: the columns have dates (Data.Last was set).
	dated bool
	// signUp is the first column drawn as data: the dose and target
	// lines start at its left edge.
	signUp int
	// maxMin is the highest walked or planned minutes of any day.
	maxMin float64
}

// civil returns t's calendar date as midnight UTC, so that subtracting two
// dates gives whole days whatever the zone's daylight-saving rules.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func daysBetween(a, b time.Time) int {
	return int(math.Round(b.Sub(a).Hours() / 24))
}

func prepare(d Data) (series, error) {
	zone := d.Zone
	if zone == nil {
		zone = time.UTC
	}
	s := series{cols: make([]column, minWindowDays)}
	if !d.Last.IsZero() {
		first, last := civil(d.Last.In(zone)), civil(d.Last.In(zone))
		if !d.First.IsZero() {
			first = civil(d.First.In(zone))
		}
		if first.After(last) {
			return series{}, errors.New("chart: first day after the last")
		}
		span := daysBetween(first, last) + 1
		if span > maxWindowDays {
			return series{}, fmt.Errorf("chart: days span %d calendar days, more than %d", span, maxWindowDays)
		}
		s.dated = true
		s.cols = make([]column, max(span, minWindowDays))
		start := last.AddDate(0, 0, -(len(s.cols) - 1))
		var signUp time.Time
		if !d.SignUp.IsZero() {
			signUp = civil(d.SignUp.In(zone))
		}
		for i := range s.cols {
			c := &s.cols[i]
			c.date = start.AddDate(0, 0, i)
			c.beforeSignUp = c.date.Before(signUp)
			c.blank = c.beforeSignUp || c.date.Before(first)
			if c.blank {
				s.signUp = i + 1
			}
		}
	}
	for i := range s.cols {
		s.cols[i].leg, s.cols[i].back = math.NaN(), math.NaN()
	}
	if !s.dated {
		return s, nil
	}
	// at finds the column of a time; ok is false outside the chart and
	// on blank days.
	at := func(t time.Time) (int, bool) {
		i := daysBetween(s.cols[0].date, civil(t.In(zone)))
		return i, i >= 0 && i < len(s.cols) && !s.cols[i].blank
	}
	skippedAny := make([]bool, len(s.cols))
	for _, w := range d.Walks {
		i, ok := at(w.At)
		if !ok {
			continue
		}
		c := &s.cols[i]
		c.planned = max(c.planned, float64(max(w.Planned, 0)))
		if w.Skipped {
			skippedAny[i] = true
			continue
		}
		c.minutes += float64(max(w.Minutes, 0))
		c.cutShort = c.cutShort || w.CutShort
		if w.Peak >= 0 {
			c.peaks = append(c.peaks, painValue(w.Peak))
		}
	}
	for i := range s.cols {
		c := &s.cols[i]
		c.skipped = skippedAny[i] && c.minutes == 0
		s.maxMin = max(s.maxMin, c.minutes, c.planned)
	}
	for _, ci := range d.CheckIns {
		i, ok := at(ci.At)
		if !ok {
			continue
		}
		c := &s.cols[i]
		if !c.firstAt.IsZero() && !ci.At.Before(c.firstAt) {
			continue
		}
		c.firstAt = ci.At
		c.leg, c.back = painValue(ci.Leg), painValue(ci.Back)
	}
	for _, t := range d.Flares {
		if i, ok := at(t); ok {
			s.cols[i].flare = true
		}
	}
	for _, t := range d.RedFlags {
		if i, ok := at(t); ok {
			s.cols[i].redFlag = true
		}
	}
	for i := range s.cols {
		c := &s.cols[i]
		if c.blank {
			continue
		}
		c.paused = pausedParts(d.Pauses, c.date, zone)
	}
	return s, nil
}

// pausedParts returns the parts of the local day date (midnight UTC
// naming a date in zone) that the spans cover, merged and in order. The
// day runs from its local midnight to the next, so a 23- or 25-hour day
// of a daylight-saving change is still the whole column.
func pausedParts(spans []Span, date time.Time, zone *time.Location) []part {
	from := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, zone)
	to := time.Date(date.Year(), date.Month(), date.Day()+1, 0, 0, 0, 0, zone)
	length := to.Sub(from)
	var parts []part
	for _, sp := range spans {
		a, b := later(sp.From, from), earlier(sp.To, to)
		if !a.Before(b) {
			continue
		}
		parts = append(parts, part{from: float64(a.Sub(from)) / float64(length), to: float64(b.Sub(from)) / float64(length)})
	}
	slices.SortFunc(parts, func(x, y part) int { return cmpFloat(x.from, y.from) })
	var merged []part
	for _, p := range parts {
		if n := len(merged); n > 0 && p.from <= merged[n-1].to {
			merged[n-1].to = max(merged[n-1].to, p.to)
			continue
		}
		merged = append(merged, p)
	}
	return merged
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// painValue maps a 0-10 score to a plotted value: negative means none
// (NaN, not drawn), and scores above 10 are clamped.
func painValue(v int) float64 {
	if v < 0 {
		return math.NaN()
	}
	return float64(min(v, 10))
}

// Day is one day as the chart draws it, for the text beside the image.
type Day struct {
	Date      time.Time // the local date, at midnight in Data.Zone
	Blank     bool      // before sign-up (or before Data.First): nothing drawn
	Minutes   int       // minutes walked
	Leg, Back int       // the day's first check-in, whatever its time; -1: none
}

// Days returns the days drawn, oldest first (none when Data.Last is
// zero).
func Days(d Data) ([]Day, error) {
	s, err := prepare(d)
	if err != nil || !s.dated {
		return nil, err
	}
	zone := d.Zone
	if zone == nil {
		zone = time.UTC
	}
	out := make([]Day, len(s.cols))
	for i, c := range s.cols {
		out[i] = Day{Date: time.Date(c.date.Year(), c.date.Month(), c.date.Day(), 0, 0, 0, 0, zone),
			Blank: c.blank, Minutes: int(c.minutes), Leg: score(c.leg), Back: score(c.back)}
	}
	return out, nil
}

// score is a plotted pain value back as a 0-10 score, -1 for none.
func score(v float64) int {
	if math.IsNaN(v) {
		return -1
	}
	return int(v)
}

// beforeSignUp is how many columns, from the left, are before sign-up.
func (s series) beforeSignUp() int {
	n := 0
	for _, c := range s.cols {
		if c.beforeSignUp {
			n++
		}
	}
	return n
}

// any reports whether a column has f.
func (s series) any(f func(column) bool) bool {
	return slices.ContainsFunc(s.cols, f)
}
