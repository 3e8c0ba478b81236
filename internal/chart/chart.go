// Package chart draws small server-side SVG charts for the pages: horizontal
// bars (by legal form, by area, cost per member), columns (by start year)
// and a pipeline funnel (stages with counts). No JavaScript, no fixed pixel
// size (a viewBox only, so charts scale and print), every value printed as
// text next to its bar, and an unknown value shown as unknown ("uppgift
// saknas"), never drawn as a bar of 0.
//
// Each chart is one svg element with role="img", a <title> and a <desc>
// (by default the list of labels and values), so a screen reader hears the
// whole chart; the page may still show the figures as a table. All text
// is XML-escaped, so the result is safe to put in an html/template.
package chart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Bar is one labelled value. A nil Value is unknown.
type Bar struct {
	Label string
	Value *float64
}

// Known returns a pointer to v, for building Bars from known figures.
func Known(v float64) *float64 { return &v }

// Chart is the data and texts of a chart.
type Chart struct {
	// ID is unique on the page; the ids of the title and desc start with it.
	ID    string
	Title string // accessible name, shown by screen readers and as a tooltip
	// Desc describes the chart; empty: "label: value" for every bar.
	Desc  string
	Class string // class attribute of the svg element
	Bars  []Bar
	// Unknown is the text written in place of an unknown value, e.g.
	// "uppgift saknas" or "not known".
	Unknown string
	// Format writes a value, e.g. with the unit and the reader's digit
	// grouping ("12 500 kr"); nil writes the plain number.
	Format func(float64) string
}

// Layout, in viewBox units: about a CSS pixel when the chart is shown at
// its natural width of 640.
const (
	width     = 640.0
	fontSize  = 14.0
	charWidth = 0.6 * fontSize // an average character of a sans-serif font
	pad       = 8.0
)

// Colours: the site's accent for bars (7.6:1 on white), body text, and a
// muted grey for "unknown".
const (
	barColor   = "#0b5394"
	textColor  = "#1b1f24"
	mutedColor = "#4f5661"
	lineColor  = "#c9ced6"
)

// clean returns c with NaN and infinite values as unknown, so that no
// chart draws them as a number.
func (c Chart) clean() Chart {
	bars := make([]Bar, len(c.Bars))
	for i, b := range c.Bars {
		if b.Value != nil && (math.IsNaN(*b.Value) || math.IsInf(*b.Value, 0)) {
			b.Value = nil
		}
		bars[i] = b
	}
	c.Bars = bars
	return c
}

func (c *Chart) format(v *float64) string {
	switch {
	case v == nil:
		return c.Unknown
	case c.Format != nil:
		return c.Format(*v)
	default:
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
}

// maxValue is the largest known value, or 0.
func (c *Chart) maxValue() float64 {
	m := 0.0
	for _, b := range c.Bars {
		if b.Value != nil {
			m = max(m, *b.Value)
		}
	}
	return m
}

// scale returns the length of v on an axis of length l from 0 to the
// largest value. Negative values are not drawn.
func (c *Chart) scale(v, l float64) float64 {
	m := c.maxValue()
	if m <= 0 || v <= 0 {
		return 0
	}
	return math.Round(v/m*l*10) / 10
}

// open writes the svg element, title and desc.
func (c *Chart) open(b *strings.Builder, w, h float64) {
	id := esc(c.ID)
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ` + num(w) + ` ` + num(h) +
		`" role="img" aria-labelledby="` + id + `-t" aria-describedby="` + id + `-d"`)
	if c.Class != "" {
		b.WriteString(` class="` + esc(c.Class) + `"`)
	}
	b.WriteString(` font-family="system-ui, sans-serif" font-size="` + num(fontSize) + `" fill="` + textColor + `">`)
	b.WriteString(`<title id="` + id + `-t">` + esc(c.Title) + `</title><desc id="` + id + `-d">` + esc(c.desc()) + `</desc>`)
}

func (c *Chart) desc() string {
	if c.Desc != "" {
		return c.Desc
	}
	parts := make([]string, len(c.Bars))
	for i, b := range c.Bars {
		parts[i] = b.Label + ": " + c.format(b.Value)
	}
	return strings.Join(parts, "; ")
}

// valueText writes a value at (x, y), muted and italic when unknown.
func (c *Chart) valueText(b *strings.Builder, v *float64, x, y float64, anchor string) {
	b.WriteString(`<text x="` + num(x) + `" y="` + num(y) + `"`)
	if anchor != "" {
		b.WriteString(` text-anchor="` + anchor + `"`)
	}
	if v == nil {
		b.WriteString(` fill="` + mutedColor + `" font-style="italic"`)
	}
	b.WriteString(`>` + esc(c.format(v)) + `</text>`)
}

// wrap breaks s into lines of at most n characters at spaces; a word
// longer than n gets a line of its own.
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= n:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// textWidth estimates the drawn width of s.
func textWidth(s string) float64 { return float64(utf8.RuneCountInString(s)) * charWidth }

func result(b *strings.Builder) template.HTML { return template.HTML(b.String()) }

func esc(s string) string { return template.HTMLEscapeString(s) }

func num(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }
