package web

import (
	"html/template"
	"strconv"
	"strings"
)

// The pipeline board's cards, written in Go (see html_write.go); the
// output is byte for byte what the template wrote
// (TestPipelineCardsAsTemplate).

// pipelineCards are the cards of one column of the opportunities board
// (pipeline.html's "moveform" included): the network's 70-odd pipeline
// collaborations, a dozen fields and a move form each, were most of the
// page's template time (issue 16). TestPipelineCardsAsTemplate compares
// them with the template range they replaced.
func pipelineCards(lang string, cards []pipelineCard) template.HTML {
	var b strings.Builder
	b.Grow(len(cards) * 900)
	dt := func(key, value string) {
		b.WriteString("<dt>")
		writeText(&b, tr(lang, key))
		b.WriteString("</dt><dd>")
		writeText(&b, value)
		b.WriteString("</dd>")
	}
	for _, c := range cards {
		b.WriteString("\n<li class=\"card\">\n<h3><a href=\"/samverkan/")
		writeID(&b, c.ID)
		b.WriteString(`">`)
		writeText(&b, c.Title)
		b.WriteString("</a></h3>\n")
		if c.Example {
			b.WriteString(`<p><span class="tag">`)
			writeText(&b, tr(lang, "pipeline.example"))
			b.WriteString(`</span></p>`)
		}
		b.WriteString("\n<dl class=\"card-facts\">\n")
		if c.Areas != "" {
			dt("col.areas", c.Areas)
		}
		b.WriteString("\n")
		dt("col.participants", strconv.Itoa(c.Participants))
		b.WriteString("\n")
		if c.Triage != "" {
			dt("field.triage", c.Triage)
		}
		b.WriteString("\n")
		if c.Priority != "" {
			dt("field.priority", c.Priority)
		}
		b.WriteString("\n")
		if c.Proposer != "" {
			dt("field.proposer", c.Proposer)
		}
		b.WriteString("\n")
		dt("pipeline.days", c.DaysText)
		b.WriteString("\n</dl>\n")
		writeMoveForm(&b, lang, c)
		b.WriteString("\n</li>\n")
	}
	return template.HTML(b.String())
}

// writeMoveForm is pipeline.html's "moveform": the button that moves a
// card to its next stage, for those who may.
func writeMoveForm(b *strings.Builder, lang string, c pipelineCard) {
	if c.Next == "" {
		return
	}
	b.WriteString("\n<form method=\"post\" action=\"/samverkan/")
	writeID(b, c.ID)
	b.WriteString("/status\" class=\"move\">\n<input type=\"hidden\" name=\"status\" value=\"")
	writeText(b, c.Next)
	b.WriteString("\">\n<input type=\"hidden\" name=\"version\" value=\"")
	b.WriteString(strconv.Itoa(c.Version))
	b.WriteString("\">\n<input type=\"hidden\" name=\"date\" value=\"")
	writeText(b, c.Today)
	b.WriteString("\">\n<input type=\"hidden\" name=\"tillbaka\" value=\"")
	writeText(b, c.Back)
	b.WriteString("\">\n<button type=\"submit\" class=\"secondary small\">")
	writeText(b, tr(lang, "pipeline.move.to", c.NextLabel))
	b.WriteString(`<span class="visually-hidden"> – `)
	writeText(b, c.Title)
	b.WriteString("</span></button>\n</form>\n")
}
