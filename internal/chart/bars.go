package chart

import (
	"html/template"
	"math"
	"strings"
)

const (
	barHeight = 20.0
	lineH     = fontSize * 1.25
	rowGap    = 10.0
)

// row is the layout of one horizontal bar: its label lines and the top
// and height of its row.
type row struct {
	lines  []string
	top, h float64
}

// rowLayout places the labels in a column at most 40 % of the width,
// wrapping long ones, and returns the rows, the label column's width and
// the total height.
func (c *Chart) rowLayout() (rows []row, labelW, height float64) {
	for _, b := range c.Bars {
		labelW = max(labelW, textWidth(b.Label))
	}
	labelW = math.Ceil(min(labelW, 0.4*width))
	chars := max(8, int(labelW/charWidth))
	y := pad
	for _, b := range c.Bars {
		lines := wrap(b.Label, chars)
		h := max(barHeight, float64(len(lines))*lineH)
		rows = append(rows, row{lines, y, h})
		y += h + rowGap
	}
	return rows, labelW, y - rowGap + pad
}

// label writes a row's label, right-aligned at x and centred on the row.
func (r row) label(b *strings.Builder, x float64) {
	first := r.top + r.h/2 - float64(len(r.lines)-1)*lineH/2 + fontSize*0.35
	b.WriteString(`<text x="` + num(x) + `" y="` + num(first) + `" text-anchor="end">`)
	for i, l := range r.lines {
		if i == 0 {
			b.WriteString(esc(l))
			continue
		}
		b.WriteString(`<tspan x="` + num(x) + `" dy="` + num(lineH) + `">` + esc(l) + `</tspan>`)
	}
	b.WriteString(`</text>`)
}

// valueRoom is the width the longest value text needs; with knownOnly,
// of the known values only.
func (c *Chart) valueRoom(knownOnly bool) float64 {
	w := 0.0
	for _, b := range c.Bars {
		if b.Value != nil || !knownOnly {
			w = max(w, textWidth(c.format(b.Value)))
		}
	}
	return math.Ceil(w) + pad
}

// HBar draws a horizontal bar chart: one row per bar, the label left, the
// bar from a common zero line, the value after the bar. Use it for counts
// by legal form or area and for cost per member.
func HBar(c Chart) template.HTML {
	c = c.clean()
	rows, labelW, h := c.rowLayout()
	x0 := pad + labelW + pad
	room := width - x0 - c.valueRoom(false) - pad
	var b strings.Builder
	c.open(&b, width, h)
	b.WriteString(`<line x1="` + num(x0) + `" y1="0" x2="` + num(x0) + `" y2="` + num(h) + `" stroke="` + lineColor + `"/>`)
	for i, bar := range c.Bars {
		r := rows[i]
		r.label(&b, x0-pad)
		mid := r.top + r.h/2
		l := 0.0
		if bar.Value != nil {
			l = c.scale(*bar.Value, room)
			b.WriteString(`<rect x="` + num(x0) + `" y="` + num(mid-barHeight/2) + `" width="` + num(l) +
				`" height="` + num(barHeight) + `" fill="` + barColor + `"/>`)
		}
		c.valueText(&b, bar.Value, x0+l+4, mid+fontSize*0.35, "")
	}
	b.WriteString(`</svg>`)
	return result(&b)
}

// Funnel draws a pipeline funnel: one centred bar per stage, top to
// bottom, each as wide as its count, joined to the next by a light band,
// with the stage name left and the count right of the bar.
func Funnel(c Chart) template.HTML {
	c = c.clean()
	rows, labelW, h := c.rowLayout()
	x0 := pad + labelW + pad
	room := width - x0 - c.valueRoom(false) - pad
	centre := x0 + room/2
	var b strings.Builder
	c.open(&b, width, h)
	// The bands first, so the bars are drawn over their ends.
	for i := 0; i+1 < len(c.Bars); i++ {
		v, w := c.Bars[i].Value, c.Bars[i+1].Value
		if v == nil || w == nil {
			continue // an unknown stage has no width to join
		}
		l1, l2 := c.scale(*v, room)/2, c.scale(*w, room)/2
		y1, y2 := rows[i].top+rows[i].h/2+barHeight/2, rows[i+1].top+rows[i+1].h/2-barHeight/2
		b.WriteString(`<polygon points="` + pts(centre-l1, y1, centre+l1, y1, centre+l2, y2, centre-l2, y2) + `" fill="#dbe6f3"/>`)
	}
	for i, bar := range c.Bars {
		r := rows[i]
		r.label(&b, x0-pad)
		mid := r.top + r.h/2
		if bar.Value == nil {
			c.valueText(&b, nil, centre, mid+fontSize*0.35, "middle")
			continue
		}
		l := c.scale(*bar.Value, room)
		b.WriteString(`<rect x="` + num(centre-l/2) + `" y="` + num(mid-barHeight/2) + `" width="` + num(l) +
			`" height="` + num(barHeight) + `" fill="` + barColor + `"/>`)
		c.valueText(&b, bar.Value, centre+l/2+4, mid+fontSize*0.35, "")
	}
	b.WriteString(`</svg>`)
	return result(&b)
}

// Columns draws a column chart: one column per bar left to right (years,
// say), the value above each column and the label below it. An unknown
// value is written upright in place of its column.
func Columns(c Chart) template.HTML {
	c = c.clean()
	n := max(1, len(c.Bars))
	colW := max(36, c.valueRoom(true), (width-2*pad)/float64(n))
	w := max(width, colW*float64(n)+2*pad)
	chars := max(4, int(colW/charWidth))
	lines := 1
	for _, bar := range c.Bars {
		lines = max(lines, len(wrap(bar.Label, chars)))
	}
	const plot = 200.0
	top := pad + fontSize + 4 // room for the value over the highest column
	base := top + plot
	h := base + 6 + float64(lines)*lineH + pad
	var b strings.Builder
	c.open(&b, w, h)
	for i, bar := range c.Bars {
		cx := pad + colW*(float64(i)+0.5)
		if bar.Value == nil {
			b.WriteString(`<text transform="rotate(-90 ` + num(cx+fontSize*0.35) + ` ` + num(base-4) + `)" x="` + num(cx+fontSize*0.35) +
				`" y="` + num(base-4) + `" fill="` + mutedColor + `" font-style="italic">` + esc(c.format(nil)) + `</text>`)
		} else {
			l := c.scale(*bar.Value, plot)
			bw := math.Round(colW * 0.7)
			b.WriteString(`<rect x="` + num(cx-bw/2) + `" y="` + num(base-l) + `" width="` + num(bw) + `" height="` + num(l) +
				`" fill="` + barColor + `"/>`)
			c.valueText(&b, bar.Value, cx, base-l-4, "middle")
		}
		for j, l := range wrap(bar.Label, chars) {
			b.WriteString(`<text x="` + num(cx) + `" y="` + num(base+6+fontSize+float64(j)*lineH) + `" text-anchor="middle">` + esc(l) + `</text>`)
		}
	}
	b.WriteString(`<line x1="` + num(pad) + `" y1="` + num(base) + `" x2="` + num(w-pad) + `" y2="` + num(base) + `" stroke="` + mutedColor + `"/>`)
	b.WriteString(`</svg>`)
	return result(&b)
}

func pts(xy ...float64) string {
	s := make([]string, len(xy))
	for i, v := range xy {
		s[i] = num(v)
	}
	var b strings.Builder
	for i := 0; i < len(s); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i] + "," + s[i+1])
	}
	return b.String()
}
