package web

import (
	"html/template"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
)

// The long lists of the follow-up page and the annual report — a row per
// followed-up collaboration, the weak and missing collaborations per
// purpose — are written here rather than by their templates. At national
// scale (issue 12) a network has some 350 collaborations, and every
// {{.Field}} of html/template is a reflective call to an escaper: the
// follow-up page's 250 rows and 300 list items were about a third of its
// first render. The output is byte for byte what the templates wrote
// (TestSteeringHTMLEscapesAsTemplates).

// weakLinks is the follow-up page's cell of weak collaborations: a list
// of links, or a dash when there is none.
func weakLinks(ids []int64, titles map[int64]string) template.HTML {
	return plainList(ids, 120, func(b *strings.Builder, id int64) {
		writeCollabLink(b, id, "", titles[id])
	})
}

// titleItems are the <li>s of the titles of ids, for the annual report's
// lists of weak and missing collaborations.
func titleItems(ids []int64, titles map[int64]string) template.HTML {
	var b strings.Builder
	b.Grow(len(ids) * 80)
	for _, id := range ids {
		b.WriteString(`<li>`)
		writeText(&b, titles[id])
		b.WriteString(`</li>`)
	}
	return template.HTML(b.String())
}

// weakItems is the annual report's cell of weak collaborations: their
// titles in a list, or a dash.
func weakItems(ids []int64, titles map[int64]string) template.HTML {
	return plainList(ids, 80, func(b *strings.Builder, id int64) { writeText(b, titles[id]) })
}

// missingItems are the follow-up page's <li>s of the collaborations not
// followed up in year, each with a link to its form when follow is set.
func missingItems(lang string, refs []samverkan.CollaborationRef, year int, follow bool) template.HTML {
	var b strings.Builder
	b.Grow(len(refs) * 220)
	label := tr(lang, "fu.follow")
	for _, c := range refs {
		b.WriteString(`<li>`)
		writeCollabLink(&b, c.ID, "", c.Title)
		if follow {
			b.WriteString(` – <a href="/samverkan/`)
			writeID(&b, c.ID)
			b.WriteString(`/uppfoljning/`)
			b.WriteString(strconv.Itoa(year))
			b.WriteString(`">`)
			writeText(&b, label)
			b.WriteString(`<span class="visually-hidden"> `)
			writeText(&b, c.Title)
			b.WriteString(`</span></a>`)
		}
		b.WriteString(`</li>`)
	}
	return template.HTML(b.String())
}

// followedRows are the follow-up page's table rows of the followed-up
// collaborations with their budget, cost and deviation.
func followedRows(lang string, rows []followedRow, year int) template.HTML {
	var b strings.Builder
	b.Grow(len(rows) * 400)
	unknown, example := tr(lang, "value.unknown"), tr(lang, "fu.example")
	cell := func(v string) {
		b.WriteString(`<td class="num nowrap">`)
		if v == "" {
			v = unknown
		}
		writeText(&b, v)
		b.WriteString(`</td>`)
	}
	for _, r := range rows {
		b.WriteString("\n<tr><th scope=\"row\">")
		writeCollabLink(&b, r.Ref.ID, "/uppfoljning/"+strconv.Itoa(year), r.Ref.Title)
		if r.Example {
			b.WriteString(` <span class="tag">`)
			writeText(&b, example)
			b.WriteString(`</span>`)
		}
		b.WriteString("</th>\n")
		cell(r.Budget)
		b.WriteString("\n")
		cell(r.Cost)
		b.WriteString("\n")
		cell(r.Deviation)
		b.WriteString("</tr>\n")
	}
	return template.HTML(b.String())
}

// riskRows are the annual report's table rows of the open risks.
func riskRows(lang string, risks []samverkan.ReportRisk) template.HTML {
	var b strings.Builder
	b.Grow(len(risks) * 500)
	label := func(vocab, code string) { writeText(&b, vocabularies[vocab].Label(code, lang)) }
	text := func(key string) { writeText(&b, tr(lang, key)) }
	deref := func(p *int) {
		v := 0
		if p != nil {
			v = *p
		}
		b.WriteString(strconv.Itoa(v))
	}
	for _, r := range risks {
		b.WriteString("\n<tr><th scope=\"row\">")
		writeText(&b, r.Title)
		b.WriteString(`</th><td>`)
		label("risk_kind", r.Kind)
		b.WriteString("</td>\n<td>")
		if r.CollaborationTitle != "" {
			writeText(&b, r.CollaborationTitle)
		} else {
			text("ar.risks.network")
		}
		b.WriteString("</td>\n<td class=\"nowrap\">")
		if r.Score != nil {
			deref(r.Likelihood)
			b.WriteString(` × `)
			deref(r.Impact)
			b.WriteString(` = `)
			deref(r.Score)
			b.WriteString(` (`)
			label("risk_level", r.Level)
			b.WriteString(`)`)
		} else {
			text("ar.risks.unassessed")
		}
		b.WriteString("</td>\n<td>")
		if r.Status != "" {
			label("risk_status", r.Status)
		} else {
			text("value.unknown")
		}
		b.WriteString("</td>\n<td class=\"nowrap\">")
		if r.Review.IsZero() {
			text("value.unknown")
		} else {
			writeText(&b, r.Review.String())
			if r.Overdue {
				b.WriteString(` <strong class="overdue">`)
				text("ar.overdue")
				b.WriteString(`</strong>`)
			}
		}
		b.WriteString("</td></tr>\n")
	}
	return template.HTML(b.String())
}

// planActs is the annual report's cell of a priority's activities with
// their status and due date, or a dash.
func planActs(acts []activityView) template.HTML {
	return plainList(acts, 100, func(b *strings.Builder, a activityView) {
		writeText(b, a.Title)
		b.WriteString(` – `)
		writeText(b, a.StatusLabel)
		if !a.Due.IsZero() {
			b.WriteString(` (`)
			writeText(b, a.Due.String())
			b.WriteString(`)`)
		}
	})
}

// planLinks is the annual report's cell of a priority's collaborations,
// or a dash; one no longer in the network is named by its id.
func planLinks(lang string, links []linkView) template.HTML {
	return plainList(links, 80, func(b *strings.Builder, l linkView) {
		if l.Missing {
			writeText(b, tr(lang, "plan.link.missing", l.ID))
		} else {
			writeText(b, l.Title)
		}
	})
}

// planActivityRows are the activity rows of priority i of the plan form,
// as its template wrote them with the "input" and "select" partials. A
// plan of six priorities had 42 rows, four partials each, every one built
// from a dict: 168 partial calls that were most of the edit form's first
// render (issue 12). Errors marks the fields as the partials do
// (Described, fielderr).
func planActivityRows(lang string, e formErrors, i int, acts []activityRow) template.HTML {
	var b strings.Builder
	p := "p." + strconv.Itoa(i) + "."
	id := "pl-p-" + strconv.Itoa(i) + "-"
	for j, a := range acts {
		ap := p + "a." + strconv.Itoa(j) + "."
		aid := id + "a-" + strconv.Itoa(j) + "-"
		b.WriteString("\n<fieldset class=\"row\">\n<legend>")
		writeText(&b, tr(lang, "form.row", tr(lang, "planform.activities"), j+1))
		b.WriteString("</legend>\n<input type=\"hidden\" name=\"")
		writeText(&b, ap)
		b.WriteString("id\" value=\"")
		writeText(&b, a.ID)
		b.WriteString("\">\n")
		writeInputField(&b, e, "text", "wide", aid+"title", ap+"title", tr(lang, "plan.col.activity"), a.Title)
		b.WriteString("\n")
		writeInputField(&b, e, "text", "", aid+"responsible", ap+"responsible", tr(lang, "plan.col.responsible"), a.Responsible)
		b.WriteString("\n")
		writeInputField(&b, e, "date", "", aid+"due", ap+"due", tr(lang, "plan.col.due"), a.Due)
		b.WriteString("\n")
		status := a.Status
		if status == "" {
			status = "planerad"
		}
		writeVocabSelect(&b, lang, e, "activity_status", aid+"status", ap+"status", tr(lang, "plan.col.status"), status)
		b.WriteString("\n</fieldset>\n")
	}
	return template.HTML(b.String())
}

// writeInputField is the "input" partial with Type, Class, ID, Name,
// Label and Value (no hint, not required).
func writeInputField(b *strings.Builder, e formErrors, typ, class, id, name, label, value string) {
	b.WriteString(`<p class="field`)
	if class != "" {
		b.WriteByte(' ')
		writeText(b, class)
	}
	b.WriteString("\">\n")
	writeFieldLabel(b, id, label)
	b.WriteString("\n<input type=\"")
	writeText(b, typ)
	b.WriteString(`" id="`)
	writeText(b, id)
	b.WriteString(`" name="`)
	writeText(b, name)
	b.WriteByte('"')
	if typ != "password" {
		b.WriteString(` value="`)
		writeText(b, value)
		b.WriteByte('"')
	}
	b.WriteString(string(e.Described(id, nil)))
	b.WriteString(">\n")
	writeFieldErr(b, e, id)
	b.WriteString("\n</p>")
}

// writeVocabSelect is the "select" partial over the vocabulary vocab with
// Value chosen (not Closed, no Empty, no hint).
func writeVocabSelect(b *strings.Builder, lang string, e formErrors, vocab, id, name, label, value string) {
	b.WriteString("<p class=\"field\">\n")
	writeFieldLabel(b, id, label)
	b.WriteString("\n<select id=\"")
	writeText(b, id)
	b.WriteString(`" name="`)
	writeText(b, name)
	b.WriteByte('"')
	b.WriteString(string(e.Described(id, nil)))
	b.WriteString(">\n")
	v := vocabularies[vocab]
	if value != "" && !v.Has(value) {
		b.WriteString(`<option value="`)
		writeText(b, value)
		b.WriteString(`" selected>`)
		writeText(b, value)
		b.WriteString(`</option>`)
	}
	b.WriteString("\n")
	for _, term := range v {
		b.WriteString(`<option value="`)
		writeText(b, term.Code)
		b.WriteByte('"')
		if term.Code == value {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		writeText(b, v.Label(term.Code, lang))
		b.WriteString("</option>\n")
	}
	b.WriteString("\n</select>\n")
	writeFieldErr(b, e, id)
	b.WriteString("\n</p>")
}

// writeFieldLabel is the "field.label" partial without the required mark.
func writeFieldLabel(b *strings.Builder, id, label string) {
	b.WriteString(`<label for="`)
	writeText(b, id)
	b.WriteString(`">`)
	writeText(b, label)
	b.WriteString(`</label>`)
}

// writeFieldErr is the "fielderr" partial of the input id.
func writeFieldErr(b *strings.Builder, e formErrors, id string) {
	msgs := e.byID[id]
	if len(msgs) == 0 {
		return
	}
	b.WriteString(`<span class="field-error" id="`)
	writeText(b, id)
	b.WriteString(`-err">`)
	for i, m := range msgs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(`<span class="icon" aria-hidden="true">⚠ </span>`)
		writeText(b, m)
	}
	b.WriteString(`</span>`)
}

// writeTotal is the "total" partial of partials.html.
func writeTotal(b *strings.Builder, t totalView) {
	b.WriteString(`<span class="nowrap">`)
	writeText(b, t.Amount)
	b.WriteString(`</span>`)
	if t.Note != "" {
		b.WriteString(` <span class="muted total-note">(`)
		writeText(b, t.Note)
		b.WriteString(`)</span>`)
	}
}
