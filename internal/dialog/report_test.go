package dialog_test

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
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
// red-flag check (all no, or a yes to the first see-a-doctor-today
// sign when doctor is set).
func (p *person) answerCheckIn(leg, back, peak, limb string, doctor bool) string {
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
			out = p.press("None of these")
			if doctor {
				return p.press("Yes")
			}
			out = p.press("None of these")
		default:
			return out
		}
	}
	return out
}

// seedHistory is days of diary through the real flows, from sign-up
// on Thursday 26 November 2026: a check-in every morning at 08:00
// Berlin with leg pain falling from 5 to 3 (back 2), a walk most
// afternoons at the plan's length, peaking at 3. On day 5 a walk cut
// short at 4 minutes (peak 4), on day 9 one skipped, on day 14 a walk
// of 9 minutes at 7 (a flare: paused), resumed on day 17; days 3, 11 and
// 20 have no walk. The weekly lower-limb question is answered yes on
// day 21, no otherwise. The clock ends on the last day at 10:00 Berlin.
func seedHistory(t *testing.T, h *harness, p *person, days int) {
	t.Helper()
	p.onboard() // Thursday 26 November 2026, 07:00 UTC
	for d := 1; d < days; d++ {
		setClock(h, start.Add(time.Duration(d)*day+time.Hour)) // 08:00 Berlin
		if d == 15 || d == 16 {
			continue // paused
		}
		if d == 17 {
			p.say("/resume")
			if slices.Contains(p.labels(), "None of these") {
				p.press("None of these")
				p.press("None of these")
			}
		}
		leg := []string{"5", "5", "4", "4", "3"}[min(d/6, 4)]
		limb := "No"
		if d == 21 {
			limb = "Yes"
		}
		p.answerCheckIn(leg, "2", "3", limb, false)
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
			p.press("7")
		case 3, 11, 20:
		default:
			p.say("/done")
			p.press("Done")
			p.press("3")
		}
	}
	setClock(h, start.Add(time.Duration(days-1)*day+3*time.Hour))
}

// reportPDF sends text and returns the PDF it sends back.
func reportPDF(t *testing.T, p *person, text string) []byte {
	t.Helper()
	outs := p.send(chat.Incoming{Text: text})
	var pdf []byte
	for _, o := range outs {
		if o.File == nil {
			continue
		}
		if o.File.MIME != "application/pdf" || !strings.HasSuffix(o.File.Name, ".pdf") {
			t.Fatalf("file %q (%s), want a .pdf as application/pdf", o.File.Name, o.File.MIME)
		}
		pdf = o.File.Data
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("%s: no PDF sent:\n%s", text, joined(outs))
	}
	return pdf
}

func pages(t *testing.T, pdf []byte) int {
	t.Helper()
	m := regexp.MustCompile(`(?m)^Pages:\s*(\d+)`).FindStringSubmatch(pdfTool(t, pdf, "pdfinfo"))
	if m == nil {
		t.Fatal("pdfinfo gives no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// mustMatch checks that every pattern (spaces standing for any run of
// white space, as pdftotext lays columns out, and " / " for a slash
// with or without them) is in text.
func mustMatch(t *testing.T, text string, patterns ...string) {
	t.Helper()
	for _, p := range patterns {
		q := strings.ReplaceAll(regexp.QuoteMeta(p), " / ", `\s*/\s*`)
		re := regexp.MustCompile(strings.ReplaceAll(q, " ", `\s+`))
		if !re.MatchString(text) {
			t.Errorf("the report lacks %q:\n%s", p, text)
		}
	}
}

// TestReport: four weeks of a seeded diary through the engine come out
// of /report as a one-page PDF whose text has the diary's dates, pain
// scores, minutes, rules, red-flag answers and lower-limb answers, in
// English and in Spanish; the same day gives the same bytes.
func TestReport(t *testing.T) {
	needPoppler(t)
	h := newHarness(t)
	p := h.person("p")
	seedHistory(t, h, p, 28) // to Wednesday 23 December

	pdf := reportPDF(t, p, "/report")
	if n := pages(t, pdf); n != 1 {
		t.Errorf("4 weeks: %d pages, want 1", n)
	}
	if !strings.Contains(pdfTool(t, pdf, "pdfinfo"), "(A4)") {
		t.Error("a person in Berlin gets A4")
	}
	text := pdfTool(t, pdf, "pdftotext", "-layout")
	mustMatch(t, text,
		"Period: 26 Nov 2026 to 23 Dec 2026 (4 weeks)", "not a medical record",
		// Week one: walks on days 1, 2, 4, 5 (cut short at 4) and 6:
		// 8+8+9+4+9 = 38 minutes, 5 walks; leg 5 and back 2 each morning.
		"Thu 26 Nov - Wed 2 Dec", "38 5 / 5 5.0 2.0 6",
		"Fri 27 Nov 5 2 8 / 8 3 HOLD", "Tue 1 Dec 5 2 4* / 9 4", "Sat 5 Dec 5 2 skipped / 9",
		"Thu 10 Dec 4 2 9* 7 PROGRESS", "Fri 11 Dec - - - - paused",
		"Thu 10 Dec to Sun 13 Dec: paused for a pain flare (STOP-FLARE",
		"Thu 26 Nov, Thu 3 Dec, Thu 10 Dec, Sun 13 Dec, Sun 20 Dec: no to all 10 signs.", "sciatica in both legs",
		"Thu 26 Nov START: 8 min, 5 walks a week", "Sun 13 Dec STOP-FLARE: 8 min",
		"Thu 3 Dec: no; Thu 10 Dec: no; Thu 17 Dec: yes", "LIMB-HOLD",
		"Minutes walked each day, and pain at check-in", "Leg pain")
	if again := reportPDF(t, p, "/report 4w"); !bytes.Equal(pdf, again) {
		t.Error("two reports of the same diary at the same time differ")
	}

	p.spanish()
	pdf = reportPDF(t, p, "/informe 4 semanas")
	if n := pages(t, pdf); n != 1 {
		t.Errorf("4 weeks in Spanish: %d pages, want 1", n)
	}
	text = pdfTool(t, pdf, "pdftotext", "-layout")
	mustMatch(t, text,
		"Diario de marcha y dolor de ciática", "Periodo: del 26 nov 2026 al 23 dic 2026 (4 semanas)", "no un historial médico",
		"mar 1 dic 5 2 4* / 9 4", "sáb 5 dic 5 2 omitido / 9", "vie 11 dic - - - - en pausa",
		"Del jue 10 dic al dom 13 dic: pausa por un brote de dolor (STOP-FLARE",
		"jue 26 nov, jue 3 dic, jue 10 dic, dom 13 dic, dom 20 dic: no a las 10 señales.", "jue 17 dic: sí", "Cribados de señales de alarma",
		"jue 26 nov START: 8 min, 5 caminatas a la semana", "Dolor de pierna")
	if strings.ContainsAny(text, "Ã\ufffd") {
		t.Errorf("mis-encoded Spanish:\n%s", text)
	}

	// From Mexico (the platform's language tag), Letter paper, still on
	// one page.
	outs := p.send(chat.Incoming{Text: "/informe", Lang: "es-MX"})
	if len(outs) == 0 || outs[0].File == nil {
		t.Fatalf("no report: %s", joined(outs))
	}
	letter := outs[0].File.Data
	if info := pdfTool(t, letter, "pdfinfo"); !strings.Contains(info, "(letter)") {
		t.Errorf("es-MX: not Letter:\n%s", info)
	}
	if n := pages(t, letter); n != 1 {
		t.Errorf("4 weeks on Letter: %d pages, want 1", n)
	}
}

// TestReportWeeks: a longer report (12 weeks of diary) takes a page or
// two more and says how long it is; a bad argument says what works.
func TestReportWeeks(t *testing.T) {
	needPoppler(t)
	h := newHarness(t)
	p := h.person("p")
	seedHistory(t, h, p, 84)
	pdf := reportPDF(t, p, "/report 12w")
	if n := pages(t, pdf); n < 2 || n > 3 {
		t.Errorf("12 weeks: %d pages, want 2 or 3", n)
	}
	text := pdfTool(t, pdf, "pdftotext", "-layout")
	mustMatch(t, text, "(12 weeks)", "Thu 26 Nov", "Tue 16 Feb", "Dose changes are kept for 5 weeks")

	for _, bad := range []string{"/report 0", "/report 27w", "/report lots", "/report 12 days"} {
		out := p.say(bad)
		mustContain(t, out, "number from 1 to 26")
		for _, o := range p.last {
			if o.File != nil {
				t.Errorf("%s sent a file", bad)
			}
		}
	}
}

// TestReportRedFlag: a "yes" at a weekly red-flag screen is in the
// report with its date, the sign and the rule, and so is the pause it
// started.
func TestReportRedFlag(t *testing.T) {
	needPoppler(t)
	h := newHarness(t)
	p := h.person("p")
	p.onboard() // Thursday 26 November
	for d := 1; d <= 7; d++ {
		setClock(h, start.Add(time.Duration(d)*day+time.Hour))
		out := p.answerCheckIn("4", "2", "No walk yet", "No", d == 7)
		if d == 7 {
			mustContain(t, out, "doctor")
		}
	}
	text := pdfTool(t, reportPDF(t, p, "/report"), "pdftotext", "-layout")
	mustMatch(t, text, "Thu 26 Nov: no to all 10 signs.",
		"Thu 3 Dec: yes to a see-a-doctor-today sign, fever, or feeling unwell, with the back pain (RF-DOCTOR)",
		"Thu 3 Dec to now (still paused): paused after a red flag needing a doctor today (RF-DOCTOR)",
		"RF-DOCTOR: a see-a-doctor-today red flag")
}

// TestReportNotInGroups: health data never goes to a group; /report
// there points to a private chat, like every health command.
func TestReportNotInGroups(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.addr.Group = true
	outs := p.send(chat.Incoming{Text: "/report"})
	for _, o := range outs {
		if o.File != nil || len(o.Image) > 0 {
			t.Fatalf("a group got a file: %+v", o)
		}
	}
	mustContain(t, joined(outs), "out of group chats")
}

// TestProgressOffersReport: /progress has a button that sends the
// report.
func TestProgressOffersReport(t *testing.T) {
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/progress")
	p.press("PDF report for your clinician")
	if f := p.last[0].File; f == nil || f.MIME != "application/pdf" {
		t.Fatalf("the button sent no PDF: %s", joined(p.last))
	}
}

// setClock moves the harness's clock to at (forward only).
func setClock(h *harness, at time.Time) { h.clock.Advance(at.Sub(h.clock.Now())) }

// A /stop answered "something else" is in the report as a pause not for
// pain, also once it is over: the log keeps the answer.
func TestReportPauseNotForPain(t *testing.T) {
	needPoppler(t)
	h := newHarness(t)
	p := h.person("p")
	p.onboard()
	p.say("/stop")
	p.press("Something else")
	h.clock.Advance(3 * day)
	p.say("/resume")
	text := pdfTool(t, reportPDF(t, p, "/report"), "pdftotext", "-layout")
	mustContain(t, text, "paused, not for pain")
	mustNotContain(t, text, "paused for a pain flare")
}
