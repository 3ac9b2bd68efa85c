package dialog_test

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"treadwell/internal/chat"
)

// needPoppler skips when poppler-utils is missing, and fails instead in
// CI (REQUIRE_REAL_REDIS marks the real-tools run of .ci/run).
func needPoppler(t *testing.T) {
	t.Helper()
	for _, tool := range []string{"pdfinfo", "pdftotext"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("REQUIRE_REAL_REDIS") != "" {
				t.Fatalf("%s is not installed (poppler-utils)", tool)
			}
			t.Skipf("%s is not installed (poppler-utils)", tool)
		}
	}
}

// pdfTool runs a poppler tool on the PDF and returns its output.
func pdfTool(t *testing.T, pdf []byte, tool string, args ...string) string {
	t.Helper()
	path := t.TempDir() + "/report.pdf"
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	args = append(args, path)
	if tool == "pdftotext" {
		args = append(args, "-") // to standard output
	}
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
	return string(out)
}

// answerCheckIn answers whatever a check-in asks after the two pain
// scores: the last walk's peak and whether it settled, the spread
// question, and when due the weekly lower-limb question and the
// red-flag check.
func (p *person) answerCheckIn(leg, back, peak, limb string) string {
	p.h.t.Helper()
	p.say("/checkin")
	p.press(leg)
	out := p.press(back)
	for range 8 {
		switch {
		case strings.Contains(out, "highest pain during your last walk"):
			out = p.press(peak)
		case strings.Contains(out, "had the pain settled back"):
			out = p.press("Yes, back to usual")
		case strings.Contains(out, "spread further down your leg"):
			out = p.press("No")
		case strings.Contains(out, "any new pain in a knee, hip, ankle, foot or shin?"):
			out = p.press(limb)
		case strings.Contains(out, "sciatica in both legs?"):
			p.press("None of these")
			out = p.press("None of these")
		default:
			return out
		}
	}
	return out
}

// seedHistory is four weeks through the real flows: a check-in every
// morning at 08:00 Berlin with leg pain falling 5 to 3, a walk most
// afternoons growing with the plan, a walk cut short, a skipped one, a
// flare (a walk at 7) paused two days and resumed, a "yes" to the
// weekly lower-limb question once.
func seedHistory(t *testing.T, h *harness, p *person) {
	t.Helper()
	p.onboard() // Thursday 26 November 2026, 07:00 UTC
	for d := 1; d <= 27; d++ {
		setClock(h, start.Add(time.Duration(d)*day+time.Hour)) // 08:00 Berlin
		paused := d == 15 || d == 16
		if d == 17 {
			p.say("/resume")
			for _, l := range p.labels() {
				if l == "None of these" {
					p.press("None of these")
					p.press("None of these")
					break
				}
			}
		}
		if paused {
			continue
		}
		leg := []string{"5", "5", "4", "4", "3"}[min(d/6, 4)]
		limb := "No"
		if d == 21 {
			limb = "Yes"
		}
		p.answerCheckIn(leg, "2", "3", limb)
		setClock(h, start.Add(time.Duration(d)*day+9*time.Hour)) // 16:00
		switch d {
		case 5:
			p.say("/done")
			p.press("Cut short")
			p.say("4")
			p.press("4")
		case 9:
			p.say("/done")
			p.press("Skipped")
		case 14:
			p.say("/done 9")
			p.press("7") // a flare: paused
		case 3, 11, 20:
			// no walk logged
		default:
			out := p.say("/plan")
			_ = out
			p.say("/done")
			p.press("Done")
			p.press("3")
		}
	}
	setClock(h, start.Add(27*day+3*time.Hour)) // Wednesday 23 December, 10:00 Berlin
}

func TestReportSendsPDF(t *testing.T) {
	needPoppler(t)
	h := newHarness(t)
	p := h.person("p")
	seedHistory(t, h, p)
	outs := p.send(chat.Incoming{Text: "/report"})
	var pdf []byte
	for _, o := range outs {
		if o.File != nil {
			if o.File.MIME != "application/pdf" || !strings.HasSuffix(o.File.Name, ".pdf") {
				t.Fatalf("file %q %q, want a .pdf application/pdf", o.File.Name, o.File.MIME)
			}
			pdf = o.File.Data
		}
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("no PDF sent: %+v", joined(outs))
	}
	os.WriteFile("/tmp/pdftry/dialog.pdf", pdf, 0o644)
	t.Log(pdfTool(t, pdf, "pdfinfo"))
	t.Log(pdfTool(t, pdf, "pdftotext", "-layout"))
}

// setClock moves the harness's clock to at (forward only).
func setClock(h *harness, at time.Time) { h.clock.Advance(at.Sub(h.clock.Now())) }
