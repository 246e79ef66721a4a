package report

import (
	"bytes"
	"image"
	"image/draw"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"anketa/export"
	"anketa/questionnaire"
)

// need finds a tool the test runs, failing in CI (which installs it) and
// skipping, with a message, elsewhere.
func need(t *testing.T, tool, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(tool)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing; .ci/run installs %s", tool, pkg)
		}
		t.Skipf("SKIPPED: %s is not installed (Debian package %s); CI installs it and runs this test", tool, pkg)
	}
	return p
}

// inked is the share of an image's pixels that are not near white.
func inked(t *testing.T, img image.Image) float64 {
	t.Helper()
	b := img.Bounds()
	n, ink := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			n++
			if r < 0xe000 || g < 0xe000 || bl < 0xe000 {
				ink++
			}
		}
	}
	return float64(ink) / float64(n)
}

func readPNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// TestChromiumRendersReport has headless Chromium render the HTML report of
// a generated data set to a screenshot and to PDF, and checks that both
// show the report (a blank page, or an error page, would not).
func TestChromiumRendersReport(t *testing.T) {
	chromium := need(t, "chromium", "chromium")
	pdftoppm := need(t, "pdftoppm", "poppler-utils")
	dir := t.TempDir()
	q, err := questionnaire.Default()
	if err != nil {
		t.Fatal(err)
	}
	effect, _ := export.ParseEffect("2026-10-19:2:-0.5")
	stores, err := export.Generate(export.GenerateOptions{Questionnaire: q, Sessions: 6000, Stores: 3, Seed: 3, Dir: filepath.Join(dir, "stores"), Effects: []export.Effect{effect}})
	if err != nil {
		t.Fatal(err)
	}
	// Every part of the method: the measures and their effect, the
	// weights, the trends and the control chart, by workplace.
	measures := []byte("measures:\n  - id: druha-prepazka\n    date: 2026-10-19\n    workplaces: [\"2\"]\n    questions: [celkove, cekani]\n    description: Druhá přepážka v poledne\n")
	var visits strings.Builder
	visits.WriteString("workplace,period,visits\n")
	for _, m := range []string{"2026-09", "2026-10", "2026-11"} {
		visits.WriteString("1," + m + ",2400\n2," + m + ",800\n3," + m + ",1500\n")
	}
	r, err := Build(Options{Paths: stores, By: "pracoviste", Period: "week", Compare: time.Date(2026, 10, 15, 0, 0, 0, 0, time.Local),
		Measures: measures, MeasuresFile: "measures.yaml", Weights: []byte(visits.String()), WeightsFile: "visits.csv"})
	if err != nil {
		t.Fatal(err)
	}
	var page bytes.Buffer
	if err := r.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ToLower(page.Bytes()), []byte("http")) {
		t.Fatal("the report names an address; it must be self-contained")
	}
	html := filepath.Join(dir, "report.html")
	if err := os.WriteFile(html, page.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	shot, pdf := filepath.Join(dir, "report.png"), filepath.Join(dir, "report.pdf")
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--user-data-dir=" + filepath.Join(dir, "profile")}
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(chromium, append(flags, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("chromium %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run("--window-size=900,1800", "--screenshot="+shot, "file://"+html)
	run("--no-pdf-header-footer", "--print-to-pdf="+pdf, "file://"+html)

	// The council member's reading: the summary comes first, before any
	// table or chart, and nothing is cut off, which a page wider than
	// the window (a table or chart running out of it) would be.
	h := page.String()
	brief, first := strings.Index(h, "class=\"brief\""), min(strings.Index(h, "<svg viewBox"), strings.Index(h, "<table class=\"data\""))
	if brief < 0 || brief > first {
		t.Errorf("the summary (at %d) does not come before the first chart or table (at %d)", brief, first)
	}
	probe := filepath.Join(dir, "probe.html")
	// The probe also counts the table cells whose text runs past their
	// edge (into the next column, in a table of fixed layout).
	script := `<script>document.addEventListener("DOMContentLoaded", () => { let over = []; for (const c of document.querySelectorAll("td, th")) { if (c.scrollWidth > c.clientWidth + 1) over.push(c.textContent.slice(0, 40)) } document.body.setAttribute("data-width", document.documentElement.scrollWidth); document.body.setAttribute("data-window", window.innerWidth); document.body.setAttribute("data-over", over.length + ": " + over.slice(0, 5).join(" | ")) })</script>`
	if err := os.WriteFile(probe, bytes.Replace(page.Bytes(), []byte("</head>"), []byte(script+"</head>"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(chromium, append(flags, "--window-size=900,1800", "--dump-dom", "file://"+probe)...)
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	width := regexp.MustCompile(`data-width="(\d+)" data-window="(\d+)"`).FindSubmatch(dom)
	if width == nil {
		t.Fatalf("chromium did not measure the page: %.300s", dom)
	}
	if w, win := atoi(t, string(width[1])), atoi(t, string(width[2])); w > win {
		t.Errorf("the page is %d px wide in a %d px window: something runs out of it", w, win)
	}
	over := regexp.MustCompile(`data-over="(\d+):([^"]*)"`).FindSubmatch(dom)
	if over == nil || string(over[1]) != "0" {
		t.Errorf("table cells whose text runs out of them: %s", over)
	}
	for _, want := range []string{"Účinek opatření", "Vývoj: podíl příznivých odpovědí", "Převáženo na klienty", "Shlukování rozhovorů", "Regulační diagram"} {
		if !strings.Contains(h, want) {
			t.Errorf("the page lacks %q", want)
		}
	}

	img := readPNG(t, shot)
	if b := img.Bounds(); b.Dx() != 900 || b.Dy() != 1800 {
		t.Errorf("screenshot is %v", b)
	}
	if ink := inked(t, img); ink < 0.03 {
		t.Errorf("the screenshot is nearly blank: %.1f %% of it is drawn", 100*ink)
	}
	// The PDF: more than one A4 page, and its first and a later page drawn.
	data, err := os.ReadFile(pdf)
	if err != nil || !bytes.HasPrefix(data, []byte("%PDF")) {
		t.Fatalf("no PDF: %v", err)
	}
	if out, err := exec.Command(pdftoppm, "-r", "40", "-png", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	pages, _ := filepath.Glob(filepath.Join(dir, "page-*.png"))
	if len(pages) < 3 {
		t.Fatalf("the PDF has %d pages; the report with breakdowns needs several", len(pages))
	}
	for _, p := range []string{pages[0], pages[len(pages)/2]} {
		img := readPNG(t, p)
		b := img.Bounds()
		// A4 is 1:1.414 upright.
		if ratio := float64(b.Dy()) / float64(b.Dx()); ratio < 1.38 || ratio > 1.45 {
			t.Errorf("%s is %v, not A4", filepath.Base(p), b)
		}
		if ink := inked(t, img); ink < 0.02 {
			t.Errorf("%s is nearly blank: %.1f %% drawn", filepath.Base(p), 100*ink)
		}
	}
	if os.Getenv("ANKETA_UPDATE_PNG") != "" {
		// ANKETA_UPDATE_PNG=1 go test -run Chromium ./export/report
		// refreshes the pictures kept in testdata, to be looked at.
		tall := filepath.Join(dir, "tall.png")
		run("--window-size=900,9000", "--screenshot="+tall, "file://"+html)
		img := readPNG(t, tall)
		for name, y := range map[string][2]int{"report-summary": {0, 1500}, "report-method": {1500, 4500}, "report-trends": {4500, 9000}} {
			writePNG(t, filepath.Join("testdata", name+".png"), crop(img, y[0], y[1]))
		}
	}
	if os.Getenv("ANKETA_KEEP_REPORT") != "" {
		// for looking at it: ANKETA_KEEP_REPORT=/tmp/report go test -run Chromium
		os.MkdirAll(os.Getenv("ANKETA_KEEP_REPORT"), 0o755)
		for _, f := range append([]string{html, shot, pdf}, pages...) {
			b, _ := os.ReadFile(f)
			os.WriteFile(filepath.Join(os.Getenv("ANKETA_KEEP_REPORT"), filepath.Base(f)), b, 0o644)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// crop cuts rows from to to out of img.
func crop(img image.Image, from, to int) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx(), min(to, b.Max.Y)-from))
	draw.Draw(out, out.Bounds(), img, image.Point{b.Min.X, from}, draw.Src)
	return out
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
