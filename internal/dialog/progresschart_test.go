package dialog_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"sync"
	"testing"
	"time"

	"treadwell/internal/chart"
	"treadwell/internal/chat"
	"treadwell/internal/dialog"
	"treadwell/messages"
)

// chartSeen records the data of every chart the engine draws.
type chartSeen struct {
	mu   sync.Mutex
	data []chart.Data
}

func watchCharts(h *harness) *chartSeen {
	s := &chartSeen{}
	dialog.SetChartObserver(h.engine, func(d chart.Data) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.data = append(s.data, d)
	})
	return s
}

func (s *chartSeen) last(t *testing.T) chart.Data {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.data) == 0 {
		t.Fatal("no chart drawn")
	}
	return s.data[len(s.data)-1]
}

// progressImage sends /progress and decodes the chart it sends.
func progressImage(t *testing.T, p *person) image.Image {
	t.Helper()
	outs := p.send(chat.Incoming{Text: "/progress"})
	if len(outs) == 0 || len(outs[0].Image) == 0 {
		t.Fatalf("no chart: %+v", outs)
	}
	img, err := png.Decode(bytes.NewReader(outs[0].Image))
	if err != nil {
		t.Fatalf("chart is not a PNG: %v", err)
	}
	return img
}

// TestProgressChartData: a walk cut short, a skipped walk, a flare and
// its pause, and a /stop for something else reach the chart as they
// happened, on their days, with sign-up.
func TestProgressChartData(t *testing.T) {
	h := newHarness(t)
	seen := watchCharts(h)
	p := h.person("p")
	p.addr.Platform = chat.Telegram
	p.onboard() // Thursday 26 November, 08:00 in Berlin
	signUp := h.clock.Now()
	p.say("/done")
	p.press("Cut short")
	p.say("5 min")
	p.press("4")

	h.clock.Advance(24 * time.Hour) // Friday 08:00
	p.say("/done")
	p.press("Skipped")

	h.clock.Advance(6 * time.Hour) // 14:00: a flare
	flareAt := h.clock.Now()
	p.say("/stop")
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	h.clock.Advance(time.Hour) // 15:00
	resumeAt := h.clock.Now()
	p.say("/resume")
	p.press("None of these")
	mustContain(t, p.press("None of these"), "Welcome back")

	h.clock.Advance(time.Hour) // 16:00: a break, not a flare
	breakAt := h.clock.Now()
	p.say("/stop")
	p.press("Something else")
	h.clock.Advance(30 * time.Minute)
	img := progressImage(t, p)
	if img.Bounds().Dx() < 400 {
		t.Fatalf("chart %v wide", img.Bounds().Dx())
	}

	d := seen.last(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	if d.Zone.String() != berlin.String() || !d.SignUp.Equal(signUp) {
		t.Errorf("zone %v, sign-up %v; want Europe/Berlin, %v", d.Zone, d.SignUp, signUp)
	}
	if y, m, day := d.Last.In(berlin).Date(); y != 2026 || m != time.November || day != 27 {
		t.Errorf("last day %v, want 27 November", d.Last)
	}
	if len(d.Walks) != 2 {
		t.Fatalf("walks = %+v, want the cut-short one and the skipped one", d.Walks)
	}
	if w := d.Walks[0]; !w.CutShort || w.Minutes != 5 || w.Planned != 8 || w.Peak != 4 || w.Skipped || !w.At.Equal(signUp) {
		t.Errorf("cut-short walk = %+v", w)
	}
	if w := d.Walks[1]; !w.Skipped || w.Planned == 0 || w.Peak >= 0 {
		t.Errorf("skipped walk = %+v", w)
	}
	if len(d.Flares) != 1 || !d.Flares[0].Equal(flareAt) {
		t.Errorf("flares = %v, want only the /stop for pain at %v", d.Flares, flareAt)
	}
	if len(d.RedFlags) != 0 {
		t.Errorf("red flags = %v, want none", d.RedFlags)
	}
	// The flare's hour, and the break from 16:00 until now.
	flareSpan := chart.Span{From: flareAt, To: resumeAt}
	breakSpan := chart.Span{From: breakAt, To: h.clock.Now()}
	if !hasSpan(d.Pauses, flareSpan) || !hasSpan(d.Pauses, breakSpan) {
		t.Errorf("pauses = %v, want %v and %v", d.Pauses, flareSpan, breakSpan)
	}
	for _, sp := range d.Pauses {
		if sp.From.Before(flareAt) || sp.To.After(h.clock.Now()) {
			t.Errorf("pause %v outside the pauses there were", sp)
		}
	}
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	if want := dialog.ChartLabels(msgs, "en"); d.Labels != want {
		t.Errorf("labels = %+v, want %+v", d.Labels, want)
	}
	days, err := chart.Days(d)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(days); n != 28 || days[n-3].Blank == false || days[n-2].Blank || days[n-2].Minutes != 5 {
		t.Errorf("days: the sign-up day and the one before wrong: %+v", days[n-3:])
	}
}

func hasSpan(spans []chart.Span, want chart.Span) bool {
	for _, sp := range spans {
		if sp.From.Equal(want.From) && sp.To.Equal(want.To) {
			return true
		}
	}
	return false
}

// TestProgressChartRedFlag: a red flag found at /resume is marked on
// its day, beside the flare that paused.
func TestProgressChartRedFlag(t *testing.T) {
	h := newHarness(t)
	seen := watchCharts(h)
	p := h.person("p")
	p.onboard()
	p.say("/stop")
	p.press("Because of pain")
	p.press("None of these")
	p.press("None of these")
	h.clock.Advance(2 * time.Hour)
	p.say("/resume")
	redAt := h.clock.Now()
	if out := p.send(chatPress(p, "Yes")); len(out) != 1 || !out[0].Urgent {
		t.Fatalf("want the urgent message, got %s", joined(out))
	}
	progressImage(t, p)
	d := seen.last(t)
	if len(d.RedFlags) != 1 || !d.RedFlags[0].Equal(redAt) {
		t.Errorf("red flags = %v, want one at %v", d.RedFlags, redAt)
	}
	// The red-flag pause carries the flare over, but is no new flare.
	if len(d.Flares) != 1 || !d.Flares[0].Equal(start) {
		t.Errorf("flares = %v, want only the /stop at %v", d.Flares, start)
	}
}

// TestChartLabelsFitEveryLanguage: in every language of the catalog,
// every chart label is there and fits its space (chart.Fit measures each
// with the chart's fonts), and a chart drawn with them leaves its outer
// margin white: nothing runs off the image.
func TestChartLabelsFitEveryLanguage(t *testing.T) {
	msgs, err := messages.Load()
	if err != nil {
		t.Fatal(err)
	}
	langs := msgs.Languages()
	if len(langs) < 2 {
		t.Fatalf("languages = %v", langs)
	}
	for _, lang := range langs {
		t.Run(lang, func(t *testing.T) {
			labels := dialog.ChartLabels(msgs, lang)
			v := reflect.ValueOf(labels)
			for i := range v.NumField() {
				f := v.Field(i)
				if f.Kind() == reflect.String && f.String() == "" {
					t.Errorf("label %s is empty", v.Type().Field(i).Name)
				}
			}
			for m, name := range labels.Months {
				if name == "" {
					t.Errorf("month %d has no name", m+1)
				}
			}
			d := everyMark(labels)
			if err := chart.Fit(d); err != nil {
				t.Errorf("labels do not fit:\n%v", err)
			}
			b, err := chart.Render(d)
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if x, y, ok := marginInk(img, 3); ok {
				t.Errorf("something is drawn in the outer margin at (%d,%d)", x, y)
			}
		})
	}
}

// everyMark is four weeks of data showing every mark the chart has, its
// longest date labels in September and December.
func everyMark(labels chart.Labels) chart.Data {
	zone := time.FixedZone("UTC+1", 3600)
	day := func(d, hh int) time.Time { return time.Date(2026, time.September, 3+d, hh, 0, 0, 0, zone) }
	d := chart.Data{Zone: zone, First: day(0, 12), Last: day(27, 12), SignUp: day(3, 9), DoseMinutes: 12, Target: 30, Labels: labels}
	for i := 3; i < 28; i++ {
		w := chart.Walk{At: day(i, 18), Minutes: 10, Planned: 10, Peak: 3}
		switch i {
		case 8:
			w.Minutes, w.CutShort = 4, true
		case 9:
			w.Minutes, w.Skipped, w.Peak = 0, true, -1
		}
		d.Walks = append(d.Walks, w)
		d.CheckIns = append(d.CheckIns, chart.CheckIn{At: day(i, 8), Leg: 10, Back: 0})
	}
	d.Flares = []time.Time{day(12, 14)}
	d.RedFlags = []time.Time{day(12, 15)}
	d.Pauses = []chart.Span{{From: day(12, 14), To: day(14, 9)}, {From: day(20, 14), To: day(20, 15)}}
	return d
}

// marginInk finds a pixel that is not white within w pixels of the
// image's edges.
func marginInk(img image.Image, w int) (x, y int, ok bool) {
	b := img.Bounds()
	white := color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if x >= b.Min.X+w && x < b.Max.X-w && y >= b.Min.Y+w && y < b.Max.Y-w {
				continue
			}
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) != white {
				return x, y, true
			}
		}
	}
	return 0, 0, false
}
