package chart

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters below draw in data units on the x axis (column i spans
// i-0.5 to i+0.5), which plotter.BarChart does not: its bar width is a
// fixed length, wrong for a varying number of days.

// barHalfWidth is half a bar's width, in days.
const barHalfWidth = 0.36

// bars draws one bar per day from 0 to the minutes walked: solid, or
// light and hatched when a walk that day was cut short.
type bars struct {
	cols     []column
	cutShort bool // draw only the cut-short days (else only the others)
}

func (b *bars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, col := range b.cols {
		if col.minutes <= 0 || col.cutShort != b.cutShort {
			continue
		}
		x0, x1 := trX(float64(i)-barHalfWidth), trX(float64(i)+barHalfWidth)
		b.draw(&c, x0, trY(0), x1, trY(math.Min(col.minutes, p.Y.Max)))
	}
}

func (b *bars) draw(c *draw.Canvas, x0, y0, x1, y1 vg.Length) {
	if !b.cutShort {
		c.FillPolygon(colBars, rect(x0, y0, x1, y1))
		return
	}
	c.FillPolygon(colCutShort, rect(x0, y0, x1, y1))
	hatch(c, draw.LineStyle{Color: colBars, Width: 1.3}, 4.5, x0, y0, x1, y1)
	c.StrokeLines(draw.LineStyle{Color: colBars, Width: 1}, rect(x0, y0, x1, y1), []vg.Point{{X: x0, Y: y0}})
}

func (b *bars) Thumbnail(c *draw.Canvas) {
	w := (c.Max.X - c.Min.X) / 4
	b.draw(c, c.Min.X+w, c.Min.Y, c.Max.X-w, c.Max.Y)
}

// planned marks the plan's minutes of each day with a logged walk: a
// solid cap at the planned level across the bar, and, when the walk fell
// short of it, a dashed outline of the part not walked.
type planned struct{ cols []column }

var (
	plannedCap  = draw.LineStyle{Color: colPlanned, Width: 2}
	plannedRest = draw.LineStyle{Color: colPlanned, Width: 1.2, Dashes: []vg.Length{3, 2}}
)

func (o *planned) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, col := range o.cols {
		if col.planned <= 0 {
			continue
		}
		x0, x1 := trX(float64(i)-barHalfWidth), trX(float64(i)+barHalfWidth)
		o.draw(&c, x0, x1, trY(math.Min(col.minutes, p.Y.Max)), trY(math.Min(col.planned, p.Y.Max)))
	}
}

// draw marks planned at y1 over a bar reaching y0.
func (o *planned) draw(c *draw.Canvas, x0, x1, y0, y1 vg.Length) {
	if y1 > y0 {
		c.StrokeLines(plannedRest, []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}}, []vg.Point{{X: x1, Y: y0}, {X: x1, Y: y1}})
	}
	c.StrokeLine2(plannedCap, x0-1, y1, x1+1, y1)
}

func (o *planned) Thumbnail(c *draw.Canvas) {
	w := (c.Max.X - c.Min.X) / 4
	o.draw(c, c.Min.X+w, c.Max.X-w, c.Min.Y, c.Max.Y-1)
}

// skipped puts a cross at the foot of each day whose walk was skipped.
type skipped struct{ cols []column }

var skippedGlyph = draw.GlyphStyle{Color: colSkipped, Radius: 4, Shape: crossGlyph{}}

func (s *skipped) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, col := range s.cols {
		if col.skipped {
			c.DrawGlyphNoClip(skippedGlyph, vg.Point{X: trX(float64(i)), Y: trY(0) + skippedGlyph.Radius + 2})
		}
	}
}

func (s *skipped) Thumbnail(c *draw.Canvas) { c.DrawGlyphNoClip(skippedGlyph, c.Center()) }

// shading fills the paused part of each day over the whole panel height.
// A part narrower than minShade is widened about its centre so that a
// pause of a few minutes still shows.
type shading struct{ cols []column }

const minShade = vg.Length(2.5)

func (s *shading) any() bool {
	for _, c := range s.cols {
		if len(c.paused) > 0 {
			return true
		}
	}
	return false
}

func (s *shading) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for i, col := range s.cols {
		for _, pt := range col.paused {
			x0, x1 := trX(float64(i)-0.5+pt.from), trX(float64(i)-0.5+pt.to)
			if w := x1 - x0; w < minShade {
				x0, x1 = x0-(minShade-w)/2, x1+(minShade-w)/2
			}
			c.FillPolygon(colPause, rect(x0, c.Min.Y, x1, c.Max.Y))
		}
	}
}

func (s *shading) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(colPause, rect(c.Min.X, c.Min.Y, c.Max.X, c.Max.Y))
}

// beforeSignUp hatches the days before sign-up over the whole panel
// height, lines at 45 degrees anchored to the image so that both panels'
// hatching lines up.
type beforeSignUp struct{ cols int } // how many columns from the left

var signUpHatch = draw.LineStyle{Color: colBeforeSignUp, Width: 1}

func (b *beforeSignUp) Plot(c draw.Canvas, p *plot.Plot) {
	if b.cols <= 0 {
		return
	}
	trX, _ := p.Transforms(&c)
	hatch(&c, signUpHatch, 7, trX(-0.5), c.Min.Y, trX(float64(b.cols)-0.5), c.Max.Y)
}

func (b *beforeSignUp) Thumbnail(c *draw.Canvas) {
	hatch(c, signUpHatch, 7, c.Min.X, c.Min.Y, c.Max.X, c.Max.Y)
	c.StrokeLines(signUpHatch, rect(c.Min.X, c.Min.Y, c.Max.X, c.Max.Y), []vg.Point{{X: c.Min.X, Y: c.Min.Y}})
}

// hatch strokes lines x - y = k*gap (a 45-degree grid anchored at the
// origin) clipped to the rectangle x0..x1, y0..y1.
func hatch(c *draw.Canvas, sty draw.LineStyle, gap, x0, y0, x1, y1 vg.Length) {
	if x1 < x0 {
		x0, x1 = x1, x0
	}
	if y1 < y0 {
		y0, y1 = y1, y0
	}
	var lines [][]vg.Point
	for k := math.Floor(float64((x0 - y1) / gap)); vg.Length(k)*gap <= x1-y0; k++ {
		off := vg.Length(k) * gap // x = y + off
		// Enter at the lower of the left edge and the bottom edge, leave
		// at the higher of the right edge and the top edge.
		ya := max(y0, x0-off)
		yb := min(y1, x1-off)
		if ya >= yb {
			continue
		}
		lines = append(lines, []vg.Point{{X: ya + off, Y: ya}, {X: yb + off, Y: yb}})
	}
	c.StrokeLines(sty, lines...)
}

// hline is a horizontal line at y from column from's left edge to the
// right end of the panel.
type hline struct {
	y     float64
	from  int
	style draw.LineStyle
}

func (h *hline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	y := trY(h.y)
	c.StrokeLine2(h.style, max(c.Min.X, trX(float64(h.from)-0.5)), y, c.Max.X, y)
}

func (h *hline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
}

// painLine draws one pain score per day as a marker, joining markers of
// consecutive days with a line; a day without a check-in (NaN) breaks the
// line rather than dropping to 0.
type painLine struct {
	values []float64
	line   draw.LineStyle
	glyph  draw.GlyphStyle
}

func (l *painLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var runs [][]vg.Point
	var run []vg.Point
	for i, v := range l.values {
		if math.IsNaN(v) {
			if len(run) > 1 {
				runs = append(runs, run)
			}
			run = nil
			continue
		}
		run = append(run, vg.Point{X: trX(float64(i)), Y: trY(v)})
	}
	if len(run) > 1 {
		runs = append(runs, run)
	}
	c.StrokeLines(l.line, runs...)
	for i, v := range l.values {
		if !math.IsNaN(v) {
			c.DrawGlyphNoClip(l.glyph, vg.Point{X: trX(float64(i)), Y: trY(v)})
		}
	}
}

func (l *painLine) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(l.line, c.Min.X, y, c.Max.X, y)
	c.DrawGlyphNoClip(l.glyph, vg.Point{X: c.Center().X, Y: y})
}

// marks draws a glyph at each point (x in columns, y in data units).
type marks struct {
	points []point
	glyph  draw.GlyphStyle
}

type point struct{ x, y float64 }

func (m *marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, pt := range m.points {
		c.DrawGlyphNoClip(m.glyph, vg.Point{X: trX(pt.x), Y: trY(pt.y)})
	}
}

func (m *marks) Thumbnail(c *draw.Canvas) { c.DrawGlyphNoClip(m.glyph, c.Center()) }

// crossGlyph is an "x" with strokes thick enough to read at phone size
// (draw.CrossGlyph's are half a point).
type crossGlyph struct{}

func (crossGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius * 0.75
	ls := draw.LineStyle{Color: sty.Color, Width: 2}
	c.StrokeLine2(ls, pt.X-r, pt.Y-r, pt.X+r, pt.Y+r)
	c.StrokeLine2(ls, pt.X-r, pt.Y+r, pt.X+r, pt.Y-r)
}

// diamondGlyph is a filled square on its corner.
type diamondGlyph struct{}

func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	c.FillPolygon(sty.Color, []vg.Point{{X: pt.X, Y: pt.Y + r}, {X: pt.X + r, Y: pt.Y}, {X: pt.X, Y: pt.Y - r}, {X: pt.X - r, Y: pt.Y}})
}

// flagGlyph is a small flag: a pole and a pennant.
type flagGlyph struct{}

func (flagGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	x := pt.X - r*0.6
	c.StrokeLine2(draw.LineStyle{Color: sty.Color, Width: 1.5}, x, pt.Y-r, x, pt.Y+r)
	c.FillPolygon(sty.Color, []vg.Point{{X: x, Y: pt.Y + r}, {X: x + r*1.5, Y: pt.Y + r*0.45}, {X: x, Y: pt.Y - r*0.1}})
}

func rect(x0, y0, x1, y1 vg.Length) []vg.Point {
	return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}
