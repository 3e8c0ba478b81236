package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan"
)

// The coverage matrix of a network (/natverk/{slug}/matris): members ×
// areas, each cell the running collaborations covering it, the gaps in
// words, the outside participants apart; exportable as CSV and XLSX. The
// matrix itself is samverkan.BuildCoverage.

type coveragePage struct {
	Network *samverkan.Network
	Members []memberHead
	Rows    []coverageRow
	Gaps    []string
	Outside []outsideRow
	// None is the text of an uncovered cell, translated once for the
	// page rather than by a template call per cell (issue 16).
	None string
	// RowsHTML and OutsideHTML are Rows and Outside as table rows
	// (coverage_html.go).
	RowsHTML, OutsideHTML template.HTML
}

type memberHead struct{ Code, Name string }

type coverageRow struct {
	Area    string
	Covered int
	Of      int
	// CoveredText is "Covered of Of" in words, made once per row.
	CoveredText string
	Cells       []coverageCell
}

type coverageCell struct {
	Member string
	Refs   []samverkan.CoverageRef
}

type outsideRow struct {
	Code, Name string // Code "" for a party
	Areas      string
	Refs       []samverkan.CoverageRef
}

// coverage loads a network and computes its matrix.
func (s *server) coverage(ctx context.Context, slug string) (*samverkan.Network, samverkan.Coverage, error) {
	return samverkan.NetworkCoverage(ctx, s.store, s.cat, slug, samverkan.Today())
}

func (s *server) areaName(code, lang string) string {
	if a, ok := s.cat.Area(code); ok {
		return a.Label(lang)
	}
	return code
}

func (s *server) handleCoverage(w http.ResponseWriter, r *http.Request) {
	n, cov, err := s.coverage(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	lang := langOf(r)
	d := coveragePage{Network: n, None: tr(lang, "cov.cell.none")}
	for _, m := range cov.Members {
		d.Members = append(d.Members, memberHead{m, s.cat.MunicipalityName(m)})
	}
	for _, a := range cov.Areas {
		row := coverageRow{Area: s.areaName(a.Area, lang), Covered: a.Covered, Of: len(cov.Members),
			CoveredText: tr(lang, "cov.of", a.Covered, len(cov.Members))}
		for i, refs := range a.Cells {
			row.Cells = append(row.Cells, coverageCell{Member: d.Members[i].Name, Refs: refs})
		}
		d.Rows = append(d.Rows, row)
	}
	for _, g := range cov.Gaps() {
		d.Gaps = append(d.Gaps, g.Text(lang, s.areaName(g.Area, lang), s.cat.MunicipalityName))
	}
	for _, o := range cov.Outside {
		row := outsideRow{Code: o.Code, Name: o.Party, Refs: o.Collaborations}
		if o.Code != "" {
			row.Name = s.cat.MunicipalityName(o.Code)
		}
		var names []string
		for _, a := range o.Areas {
			names = append(names, s.areaName(a, lang))
		}
		row.Areas = strings.Join(names, ", ")
		d.Outside = append(d.Outside, row)
	}
	d.RowsHTML, d.OutsideHTML = coverageRowsHTML(d.Rows, d.None), outsideRowsHTML(d.Outside)
	s.render(w, r, http.StatusOK, "coverage", page{Title: tr(lang, "cov.title", n.Name), Data: d})
}

// coverageTable is the matrix as rows of text, for the exports: a header
// row, one row per area, then the outside participants.
func (s *server) coverageTable(cov samverkan.Coverage, lang string) [][]string {
	head := []string{tr(lang, "cov.col.area")}
	for _, m := range cov.Members {
		head = append(head, s.cat.MunicipalityName(m))
	}
	head = append(head, tr(lang, "cov.col.covered"))
	out := [][]string{head}
	for _, a := range cov.Areas {
		row := []string{s.areaName(a.Area, lang)}
		for _, refs := range a.Cells {
			row = append(row, refTitles(refs))
		}
		row = append(row, strconv.Itoa(a.Covered)+" / "+strconv.Itoa(len(cov.Members)))
		out = append(out, row)
	}
	if len(cov.Outside) > 0 {
		out = append(out, []string{}, []string{tr(lang, "cov.outside"), tr(lang, "cov.col.collaborations")})
		for _, o := range cov.Outside {
			name := o.Party
			if o.Code != "" {
				name = s.cat.MunicipalityName(o.Code)
			}
			out = append(out, []string{name, refTitles(o.Collaborations)})
		}
	}
	return out
}

func refTitles(refs []samverkan.CoverageRef) string {
	t := make([]string, len(refs))
	for i, r := range refs {
		t[i] = r.Title
	}
	return strings.Join(t, "; ")
}

// handleCoverageExport downloads the matrix as CSV (semicolons, UTF-8 with
// BOM, as Swedish Excel reads it) or XLSX.
func (s *server) handleCoverageExport(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, cov, err := s.coverage(r.Context(), r.PathValue("slug"))
		if err != nil {
			s.error(w, r, err)
			return
		}
		rows := s.coverageTable(cov, langOf(r))
		var buf bytes.Buffer
		ctype := "text/csv; charset=utf-8"
		if format == "xlsx" {
			ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
			err = writeXLSX(&buf, tr(langOf(r), "cov.kind"), rows)
		} else {
			err = writeCSV(&buf, rows)
		}
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ctype)
		h.Set("Content-Disposition", `attachment; filename="`+n.Slug+`-matris.`+format+`"`)
		h.Set("Content-Length", strconv.Itoa(buf.Len()))
		h.Set("Cache-Control", "no-cache")
		w.Write(buf.Bytes())
	}
}

// safeCell keeps a spreadsheet from reading a title as a formula.
func safeCell(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

func writeCSV(w io.Writer, rows [][]string) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = ';', true
	for _, row := range rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = safeCell(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeXLSXExcelize writes rows as a one-sheet workbook through excelize:
// text cells, the first column wide, the first row and column frozen.
// writeXLSX (coverage_xlsx.go) writes the same bytes faster.
func writeXLSXExcelize(w io.Writer, sheet string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, row := range rows {
		vals := make([]any, len(row))
		for j, v := range row {
			vals[j] = v // text cells: excelize never evaluates them
		}
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(sheet, "A", "A", 32); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: 1, TopLeftCell: "B2", ActivePane: "bottomRight"}); err != nil {
		return err
	}
	return f.Write(w)
}
