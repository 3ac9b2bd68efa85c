package dialog_test

import (
	"bytes"
	"flag"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

var updateSample = flag.Bool("update", false, "rewrite docs/sample-report.pdf and docs/sample-report.png from the seeded diary")

// The committed sample report and its page as an image, relative to
// this package.
var (
	samplePDF = filepath.Join("..", "..", "docs", "sample-report.pdf")
	samplePNG = filepath.Join("..", "..", "docs", "sample-report.png")
)

// TestSampleReport: docs/sample-report.pdf is the report of the seeded
// four weeks (seedHistory) as the engine makes it now, and
// docs/sample-report.png its page at 60 dpi (pdftoppm). With -update it
// rewrites both.
func TestSampleReport(t *testing.T) {
	needPoppler(t)
	h := newHarness(t)
	p := h.person("p")
	seedHistory(t, h, p, 28)
	pdf := reportPDF(t, p, "/report")
	if *updateSample {
		if err := os.WriteFile(samplePDF, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		base := samplePNG[:len(samplePNG)-len(".png")]
		if out, err := exec.Command("pdftoppm", "-png", "-r", "60", "-singlefile", samplePDF, base).CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v\n%s", err, out)
		}
		t.Logf("wrote %s (%d bytes) and %s", samplePDF, len(pdf), samplePNG)
	}
	committed, err := os.ReadFile(samplePDF)
	if err != nil {
		t.Fatalf("sample report missing (run go test ./internal/dialog -run TestSampleReport -update): %v", err)
	}
	if !bytes.Equal(committed, pdf) {
		t.Error("docs/sample-report.pdf is not the report as made now: run go test ./internal/dialog -run TestSampleReport -update")
	}
	f, err := os.Open(samplePNG)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("docs/sample-report.png: %v", err)
	}
	// An A4 page at 60 dpi: 8.27 x 11.69 inches.
	if b := img.Bounds(); b.Dx() < 490 || b.Dx() > 500 || b.Dy() < 698 || b.Dy() > 704 {
		t.Errorf("docs/sample-report.png is %v, want an A4 page at 60 dpi (496 x 702)", b.Size())
	}
}
