package geo

import (
	"regexp"
	"strings"
	"testing"
)

// counts is a made-up, deterministic choropleth: a number per municipality
// from its code, with Stockholm (0180) left out as unknown.
func counts(m *Map) map[string]float64 {
	out := map[string]float64{}
	for i, c := range m.Codes() {
		out[c] = float64((i * 7) % 13)
	}
	delete(out, "0180")
	return out
}

func choroplethView(m *Map) View {
	vals := counts(m)
	var vs []float64
	for _, v := range vals {
		vs = append(vs, v)
	}
	s := Quantiles(vs, 5)
	return View{
		ID: "karta", Title: "Samverkan per kommun", Desc: "Antal pågående samverkan i varje kommun. Tabellen under kartan har samma siffror.",
		Class: "map", Scale: &s, Values: vals, LegendTitle: "Antal samverkan", MissingLabel: "Uppgift saknas",
	}
}

var ggvv = []string{"0617", "0662", "0665", "0683"} // Gnosjö, Gislaved, Vaggeryd, Värnamo

func networkView() View {
	layer := map[string]string{"0680": "utanfor", "0687": "utanfor"} // Jönköping, Tranås
	for _, c := range ggvv {
		layer[c] = "medlem"
	}
	return View{
		ID: "natverk", Title: "GGVV och kommunerna runt", Desc: "Nätverkets fyra kommuner och två kommuner utanför som deltar i dess samverkan.",
		Focus: ggvv,
		Categories: []Category{
			{Key: "medlem", Label: "Medlem i nätverket"},
			{Key: "utanfor", Label: "Deltar utanför nätverket", Hatch: true},
		},
		Layer: layer, OtherLabel: "Övriga kommuner", Names: true,
	}
}

func TestRenderGolden(t *testing.T) {
	m := mustSweden(t)
	noLinks := networkView()
	noLinks.NoLinks = true
	for name, v := range map[string]View{
		"sweden_choropleth.svg":    choroplethView(m),
		"network_ggvv.svg":         networkView(),
		"network_ggvv_nolinks.svg": noLinks,
	} {
		got := string(m.Render(v))
		if again := string(m.Render(v)); again != got {
			t.Errorf("%s: two renderings differ", name)
		}
		golden(t, name, []byte(got))
	}
}

// The whole country with a choropleth stays well under the 150 kB budget.
func TestRenderSwedenSize(t *testing.T) {
	m := mustSweden(t)
	out := m.Render(choroplethView(m))
	if n := len(out); n > 150*1024 {
		t.Errorf("map of Sweden is %d bytes, budget 150 kB", n)
	}
	if n := strings.Count(string(out), "<path "); n != 290 {
		t.Errorf("%d paths, want 290", n)
	}
	head, _, _ := strings.Cut(string(out), ">")
	if strings.Contains(head, " width=") || strings.Contains(head, " height=") {
		t.Errorf("svg has a fixed size, print needs the viewBox only: %s", head)
	}
	if strings.Contains(string(out), " style=") || strings.Contains(string(out), "<style") {
		t.Error("svg has style attributes, which the CSP (style-src 'self') blocks")
	}
}

// groupOf returns the fill of the <g> group that draws municipality code.
func groupOf(t *testing.T, svg, code string) string {
	t.Helper()
	i := strings.Index(svg, `href="/kommun/`+code+`"`)
	if i < 0 {
		t.Fatalf("no link to %s", code)
	}
	j := strings.LastIndex(svg[:i], `<g fill="`)
	if j < 0 {
		t.Fatalf("%s is in no fill group", code)
	}
	fill, _, _ := strings.Cut(svg[j+len(`<g fill="`):], `"`)
	return fill
}

// A municipality without a value is drawn as missing (hatched, with its own
// legend entry), never in the lowest class as if it were 0.
func TestRenderMissingIsNotZero(t *testing.T) {
	m := mustSweden(t)
	v := choroplethView(m)
	svg := string(m.Render(v))
	zero := v.Scale.Colors()[0]
	if got := groupOf(t, svg, "0180"); !strings.HasPrefix(got, "url(#karta-p") {
		t.Errorf("Stockholm (no value) drawn with %q, want the missing pattern", got)
	}
	var zeroCode string
	for c, val := range v.Values {
		if val == 0 {
			zeroCode = c
			break
		}
	}
	if got := groupOf(t, svg, zeroCode); got != zero {
		t.Errorf("%s (value 0) drawn with %q, want the first class %q", zeroCode, got, zero)
	}
	if !strings.Contains(svg, ">Uppgift saknas</text>") {
		t.Error("legend lacks the missing entry")
	}

	// With every value known there is no missing entry in the legend.
	v.Values = map[string]float64{}
	for _, c := range m.Codes() {
		v.Values[c] = 1
	}
	if svg := string(m.Render(v)); strings.Contains(svg, "Uppgift saknas") {
		t.Error("legend has a missing entry although nothing is missing")
	}
}

func TestRenderFocus(t *testing.T) {
	m := mustSweden(t)
	svg := string(m.Render(networkView()))
	// Members and outside participants are drawn in their categories, the
	// neighbours faded, and far-away municipalities not at all.
	if got := groupOf(t, svg, "0662"); got != CategoryColors[0] {
		t.Errorf("Gislaved drawn with %q, want %q", got, CategoryColors[0])
	}
	if got := groupOf(t, svg, "0680"); got != "url(#natverk-p1)" {
		t.Errorf("Jönköping drawn with %q, want the hatched category", got)
	}
	if got := groupOf(t, svg, "0684"); got != fadedFill { // Sävsjö borders Värnamo
		t.Errorf("Sävsjö drawn with %q, want faded", got)
	}
	if strings.Contains(svg, `/kommun/2584"`) { // Kiruna
		t.Error("a zoomed view draws Kiruna")
	}
	// The zoomed view is drawn at regional detail.
	if !strings.Contains(svg, m.shapes[m.byCode["0662"]].d[regional]) {
		t.Error("Gislaved is not drawn at regional detail")
	}
	for _, name := range []string{">Gislaved</text>", ">Värnamo</text>", ">Gnosjö</text>"} {
		if !strings.Contains(svg, name) {
			t.Errorf("names lack %s", name)
		}
	}
}

// A zoomed choropleth classes the focus municipalities and fades the rest,
// even those with values.
func TestRenderFocusChoropleth(t *testing.T) {
	m := mustSweden(t)
	v := choroplethView(m)
	v.Focus = ggvv
	v.Values["0684"] = 3
	svg := string(m.Render(v))
	if got := groupOf(t, svg, "0684"); got != fadedFill {
		t.Errorf("Sävsjö (outside the focus) drawn with %q, want faded", got)
	}
	want := v.Scale.Colors()[v.Scale.Class(v.Values["0662"])]
	if got := groupOf(t, svg, "0662"); got != want {
		t.Errorf("Gislaved drawn with %q, want its class colour %q", got, want)
	}
	if strings.Contains(svg, "Uppgift saknas") {
		t.Error("missing entry in the legend, but every focus municipality has a value")
	}
}

// Text from the caller is escaped, so a label cannot inject markup.
func TestRenderEscapes(t *testing.T) {
	m := mustSweden(t)
	evil := `<script>alert("x")</script>&`
	v := networkView()
	v.ID, v.Title, v.Desc, v.Class, v.LegendTitle = evil, evil, evil, evil, evil
	v.Categories[0].Label = evil
	v.Categories[0].Fill = `red"/><script>`
	v.Href = func(code string) string { return "/k?a=" + code + `&"<` }
	svg := string(m.Render(v))
	if strings.Contains(svg, "<script") || strings.Contains(svg, `"<`) {
		t.Errorf("unescaped input in %.300s", svg[strings.Index(svg, "script")-100:])
	}
	if !strings.Contains(svg, "&lt;script&gt;") {
		t.Error("escaped title missing")
	}
	if !strings.Contains(svg, `href="/k?a=0662&amp;&#34;&lt;"`) {
		t.Error("custom href not escaped as expected")
	}
}

func TestRenderAccessible(t *testing.T) {
	m := mustSweden(t)
	svg := string(m.Render(choroplethView(m)))
	head := regexp.MustCompile(`^<svg xmlns="http://www.w3.org/2000/svg" viewBox="[-0-9 ]+" role="group" aria-labelledby="karta-t" aria-describedby="karta-d" class="map"><title id="karta-t">Samverkan per kommun</title><desc id="karta-d">`)
	if !head.MatchString(svg) {
		t.Errorf("svg head: %.300s", svg)
	}
	// Every link has a name, for screen readers and as a tooltip.
	links := regexp.MustCompile(`<a href="/kommun/\d{4}" aria-label="[^"]+"><title>[^<]+</title><path `).FindAllString(svg, -1)
	if len(links) != 290 {
		t.Errorf("%d named links, want 290", len(links))
	}
	v := choroplethView(m)
	v.NoLinks = true
	if svg := string(m.Render(v)); !strings.Contains(svg, `role="img"`) || strings.Contains(svg, "<a ") {
		t.Error("a map without links should be one image without links")
	}
}

func BenchmarkRenderSweden(b *testing.B) {
	m := mustSweden(b)
	v := choroplethView(m)
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(m.Render(v))
	}
	b.ReportMetric(float64(n), "bytes")
}

func BenchmarkRenderNetwork(b *testing.B) {
	m := mustSweden(b)
	v := networkView()
	b.ReportAllocs()
	var n int
	for b.Loop() {
		n = len(m.Render(v))
	}
	b.ReportMetric(float64(n), "bytes")
}

// BenchmarkBuild is the one-off cost of preparing the map on first use.
func BenchmarkBuild(b *testing.B) {
	for b.Loop() {
		if _, err := build(); err != nil {
			b.Fatal(err)
		}
	}
}
