package chart

import (
	"math"
	"reflect"
	"testing"
	"time"
)

// week is a 7-day chart, days 0-6 of the sample's zone.
func week() Data { return Data{Zone: zone, First: on(0, 12, 0), Last: on(6, 12, 0)} }

// TestPrepareSignUp: days before the sign-up date are blank and hold
// nothing logged on them; the sign-up day itself counts from midnight.
func TestPrepareSignUp(t *testing.T) {
	cases := []struct {
		name      string
		signUp    time.Time
		wantBlank int // columns from the left
	}{
		{"no sign-up: every day", time.Time{}, 0},
		{"before the chart", on(-30, 9, 0), 0},
		{"on the first day", on(0, 23, 0), 0},
		{"part-way, late in the day", on(3, 23, 59), 3},
		{"last day", on(6, 0, 1), 6},
		{"after the chart", on(9, 9, 0), 7},
		// 23:30 UTC on day 1 is 00:30 on day 2 in the chart's zone.
		{"given in another zone", time.Date(2026, 11, 3, 23, 30, 0, 0, time.UTC), 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := week()
			d.SignUp = c.signUp
			for i := range 7 {
				d.Walks = append(d.Walks, Walk{At: on(i, 10, 0), Minutes: 10, Planned: 10, Peak: 2})
				d.CheckIns = append(d.CheckIns, CheckIn{At: on(i, 8, 0), Leg: 3, Back: 2})
				d.Flares = append(d.Flares, on(i, 11, 0))
			}
			d.Pauses = []Span{{From: on(0, 0, 0), To: on(7, 0, 0)}}
			s, err := prepare(d)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.beforeSignUp(); got != c.wantBlank {
				t.Fatalf("days before sign-up = %d, want %d", got, c.wantBlank)
			}
			if s.signUp != c.wantBlank {
				t.Errorf("dose line from column %d, want %d", s.signUp, c.wantBlank)
			}
			for i, col := range s.cols {
				empty := col.minutes == 0 && col.planned == 0 && math.IsNaN(col.leg) && len(col.peaks) == 0 && !col.flare && len(col.paused) == 0
				if before := i < c.wantBlank; col.blank != before || empty != before {
					t.Errorf("column %d: blank %v, empty %v, want both %v", i, col.blank, empty, before)
				}
			}
		})
	}
}

// TestPausedParts: a span shades only the part of each local day it
// covers.
func TestPausedParts(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	date := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	at := func(m time.Month, d, hh, mm int) time.Time { return time.Date(2026, m, d, hh, mm, 0, 0, berlin) }
	cases := []struct {
		name  string
		spans []Span
		day   time.Time
		want  []part
	}{
		{"14:00 to 15:00", []Span{{at(11, 3, 14, 0), at(11, 3, 15, 0)}}, date(11, 3), []part{{14.0 / 24, 15.0 / 24}}},
		{"another day", []Span{{at(11, 3, 14, 0), at(11, 3, 15, 0)}}, date(11, 4), nil},
		{"from 18:00 on, first day", []Span{{at(11, 3, 18, 0), at(11, 5, 6, 0)}}, date(11, 3), []part{{0.75, 1}}},
		{"whole middle day", []Span{{at(11, 3, 18, 0), at(11, 5, 6, 0)}}, date(11, 4), []part{{0, 1}}},
		{"until 06:00, last day", []Span{{at(11, 3, 18, 0), at(11, 5, 6, 0)}}, date(11, 5), []part{{0, 0.25}}},
		{"overlapping spans merge", []Span{{at(11, 3, 12, 0), at(11, 3, 18, 0)}, {at(11, 3, 6, 0), at(11, 3, 13, 0)}}, date(11, 3), []part{{0.25, 0.75}}},
		{"two apart stay two", []Span{{at(11, 3, 20, 0), at(11, 3, 21, 0)}, {at(11, 3, 6, 0), at(11, 3, 12, 0)}}, date(11, 3), []part{{0.25, 0.5}, {20.0 / 24, 21.0 / 24}}},
		{"empty span", []Span{{at(11, 3, 14, 0), at(11, 3, 14, 0)}}, date(11, 3), nil},
		{"backwards span", []Span{{at(11, 3, 15, 0), at(11, 3, 14, 0)}}, date(11, 3), nil},
		// 29 March 2026 has 23 hours in Berlin: 12:00 is 11/23 through.
		{"daylight-saving day", []Span{{at(3, 29, 12, 0), at(3, 30, 12, 0)}}, date(3, 29), []part{{11.0 / 23, 1}}},
	}
	for _, c := range cases {
		got := pausedParts(c.spans, c.day, berlin)
		if !closeParts(got, c.want) {
			t.Errorf("%s: parts = %v, want %v", c.name, got, c.want)
		}
	}
}

func closeParts(a, b []part) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i].from-b[i].from) > 1e-9 || math.Abs(a[i].to-b[i].to) > 1e-9 {
			return false
		}
	}
	return true
}

// TestPrepareCheckIns: the pain plotted is the day's first check-in,
// whatever its time and whatever order the check-ins come in; the
// label says "at check-in", not "morning", so a 13:12 one is plotted.
func TestPrepareCheckIns(t *testing.T) {
	cases := []struct {
		name      string
		checkIns  []CheckIn
		leg, back float64 // on day 2; NaN: none
	}{
		{"none", nil, math.NaN(), math.NaN()},
		{"one at 13:12", []CheckIn{{At: on(2, 13, 12), Leg: 4, Back: 1}}, 4, 1},
		{"first of two", []CheckIn{{At: on(2, 7, 30), Leg: 5, Back: 2}, {At: on(2, 13, 12), Leg: 3, Back: 3}}, 5, 2},
		{"first of two given late", []CheckIn{{At: on(2, 13, 12), Leg: 3, Back: 3}, {At: on(2, 7, 30), Leg: 5, Back: 2}}, 5, 2},
		{"just before midnight is that day", []CheckIn{{At: on(2, 23, 59), Leg: 6, Back: 6}, {At: on(3, 0, 1), Leg: 1, Back: 1}}, 6, 6},
		{"clamped to 10", []CheckIn{{At: on(2, 8, 0), Leg: 12, Back: 0}}, 10, 0},
		{"other days only", []CheckIn{{At: on(1, 8, 0), Leg: 2, Back: 2}}, math.NaN(), math.NaN()},
	}
	for _, c := range cases {
		d := week()
		d.CheckIns = c.checkIns
		s, err := prepare(d)
		if err != nil {
			t.Fatal(err)
		}
		col := s.cols[2]
		if !sameFloat(col.leg, c.leg) || !sameFloat(col.back, c.back) {
			t.Errorf("%s: leg %v back %v, want %v %v", c.name, col.leg, col.back, c.leg, c.back)
		}
	}
}

func sameFloat(a, b float64) bool { return a == b || (math.IsNaN(a) && math.IsNaN(b)) }

// TestPrepareWalksAndMarkers: what each day's walks and events become.
func TestPrepareWalksAndMarkers(t *testing.T) {
	type want struct {
		minutes, planned  float64
		cutShort, skipped bool
		peaks             []float64
		flare, redFlag    bool
	}
	cases := []struct {
		name     string
		walks    []Walk
		flares   []time.Time
		redFlags []time.Time
		want     want // day 2
	}{
		{"nothing logged", nil, nil, nil, want{}},
		{"a full walk", []Walk{{At: on(2, 18, 0), Minutes: 10, Planned: 10, Peak: 3}}, nil, nil,
			want{minutes: 10, planned: 10, peaks: []float64{3}}},
		{"cut short", []Walk{{At: on(2, 18, 0), Minutes: 4, Planned: 10, Peak: 6, CutShort: true}}, nil, nil,
			want{minutes: 4, planned: 10, cutShort: true, peaks: []float64{6}}},
		{"skipped: planned, no bar, no peak", []Walk{{At: on(2, 18, 0), Planned: 10, Peak: -1, Skipped: true}}, nil, nil,
			want{planned: 10, skipped: true}},
		{"skipped, then walked after all", []Walk{{At: on(2, 9, 0), Planned: 10, Peak: -1, Skipped: true}, {At: on(2, 19, 0), Minutes: 8, Planned: 10, Peak: 2}}, nil, nil,
			want{minutes: 8, planned: 10, peaks: []float64{2}}},
		{"two walks add up, each peak kept", []Walk{{At: on(2, 9, 0), Minutes: 6, Planned: 10, Peak: 2}, {At: on(2, 19, 0), Minutes: 5, Planned: 10, Peak: 4}}, nil, nil,
			want{minutes: 11, planned: 10, peaks: []float64{2, 4}}},
		{"no peak given", []Walk{{At: on(2, 18, 0), Minutes: 10, Peak: -1}}, nil, nil, want{minutes: 10}},
		{"flare and red flag on the day", nil, []time.Time{on(2, 14, 0)}, []time.Time{on(2, 15, 0)}, want{flare: true, redFlag: true}},
		{"flare the day before", nil, []time.Time{on(1, 23, 59)}, nil, want{}},
		{"walk outside the chart", []Walk{{At: on(9, 9, 0), Minutes: 10}}, nil, nil, want{}},
	}
	for _, c := range cases {
		d := week()
		d.Walks, d.Flares, d.RedFlags = c.walks, c.flares, c.redFlags
		s, err := prepare(d)
		if err != nil {
			t.Fatal(err)
		}
		col := s.cols[2]
		got := want{col.minutes, col.planned, col.cutShort, col.skipped, col.peaks, col.flare, col.redFlag}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: day = %+v, want %+v", c.name, got, c.want)
		}
	}
}

// TestDays: the days for the text beside the chart, blank before
// sign-up, with the day's first check-in.
func TestDays(t *testing.T) {
	d := week()
	d.SignUp = on(2, 20, 0)
	d.Walks = []Walk{{At: on(3, 9, 0), Minutes: 7}}
	d.CheckIns = []CheckIn{{At: on(3, 13, 12), Leg: 4, Back: 2}, {At: on(3, 8, 0), Leg: 5, Back: 3}}
	days, err := Days(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(days) != 7 {
		t.Fatalf("%d days, want 7", len(days))
	}
	want := Day{Date: on(3, 0, 0), Minutes: 7, Leg: 5, Back: 3}
	if !days[3].Date.Equal(want.Date) || days[3].Minutes != 7 || days[3].Leg != 5 || days[3].Back != 3 || days[3].Blank {
		t.Errorf("day 3 = %+v, want %+v", days[3], want)
	}
	if !days[1].Blank || days[2].Blank || days[4].Leg != -1 {
		t.Errorf("blank or empty days wrong: %+v", days)
	}
	if days, err := Days(Data{}); err != nil || days != nil {
		t.Errorf("no dates: %v, %v", days, err)
	}
}

// TestDatesAcrossDST: days across a daylight-saving change still land
// one per column.
func TestDatesAcrossDST(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no tz data:", err)
	}
	d := Data{Zone: loc, First: time.Date(2025, 3, 15, 0, 0, 0, 0, loc), Last: time.Date(2025, 4, 11, 0, 0, 0, 0, loc)}
	for i := range 28 {
		d.Walks = append(d.Walks, Walk{At: time.Date(2025, 3, 15+i, 0, 30, 0, 0, loc), Minutes: 10, Peak: -1})
	}
	s, err := prepare(d)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.cols) != 28 {
		t.Fatalf("columns = %d, want 28", len(s.cols))
	}
	for i, c := range s.cols {
		if c.minutes != 10 {
			t.Fatalf("column %d minutes = %v, want 10", i, c.minutes)
		}
	}
}
