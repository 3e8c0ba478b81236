package chart

import (
	"bytes"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s (run go test -update after checking the change)", path)
	}
}

// kronor writes whole kronor with a space between thousands, as a Swedish
// page would.
func kronor(v float64) string {
	s := fmt.Sprintf("%.0f", v)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "\u00a0" + s[i:]
	}
	return s + " kr"
}

func byLegalForm() Chart {
	return Chart{
		ID: "form", Title: "Samverkan per samverkansform", Unknown: "uppgift saknas",
		Bars: []Bar{
			{"Avtalssamverkan", Known(42)},
			{"Kommunalförbund", Known(17)},
			{"Gemensam nämnd", Known(9)},
			{"Aktiebolag ägt av flera kommuner tillsammans", Known(0)},
			{"Ideell förening", nil},
		},
	}
}

func costPerMember() Chart {
	return Chart{
		ID: "kostnad", Title: "Årlig kostnad per medlem", Desc: "Kostnad per medlemskommun och år; Gnosjö har inte uppgett sin.",
		Unknown: "uppgift saknas", Format: kronor, Class: "chart",
		Bars: []Bar{{"Gislaved", Known(1250000)}, {"Gnosjö", nil}, {"Vaggeryd", Known(830500)}, {"Värnamo", Known(1900000)}},
	}
}

func byYear() Chart {
	c := Chart{ID: "ar", Title: "Samverkan efter startår", Unknown: "uppgift saknas"}
	for y, n := range []float64{3, 0, 5, 8, 2, 11, 6} {
		c.Bars = append(c.Bars, Bar{fmt.Sprint(2018 + y), Known(n)})
	}
	c.Bars = append(c.Bars, Bar{"Okänt år", nil})
	return c
}

func pipeline() Chart {
	return Chart{
		ID: "tratt", Title: "Idéer i pipelinen", Unknown: "uppgift saknas",
		Bars: []Bar{{"Idé", Known(24)}, {"Förstudie", Known(11)}, {"Beredning", Known(6)}, {"Beslut", Known(3)}, {"Genomförande", Known(2)}},
	}
}

func TestGolden(t *testing.T) {
	for name, svg := range map[string]string{
		"hbar_legal_form.svg": string(HBar(byLegalForm())),
		"hbar_cost.svg":       string(HBar(costPerMember())),
		"columns_year.svg":    string(Columns(byYear())),
		"funnel.svg":          string(Funnel(pipeline())),
	} {
		golden(t, name, []byte(svg))
	}
}

// An unknown value gets no bar and the Unknown text; 0 gets an empty bar
// and "0". The two are never confused.
func TestUnknownIsNotZero(t *testing.T) {
	for name, draw := range map[string]func(Chart) string{
		"hbar":    func(c Chart) string { return string(HBar(c)) },
		"funnel":  func(c Chart) string { return string(Funnel(c)) },
		"columns": func(c Chart) string { return string(Columns(c)) },
	} {
		nan := math.NaN()
		c := Chart{ID: "x", Title: "T", Unknown: "uppgift saknas", Bars: []Bar{{"a", Known(4)}, {"b", nil}, {"c", Known(0)}, {"d", &nan}}}
		svg := draw(c)
		if got := strings.Count(svg, "<rect "); got != 2 {
			t.Errorf("%s: %d bars, want 2 (the known values 4 and 0)", name, got)
		}
		if got := strings.Count(svg, ">uppgift saknas</text>"); got != 2 {
			t.Errorf("%s: %d unknown texts, want 2 (nil and NaN)", name, got)
		}
		if !strings.Contains(svg, ">0</text>") || !strings.Contains(svg, ">4</text>") {
			t.Errorf("%s: known values not printed", name)
		}
		if strings.Contains(svg, "NaN") {
			t.Errorf("%s: NaN printed", name)
		}
		if want := "a: 4; b: uppgift saknas; c: 0; d: uppgift saknas</desc>"; !strings.Contains(svg, want) {
			t.Errorf("%s: desc does not list the values: %s", name, svg)
		}
	}
}

// Labels, titles and formatted values are escaped: none can inject markup.
func TestEscapes(t *testing.T) {
	evil := `<script>alert("x")</script>&`
	c := Chart{ID: evil, Title: evil, Class: evil, Unknown: evil, Format: func(float64) string { return evil },
		Bars: []Bar{{evil, Known(1)}, {evil + " " + evil, nil}}}
	for _, svg := range []string{string(HBar(c)), string(Funnel(c)), string(Columns(c))} {
		if strings.Contains(svg, "<script") || strings.Contains(svg, `"x"`) {
			t.Errorf("unescaped text in %s", svg)
		}
		if !strings.Contains(svg, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;") {
			t.Errorf("escaped text missing in %s", svg)
		}
	}
}

func TestScalesWithoutPixels(t *testing.T) {
	for _, svg := range []string{string(HBar(byLegalForm())), string(Columns(byYear())), string(Funnel(pipeline()))} {
		head, _, _ := strings.Cut(svg, ">")
		if strings.Contains(head, " width=") || strings.Contains(head, " height=") || strings.Contains(svg, " style=") {
			t.Errorf("svg sets a size or style: %s", head)
		}
		if !strings.Contains(head, `role="img"`) || !strings.Contains(head, "aria-labelledby=") {
			t.Errorf("svg lacks its accessible name: %s", head)
		}
	}
}

// Bars are as long as their values, from a common zero.
func TestHBarLengths(t *testing.T) {
	svg := string(HBar(Chart{ID: "x", Bars: []Bar{{"a", Known(10)}, {"b", Known(5)}}}))
	re := regexp.MustCompile(`<rect [^>]*width="([0-9.]+)"`)
	m := re.FindAllStringSubmatch(svg, -1)
	if len(m) != 2 {
		t.Fatalf("%d bars", len(m))
	}
	a, _ := strconv.ParseFloat(m[0][1], 64)
	b, _ := strconv.ParseFloat(m[1][1], 64)
	if math.Abs(a-2*b) > 0.2 {
		t.Errorf("bar lengths %v and %v, want 2:1", a, b)
	}
}

func TestEmpty(t *testing.T) {
	for _, svg := range []string{string(HBar(Chart{ID: "e"})), string(Columns(Chart{ID: "e"})), string(Funnel(Chart{ID: "e"}))} {
		if !strings.HasPrefix(svg, "<svg ") || !strings.HasSuffix(svg, "</svg>") {
			t.Errorf("empty chart: %s", svg)
		}
	}
}

func BenchmarkHBar(b *testing.B) {
	c := costPerMember()
	for b.Loop() {
		HBar(c)
	}
}

func BenchmarkColumns(b *testing.B) {
	c := byYear()
	for b.Loop() {
		Columns(c)
	}
}
