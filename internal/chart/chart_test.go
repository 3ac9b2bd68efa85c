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
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite docs/progress-chart.png from the sample data")

// samplePath is the committed sample image, relative to this package.
var samplePath = filepath.Join("..", "..", "docs", "progress-chart.png")

func englishLabels() Labels {
	return Labels{
		Title:    "Your last 4 weeks",
		Minutes:  "Minutes walked",
		Pain:     "Morning pain (0-10)",
		Leg:      "Leg pain",
		Back:     "Back pain",
		Dose:     "Current dose",
		Target:   "Target",
		Paused:   "Paused",
		Weekdays: [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	}
}

// sampleData is a realistic 4 weeks: minutes rising 8 to 15 with the
// odd missed day, leg pain falling 6 to 3, back pain 4 to 2, a flare in
// week 2 followed by two paused days, dose 15, target 30.
func sampleData() Data {
	start := time.Date(2025, time.March, 3, 7, 30, 0, 0, time.Local) // a Monday
	minutes := []int{
		8, 8, 0, 9, 9, 10, 10, // week 1
		10, 11, 12, 4, 0, 0, 8, // week 2: flare on day 11, paused 12-13
		9, 10, 10, 11, 0, 12, 12, // week 3
		13, 13, 14, 14, 15, 15, 15, // week 4
	}
	leg := []int{
		6, 6, -1, 6, 5, 5, 5,
		5, 5, 5, 7, 7, 6, 5,
		5, 4, 4, -1, 4, 4, 4,
		3, 4, 3, 3, 3, -1, 3,
	}
	back := []int{
		4, 4, -1, 4, 4, 3, 4,
		3, 3, 3, 5, 5, 4, 3,
		3, 3, 3, -1, 3, 2, 3,
		2, 2, 2, 2, 2, -1, 2,
	}
	days := make([]Day, len(minutes))
	for i := range days {
		days[i] = Day{
			Date:    start.AddDate(0, 0, i),
			Minutes: minutes[i],
			Leg:     leg[i],
			Back:    back[i],
			Paused:  i == 11 || i == 12,
		}
	}
	return Data{Days: days, DoseMinutes: 15, Target: 30, Labels: englishLabels()}
}

func unpaused(d Data) Data {
	days := make([]Day, len(d.Days))
	copy(days, d.Days)
	for i := range days {
		days[i].Paused = false
	}
	d.Days = days
	return d
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("decode png: %v", err)
	}
	return img
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
			if c != (color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}) {
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

func TestRender(t *testing.T) {
	sample := sampleData()
	oneDay := Data{Days: sample.Days[27:], DoseMinutes: 15, Target: 30, Labels: englishLabels()}
	cases := map[string]Data{
		"0 days":           {DoseMinutes: 5, Target: 30, Labels: englishLabels()},
		"1 day":            oneDay,
		"28 days":          unpaused(sample),
		"28 days, paused":  sample,
		"no labels":        {Days: sample.Days},
		"over the target":  {Days: []Day{{Date: sample.Days[0].Date, Minutes: 75, Leg: 10, Back: 0}}, Target: 30},
		"gap in the dates": {Days: []Day{sample.Days[0], sample.Days[5], sample.Days[6]}, Labels: englishLabels()},
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
	bad := map[string][]Day{
		"descending": {{Date: d0.AddDate(0, 0, 1)}, {Date: d0}},
		"duplicate":  {{Date: d0}, {Date: d0.Add(3 * time.Hour)}},
		"too long":   {{Date: d0}, {Date: d0.AddDate(2, 0, 0)}},
	}
	for name, days := range bad {
		if _, err := Render(Data{Days: days}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestDatesAcrossDST: days given at local midnight across a daylight-saving
// change still land one per column.
func TestDatesAcrossDST(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no tz data:", err)
	}
	var days []Day
	for i := range 28 {
		days = append(days, Day{Date: time.Date(2025, 3, 15+i, 0, 0, 0, 0, loc), Minutes: 10, Leg: 3, Back: 2})
	}
	s, err := prepare(days)
	if err != nil {
		t.Fatal(err)
	}
	if s.n != 28 {
		t.Fatalf("columns = %d, want 28", s.n)
	}
	for i, m := range s.minutes {
		if m != 10 {
			t.Fatalf("column %d minutes = %v, want 10", i, m)
		}
	}
}

// TestPauseShading: the paused days' columns are shaded grey above the
// bars in the minutes panel and behind the lines in the pain panel, and
// white in the same chart without pauses; other columns are unchanged.
func TestPauseShading(t *testing.T) {
	paused := sampleData()
	plain := unpaused(paused)
	pb, lay, err := render(paused)
	if err != nil {
		t.Fatal(err)
	}
	qb, lay2, err := render(plain)
	if err != nil {
		t.Fatal(err)
	}
	if lay != lay2 {
		t.Fatalf("layout differs with pauses: %+v vs %+v", lay, lay2)
	}
	pi, qi := decode(t, pb), decode(t, qb)
	if bytes.Equal(pb, qb) {
		t.Fatal("pause shading did not change the image")
	}
	at := func(img image.Image, x, y float64) color.RGBA {
		return color.RGBAModel.Convert(img.At(int(x), int(y))).(color.RGBA)
	}
	white := color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}
	// Just below the top of each panel: above every bar (the axis tops
	// out at 30, bars reach 15) and above every pain marker (max 7).
	for _, area := range []pixelRect{lay.minutesArea, lay.painArea} {
		y := area.MinY + 3
		for _, col := range []int{11, 12} {
			x := lay.colCenterX(col)
			if got := at(pi, x, y); got != colPause {
				t.Errorf("paused column %d at (%.0f,%.0f) = %v, want shade %v", col, x, y, got, colPause)
			}
			if got := at(qi, x, y); got != white {
				t.Errorf("unpaused column %d at (%.0f,%.0f) = %v, want white", col, x, y, got)
			}
		}
		x := lay.colCenterX(5)
		if a, b := at(pi, x, y), at(qi, x, y); a != white || b != white {
			t.Errorf("column 5 (never paused) = %v / %v, want white", a, b)
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
	s, err := prepare(sampleData().Days)
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for _, tk := range dayTicks(s, englishLabels().Weekdays, true).Ticks(0, 0) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	// The newest day, 30 March 2025, is a Sunday; every 7th day back is labelled.
	want := []string{"Sun 9", "Sun 16", "Sun 23", "Sun 30"}
	if len(labels) != len(want) {
		t.Fatalf("labels = %q, want %q", labels, want)
	}
	for i := range want {
		if labels[i] != want[i] {
			t.Fatalf("labels = %q, want %q", labels, want)
		}
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
}

func BenchmarkRender28Days(b *testing.B) {
	d := sampleData()
	for b.Loop() {
		if _, err := Render(d); err != nil {
			b.Fatal(err)
		}
	}
}
