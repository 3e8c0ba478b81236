package geo

import (
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Category is one entry of a categorical layer, such as "network member"
// or "outside participant".
type Category struct {
	Key   string // what View.Layer maps a code to
	Label string // legend text, in the reader's language
	Fill  string // colour such as "#0072b2"; "" takes the next colour of CategoryColors
	// Hatch draws light stripes over the fill, so that the category is
	// told apart from its neighbours without seeing colour (WCAG 1.4.1).
	Hatch bool
}

// CategoryColors are the default category fills: the Okabe–Ito palette,
// designed to be told apart with every common colour-vision deficiency.
var CategoryColors = []string{"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00"}

// Fills of what is in no layer.
const (
	fadedFill    = "#eceff3" // outside the focus, or in no category
	fadedStroke  = "#bcc2ca"
	missingFill  = "#f4f4f4" // choropleth without a value, hatched
	missingHatch = "#8d939b"
	stroke       = "#5f6670"
	textColor    = "#1b1f24"
)

// View says what a map shows. Title and Desc are required; the page shows
// the same facts as a table next to the map for those who cannot see it.
type View struct {
	// ID is unique on the page: the ids of the title, description and
	// patterns start with it.
	ID    string
	Title string // accessible name, e.g. "Karta: samverkan per kommun"
	Desc  string // what the map shows and where the table is
	Class string // class attribute of the svg element, for the page's CSS

	// Focus zooms to the area around these municipalities and draws the
	// rest of that area faded. Empty: the whole country.
	Focus []string

	// A categorical layer: Layer maps a code to a Category.Key. Entries
	// are drawn and listed in the legend in the order of Categories.
	Categories []Category
	Layer      map[string]string

	// A choropleth: Values maps a code to its value, which Scale classes.
	// A municipality in the focus (or, without focus, any) that has
	// neither a category nor a value is drawn hatched grey as missing
	// ("uppgift saknas"), never as the lowest class.
	Scale  *Scale
	Values map[string]float64

	LegendTitle  string // e.g. "Antal samverkan"; "" draws no title
	MissingLabel string // legend text for no value, e.g. "Uppgift saknas"
	OtherLabel   string // legend text for faded municipalities; "" leaves them out of the legend

	// Names writes the names of the focus municipalities and those in a
	// category on the map; for zoomed views, the country is too crowded.
	Names bool

	// Href returns the link of a municipality; nil links to /kommun/{code}.
	Href    func(code string) string
	NoLinks bool // draw no links (e.g. an image for print or export)
}

// legend entry kinds, in drawing order after the faded ones.
type entry struct {
	label string
	fill  string // colour or url(#pattern)
	hatch string // pattern colour when hatched
	base  string // fill under the hatching
	codes []int  // shapes drawn with this entry
}

// Render draws the map v describes as an SVG element for an HTML page. The
// output depends only on v, so it can be cached and tested byte for byte.
// The svg has a viewBox and no size: it takes the width of its container,
// so the page's CSS bounds it (the country is about 2:3, e.g. max-height:
// 85vh on screen and 25cm in print to fit A4). With links it is a group of
// 290 links; the page should offer the same links in its table and may
// pass NoLinks where a keyboard tour of the map would only be in the way.
func (m *Map) Render(v View) template.HTML {
	view := m.all
	if len(v.Focus) > 0 {
		view = m.Bounds(v.Focus...)
	}
	focus := map[int]bool{}
	for _, c := range v.Focus {
		if i, ok := m.byCode[c]; ok {
			focus[i] = true
		}
	}
	if len(focus) == 0 {
		view = m.all.Pad(0.02, 0)
	} else {
		view = view.Pad(0.08, 200)
	}
	view = Box{math.Floor(view.X0), math.Floor(view.Y0), math.Ceil(view.X1), math.Ceil(view.Y1)}
	level := national
	if view.W() < regionalBelow {
		level = regional
	}

	// Sort the shapes in view into the legend entries.
	var entries []entry
	catIndex := map[string]int{}
	next := 0
	for _, c := range v.Categories {
		e := entry{label: c.Label, fill: c.Fill}
		if e.fill == "" {
			e.fill = CategoryColors[next%len(CategoryColors)]
			next++
		}
		if c.Hatch {
			e.base, e.hatch = e.fill, "#ffffff"
		}
		catIndex[c.Key] = len(entries)
		entries = append(entries, e)
	}
	firstClass := len(entries)
	if v.Scale != nil {
		for i, col := range v.Scale.Colors() {
			e := entry{fill: col}
			if i < len(v.Scale.Labels) {
				e.label = v.Scale.Labels[i]
			}
			entries = append(entries, e)
		}
	}
	missing := -1
	if v.Scale != nil {
		missing = len(entries)
		entries = append(entries, entry{label: v.MissingLabel, base: missingFill, hatch: missingHatch})
	}
	faded := entry{label: v.OtherLabel, fill: fadedFill}
	for i := range m.shapes {
		s := &m.shapes[i]
		if !view.Intersects(s.box) {
			continue
		}
		inFocus := len(focus) == 0 || focus[i]
		if k, ok := catIndex[v.Layer[s.code]]; ok && v.Layer[s.code] != "" {
			entries[k].codes = append(entries[k].codes, i)
		} else if val, ok := v.Values[s.code]; ok && v.Scale != nil && inFocus && !math.IsNaN(val) {
			k := firstClass + v.Scale.Class(val)
			entries[k].codes = append(entries[k].codes, i)
		} else if missing >= 0 && inFocus {
			entries[missing].codes = append(entries[missing].codes, i)
		} else {
			faded.codes = append(faded.codes, i)
		}
	}
	if missing >= 0 && len(entries[missing].codes) == 0 {
		entries = slices.Delete(entries, missing, missing+1) // nothing missing: no legend entry
	}

	id := escape(v.ID)
	side := max(view.W(), view.H())
	// Text and lines are sized to the view: a zoomed view is shown about as large as
	// the country, so its text may take a larger share.
	fs := math.Round(side / 55)
	if len(focus) > 0 {
		fs = math.Round(side / 40)
	}
	sw := num(math.Round(side/1300*10) / 10)
	if len(focus) > 0 {
		sw = num(math.Round(side/700*10) / 10)
	}
	for i := range entries {
		if entries[i].hatch != "" {
			entries[i].fill = "url(#" + id + "-p" + strconv.Itoa(i) + ")"
		}
	}

	// The legend goes in a column right of the map, so it never hides a
	// municipality, at national scale or zoomed in.
	var legend []entry
	if v.LegendTitle != "" {
		legend = append(legend, entry{label: v.LegendTitle})
	}
	for _, e := range entries {
		if e.label != "" {
			legend = append(legend, e)
		}
	}
	if faded.label != "" && len(faded.codes) > 0 {
		legend = append(legend, faded)
	}
	width := 0
	for _, e := range legend {
		width = max(width, len([]rune(e.label)))
	}
	box := view
	if len(legend) > 0 {
		box.X1 += fs*2.5 + float64(width)*fs*0.6
		box.Y1 = max(box.Y1, box.Y0+fs*(1.5*float64(len(legend))+1))
	}

	var b strings.Builder
	size := 2048
	for i := range m.shapes {
		if view.Intersects(m.shapes[i].box) {
			size += len(m.shapes[i].d[level]) + len(m.shapes[i].link) + 16
		}
	}
	b.Grow(size)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="`)
	x0, y0 := math.Floor(box.X0), math.Floor(box.Y0)
	b.WriteString(num(x0) + " " + num(y0) + " " + num(math.Ceil(box.X1)-x0) + " " + num(math.Ceil(box.Y1)-y0))
	// A map of links is a group of links; one without is an image.
	if v.NoLinks {
		b.WriteString(`" role="img"`)
	} else {
		b.WriteString(`" role="group"`)
	}
	b.WriteString(` aria-labelledby="` + id + `-t" aria-describedby="` + id + `-d"`)
	if v.Class != "" {
		b.WriteString(` class="` + escape(v.Class) + `"`)
	}
	b.WriteString(`><title id="` + id + `-t">` + escape(v.Title) + `</title><desc id="` + id + `-d">` + escape(v.Desc) + `</desc>`)

	// Hatched fills are patterns, their stripes sized to the view. The map
	// is clipped to its box, so the legend column stays clear.
	hs := num(math.Round(side / 150))
	b.WriteString(`<defs><clipPath id="` + id + `-c"><rect x="` + num(view.X0) + `" y="` + num(view.Y0) +
		`" width="` + num(view.W()) + `" height="` + num(view.H()) + `"/></clipPath>`)
	for i, e := range entries {
		if e.hatch == "" {
			continue
		}
		b.WriteString(`<pattern id="` + id + "-p" + strconv.Itoa(i) + `" patternUnits="userSpaceOnUse" width="` + hs + `" height="` + hs +
			`" patternTransform="rotate(45)"><rect width="` + hs + `" height="` + hs + `" fill="` + escape(e.base) +
			`"/><rect width="` + num(math.Round(side/400)) + `" height="` + hs + `" fill="` + e.hatch + `"/></pattern>`)
	}
	b.WriteString(`</defs>`)

	b.WriteString(`<g clip-path="url(#` + id + `-c)" stroke="` + stroke + `" stroke-width="` + sw + `" stroke-linejoin="round" fill-rule="evenodd">`)
	m.writeGroup(&b, v, level, fadedFill, fadedStroke, faded.codes)
	for _, e := range entries {
		m.writeGroup(&b, v, level, e.fill, "", e.codes)
	}
	b.WriteString(`</g>`)
	if v.Names {
		m.writeNames(&b, v, view, focus, fs)
	}

	if len(legend) > 0 {
		writeLegend(&b, legend, view.X1+fs, view.Y0+fs, fs, v.LegendTitle != "")
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// writeGroup draws the shapes with one fill.
func (m *Map) writeGroup(b *strings.Builder, v View, level int, fill, strokeColor string, shapes []int) {
	if len(shapes) == 0 {
		return
	}
	b.WriteString(`<g fill="` + escape(fill) + `"`)
	if strokeColor != "" {
		b.WriteString(` stroke="` + strokeColor + `"`)
	}
	b.WriteString(`>`)
	for _, i := range shapes {
		s := &m.shapes[i]
		switch {
		case v.NoLinks:
			b.WriteString(`<path d="` + s.d[level] + `"><title>` + escape(s.name) + `</title></path>`)
			continue
		case v.Href != nil:
			name := escape(s.name)
			b.WriteString(`<a href="` + escape(v.Href(s.code)) + `" aria-label="` + name + `"><title>` + name + `</title>`)
		default:
			b.WriteString(s.link)
		}
		b.WriteString(`<path d="` + s.d[level] + `"/></a>`)
	}
	b.WriteString(`</g>`)
}

// writeNames labels the focus municipalities and those in a category at
// their anchors, with a white halo to stay legible on any fill. The names
// are hidden from screen readers, which have them from the links.
func (m *Map) writeNames(b *strings.Builder, v View, view Box, focus map[int]bool, fs float64) {
	b.WriteString(`<g aria-hidden="true" font-size="` + num(fs) + `" fill="` + textColor + `" font-family="system-ui, sans-serif" text-anchor="middle" stroke="#ffffff" stroke-width="` +
		num(math.Round(fs/4)) + `" stroke-linejoin="round" paint-order="stroke">`)
	for i := range m.shapes {
		s := &m.shapes[i]
		if !focus[i] && v.Layer[s.code] == "" {
			continue
		}
		x, y := s.anchor[0], s.anchor[1]
		if x < view.X0 || x > view.X1 || y < view.Y0 || y > view.Y1 {
			continue
		}
		b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `">` + escape(s.name) + `</text>`)
	}
	b.WriteString(`</g>`)
}

// writeLegend draws a swatch and a label per entry; a first entry without
// fill is the title.
func writeLegend(b *strings.Builder, legend []entry, x, y, fs float64, titled bool) {
	b.WriteString(`<g font-size="` + num(fs) + `" fill="` + textColor + `" font-family="system-ui, sans-serif">`)
	for i, e := range legend {
		base := y + fs*1.5*float64(i)
		if i == 0 && titled {
			b.WriteString(`<text x="` + num(x) + `" y="` + num(base+fs) + `" font-weight="bold">` + escape(e.label) + `</text>`)
			continue
		}
		b.WriteString(`<rect x="` + num(x) + `" y="` + num(base) + `" width="` + num(fs*1.2) + `" height="` + num(fs*1.2) +
			`" fill="` + escape(e.fill) + `" stroke="` + stroke + `" stroke-width="` + num(math.Round(fs/15)) + `"/>`)
		b.WriteString(`<text x="` + num(x+fs*1.8) + `" y="` + num(base+fs) + `">` + escape(e.label) + `</text>`)
	}
	b.WriteString(`</g>`)
}

// escape makes s safe as XML text and attribute value.
func escape(s string) string { return template.HTMLEscapeString(s) }

// Outlines draws the municipalities within box as a faint backdrop for
// another picture in map units (the network graph): no links, no names,
// hidden from screen readers, at the detail the box's size calls for.
func (m *Map) Outlines(box Box) string {
	level := national
	if box.W() < regionalBelow {
		level = regional
	}
	sw := num(math.Round(max(box.W(), box.H())/700*10) / 10)
	var b strings.Builder
	b.WriteString(`<g aria-hidden="true" fill="` + fadedFill + `" stroke="` + fadedStroke + `" stroke-width="` + sw + `" stroke-linejoin="round" fill-rule="evenodd">`)
	for i := range m.shapes {
		if box.Intersects(m.shapes[i].box) {
			b.WriteString(`<path d="` + m.shapes[i].d[level] + `"/>`)
		}
	}
	b.WriteString(`</g>`)
	return b.String()
}
