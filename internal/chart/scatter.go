package chart

import (
	"html/template"
	"math"
	"strings"
)

// Point is one dot of a scatter chart; Mark draws it larger and labelled
// (a member, the network's combined population).
type Point struct {
	Label string
	X, Y  float64
	Mark  bool
}

// LogLog is a scatter chart on logarithmic axes with an optional fitted
// line y = exp(A)·x^B and its prediction band (Low, High as functions of
// x). Like the bar charts it has a title and a description and no fixed
// pixel size; points with x or y ≤ 0 are left out (they have no place on
// a log axis and are never drawn as 0).
type LogLog struct {
	ID, Title, Desc, Class string
	XLabel, YLabel         string
	Points                 []Point
	// Fit, when set, draws the line and the band.
	Fit       bool
	A, B      float64
	Low, High func(x float64) float64
	// Format writes an axis value.
	Format func(float64) string
}

// Scatter draws the chart.
func Scatter(c LogLog) template.HTML {
	const w, h = 640.0, 400.0
	const left, right, top, bottom = 70.0, 20.0, 16.0, 48.0
	var pts []Point
	minX, maxX, minY, maxY := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range c.Points {
		if !(p.X > 0) || !(p.Y > 0) || math.IsInf(p.X, 0) || math.IsInf(p.Y, 0) {
			continue
		}
		pts = append(pts, p)
		minX, maxX = math.Min(minX, p.X), math.Max(maxX, p.X)
		minY, maxY = math.Min(minY, p.Y), math.Max(maxY, p.Y)
	}
	ch := Chart{ID: c.ID, Title: c.Title, Desc: c.Desc, Class: c.Class}
	var b strings.Builder
	ch.open(&b, w, h)
	if len(pts) == 0 {
		b.WriteString(`</svg>`)
		return result(&b)
	}
	lx0, lx1 := math.Floor(math.Log10(minX)), math.Ceil(math.Log10(maxX))
	ly0, ly1 := math.Log10(minY)-0.05, math.Log10(maxY)+0.05
	if lx1 == lx0 {
		lx1++
	}
	if ly1-ly0 < 0.2 {
		ly0, ly1 = ly0-0.1, ly1+0.1
	}
	px := func(x float64) float64 { return left + (math.Log10(x)-lx0)/(lx1-lx0)*(w-left-right) }
	py := func(y float64) float64 { return h - bottom - (math.Log10(y)-ly0)/(ly1-ly0)*(h-top-bottom) }
	format := c.Format
	if format == nil {
		format = num
	}
	// Axes and ticks: powers of ten on x; about five steps on y.
	b.WriteString(`<g stroke="` + lineColor + `">`)
	for e := lx0; e <= lx1; e++ {
		x := px(math.Pow(10, e))
		b.WriteString(`<line x1="` + num(x) + `" x2="` + num(x) + `" y1="` + num(top) + `" y2="` + num(h-bottom) + `"/>`)
	}
	for i := 0; i <= 4; i++ {
		y := top + float64(i)*(h-top-bottom)/4
		b.WriteString(`<line x1="` + num(left) + `" x2="` + num(w-right) + `" y1="` + num(y) + `" y2="` + num(y) + `"/>`)
	}
	b.WriteString(`</g>`)
	for e := lx0; e <= lx1; e++ {
		b.WriteString(`<text x="` + num(px(math.Pow(10, e))) + `" y="` + num(h-bottom+18) + `" text-anchor="middle">` + esc(format(math.Pow(10, e))) + `</text>`)
	}
	for i := 0; i <= 4; i++ {
		ly := ly1 - float64(i)*(ly1-ly0)/4
		b.WriteString(`<text x="` + num(left-6) + `" y="` + num(top+float64(i)*(h-top-bottom)/4+5) + `" text-anchor="end">` + esc(format(math.Pow(10, ly))) + `</text>`)
	}
	b.WriteString(`<text x="` + num((left+w-right)/2) + `" y="` + num(h-8) + `" text-anchor="middle">` + esc(c.XLabel) + `</text>`)
	b.WriteString(`<text x="14" y="` + num((top+h-bottom)/2) + `" text-anchor="middle" transform="rotate(-90 14 ` + num((top+h-bottom)/2) + `)">` + esc(c.YLabel) + `</text>`)
	clampY := func(y float64) float64 { return math.Min(math.Max(y, math.Pow(10, ly0)), math.Pow(10, ly1)) }
	if c.Fit {
		const steps = 40
		var line, band []string
		var lower []string
		for i := 0; i <= steps; i++ {
			x := math.Pow(10, lx0+(lx1-lx0)*float64(i)/steps)
			line = append(line, num(px(x))+","+num(py(clampY(math.Exp(c.A)*math.Pow(x, c.B)))))
			if c.Low != nil && c.High != nil {
				band = append(band, num(px(x))+","+num(py(clampY(c.High(x)))))
				lower = append([]string{num(px(x)) + "," + num(py(clampY(c.Low(x))))}, lower...)
			}
		}
		if len(band) > 0 {
			b.WriteString(`<polygon points="` + strings.Join(append(band, lower...), " ") + `" fill="` + barColor + `" fill-opacity="0.12" stroke="none"/>`)
		}
		b.WriteString(`<polyline points="` + strings.Join(line, " ") + `" fill="none" stroke="` + barColor + `" stroke-width="2"/>`)
	}
	for _, p := range pts {
		if p.Mark {
			continue
		}
		b.WriteString(`<circle cx="` + num(px(p.X)) + `" cy="` + num(py(p.Y)) + `" r="2.5" fill="` + mutedColor + `" fill-opacity="0.6"/>`)
	}
	for _, p := range pts {
		if !p.Mark {
			continue
		}
		x, y := px(p.X), py(p.Y)
		b.WriteString(`<circle cx="` + num(x) + `" cy="` + num(y) + `" r="5" fill="#b45f06" stroke="` + textColor + `"/>`)
		anchor, dx := "start", 8.0
		if x > w*0.7 {
			anchor, dx = "end", -8
		}
		b.WriteString(`<text x="` + num(x+dx) + `" y="` + num(y-6) + `" text-anchor="` + anchor + `" font-weight="bold">` + esc(p.Label) + `</text>`)
	}
	b.WriteString(`</svg>`)
	return result(&b)
}
