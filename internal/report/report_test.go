package report

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// needTools skips when poppler-utils is missing, and fails instead when
// REQUIRE_REAL_REDIS is set (.ci/run, which installs them).
func needTools(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdfinfo", "pdftotext", "pdffonts"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("REQUIRE_REAL_REDIS") != "" {
				t.Fatalf("%s is not installed (poppler-utils)", tool)
			}
			t.Skipf("%s is not installed (poppler-utils)", tool)
		}
	}
}

// run runs a poppler tool on pdf ("-" as the output file for pdftotext).
func run(t *testing.T, pdf []byte, tool string, args ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args = append(args, path)
	if tool == "pdftotext" {
		args = append(args, "-")
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

// info is one field of pdfinfo's output.
func info(t *testing.T, pdf []byte, field string) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + field + `:\s*(.*)$`).FindStringSubmatch(run(t, pdf, "pdfinfo"))
	if m == nil {
		t.Fatalf("pdfinfo has no %s", field)
	}
	return strings.TrimSpace(m[1])
}

func render(t *testing.T, d Data) []byte {
	t.Helper()
	b, err := Render(d)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestRenderPages(t *testing.T) {
	needTools(t)
	letter := sampleData(28, false)
	letter.Paper = Letter
	tests := []struct {
		name  string
		d     Data
		pages int
		size  string
	}{
		{"4 weeks, English, A4", sampleData(28, false), 1, "595.28 x 841.89 pts (A4)"},
		{"4 weeks, Spanish, A4", sampleData(28, true), 1, "595.28 x 841.89 pts (A4)"},
		{"4 weeks, Letter", letter, 1, "612 x 792 pts (letter)"},
		{"12 weeks", sampleData(84, false), 0, "595.28 x 841.89 pts (A4)"}, // 0: one to three
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pdf := render(t, tc.d)
			got, _ := strconv.Atoi(info(t, pdf, "Pages"))
			if tc.pages > 0 && got != tc.pages || tc.pages == 0 && (got < 1 || got > 3) {
				t.Errorf("pages = %d, want %d (0: one to three)", got, tc.pages)
			}
			text := run(t, pdf, "pdftotext")
			days := len(tc.d.Chart.CheckIns)
			for _, day := range []int{0, days / 2, days - 1} {
				if date := on(day, 0, 0).Format("Mon 2 Jan"); !strings.Contains(text, date) {
					t.Errorf("day %d (%s) is not in the report", day, date)
				}
			}
			if got := info(t, pdf, "Page size"); got != tc.size {
				t.Errorf("page size = %q, want %q", got, tc.size)
			}
			if got := info(t, pdf, "CreationDate"); !strings.Contains(got, strconv.Itoa(tc.d.Made.Year())) {
				t.Errorf("creation date %q is not the report's (%v)", got, tc.d.Made)
			}
		})
	}
}

// TestRenderText: every word and number drawn comes back out of the
// PDF, accents intact, in the embedded fonts.
func TestRenderText(t *testing.T) {
	needTools(t)
	for _, es := range []bool{false, true} {
		d := sampleData(28, es)
		pdf := render(t, d)
		text := run(t, pdf, "pdftotext", "-layout")
		wants := []string{d.Title, d.Lines[0], "Mon 2 Nov", "Sun 29 Nov", "11 / 11", "PROGRESS", d.Footer}
		if es {
			wants = append(wants, "Diario de marcha y dolor", "médico", "¿algo más? ñandú", "Cribados de señales de alarma")
		}
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("es=%v: the PDF's text lacks %q:\n%s", es, w, text)
			}
		}
		if strings.Contains(text, "Ã") || strings.Contains(text, "\ufffd") {
			t.Errorf("es=%v: mis-encoded text:\n%s", es, text)
		}
		fonts := run(t, pdf, "pdffonts")
		lines := strings.Split(strings.TrimSpace(fonts), "\n")[2:]
		if len(lines) < 2 {
			t.Errorf("fonts: want regular and bold:\n%s", fonts)
		}
		for _, l := range lines {
			if f := strings.Fields(l); len(f) < 4 || f[3] != "yes" {
				t.Errorf("font not embedded: %s", l)
			}
		}
	}
}

func TestRenderDeterministic(t *testing.T) {
	d := sampleData(28, true)
	first := render(t, d)
	if again := render(t, d); !bytes.Equal(first, again) {
		t.Fatal("two renders of the same data differ")
	}
	later := d
	later.Made = d.Made.AddDate(0, 0, 1)
	if bytes.Equal(first, render(t, later)) {
		t.Error("a report made another day has the same bytes: the creation date is not Made")
	}
}

// TestRenderConcurrent: renders share nothing mutable (run with -race).
func TestRenderConcurrent(t *testing.T) {
	d := sampleData(28, false)
	want := render(t, d)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			b, err := Render(d)
			if err == nil && !bytes.Equal(b, want) {
				err = errors.New("a concurrent render differs")
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

// TestRenderRejectsMissingGlyphs: a character the embedded encoding
// cannot show is an error, not a wrong glyph.
func TestRenderRejectsMissingGlyphs(t *testing.T) {
	for _, s := range []string{"8 → 9 min", "🚶", "日本"} {
		d := sampleData(7, false)
		d.Sections[1].Lines = []string{s}
		if _, err := Render(d); err == nil {
			t.Errorf("%q: no error", s)
		}
	}
}

func TestPaperFor(t *testing.T) {
	tests := []struct {
		zone, lang string
		want       Paper
	}{
		{"America/Chicago", "en", Letter},
		{"America/Mexico_City", "es", Letter},
		{"America/Toronto", "", Letter},
		{"America/Indiana/Indianapolis", "en", Letter},
		{"Europe/Madrid", "es", A4},
		{"Europe/London", "en-US", Letter}, // the language's region wins
		{"America/New_York", "en-GB", A4},
		{"America/Argentina/Buenos_Aires", "es", A4},
		{"UTC+05:30", "es_MX", Letter},
		{"", "", A4},
	}
	for _, tc := range tests {
		if got := PaperFor(tc.zone, tc.lang); got != tc.want {
			t.Errorf("PaperFor(%q, %q) = %v, want %v", tc.zone, tc.lang, got, tc.want)
		}
	}
}
