package tabular

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan"
)

// WriteXLSX writes one sheet per entity (collaborations, participants,
// documents, contacts, members), each with a styled and frozen header
// row, filters and column widths.
func (e *Export) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	// Every sheet exists, and the first is the active one, before any is
	// streamed: SetActiveSheet after streaming parsed every written sheet
	// back into memory, and WriteTo then wrote them out again (three
	// quarters of an export's time).
	sheets := e.sheets()
	for i, sh := range sheets {
		if err := addSheet(f, i, sh.name); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	for _, sh := range sheets {
		if err := writeSheet(f, st, sh); err != nil {
			return fmt.Errorf("write sheet %s: %w", sh.name, err)
		}
	}
	_, err = f.WriteTo(w)
	return err
}

// addSheet names the first sheet or adds another.
func addSheet(f *excelize.File, i int, name string) error {
	if i == 0 {
		return f.SetSheetName(f.GetSheetName(0), name)
	}
	_, err := f.NewSheet(name)
	return err
}

type styles struct{ header, date, amount int }

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	s.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{Vertical: "center", WrapText: true},
		Border:    []excelize.Border{{Type: "bottom", Color: "000000", Style: 1}},
	})
	if err != nil {
		return s, err
	}
	format := "yyyy-mm-dd"
	if s.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &format}); err != nil {
		return s, err
	}
	s.amount, err = f.NewStyle(&excelize.Style{NumFmt: 3}) // #,##0: grouped whole kronor
	return s, err
}

// writeSheet streams one sheet: widths, header, frozen first row, rows,
// then a filter over the whole table.
func writeSheet(f *excelize.File, st styles, sh *sheet) error {
	// The filter goes on the empty sheet, before the stream writer takes
	// it: the stream writes it out with the rows, where AutoFilter after
	// Flush parsed the whole written sheet back (half the export's time).
	last, err := excelize.CoordinatesToCellName(len(sh.cols), len(sh.rows)+1)
	if err != nil {
		return err
	}
	if err := f.AutoFilter(sh.name, "A1:"+last, nil); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sh.name)
	if err != nil {
		return err
	}
	// Last column first: excelize puts each new width before the ones it
	// has, and Excel wants the columns in order.
	for i := len(sh.cols) - 1; i >= 0; i-- {
		if err := sw.SetColWidth(i+1, i+1, sh.cols[i].width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(sh.cols))
	for i, c := range sh.cols {
		head[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := sw.SetRow("A1", head, excelize.RowOpts{Height: 30}); err != nil {
		return err
	}
	cells := make([]any, len(sh.cols))
	for r, row := range sh.rows {
		for i, v := range row {
			cells[i] = xlsxCell(st, v)
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", r+2), cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func xlsxCell(st styles, v any) any {
	switch x := v.(type) {
	case samverkan.Date:
		if x.IsZero() {
			return nil
		}
		return excelize.Cell{StyleID: st.date, Value: x.Time()}
	case int64:
		return excelize.Cell{StyleID: st.amount, Value: x}
	case string:
		if x == "" {
			return nil
		}
	}
	return v
}
