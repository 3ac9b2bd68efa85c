// Package chart renders the 4-week walking progress chart as a PNG image,
// and a text sparkline for terminals.
//
// It is pure rendering: it knows nothing of profiles, plans or the store,
// and it holds no user-facing words. The caller (the engine) converts its
// data into a Data value and passes every text label in Labels, taken from
// its message catalog.
//
// Layout. gonum/plot has one y axis per plot, and walking minutes (0-30+)
// and pain (0-10) are different quantities, so the image is two aligned
// panels sharing one x axis (one column per calendar day):
//
//	title
//	minutes walked (bars), paused days shaded,      | legend
//	current dose and target as horizontal lines     |
//	morning leg and back pain 0-10 (two lines with  | legend
//	markers), paused days shaded; dates below       |
//
// Two panels were chosen over drawing pain on the minutes scale with a
// second set of tick labels on the right: each panel then reads on its own
// true scale, the pain lines never cross the dose or target lines (which
// would suggest a relation that is not there), and no reader has to work
// out which side's numbers belong to which mark. Both panels are given the
// same left and right edges for their data areas, so a day's bar sits
// exactly above its pain markers.
package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image/color"
	"image/png"
	"math"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Day is one calendar day of the chart.
type Day struct {
	Date      time.Time // local date (any time of day); only year, month and day are used
	Minutes   int       // minutes walked that day (0 when none)
	Leg, Back int       // morning pain 0-10; -1 (any negative) when no check-in that day
	Paused    bool      // plan paused that day (the day is shaded)
}

// Labels holds every word drawn on the chart, in the reader's language.
type Labels struct {
	Title    string // chart title
	Minutes  string // minutes axis and the bars' legend entry
	Pain     string // pain axis (0-10)
	Leg      string // leg pain legend entry
	Back     string // back pain legend entry
	Dose     string // current dose line legend entry
	Target   string // target line legend entry
	Paused   string // paused-day shading legend entry
	Weekdays [7]string
	// Weekdays are short weekday names, Sunday first (time.Weekday
	// order), used for the date labels on the x axis ("Mon 2").
}

// Data is everything the chart shows.
type Data struct {
	Days        []Day // oldest first, one per calendar day (gaps allowed), usually 28
	DoseMinutes int   // current dose: a horizontal line on the minutes axis (none when <= 0)
	Target      int   // the target line, e.g. 30 minutes (none when <= 0)
	Labels      Labels
}

// Image geometry: 800x450 pixels at 96 dpi, i.e. 600x337.5 points, the
// unit gonum/plot lays out in. Font sizes are in points; at this size
// the chart stays readable when a phone shows it at about half scale.
const (
	dpi      = 96
	widthPx  = 800
	heightPx = 450

	// minWindowDays is the narrowest x axis: fewer days are drawn at
	// the right end of a week-wide axis, so a first day is a normal
	// bar rather than one filling the whole chart.
	minWindowDays = 7
	// maxWindowDays bounds the span of dates accepted.
	maxWindowDays = 366
	// labelEvery is the distance in days between date labels, counted
	// back from the newest day so that the newest day is labelled.
	labelEvery = 7
)

var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}

	colBars   = color.RGBA{R: 0x4a, G: 0x86, B: 0xc5, A: 0xff} // blue
	colPause  = color.RGBA{R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff} // light grey
	colGrid   = color.RGBA{R: 0xea, G: 0xea, B: 0xea, A: 0xff}
	colDose   = color.RGBA{R: 0x1b, G: 0x9e, B: 0x4b, A: 0xff} // green
	colTarget = color.RGBA{R: 0x44, G: 0x44, B: 0x44, A: 0xff} // dark grey
	colLeg    = color.RGBA{R: 0xe6, G: 0x61, B: 0x00, A: 0xff} // orange
	colBack   = color.RGBA{R: 0x5d, G: 0x3a, B: 0x9b, A: 0xff} // purple
	colText   = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
)

// series is Data turned into per-column values: column i is the day
// start+i.
type series struct {
	start     time.Time // date of column 0 (UTC midnight); zero when there are no days
	n         int       // number of columns
	minutes   []float64
	leg, back []float64 // NaN: no check-in
	paused    []bool
	maxMin    float64
}

// civil returns t's calendar date as midnight UTC, so that subtracting two
// dates gives whole days whatever the zone's daylight-saving rules.
func civil(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

func daysBetween(a, b time.Time) int {
	return int(math.Round(b.Sub(a).Hours() / 24))
}

func prepare(days []Day) (series, error) {
	s := series{n: minWindowDays}
	if len(days) > 0 {
		first, last := civil(days[0].Date), civil(days[len(days)-1].Date)
		span := daysBetween(first, last) + 1
		if span > maxWindowDays {
			return series{}, fmt.Errorf("chart: days span %d calendar days, more than %d", span, maxWindowDays)
		}
		s.n = max(span, minWindowDays)
		s.start = last.AddDate(0, 0, -(s.n - 1))
	}
	s.minutes = make([]float64, s.n)
	s.leg = make([]float64, s.n)
	s.back = make([]float64, s.n)
	s.paused = make([]bool, s.n)
	for i := range s.n {
		s.leg[i], s.back[i] = math.NaN(), math.NaN()
	}
	prev := -1
	for _, d := range days {
		i := daysBetween(s.start, civil(d.Date))
		if i <= prev || i >= s.n {
			return series{}, errors.New("chart: days must be in ascending date order, one per date")
		}
		prev = i
		s.minutes[i] = float64(max(d.Minutes, 0))
		s.maxMin = max(s.maxMin, s.minutes[i])
		s.leg[i] = painValue(d.Leg)
		s.back[i] = painValue(d.Back)
		s.paused[i] = d.Paused
	}
	return s, nil
}

// painValue maps a 0-10 score to a plotted value: negative means no
// check-in (NaN, not drawn), and scores above 10 are clamped.
func painValue(v int) float64 {
	if v < 0 {
		return math.NaN()
	}
	return float64(min(v, 10))
}

// minutesScale returns the top of the minutes axis and its tick step:
// the axis runs from 0 to at least max(30, target, dose, most minutes),
// rounded up to a whole step, with at most four steps.
func minutesScale(s series, d Data) (top, step float64) {
	m := max(30, float64(d.Target), float64(d.DoseMinutes), s.maxMin)
	for scale := 1.0; ; scale *= 2 {
		for _, st := range []float64{5, 10, 15, 20, 30} {
			if step = st * scale; m/step <= 4 {
				return math.Ceil(m/step) * step, step
			}
		}
	}
}

// layout records where the panels' data areas ended up, in pixels from
// the image's top-left corner; the tests use it to probe the image.
type layout struct {
	minutesArea, painArea pixelRect
	colWidth              float64 // width of one day's column in pixels
}

type pixelRect struct{ MinX, MinY, MaxX, MaxY float64 }

// colCenterX returns the x pixel of the centre of column i.
func (l layout) colCenterX(i int) float64 {
	return l.minutesArea.MinX + (float64(i)+0.5)*l.colWidth
}

// Render draws the chart and returns it as PNG bytes. The same Data always
// gives the same bytes. With no days it draws the empty axes, the dose and
// target lines and the legend.
func Render(d Data) ([]byte, error) {
	b, _, err := render(d)
	return b, err
}

func render(d Data) ([]byte, layout, error) {
	s, err := prepare(d.Days)
	if err != nil {
		return nil, layout{}, err
	}
	yTop, yStep := minutesScale(s, d)

	hdlr := plot.DefaultTextHandler
	style := func(f font.Font, size font.Length) text.Style {
		return text.Style{Color: colText, Font: font.From(f, size), Handler: hdlr}
	}

	top, topLegend := minutesPlot(s, d, yTop, yStep, style)
	bottom, bottomLegend := painPlot(s, d, style)

	w := vg.Length(widthPx) / dpi * vg.Inch
	h := vg.Length(heightPx) / dpi * vg.Inch
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)

	const margin = vg.Length(8)
	area := draw.Crop(dc, margin, -margin, margin/2, -margin/2)

	// Title, centred on the whole image.
	titleStyle := style(sansBold, 18)
	titleStyle.XAlign = draw.XCenter
	titleStyle.YAlign = draw.YTop
	if d.Labels.Title != "" {
		area.FillText(titleStyle, vg.Point{X: dc.Center().X, Y: area.Max.Y}, d.Labels.Title)
		area.Max.Y -= titleStyle.Rectangle(d.Labels.Title).Size().Y + 6
	}

	// Legend column on the right, as wide as the wider legend (at most
	// a third of the image).
	legW := max(topLegend.Rectangle(area).Size().X, bottomLegend.Rectangle(area).Size().X)
	legW = min(legW, (area.Max.X-area.Min.X)/3)
	const legGap = vg.Length(10)
	plots := draw.Crop(area, 0, -(legW + legGap), 0, 0)
	legendCol := draw.Crop(area, area.Max.X-area.Min.X-legW, 0, 0, 0)

	// Panels: the minutes panel gets 56% of the height; the pain panel
	// the rest, which includes the date labels.
	split := plots.Min.Y + (plots.Max.Y-plots.Min.Y)*0.44
	topC := plots
	topC.Min.Y = split + 4
	botC := plots
	botC.Max.Y = split - 4

	// Align the data areas' left and right edges. A plot's data area
	// depends a little on its width (x labels that overhang the ends),
	// so repeat until the edges agree.
	for range 5 {
		topD, botD := top.DataCanvas(topC), bottom.DataCanvas(botC)
		left := max(topD.Min.X, botD.Min.X)
		right := min(topD.Max.X, botD.Max.X)
		if topD.Min.X == botD.Min.X && topD.Max.X == botD.Max.X {
			break
		}
		topC = draw.Crop(topC, left-topD.Min.X, right-topD.Max.X, 0, 0)
		botC = draw.Crop(botC, left-botD.Min.X, right-botD.Max.X, 0, 0)
	}

	top.Draw(topC)
	bottom.Draw(botC)

	topD, botD := top.DataCanvas(topC), bottom.DataCanvas(botC)
	lc := legendCol
	lc.Max.Y = topD.Max.Y
	topLegend.Draw(lc)
	lc.Max.Y = botD.Max.Y
	bottomLegend.Draw(lc)

	var buf bytes.Buffer
	if err := png.Encode(&buf, img.Image()); err != nil {
		return nil, layout{}, fmt.Errorf("chart: encode png: %w", err)
	}

	px := func(l vg.Length) float64 { return float64(l) / 72 * dpi }
	toRect := func(c draw.Canvas) pixelRect {
		return pixelRect{MinX: px(c.Min.X), MaxX: px(c.Max.X), MinY: heightPx - px(c.Max.Y), MaxY: heightPx - px(c.Min.Y)}
	}
	lay := layout{minutesArea: toRect(topD), painArea: toRect(botD)}
	lay.colWidth = (lay.minutesArea.MaxX - lay.minutesArea.MinX) / float64(s.n)
	return buf.Bytes(), lay, nil
}

type styleFunc func(f font.Font, size font.Length) text.Style

// commonAxes sets the fonts, paddings and the day x axis shared by both
// panels.
func commonAxes(p *plot.Plot, s series, d Data, style styleFunc, dateLabels bool) {
	p.BackgroundColor = nil // the canvas is already white
	p.X.Min, p.X.Max = -0.5, float64(s.n)-0.5
	p.X.Padding, p.Y.Padding = 0, 0
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Tick.Label = style(sans, 13)
		ax.Label.TextStyle = style(sans, 13)
		ax.Label.TextStyle.XAlign = draw.XCenter
		ax.Label.Padding = 4
		ax.Color = colText
		ax.Tick.Color = colText
	}
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.X.Tick.Length = 4
	p.Y.Tick.Length = 4
	p.X.Tick.Marker = dayTicks(s, d.Labels.Weekdays, dateLabels)
}

// dayTicks puts a tick under every day and, when labelled, "Mon 2" under
// every 7th day counted back from the newest.
func dayTicks(s series, weekdays [7]string, labelled bool) plot.Ticker {
	return plot.TickerFunc(func(_, _ float64) []plot.Tick {
		ticks := make([]plot.Tick, s.n)
		for i := range s.n {
			ticks[i].Value = float64(i)
			if !labelled || s.start.IsZero() || (s.n-1-i)%labelEvery != 0 {
				continue
			}
			date := s.start.AddDate(0, 0, i)
			label := fmt.Sprint(date.Day())
			if wd := weekdays[date.Weekday()]; wd != "" {
				label = wd + " " + label
			}
			ticks[i].Label = label
		}
		return ticks
	})
}

// stepTicks labels multiples of step from 0 to top.
func stepTicks(top, step float64) plot.Ticker {
	return plot.TickerFunc(func(_, _ float64) []plot.Tick {
		var ticks []plot.Tick
		for v := 0.0; v <= top+step/1e6; v += step {
			ticks = append(ticks, plot.Tick{Value: v, Label: fmt.Sprint(v)})
		}
		return ticks
	})
}

func newLegend(style styleFunc) plot.Legend {
	l := plot.NewLegend()
	l.TextStyle = style(sans, 13)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 26
	l.Padding = 4
	return l
}

func horizontalGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = colGrid
	g.Horizontal.Width = 1
	return g
}

// minutesPlot builds the upper panel: pause shading, bars, dose and target.
func minutesPlot(s series, d Data, yTop, yStep float64, style styleFunc) (*plot.Plot, plot.Legend) {
	p := plot.New()
	commonAxes(p, s, d, style, false)
	p.Y.Min, p.Y.Max = 0, yTop
	p.Y.Tick.Marker = stepTicks(yTop, yStep)
	p.Y.Label.Text = d.Labels.Minutes

	leg := newLegend(style)
	shade := pauseShading(s.paused)
	bars := &columns{values: s.minutes, halfWidth: 0.36, color: colBars}
	p.Add(shade, horizontalGrid(), bars)
	leg.Add(d.Labels.Minutes, bars)
	if d.DoseMinutes > 0 {
		dose := &hline{y: float64(d.DoseMinutes), style: draw.LineStyle{Color: colDose, Width: 2.5}}
		p.Add(dose)
		leg.Add(d.Labels.Dose, dose)
	}
	if d.Target > 0 {
		target := &hline{y: float64(d.Target), style: draw.LineStyle{Color: colTarget, Width: 1.5, Dashes: []vg.Length{6, 3}}}
		p.Add(target)
		leg.Add(d.Labels.Target, target)
	}
	if shade.any() {
		leg.Add(d.Labels.Paused, shade)
	}
	return p, leg
}

// painPlot builds the lower panel: pause shading and the two pain lines.
func painPlot(s series, d Data, style styleFunc) (*plot.Plot, plot.Legend) {
	p := plot.New()
	commonAxes(p, s, d, style, true)
	// Half a point of room at both ends keeps markers at 0 and 10 clear
	// of the axis line and the panel above, with a fixed geometry (no
	// padding that comes and goes with the data).
	p.Y.Min, p.Y.Max = -0.5, 10.5
	p.Y.Tick.Marker = stepTicks(10, 2)
	p.Y.Label.Text = d.Labels.Pain

	leg := newLegend(style)
	legPain := &painLine{
		values: s.leg,
		line:   draw.LineStyle{Color: colLeg, Width: 2},
		glyph:  draw.GlyphStyle{Color: colLeg, Radius: 3.2, Shape: draw.CircleGlyph{}},
	}
	backPain := &painLine{
		values: s.back,
		line:   draw.LineStyle{Color: colBack, Width: 2, Dashes: []vg.Length{5, 3}},
		glyph:  draw.GlyphStyle{Color: colBack, Radius: 3, Shape: draw.BoxGlyph{}},
	}
	p.Add(pauseShading(s.paused), horizontalGrid(), backPain, legPain)
	leg.Add(d.Labels.Leg, legPain)
	leg.Add(d.Labels.Back, backPain)
	return p, leg
}
