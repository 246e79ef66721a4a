package report

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
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
	stores, err := export.Generate(export.GenerateOptions{Questionnaire: q, Sessions: 3000, Stores: 3, Seed: 3, Dir: filepath.Join(dir, "stores")})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(Options{Paths: stores, By: "pracoviste", Period: "month", Compare: time.Date(2026, 10, 15, 0, 0, 0, 0, time.Local)})
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
	if os.Getenv("ANKETA_KEEP_REPORT") != "" {
		// for looking at it: ANKETA_KEEP_REPORT=/tmp/report go test -run Chromium
		os.MkdirAll(os.Getenv("ANKETA_KEEP_REPORT"), 0o755)
		for _, f := range append([]string{html, shot, pdf}, pages...) {
			b, _ := os.ReadFile(f)
			os.WriteFile(filepath.Join(os.Getenv("ANKETA_KEEP_REPORT"), filepath.Base(f)), b, 0o644)
		}
	}
}
