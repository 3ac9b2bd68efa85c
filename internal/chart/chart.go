// Package chart renders the 4-week walking progress chart as a PNG image
// (Render), draws it on any gonum canvas (Draw: the clinician report's
// PDF page), and makes a text sparkline for terminals.
//
// It is pure rendering: it knows nothing of profiles, plans or the store,
// and it holds no user-facing words. The caller (the engine) converts its
// records into a Data value and passes every text label in Labels, taken
// from its message catalog.
//
// Layout. gonum/plot has one y axis per plot, and walking minutes (0-30+)
// and pain (0-10) are different quantities, so the image is two aligned
// panels sharing one x axis (one column per calendar day):
//
//	title
//	minutes walked (bars; hatched when cut short,  | legend
//	a cross when skipped), the plan's minutes as   |
//	an outline, current dose and target lines      |
//	pain 0-10 at the day's first check-in (leg and | legend
//	back lines), each walk's peak, flare and       |
//	red-flag markers along the top; dates below    |
//
// Paused time is shaded in both panels, only for the part of each day
// it lasted; the days before sign-up are hatched and hold nothing.
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

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Image geometry: 800x540 pixels at 96 dpi, i.e. 600x405 points, the
// unit gonum/plot lays out in. Font sizes are in points; at this size
// the chart stays readable when a phone shows it at about half scale.
const (
	dpi      = 96
	widthPx  = 800
	heightPx = 540

	// minWindowDays is the narrowest x axis: fewer days are drawn at
	// the right end of a week-wide axis, so a first day is a normal
	// bar rather than one filling the whole chart.
	minWindowDays = 7
	// maxWindowDays bounds the span of dates accepted.
	maxWindowDays = 366
	// labelEvery is the distance in days between date labels, counted
	// back from the newest day so that the newest day is labelled.
	labelEvery = 7

	// The pain panel's y axis runs past 10 to leave a strip for the
	// flare and red-flag markers above every pain score, each in its
	// own row so that both fit on one day.
	painTop   = 13
	flareY    = 11.3
	redFlagY  = 12.35
	peakShift = 0.24 // a walk's peak sits right of the day's check-in
)

var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}

	colBars         = color.RGBA{R: 0x4a, G: 0x86, B: 0xc5, A: 0xff} // blue
	colCutShort     = color.RGBA{R: 0xc6, G: 0xda, B: 0xf0, A: 0xff} // pale blue, hatched blue
	colPlanned      = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	colSkipped      = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
	colPause        = color.RGBA{R: 0xdd, G: 0xdd, B: 0xdd, A: 0xff} // light grey
	colBeforeSignUp = color.RGBA{R: 0xcc, G: 0xcc, B: 0xcc, A: 0xff}
	colGrid         = color.RGBA{R: 0xea, G: 0xea, B: 0xea, A: 0xff}
	colDose         = color.RGBA{R: 0x1b, G: 0x9e, B: 0x4b, A: 0xff} // green
	colTarget       = color.RGBA{R: 0x44, G: 0x44, B: 0x44, A: 0xff} // dark grey
	colLeg          = color.RGBA{R: 0xe6, G: 0x61, B: 0x00, A: 0xff} // orange
	colBack         = color.RGBA{R: 0x5d, G: 0x3a, B: 0x9b, A: 0xff} // purple
	colPeak         = color.RGBA{R: 0x00, G: 0x7a, B: 0x78, A: 0xff} // teal
	colFlare        = color.RGBA{R: 0xd9, G: 0x3b, B: 0x1a, A: 0xff} // red-orange
	colRedFlag      = color.RGBA{R: 0xb0, G: 0x00, B: 0x20, A: 0xff} // deep red
	colText         = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
)

// minutesScale returns the top of the minutes axis and its tick step:
// the axis runs from 0 to at least max(30, target, dose, most minutes
// walked or planned), rounded up to a whole step, with at most four steps.
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
// the image's top-left corner (the tests use it to probe the image), and
// the labels that do not fit their space.
type layout struct {
	minutesArea, painArea pixelRect
	colWidth              float64 // width of one day's column in pixels
	overflow              []string
}

type pixelRect struct{ MinX, MinY, MaxX, MaxY float64 }

// colCenterX returns the x pixel of the centre of column i.
func (l layout) colCenterX(i int) float64 {
	return l.minutesArea.MinX + (float64(i)+0.5)*l.colWidth
}

// colX returns the x pixel at fraction f (0-1) of column i.
func (l layout) colX(i int, f float64) float64 {
	return l.minutesArea.MinX + (float64(i)+f)*l.colWidth
}

// Render draws the chart and returns it as PNG bytes. The same Data always
// gives the same bytes. With no days it draws the empty axes, the dose and
// target lines and the legend.
func Render(d Data) ([]byte, error) {
	b, _, err := render(d)
	return b, err
}

// Fit reports every label of d.Labels that would not fit its space on
// the chart (the title across the image, each axis label along its
// panel, each legend entry in the legend column and each legend beside
// its panel, the widest date label between two labelled days), whether
// or not d's data would show it. Nil means all fit.
func Fit(d Data) error {
	_, lay, err := render(d)
	if err != nil {
		return err
	}
	var errs []error
	for _, o := range lay.overflow {
		errs = append(errs, errors.New(o))
	}
	return errors.Join(errs...)
}

// entry is one legend line: shown only when the chart draws its mark,
// but always measured, so the layout does not move with the data and
// Fit checks every label.
type entry struct {
	label string
	thumb plot.Thumbnailer
	shown bool
}

func render(d Data) ([]byte, layout, error) {
	w := vg.Length(widthPx) / dpi * vg.Inch
	h := vg.Length(heightPx) / dpi * vg.Inch
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
	dr, err := drawOn(draw.New(img), d)
	if err != nil {
		return nil, layout{}, err
	}

	var buf bytes.Buffer
	if err := png.Encode(&buf, img.Image()); err != nil {
		return nil, layout{}, fmt.Errorf("chart: encode png: %w", err)
	}

	px := func(l vg.Length) float64 { return float64(l) / 72 * dpi }
	toRect := func(c draw.Canvas) pixelRect {
		return pixelRect{MinX: px(c.Min.X), MaxX: px(c.Max.X), MinY: heightPx - px(c.Max.Y), MaxY: heightPx - px(c.Min.Y)}
	}
	lay := layout{overflow: dr.overflow}
	lay.minutesArea, lay.painArea = toRect(dr.minutes), toRect(dr.pain)
	lay.colWidth = (lay.minutesArea.MaxX - lay.minutesArea.MinX) / float64(dr.cols)
	return buf.Bytes(), lay, nil
}

// drawn is where drawOn put the panels' data areas, in the canvas's
// points, and the labels that did not fit.
type drawn struct {
	minutes, pain draw.Canvas
	cols          int
	overflow      []string
}

// Draw draws the chart on any canvas (a PDF page), filling c; the
// layout is made for about 600 by 405 points, the PNG's size.
func Draw(c draw.Canvas, d Data) error {
	_, err := drawOn(c, d)
	return err
}

func drawOn(dc draw.Canvas, d Data) (drawn, error) {
	s, err := prepare(d)
	if err != nil {
		return drawn{}, err
	}
	yTop, yStep := minutesScale(s, d)

	hdlr := plot.DefaultTextHandler
	style := func(f font.Font, size font.Length) text.Style {
		return text.Style{Color: colText, Font: font.From(f, size), Handler: hdlr}
	}

	top, topEntries := minutesPlot(s, d, yTop, yStep, style)
	bottom, bottomEntries := painPlot(s, d, style)
	var lay drawn
	tooLong := func(what, label string) {
		lay.overflow = append(lay.overflow, fmt.Sprintf("chart: %s %q does not fit", what, label))
	}

	const margin = vg.Length(8)
	area := draw.Crop(dc, margin, -margin, margin/2, -margin/2)

	// Title, centred on the whole image.
	titleStyle := style(sansBold, 18)
	titleStyle.XAlign = draw.XCenter
	titleStyle.YAlign = draw.YTop
	if d.Labels.Title != "" {
		if titleStyle.Width(d.Labels.Title) > area.Max.X-area.Min.X {
			tooLong("title", d.Labels.Title)
		}
		area.FillText(titleStyle, vg.Point{X: dc.Center().X, Y: area.Max.Y}, d.Labels.Title)
		area.Max.Y -= titleStyle.Rectangle(d.Labels.Title).Size().Y + 6
	}

	// Legend column on the right, as wide as the widest entry either
	// legend can have, at most 30% of the image.
	topFull, topLegend := legends(topEntries, style)
	bottomFull, bottomLegend := legends(bottomEntries, style)
	maxLegW := (area.Max.X - area.Min.X) * 0.3
	legW := max(topFull.Rectangle(area).Size().X, bottomFull.Rectangle(area).Size().X)
	if legW > maxLegW {
		for _, e := range append(topEntries, bottomEntries...) {
			if entryWidth(topFull, e.label) > maxLegW {
				tooLong("legend entry", e.label)
			}
		}
		legW = maxLegW
	}
	const legGap = vg.Length(10)
	plots := draw.Crop(area, 0, -(legW + legGap), 0, 0)
	legendCol := draw.Crop(area, area.Max.X-area.Min.X-legW, 0, 0, 0)

	// Panels: the minutes panel gets 55% of the height; the pain panel
	// the rest, which includes the date labels.
	split := plots.Min.Y + (plots.Max.Y-plots.Min.Y)*0.45
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
	for _, p := range []struct {
		plot       *plot.Plot
		canvas     draw.Canvas
		data       draw.Canvas
		full       plot.Legend
		legendName string
	}{{top, topC, topD, topFull, "minutes"}, {bottom, botC, botD, bottomFull, "pain"}} {
		if l := p.plot.Y.Label; l.Text != "" && l.TextStyle.Width(l.Text) > p.data.Max.Y-p.data.Min.Y {
			tooLong("axis label", l.Text)
		}
		// A legend hangs from the top of its panel's data area and may
		// reach down to the bottom of the panel.
		if p.full.Rectangle(p.data).Size().Y > p.data.Max.Y-p.canvas.Min.Y {
			tooLong("legend of the panel", p.legendName)
		}
	}
	// The widest date label must fit between two labelled days.
	colW := (topD.Max.X - topD.Min.X) / vg.Length(len(s.cols))
	for m, name := range d.Labels.Months {
		label := dateLabel(30, m, d.Labels.Months)
		if bottom.X.Tick.Label.Width(label) > colW*labelEvery-6 {
			tooLong("date label", name)
		}
	}

	lc := legendCol
	lc.Max.Y = topD.Max.Y
	topLegend.Draw(lc)
	lc.Max.Y = botD.Max.Y
	bottomLegend.Draw(lc)

	lay.minutes, lay.pain, lay.cols = topD, botD, len(s.cols)
	return lay, nil
}

// legends returns the legend of every entry (to measure) and the one of
// the entries shown (to draw).
func legends(entries []entry, style styleFunc) (full, shown plot.Legend) {
	full, shown = newLegend(style), newLegend(style)
	for _, e := range entries {
		if e.label == "" {
			continue
		}
		full.Add(e.label, e.thumb)
		if e.shown {
			shown.Add(e.label, e.thumb)
		}
	}
	return full, shown
}

// entryWidth is the width one legend line takes.
func entryWidth(l plot.Legend, label string) vg.Length {
	return l.TextStyle.Width(label) + l.ThumbnailWidth + l.Padding
}

type styleFunc func(f font.Font, size font.Length) text.Style

// commonAxes sets the fonts, paddings and the day x axis shared by both
// panels.
func commonAxes(p *plot.Plot, s series, d Data, style styleFunc, dateLabels bool) {
	p.BackgroundColor = nil // the canvas is already white
	p.X.Min, p.X.Max = -0.5, float64(len(s.cols))-0.5
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
	p.X.Tick.Marker = dayTicks(s, d.Labels.Months, dateLabels)
}

// dayTicks puts a tick under every day and, when labelled, "3 Nov" under
// every 7th day counted back from the newest.
func dayTicks(s series, months [12]string, labelled bool) plot.Ticker {
	return plot.TickerFunc(func(_, _ float64) []plot.Tick {
		n := len(s.cols)
		ticks := make([]plot.Tick, n)
		for i := range n {
			ticks[i].Value = float64(i)
			if !labelled || !s.dated || (n-1-i)%labelEvery != 0 {
				continue
			}
			date := s.cols[i].date
			ticks[i].Label = dateLabel(date.Day(), int(date.Month())-1, months)
		}
		return ticks
	})
}

// dateLabel is "3 Nov": the day and the short month name (month 0 is
// January), or the month's number when the name is missing.
func dateLabel(day, month int, months [12]string) string {
	if name := months[month]; name != "" {
		return fmt.Sprintf("%d %s", day, name)
	}
	return fmt.Sprintf("%d/%d", day, month+1)
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
	l.TextStyle = style(sans, 12)
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 24
	l.Padding = 3
	return l
}

func horizontalGrid() *plotter.Grid {
	g := plotter.NewGrid()
	g.Vertical.Color = nil
	g.Horizontal.Color = colGrid
	g.Horizontal.Width = 1
	return g
}

// minutesPlot builds the upper panel: hatching before sign-up, pause
// shading, bars, planned outlines, skipped crosses, dose and target.
func minutesPlot(s series, d Data, yTop, yStep float64, style styleFunc) (*plot.Plot, []entry) {
	p := plot.New()
	commonAxes(p, s, d, style, false)
	p.Y.Min, p.Y.Max = 0, yTop
	p.Y.Tick.Marker = stepTicks(yTop, yStep)
	p.Y.Label.Text = d.Labels.Minutes

	signUp := &beforeSignUp{cols: s.beforeSignUp()}
	shade := &shading{cols: s.cols}
	walked := &bars{cols: s.cols}
	short := &bars{cols: s.cols, cutShort: true}
	plan := &planned{cols: s.cols}
	skip := &skipped{cols: s.cols}
	dose := &hline{y: float64(d.DoseMinutes), from: s.signUp, style: draw.LineStyle{Color: colDose, Width: 2.5}}
	target := &hline{y: float64(d.Target), from: s.signUp, style: draw.LineStyle{Color: colTarget, Width: 1.5, Dashes: []vg.Length{6, 3}}}
	p.Add(signUp, shade, horizontalGrid(), walked, short, plan, skip)
	if d.DoseMinutes > 0 {
		p.Add(dose)
	}
	if d.Target > 0 {
		p.Add(target)
	}
	return p, []entry{
		{d.Labels.Walked, walked, true},
		{d.Labels.CutShort, short, s.any(func(c column) bool { return c.cutShort && c.minutes > 0 })},
		{d.Labels.Skipped, skip, s.any(func(c column) bool { return c.skipped })},
		{d.Labels.Planned, plan, s.any(func(c column) bool { return c.planned > 0 })},
		{d.Labels.Dose, dose, d.DoseMinutes > 0},
		{d.Labels.Target, target, d.Target > 0},
		{d.Labels.Paused, shade, shade.any()},
		{d.Labels.BeforeSignUp, signUp, signUp.cols > 0},
	}
}

// painPlot builds the lower panel: hatching and shading as above, the
// two check-in pain lines, each walk's peak, and the flare and red-flag
// markers in a strip along the top.
func painPlot(s series, d Data, style styleFunc) (*plot.Plot, []entry) {
	p := plot.New()
	commonAxes(p, s, d, style, true)
	// Half a point of room below 0 keeps markers there clear of the
	// axis line, with a fixed geometry (no padding that comes and goes
	// with the data); the room above 10 holds the event markers.
	p.Y.Min, p.Y.Max = -0.5, painTop
	p.Y.Tick.Marker = stepTicks(10, 2)
	p.Y.Label.Text = d.Labels.Pain

	leg := make([]float64, len(s.cols))
	back := make([]float64, len(s.cols))
	peaks := &marks{glyph: draw.GlyphStyle{Color: colPeak, Radius: 4, Shape: diamondGlyph{}}}
	flares := &marks{glyph: draw.GlyphStyle{Color: colFlare, Radius: 4.2, Shape: draw.PyramidGlyph{}}}
	redFlags := &marks{glyph: draw.GlyphStyle{Color: colRedFlag, Radius: 4.6, Shape: flagGlyph{}}}
	for i, c := range s.cols {
		leg[i], back[i] = c.leg, c.back
		for _, v := range c.peaks {
			peaks.points = append(peaks.points, point{float64(i) + peakShift, v})
		}
		if c.flare {
			flares.points = append(flares.points, point{float64(i), flareY})
		}
		if c.redFlag {
			redFlags.points = append(redFlags.points, point{float64(i), redFlagY})
		}
	}
	legPain := &painLine{
		values: leg,
		line:   draw.LineStyle{Color: colLeg, Width: 2},
		glyph:  draw.GlyphStyle{Color: colLeg, Radius: 3.2, Shape: draw.CircleGlyph{}},
	}
	backPain := &painLine{
		values: back,
		line:   draw.LineStyle{Color: colBack, Width: 2, Dashes: []vg.Length{5, 3}},
		glyph:  draw.GlyphStyle{Color: colBack, Radius: 3, Shape: draw.BoxGlyph{}},
	}
	shade := &shading{cols: s.cols}
	p.Add(&beforeSignUp{cols: s.beforeSignUp()}, shade, horizontalGrid(), backPain, legPain, peaks, flares, redFlags)
	return p, []entry{
		{d.Labels.Leg, legPain, true},
		{d.Labels.Back, backPain, true},
		{d.Labels.Peak, peaks, len(peaks.points) > 0},
		{d.Labels.Flare, flares, len(flares.points) > 0},
		{d.Labels.RedFlag, redFlags, len(redFlags.points) > 0},
	}
}
