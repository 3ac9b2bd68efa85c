package chart

import (
	"bytes"
	"errors"
	"flag"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite docs/progress-chart.png from the sample data")

// samplePath is the committed sample image, relative to this package.
var samplePath = filepath.Join("..", "..", "docs", "progress-chart.png")

var white = color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	return img
}

func at(img image.Image, x, y float64) color.RGBA {
	return color.RGBAModel.Convert(img.At(int(x), int(y))).(color.RGBA)
}

// checkImage checks the size and that the image is not blank: many
// non-white pixels and several distinct colours.
func checkImage(t *testing.T, img image.Image) {
	t.Helper()
	if got := img.Bounds().Size(); got != (image.Point{X: widthPx, Y: heightPx}) {
		t.Fatalf("size = %v, want %dx%d", got, widthPx, heightPx)
	}
	colours := map[color.RGBA]bool{}
	nonWhite := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			colours[c] = true
			if c != white {
				nonWhite++
			}
		}
	}
	if nonWhite < 2000 {
		t.Errorf("only %d non-white pixels: image looks blank", nonWhite)
	}
	if len(colours) < 20 {
		t.Errorf("only %d distinct colours: image looks blank", len(colours))
	}
}

// without returns d with its pauses, flares and red flags left out.
func without(d Data) Data {
	d.Pauses, d.Flares, d.RedFlags = nil, nil, nil
	return d
}

func TestRender(t *testing.T) {
	sample := sampleData()
	oneDay := sample
	oneDay.First = sample.Last
	cases := map[string]Data{
		"no days":          {DoseMinutes: 5, Target: 30, Labels: englishLabels()},
		"1 day":            oneDay,
		"28 days":          without(sample),
		"28 days, marks":   sample,
		"no labels":        {First: sample.First, Last: sample.Last, Zone: zone, Walks: sample.Walks, CheckIns: sample.CheckIns},
		"over the target":  {Last: on(0, 9, 0), Walks: []Walk{{At: on(0, 9, 0), Minutes: 75, Planned: 80, Peak: 10}}, Target: 30},
		"nil zone":         {First: on(0, 9, 0), Last: on(6, 9, 0), Walks: sample.Walks[:3], Labels: englishLabels()},
		"sign-up after it": {First: sample.First, Last: sample.Last, SignUp: on(40, 0, 0), Walks: sample.Walks, Labels: englishLabels()},
	}
	for name, d := range cases {
		t.Run(name, func(t *testing.T) {
			b, err := Render(d)
			if err != nil {
				t.Fatal(err)
			}
			checkImage(t, decode(t, b))
			again, err := Render(d)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(b, again) {
				t.Error("two renders of the same data differ")
			}
		})
	}
}

// TestRenderConcurrent: Render shares no mutable state (run with -race).
func TestRenderConcurrent(t *testing.T) {
	d := sampleData()
	want, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			b, err := Render(d)
			if err == nil && !bytes.Equal(b, want) {
				err = errors.New("concurrent render differs")
			}
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

func TestRenderRejectsBadDates(t *testing.T) {
	d0 := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	bad := map[string]Data{
		"first after last": {First: d0.AddDate(0, 0, 1), Last: d0},
		"too long":         {First: d0, Last: d0.AddDate(2, 0, 0)},
	}
	for name, d := range bad {
		if _, err := Render(d); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// shaded reports whether the pixel is the pause shading.
func shaded(img image.Image, x, y float64) bool { return at(img, x, y) == colPause }

// TestPauseShading: only the paused part of a day is shaded, in both
// panels, just below their tops (above every bar and pain marker, below
// the event strip's markers, which sit in the middle of their days).
func TestPauseShading(t *testing.T) {
	b, lay, err := render(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	plainB, plainLay, err := render(without(sampleData()))
	if err != nil {
		t.Fatal(err)
	}
	if lay.minutesArea != plainLay.minutesArea || lay.painArea != plainLay.painArea {
		t.Fatalf("layout differs with pauses: %+v vs %+v", lay, plainLay)
	}
	img, plain := decode(t, b), decode(t, plainB)
	cases := []struct {
		name   string
		col    int
		frac   float64 // of the day, 0 at its midnight
		paused bool
	}{
		{"flare day before the pause", sampleFlare, 0.3, false},
		{"flare day after 18:30", sampleFlare, 0.9, true},
		{"whole day paused", sampleFlare + 1, 0.1, true},
		{"resume day before 09:00", sampleResume, 0.2, true},
		{"resume day after 09:00", sampleResume, 0.6, false},
		{"one-hour pause, in it", sampleShort, 14.5 / 24, true},
		{"one-hour pause, morning", sampleShort, 0.3, false},
		{"one-hour pause, evening", sampleShort, 0.8, false},
		{"never paused", 6, 0.5, false},
	}
	for _, area := range []pixelRect{lay.minutesArea, lay.painArea} {
		y := area.MinY + 2
		for _, c := range cases {
			x := lay.colX(c.col, c.frac)
			if got := shaded(img, x, y); got != c.paused {
				t.Errorf("%s: column %d at %.2f (%.0f,%.0f) shaded %v, want %v", c.name, c.col, c.frac, x, y, got, c.paused)
			}
			if shaded(plain, x, y) {
				t.Errorf("%s: shaded without pauses", c.name)
			}
		}
	}
}

// TestBeforeSignUp: the days before sign-up have no bar and no dose
// line; the first day after has both.
func TestBeforeSignUp(t *testing.T) {
	d := sampleData()
	// A walk logged before sign-up (it cannot be) is not drawn either.
	d.Walks = append([]Walk{{At: on(1, 9, 0), Minutes: 20, Planned: 20}}, d.Walks...)
	b, lay, err := render(d)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b)
	top, step := minutesScale(series{maxMin: 20}, d)
	_ = step
	yOf := func(minutes float64) float64 {
		a := lay.minutesArea
		return a.MaxY - (a.MaxY-a.MinY)*minutes/top
	}
	for col := range sampleSignUp {
		for _, m := range []float64{1, 5} {
			if got := at(img, lay.colCenterX(col), yOf(m)); got == colBars {
				t.Errorf("before sign-up: column %d has a bar at %v minutes", col, m)
			}
		}
		if got := at(img, lay.colX(col, 0.5), yOf(float64(d.DoseMinutes))); got == colDose {
			t.Errorf("before sign-up: column %d has the dose line", col)
		}
	}
	if got := at(img, lay.colCenterX(sampleSignUp), yOf(2)); got != colBars {
		t.Errorf("sign-up day: no bar (%v)", got)
	}
	if got := at(img, lay.colX(sampleSignUp+1, 0.05), yOf(float64(d.DoseMinutes))); got != colDose {
		t.Errorf("after sign-up: no dose line (%v)", got)
	}
}

// TestMarks: each mark is drawn where its day is, in its colour.
func TestMarks(t *testing.T) {
	b, lay, err := render(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b)
	// find reports whether colour c is within r pixels of (x, y).
	find := func(c color.RGBA, x, y, r float64) bool {
		for dy := -r; dy <= r; dy++ {
			for dx := -r; dx <= r; dx++ {
				if at(img, x+dx, y+dy) == c {
					return true
				}
			}
		}
		return false
	}
	pain := lay.painArea
	painY := func(v float64) float64 { return pain.MaxY - (pain.MaxY-pain.MinY)*(v+0.5)/(painTop+0.5) }
	mins := lay.minutesArea
	minY := func(v float64) float64 { return mins.MaxY - (mins.MaxY-mins.MinY)*v/30 }
	cases := []struct {
		name string
		c    color.RGBA
		col  int
		x, y float64 // offset in columns, y in pixels
		want bool
	}{
		{"flare marker", colFlare, sampleFlare, 0, painY(flareY), true},
		{"no flare marker the next day", colFlare, sampleFlare + 1, 0, painY(flareY), false},
		{"red-flag marker", colRedFlag, sampleRedFlag, 0, painY(redFlagY), true},
		{"no red-flag marker on the flare's day", colRedFlag, sampleFlare, 0, painY(redFlagY), false},
		{"flare walk's peak at 7", colPeak, sampleFlare, peakShift, painY(7), true},
		{"cut-short bar is hatched pale", colCutShort, sampleCutShort, 0, minY(1), true},
		{"a full walk is solid", colCutShort, sampleCutShort + 1, 0, minY(1), false},
		{"skipped cross", colSkipped, sampleSkipped, 0, mins.MaxY - 6, true},
		{"no cross on a day with nothing logged", colSkipped, sampleNoLog, 0, mins.MaxY - 6, false},
		{"planned outline above a cut-short bar", colPlanned, sampleCutShort, -barHalfWidth, minY(8), true},
		{"13:12 check-in plotted", colLeg, sampleLate, 0, painY(5), true},
	}
	for _, c := range cases {
		x := lay.colX(c.col, 0.5+c.x)
		if got := find(c.c, x, c.y, 3); got != c.want {
			t.Errorf("%s: colour %v near (%.0f,%.0f) = %v, want %v", c.name, c.c, x, c.y, got, c.want)
		}
	}
}

// TestPanelsAligned: a day's bar sits above its pain markers.
func TestPanelsAligned(t *testing.T) {
	_, lay, err := render(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	m, p := lay.minutesArea, lay.painArea
	if d := m.MinX - p.MinX; d > 0.5 || d < -0.5 {
		t.Errorf("left edges differ: %.2f vs %.2f", m.MinX, p.MinX)
	}
	if d := m.MaxX - p.MaxX; d > 0.5 || d < -0.5 {
		t.Errorf("right edges differ: %.2f vs %.2f", m.MaxX, p.MaxX)
	}
	if m.MaxY >= p.MinY {
		t.Errorf("panels overlap: minutes bottom %.0f, pain top %.0f", m.MaxY, p.MinY)
	}
}

func TestDayTicks(t *testing.T) {
	s, err := prepare(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, tk := range dayTicks(s, englishLabels().Months, true).Ticks(0, 0) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	// The newest day is 29 November; every 7th day back is labelled.
	want := "8 Nov,15 Nov,22 Nov,29 Nov"
	if got := strings.Join(labels, ","); got != want {
		t.Fatalf("labels = %q, want %q", got, want)
	}
	if got := dateLabel(3, 10, [12]string{}); got != "3/11" {
		t.Errorf("no month names: %q, want 3/11", got)
	}
}

func TestMinutesScale(t *testing.T) {
	cases := []struct {
		most, target, dose int
		top, step          float64
	}{
		{0, 30, 15, 30, 10},
		{15, 30, 15, 30, 10},
		{31, 30, 15, 40, 10},
		{45, 30, 15, 45, 15},
		{75, 30, 15, 80, 20},
		{130, 30, 15, 160, 40},
		{10, 0, 0, 30, 10},
	}
	for _, c := range cases {
		top, step := minutesScale(series{maxMin: float64(c.most)}, Data{Target: c.target, DoseMinutes: c.dose})
		if top != c.top || step != c.step {
			t.Errorf("most %d: scale %v step %v, want %v step %v", c.most, top, step, c.top, c.step)
		}
	}
}

// TestFit: the English labels fit; each kind of label too long for its
// space is reported by name.
func TestFit(t *testing.T) {
	if err := Fit(sampleData()); err != nil {
		t.Fatalf("English labels: %v", err)
	}
	long := strings.Repeat("long words ", 12)
	cases := map[string]func(*Labels){
		"title":        func(l *Labels) { l.Title = long + long },
		"axis label":   func(l *Labels) { l.Pain = long },
		"legend entry": func(l *Labels) { l.Flare = long },
		"date label":   func(l *Labels) { l.Months[8] = long },
	}
	for what, change := range cases {
		d := sampleData()
		change(&d.Labels)
		err := Fit(d)
		if err == nil || !strings.Contains(err.Error(), what) || !strings.Contains(err.Error(), "long words") {
			t.Errorf("%s too long: Fit = %v", what, err)
		}
	}
	// Every legend entry is measured, shown or not.
	d := without(sampleData())
	d.Labels.RedFlag = long
	if err := Fit(d); err == nil {
		t.Error("an unshown legend entry too long: no error")
	}
}

func TestSampleImage(t *testing.T) {
	if *update {
		b, err := Render(sampleData())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(samplePath, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d bytes)", samplePath, len(b))
	}
	b, err := os.ReadFile(samplePath)
	if err != nil {
		t.Fatalf("sample image missing (run go test ./internal/chart -run TestSampleImage -update): %v", err)
	}
	checkImage(t, decode(t, b))
	want, err := Render(sampleData())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, want) {
		t.Error("docs/progress-chart.png is not the sample as drawn now: run go test ./internal/chart -run TestSampleImage -update")
	}
}

func BenchmarkRender28Days(b *testing.B) {
	d := sampleData()
	for b.Loop() {
		if _, err := Render(d); err != nil {
			b.Fatal(err)
		}
	}
}
