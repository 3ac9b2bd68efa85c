package report

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"treadwell/internal/chart"
)

// Page geometry and type, in points: small type keeps four weeks on one
// page.
const (
	marginX      = 40
	marginTop    = 30
	marginBottom = 38 // the footer sits in it
	footerY      = 22

	titleSize   = 15
	lineSize    = 8.5
	noteSize    = 8
	headingSize = 9
	bodySize    = 7.5
	footerSize  = 7
	notesSize   = 6.5

	leading     = 1.22 // line height per point of type
	sectionGap  = 5
	blockGap    = 14 // between blocks of a table side by side
	cellPadding = 6

	// chartBoxHeight is the height, in the chart's own points, of the
	// box it is drawn in before being scaled to its height on the page:
	// its type is sized for the PNG, and below about this height its
	// pain panel and legends no longer fit. A shorter chart on the page
	// is scaled down further (smaller type) and its box made wider.
	chartBoxHeight = 285
)

// chartHeights are the chart's heights on the page, tallest first: the
// report takes the tallest with which it fits on one page (or the
// tallest, when none does).
var chartHeights = []float64{205, 185, 165, 145}

var (
	sans     = font.Font{Typeface: "Liberation", Variant: "Sans"}
	sansBold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: xfont.WeightBold}

	colText   = color.RGBA{R: 0x22, G: 0x22, B: 0x22, A: 0xff}
	colMuted  = color.RGBA{R: 0x66, G: 0x66, B: 0x66, A: 0xff}
	colNote   = color.RGBA{R: 0xf4, G: 0xf1, B: 0xe6, A: 0xff}
	colBorder = color.RGBA{R: 0xb8, G: 0xb0, B: 0x90, A: 0xff}
	colStripe = color.RGBA{R: 0xf2, G: 0xf2, B: 0xf2, A: 0xff}
	colRule   = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
)

func style(f font.Font, size float64) text.Style {
	return text.Style{Color: colText, Font: font.From(f, font.Length(size)), Handler: plot.DefaultTextHandler,
		XAlign: draw.XLeft, YAlign: draw.YTop}
}

// op draws one thing on a page.
type op func(c draw.Canvas)

// pager lays blocks out down the pages: y is the top of the free space
// on the last page, in points from the page's bottom.
type pager struct {
	w, h   float64
	pages  [][]op
	y      float64
	left   float64
	width  float64
	bottom float64
	err    error // the first error an op met while drawing
}

func newPager(p Paper) *pager {
	w, h := p.size()
	pg := &pager{w: w, h: h, left: marginX, width: w - 2*marginX, bottom: marginBottom}
	pg.newPage()
	return pg
}

func (p *pager) newPage() {
	p.pages = append(p.pages, nil)
	p.y = p.h - marginTop
}

// room makes sure height fits on the current page, starting a new one
// when it does not (a block taller than a whole page is put on one of
// its own all the same).
func (p *pager) room(height float64) {
	if p.y-height < p.bottom && p.y < p.h-marginTop {
		p.newPage()
	}
}

func (p *pager) draw(o op) { p.pages[len(p.pages)-1] = append(p.pages[len(p.pages)-1], o) }

// text puts one line with its top at the cursor and moves below it.
func (p *pager) text(st text.Style, x float64, s string) {
	y := p.y
	p.draw(func(c draw.Canvas) { c.FillText(st, vg.Point{X: vg.Length(x), Y: vg.Length(y)}, s) })
}

// paragraph wraps s to width and puts its lines, breaking pages between
// lines.
func (p *pager) paragraph(st text.Style, s string) {
	lh := float64(st.Font.Size) * leading
	for _, line := range wrap(st, s, p.width) {
		p.room(lh)
		p.text(st, p.left, line)
		p.y -= lh
	}
}

// wrap breaks s into lines no wider than width at spaces (a word wider
// than a line stands alone on one); an explicit newline breaks too.
func wrap(st text.Style, s string, width float64) []string {
	var out []string
	for _, para := range strings.Split(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			try := word
			if line != "" {
				try = line + " " + word
			}
			if line != "" && float64(st.Width(try)) > width {
				out = append(out, line)
				try = word
			}
			line = try
		}
		out = append(out, line)
	}
	return out
}

// Render lays the report out and returns the PDF's bytes.
func Render(d Data) ([]byte, error) {
	var pg *pager
	for i, h := range chartHeights {
		if pg = layout(d, h); len(pg.pages) == 1 {
			break
		}
		if i == len(chartHeights)-1 {
			pg = layout(d, chartHeights[0]) // pages anyway: the chart at its best
		}
	}
	return pg.write(d)
}

// layout places everything on pages, the chart chartHeight tall.
func layout(d Data, chartHeight float64) *pager {
	pg := newPager(d.Paper)

	if d.Title != "" {
		st := style(sansBold, titleSize)
		pg.paragraph(st, d.Title)
		pg.y -= 2
	}
	for _, l := range d.Lines {
		pg.paragraph(style(sans, lineSize), l)
	}
	if d.Note != "" {
		pg.y -= 4
		pg.note(d.Note)
	}
	if !d.Chart.Last.IsZero() {
		pg.y -= 6
		pg.chart(d.Chart, chartHeight)
	}
	for _, s := range d.Sections {
		pg.section(s)
	}
	return pg
}

// note is the boxed note.
func (p *pager) note(s string) {
	st := style(sans, noteSize)
	const pad = 5
	lines := wrap(st, s, p.width-2*pad)
	lh := float64(st.Font.Size) * leading
	height := float64(len(lines))*lh + 2*pad - (leading-1)*float64(st.Font.Size)
	p.room(height)
	top, x, w := p.y, p.left, p.width
	p.draw(func(c draw.Canvas) {
		r := vg.Rectangle{Min: vg.Point{X: vg.Length(x), Y: vg.Length(top - height)}, Max: vg.Point{X: vg.Length(x + w), Y: vg.Length(top)}}
		c.SetColor(colNote)
		c.Fill(r.Path())
		c.SetLineWidth(0.8)
		c.SetColor(colBorder)
		c.Stroke(r.Path())
	})
	p.y -= pad
	for _, l := range lines {
		p.text(st, p.left+pad, l)
		p.y -= lh
	}
	p.y = top - height
}

// chart draws the progress chart across the page, chartHeight tall,
// scaled from a box chartBoxHeight tall.
func (p *pager) chart(d chart.Data, chartHeight float64) {
	p.room(chartHeight)
	k := chartHeight / chartBoxHeight
	x, y := p.left, p.y-chartHeight
	p.draw(func(c draw.Canvas) {
		c.Push()
		defer c.Pop()
		c.Translate(vg.Point{X: vg.Length(x), Y: vg.Length(y)})
		c.Scale(k, k)
		inner := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{Max: vg.Point{X: vg.Length(p.width / k), Y: chartBoxHeight}}}
		if err := chart.Draw(inner, d); err != nil {
			p.fail(err)
		}
	})
	p.y -= chartHeight
}

// fail keeps the first error an op met while drawing.
func (p *pager) fail(err error) {
	if p.err == nil {
		p.err = err
	}
}

// section puts a heading, its table and its lines; the heading stays
// with what follows it.
func (p *pager) section(s Section) {
	hst := style(sansBold, headingSize)
	bst := style(sans, bodySize)
	hh := float64(hst.Font.Size) * leading
	p.y -= sectionGap
	first := float64(bst.Font.Size) * leading * 2 // the table's header and a row, or a line
	p.room(hh + first)
	if s.Heading != "" {
		p.text(hst, p.left, s.Heading)
		p.y -= hh
	}
	if len(s.Table.Rows) > 0 {
		p.table(s.Table)
		p.y -= 3
	}
	for _, l := range s.Lines {
		p.paragraph(bst, l)
	}
	nst := style(sans, notesSize)
	for _, l := range s.Notes {
		p.paragraph(nst, l)
	}
}

// table puts t's rows in t.Side blocks across the page, as many rows as
// fit on each page.
func (p *pager) table(t Table) {
	side := max(t.Side, 1)
	st := style(sans, bodySize)
	hst := style(sansBold, bodySize)
	rh := float64(st.Font.Size) * leading
	blockW := (p.width - blockGap*float64(side-1)) / float64(side)

	cols := len(t.Header)
	for _, r := range t.Rows {
		cols = max(cols, len(r))
	}
	widths := make([]float64, cols)
	for _, r := range t.Rows {
		for i, cell := range r {
			widths[i] = max(widths[i], float64(st.Width(cell))+cellPadding)
		}
	}
	for i, h := range t.Header {
		for _, word := range strings.Fields(h) {
			widths[i] = max(widths[i], float64(hst.Width(word))+cellPadding)
		}
	}
	sum := 0.0
	for _, w := range widths {
		sum += w
	}
	if extra := blockW - sum; extra > 0 {
		for i := range widths {
			widths[i] += extra * widths[i] / sum
		}
	}
	header := make([][]string, cols)
	headerLines := 1
	for i, h := range t.Header {
		header[i] = wrap(hst, h, widths[i]-cellPadding)
		headerLines = max(headerLines, len(header[i]))
	}
	headerH := float64(headerLines)*rh + 2

	rows := t.Rows
	for len(rows) > 0 {
		p.room(headerH + rh)
		fit := int(math.Floor((p.y - p.bottom - headerH) / rh))
		if fit < 1 {
			fit = 1
		}
		perBlock := min(fit, (len(rows)+side-1)/side)
		for b := range side {
			lo := b * perBlock
			if lo >= len(rows) {
				break
			}
			hi := min(lo+perBlock, len(rows))
			p.block(p.left+float64(b)*(blockW+blockGap), blockW, widths, header, rows[lo:hi], headerH, rh, hst, st)
		}
		taken := min(len(rows), perBlock*side)
		rows = rows[taken:]
		p.y -= headerH + float64(perBlock)*rh
	}
}

// block draws one block of a table with its top at the cursor.
func (p *pager) block(x, w float64, widths []float64, header [][]string, rows [][]string, headerH, rh float64, hst, st text.Style) {
	top := p.y
	p.draw(func(c draw.Canvas) {
		cx := x
		for i, lines := range header {
			for j, l := range lines {
				c.FillText(hst, vg.Point{X: vg.Length(cx + 1), Y: vg.Length(top - float64(j)*rh)}, l)
			}
			cx += widths[i]
		}
		c.SetColor(colRule)
		c.SetLineWidth(0.6)
		ly := vg.Length(top - headerH + 1)
		c.StrokeLine2(draw.LineStyle{Color: colRule, Width: 0.6}, vg.Length(x), ly, vg.Length(x+w), ly)
		for r, row := range rows {
			ry := top - headerH - float64(r)*rh
			if r%2 == 1 {
				stripe := vg.Rectangle{Min: vg.Point{X: vg.Length(x), Y: vg.Length(ry - rh + 0.5)}, Max: vg.Point{X: vg.Length(x + w), Y: vg.Length(ry + 0.5)}}
				c.SetColor(colStripe)
				c.Fill(stripe.Path())
			}
			cx := x
			for i, cell := range row {
				c.FillText(st, vg.Point{X: vg.Length(cx + 1), Y: vg.Length(ry - 1)}, cell)
				cx += widths[i]
			}
		}
	})
}

// write draws every page with its footer and returns the file.
func (p *pager) write(d Data) ([]byte, error) {
	c := newCanvas(p.w, p.h, d.Made)
	page := &winAnsi{Canvas: c}
	fst := style(sans, footerSize)
	fst.Color = colMuted
	for i, ops := range p.pages {
		if i > 0 {
			c.NextPage()
		}
		dc := draw.New(page)
		for _, o := range ops {
			o(dc)
		}
		footer := d.Footer
		if len(p.pages) > 1 {
			right := fst
			right.XAlign = draw.XRight
			dc.FillText(right, vg.Point{X: vg.Length(p.w - marginX), Y: footerY}, fmt.Sprintf("%d/%d", i+1, len(p.pages)))
		}
		if footer != "" {
			dc.FillText(fst, vg.Point{X: marginX, Y: footerY}, footer)
		}
	}
	if page.err != nil {
		return nil, page.err
	}
	if p.err != nil {
		return nil, p.err
	}
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("report: write pdf: %w", err)
	}
	return b.Bytes(), nil
}
