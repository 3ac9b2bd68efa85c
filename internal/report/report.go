// Package report renders the clinician report of /report: a PDF of one
// A4 or Letter page (more only when a long period does not fit) with
// who it is for and the period, a note that it is a self-reported diary
// and not a medical record, the progress chart (internal/chart, drawn as
// vectors on the page), and sections of tables and lines.
//
// It is pure layout: it knows nothing of profiles, plans or the store,
// and holds no user-facing words. The caller (the dialog engine) reads
// the person's log, words every line and heading from its message
// catalog and passes plain data. The same Data always gives the same
// bytes: the PDF's creation date is Data.Made, its resources are written
// in a fixed order, and nothing else in the file varies.
//
// Fonts: the Liberation fonts gonum/plot carries are embedded in the
// file, in the Windows-1252 encoding gonum's PDF backend uses, which
// covers English and Spanish (á, ñ, ¿, €, – and “ ” included). A text
// with a character outside it is an error rather than a missing glyph.
package report

import (
	"time"

	"treadwell/internal/chart"
)

// Data is everything on the report, worded in the reader's language.
type Data struct {
	Paper Paper
	// Made is when the report was made: the PDF's creation date.
	Made time.Time
	// Title is the first line, large.
	Title string
	// Lines follow the title: who it is for, the period, since when the
	// person has used the bot.
	Lines []string
	// Note is the boxed note under them: a self-reported diary from a
	// coaching bot, not a medical record.
	Note string
	// Chart is drawn across the page under the note (nothing when its
	// Last is zero).
	Chart chart.Data
	// Sections follow the chart, in order.
	Sections []Section
	// Footer is at the bottom of every page, with "1/2" after it when
	// there is more than one page.
	Footer string
}

// Section is a heading with a table, lines, or both (the table first).
type Section struct {
	Heading string
	Table   Table
	// Lines are paragraphs, each wrapped to the page's width.
	Lines []string
	// Notes are paragraphs in small type after the lines: legends and
	// glossaries.
	Notes []string
}

// Table is rows of cells under a header row. Side by side, a long table
// is laid out in that many blocks across the page (the rows run down the
// first block, then the next), each with the header.
type Table struct {
	Header []string
	Rows   [][]string
	// Side is the number of blocks across the page; 0 is 1.
	Side int
}
