package tabular

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"

	"github.com/samverkan/samverkan"
)

// templateRows is how far down the template's validation lists reach.
const templateRows = 2000

// codeList is one list on the Koder sheet: the names people choose from
// and the codes they stand for.
type codeList struct {
	field  Field
	title  string
	names  []string
	codes  []string
	strict bool // a cell holds exactly one value from the list
}

func codeLists(cat *samverkan.Catalog) []codeList {
	var forms, statuses, areas, keys, munis codeList
	forms = codeList{field: FieldLegalForm, title: "Samverkansform", strict: true}
	for _, f := range samverkan.LegalForms {
		forms.names, forms.codes = append(forms.names, f.SV), append(forms.codes, f.Code)
	}
	statuses = codeList{field: FieldStatus, title: "Status", strict: true}
	for _, s := range samverkan.Statuses {
		statuses.names, statuses.codes = append(statuses.names, s.SV), append(statuses.codes, s.Code)
	}
	areas = codeList{field: FieldAreas, title: "Område"}
	for _, a := range cat.Areas() {
		areas.names, areas.codes = append(areas.names, a.SV), append(areas.codes, a.Code)
	}
	keys = codeList{field: FieldCostKey, title: "Fördelningsnyckel", strict: true}
	for _, k := range samverkan.CostKeys {
		keys.names, keys.codes = append(keys.names, k.SV), append(keys.codes, k.Code)
	}
	munis = codeList{field: FieldHost, title: "Kommun"}
	for _, m := range cat.Municipalities() {
		munis.names, munis.codes = append(munis.names, m.Name), append(munis.codes, m.Code)
	}
	return []codeList{forms, statuses, areas, keys, munis}
}

// WriteTemplate writes the import template: the Samverkan sheet with the
// DESIGN.md columns and drop-down lists, instructions in Swedish, and the
// valid codes.
func WriteTemplate(w io.Writer, cat *samverkan.Catalog) error {
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetSheetName(f.GetSheetName(0), SheetCollaborations); err != nil {
		return err
	}
	if err := templateSheet(f, st); err != nil {
		return err
	}
	if err := instructionsSheet(f, st); err != nil {
		return err
	}
	lists := codeLists(cat)
	if err := codesSheet(f, st, lists); err != nil {
		return err
	}
	if err := validations(f, lists); err != nil {
		return err
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(w)
	return err
}

func templateSheet(f *excelize.File, st styles) error {
	sh := SheetCollaborations
	for i, c := range Columns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		if err := f.SetCellValue(sh, cell, c.Header); err != nil {
			return err
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sh, col, col, c.Width); err != nil {
			return err
		}
	}
	last, _ := excelize.CoordinatesToCellName(len(Columns), 1)
	if err := f.SetRowHeight(sh, 1, 30); err != nil {
		return err
	}
	// Dates and amounts typed into the template keep their meaning.
	for _, fld := range []Field{FieldStart, FieldEnd, FieldAgreementValidTo} {
		col := columnLetter(fld)
		if err := f.SetColStyle(sh, col, st.date); err != nil {
			return err
		}
	}
	if err := f.SetColStyle(sh, columnLetter(FieldAnnualCost), st.amount); err != nil {
		return err
	}
	if err := f.SetCellStyle(sh, "A1", last, st.header); err != nil {
		return err
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// columnLetter returns the template column of a field ("B").
func columnLetter(fld Field) string {
	for i, c := range Columns {
		if c.Field == fld {
			name, _ := excelize.ColumnNumberToName(i + 1)
			return name
		}
	}
	return ""
}

var instructions = []string{
	"Så fyller du i mallen",
	"",
	"Varje rad på bladet Samverkan är en samverkan. Rubrikraden ska stå kvar; kolumnernas ordning spelar ingen roll och kolumner som saknas lämnas orörda vid import.",
	"Namn måste fyllas i. Allt annat kan lämnas tomt och fyllas i senare i Samverkan.",
	"Kommuner anges med namn (med eller utan ”kommun”, med eller utan å, ä och ö) eller med den fyrsiffriga kommunkoden.",
	"Flera värden i en cell skiljs med semikolon, komma, ”och” eller radbrytning, t.ex. ”Gislaved, Gnosjö och Vaggeryd”.",
	"Datum skrivs helst 2018-10-03, men 3 oktober 2018, 03.10.2018 och Excels datumceller fungerar också. Ett årtal ensamt läses som 1 januari.",
	"Belopp anges i hela kronor per år: 1 200 000, 1 200 000 kr, 1,2 mnkr eller 350 tkr.",
	"Offentlig: ja eller nej (x, true och false fungerar också). Offentliga uppgifter visas för alla; namn, e-post och telefon visas aldrig offentligt.",
	"Samverkansform, Status, Område och Fördelningsnyckel väljs i listorna eller skrivs med namn eller kod från bladet Koder.",
	"",
	"Import",
	"Välj nätverket i Samverkan, Importera, och ladda upp filen. Du ser först vad som skapas, ändras eller är fel på varje rad, med radnummer. Ingenting sparas förrän du bekräftar, och bara om ingen rad har fel.",
	"Läser du in samma fil igen uppdateras befintliga samverkan i stället för att dubbleras: raden matchas på kolumnen ID om den finns, annars på namn och värdkommun.",
	"Högst 20 000 rader och 10 MB per fil. Filen kan också vara CSV (semikolon eller komma, UTF-8 eller Windows-1252).",
	"",
	"Kolumner",
}

func instructionsSheet(f *excelize.File, st styles) error {
	sh := SheetInstructions
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "A", "A", 24); err != nil {
		return err
	}
	if err := f.SetColWidth(sh, "B", "B", 100); err != nil {
		return err
	}
	row := 1
	for _, line := range instructions {
		cell := fmt.Sprintf("A%d", row)
		if err := f.SetCellValue(sh, cell, line); err != nil {
			return err
		}
		row++
	}
	for _, c := range Columns {
		if err := f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &[]any{c.Header, c.Hint}); err != nil {
			return err
		}
		row++
	}
	for _, cell := range []string{"A1", "A12", "A17"} {
		if err := f.SetCellStyle(sh, cell, cell, st.header); err != nil {
			return err
		}
	}
	return nil
}

func codesSheet(f *excelize.File, st styles, lists []codeList) error {
	sh := SheetCodes
	if _, err := f.NewSheet(sh); err != nil {
		return err
	}
	for i, l := range lists {
		nameCol, _ := excelize.ColumnNumberToName(3*i + 1)
		codeCol, _ := excelize.ColumnNumberToName(3*i + 2)
		if err := f.SetColWidth(sh, nameCol, nameCol, 40); err != nil {
			return err
		}
		if err := f.SetColWidth(sh, codeCol, codeCol, 24); err != nil {
			return err
		}
		if err := f.SetSheetRow(sh, nameCol+"1", &[]any{l.title, "Kod"}); err != nil {
			return err
		}
		if err := f.SetCellStyle(sh, nameCol+"1", codeCol+"1", st.header); err != nil {
			return err
		}
		for j := range l.names {
			if err := f.SetSheetRow(sh, fmt.Sprintf("%s%d", nameCol, j+2), &[]any{l.names[j], l.codes[j]}); err != nil {
				return err
			}
		}
	}
	return f.SetPanes(sh, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// validations add drop-down lists from the Koder sheet. Lists where a
// cell may hold several values (areas) or a name typed another way
// (municipalities) only warn.
func validations(f *excelize.File, lists []codeList) error {
	for i, l := range lists {
		nameCol, _ := excelize.ColumnNumberToName(3*i + 1)
		src := fmt.Sprintf("'%s'!$%s$2:$%s$%d", SheetCodes, nameCol, nameCol, len(l.names)+1)
		col := columnLetter(l.field)
		dv := excelize.NewDataValidation(true)
		dv.SetSqref(fmt.Sprintf("%s2:%s%d", col, col, templateRows))
		dv.SetSqrefDropList(src)
		style := excelize.DataValidationErrorStyleStop
		msg := "Välj ett värde i listan (se bladet Koder)."
		if !l.strict {
			style = excelize.DataValidationErrorStyleWarning
			msg = "Värdet finns inte i listan. Flera värden skiljs med semikolon; välj Ja för att behålla det du skrev."
		}
		dv.SetError(style, l.title, msg)
		if err := f.AddDataValidation(SheetCollaborations, dv); err != nil {
			return err
		}
	}
	return nil
}
