package report

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"codeberg.org/go-pdf/fpdf"
	xfont "golang.org/x/image/font"
	"golang.org/x/text/encoding/charmap"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgpdf"
)

// newDocMu guards fpdf's package defaults: vgpdf gives no access to its
// document, so the creation date and the sorted catalog are set as the
// defaults a new document copies, around its creation. Only this
// package sets them.
var newDocMu sync.Mutex

// newCanvas is a PDF canvas whose creation and modification dates are
// made (to the second, in UTC) and whose fonts and images are written in
// a fixed order, so that the same drawing gives the same bytes.
func newCanvas(w, h float64, made time.Time) *vgpdf.Canvas {
	newDocMu.Lock()
	defer newDocMu.Unlock()
	made = made.UTC().Truncate(time.Second)
	if made.IsZero() {
		made = time.Unix(0, 0).UTC() // never fpdf's "now"
	}
	fpdf.SetDefaultCreationDate(made)
	fpdf.SetDefaultModificationDate(made)
	fpdf.SetDefaultCatalogSort(true)
	defer func() {
		fpdf.SetDefaultCreationDate(time.Time{})
		fpdf.SetDefaultModificationDate(time.Time{})
		fpdf.SetDefaultCatalogSort(false)
	}()
	c := vgpdf.New(vg.Length(w), vg.Length(h))
	c.EmbedFonts(true)
	return c
}

// winAnsi is a page canvas that hands vgpdf its text in Windows-1252,
// the encoding of the fonts it embeds (it passes strings on as they
// are, which would show UTF-8's bytes as "Ã¡"). A character the
// encoding lacks is kept as an error for Render, not drawn as a wrong
// glyph.
type winAnsi struct {
	*vgpdf.Canvas
	err error
}

// FillString draws s in Windows-1252.
func (c *winAnsi) FillString(f font.Face, pt vg.Point, s string) {
	enc, err := charmap.Windows1252.NewEncoder().String(s) // an encoder is not safe to share
	if err != nil {
		if c.err == nil {
			c.err = fmt.Errorf("report: %q has a character the embedded fonts cannot show: %w", s, err)
		}
		return
	}
	c.Canvas.FillString(asRegular(f), pt, enc)
}

// asRegular names a bold or italic face as a regular variant of its own
// ("LiberationSansBold-Regular"): vgpdf registers every font with no
// style but asks for bold ones with style "B", which fpdf then cannot
// find. The face's outlines and metrics stay the bold ones.
func asRegular(f font.Face) font.Face {
	if f.Font.Weight == xfont.WeightNormal && f.Font.Style == xfont.StyleNormal {
		return f
	}
	name := f.Font.Name()
	_, suffix, _ := strings.Cut(name, "-")
	f.Font.Variant += font.Variant(suffix)
	f.Font.Weight, f.Font.Style = xfont.WeightNormal, xfont.StyleNormal
	return f
}
