package chart

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The plotters below draw in data units on the x axis (column i spans
// i-0.5 to i+0.5), which plotter.BarChart does not: its bar width is a
// fixed length, wrong for a varying number of days.

// columns draws one bar per day from 0 to the day's value.
type columns struct {
	values    []float64
	halfWidth float64 // in days
	color     color.Color
}

func (b *columns) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i, v := range b.values {
		if v <= 0 {
			continue
		}
		x0, x1 := trX(float64(i)-b.halfWidth), trX(float64(i)+b.halfWidth)
		y0, y1 := trY(0), trY(math.Min(v, p.Y.Max))
		c.FillPolygon(b.color, rect(x0, y0, x1, y1))
	}
}

func (b *columns) Thumbnail(c *draw.Canvas) {
	w := (c.Max.X - c.Min.X) / 4
	c.FillPolygon(b.color, rect(c.Min.X+w, c.Min.Y, c.Max.X-w, c.Max.Y))
}

// shading fills the whole height of every paused day's column.
type shading struct {
	paused []bool
	color  color.Color
}

func pauseShading(paused []bool) *shading {
	return &shading{paused: paused, color: colPause}
}

func (s *shading) any() bool {
	for _, p := range s.paused {
		if p {
			return true
		}
	}
	return false
}

func (s *shading) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for i, paused := range s.paused {
		if paused {
			x0, x1 := trX(float64(i)-0.5), trX(float64(i)+0.5)
			c.FillPolygon(s.color, rect(x0, c.Min.Y, x1, c.Max.Y))
		}
	}
}

func (s *shading) Thumbnail(c *draw.Canvas) {
	c.FillPolygon(s.color, rect(c.Min.X, c.Min.Y, c.Max.X, c.Max.Y))
}

// hline is a horizontal line across the panel at y.
type hline struct {
	y     float64
	style draw.LineStyle
}

func (h *hline) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	y := trY(h.y)
	c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
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

func rect(x0, y0, x1, y1 vg.Length) []vg.Point {
	return []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}
