package tabular

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/samverkan/samverkan"
)

// Export is a network's data as it is written out.
type Export struct {
	Network        *samverkan.Network         `json:"network"`
	Exported       time.Time                  `json:"exported"`
	Public         bool                       `json:"public"`
	Collaborations []*samverkan.Collaboration `json:"collaborations"`
	cat            *samverkan.Catalog
}

// Load reads a network and its collaborations for export. A public
// export leaves out records that are not public and all personal data
// (contact names, e-mail addresses, phone numbers); a network that is not
// public has no public export.
func Load(ctx context.Context, s samverkan.Store, cat *samverkan.Catalog, slug string, public bool) (*Export, error) {
	return load(ctx, s, cat, slug, public, nil)
}

// load is Load telling progress how many records it has read of how many
// (an export job's progress bar); progress may be nil.
func load(ctx context.Context, s samverkan.Store, cat *samverkan.Catalog, slug string, public bool, progress func(read, total int) error) (*Export, error) {
	n, err := s.NetworkBySlug(ctx, slug)
	if err != nil {
		return nil, err
	}
	if public && !n.Public {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket %q har ingen offentlig export.", slug)
	}
	cs, err := networkCollaborations(ctx, s, n.Slug, progress)
	if err != nil {
		return nil, err
	}
	e := &Export{Network: n, Exported: time.Now().UTC().Truncate(time.Second), Public: public, cat: cat}
	for _, c := range cs {
		if public {
			if !c.Public {
				continue
			}
			c = clone(c)
			for i := range c.Contacts {
				c.Contacts[i] = samverkan.Contact{Function: c.Contacts[i].Function}
			}
		}
		e.Collaborations = append(e.Collaborations, c)
	}
	return e, nil
}

// Filename returns the file name for a download in the given format.
func (e *Export) Filename(format string) string {
	name := "samverkan-" + e.Network.Slug
	if e.Public {
		name += "-offentlig"
	}
	return name + "-" + e.Exported.Format("2006-01-02") + "." + format
}

// ContentTypes per export format.
var ContentTypes = map[string]string{
	"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"csv":  "text/csv; charset=utf-8",
	"json": "application/json",
}

// Write writes the export in format xlsx, csv or json.
func (e *Export) Write(w io.Writer, format string) error {
	switch format {
	case "xlsx":
		return e.WriteXLSX(w)
	case "csv":
		return e.WriteCSV(w)
	case "json":
		return e.WriteJSON(w)
	}
	return samverkan.Errorf(samverkan.EINVALID, "Okänt format %q. Välj xlsx, csv eller json.", format)
}

// WriteJSON writes the network and its collaborations as JSON, indented,
// as encoding/json writes the Export: encoding/json writes it without its
// collaborations (the last member) and Collaboration.AppendJSON writes
// them, indented as it goes; encoding/json's reflection over 365 whole
// records and its second pass to indent them were a fifth of a network's
// export (issue 16, first render). writeJSONReference is the oracle.
func (e *Export) WriteJSON(w io.Writer) error {
	if len(e.Collaborations) == 0 {
		return e.writeJSONReference(w)
	}
	blank := *e
	blank.Collaborations = nil
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&blank); err != nil {
		return err
	}
	const tail = "\"collaborations\": null\n}\n"
	head, ok := bytes.CutSuffix(buf.Bytes(), []byte(tail))
	if !ok {
		return e.writeJSONReference(w)
	}
	pooled := jsonPool.Get().(*[]byte)
	defer jsonPool.Put(pooled)
	out := append((*pooled)[:0], head...)
	out = append(out, "\"collaborations\": ["...)
	style := samverkan.JSONStyle{EscapeHTML: true, Indent: "  ", Depth: 2}
	var err error
	for i, c := range e.Collaborations {
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n    "...)
		if out, err = c.AppendJSON(out, style); err != nil {
			return e.writeJSONReference(w) // encoding/json tells the error
		}
	}
	out = append(out, "\n  ]\n}\n"...)
	*pooled = out
	_, err = w.Write(out)
	return err
}

// jsonPool keeps the bodies WriteJSON writes (about 1 MB for 365 records),
// grown anew for every export otherwise.
var jsonPool = sync.Pool{New: func() any { return new([]byte) }}

// writeJSONReference is WriteJSON by encoding/json alone.
func (e *Export) writeJSONReference(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(e)
}

// WriteCSV writes the collaborations in the import template's columns
// (with the ID first), semicolon-separated UTF-8 with a byte-order mark,
// as Swedish Excel opens it; the file imports again as it is. Text that
// starts like a formula is neutralised (CSVText), numbers never are.
func (e *Export) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	cw.UseCRLF = true
	sh := e.collaborationSheet()
	if err := cw.Write(sh.headers()); err != nil {
		return err
	}
	rec := make([]string, len(sh.cols))
	for _, row := range sh.rows {
		for i, v := range row {
			rec[i] = csvValue(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func csvValue(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return CSVText(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case samverkan.Date:
		return x.String()
	}
	return ""
}

// sheet is one table of an export.
type sheet struct {
	name string
	cols []sheetCol
	rows [][]any // string, int64, int, samverkan.Date or nil
}

type sheetCol struct {
	header string
	width  float64
}

func (s *sheet) headers() []string {
	out := make([]string, len(s.cols))
	for i, c := range s.cols {
		out[i] = c.header
	}
	return out
}

func (e *Export) sheets() []*sheet {
	out := []*sheet{e.collaborationSheet(), e.participantSheet(), e.documentSheet(), e.contactSheet(), e.memberSheet()}
	return out
}

func (e *Export) collaborationSheet() *sheet {
	sh := &sheet{name: SheetCollaborations}
	for _, c := range append([]Column{idColumn}, Columns...) {
		sh.cols = append(sh.cols, sheetCol{c.Header, c.Width})
	}
	for _, c := range e.Collaborations {
		sh.rows = append(sh.rows, e.templateRow(c))
	}
	return sh
}

// templateRow is one collaboration in the template's columns, ID first.
func (e *Export) templateRow(c *samverkan.Collaboration) []any {
	var munis, parties []string
	for _, p := range c.Participants {
		if p.Code != "" {
			munis = append(munis, e.cat.MunicipalityName(p.Code))
		} else {
			parties = append(parties, p.Party)
		}
	}
	areas := make([]string, len(c.Areas), len(c.Areas)+len(c.AreasToReview))
	for i, a := range c.Areas {
		areas[i] = a
		if ar, ok := e.cat.Area(a); ok {
			areas[i] = ar.SV
		}
	}
	// The texts to review go out as written, so the file imports again
	// as it is and they stay to review.
	areas = append(areas, c.AreasToReview...)
	var agreement samverkan.Date
	if i := AgreementIndex(c); i >= 0 {
		agreement = c.Documents[i].ValidTo
	}
	var cost any
	if c.AnnualCost != nil {
		cost = *c.AnnualCost
	}
	host := ""
	if c.Host != "" {
		host = e.cat.MunicipalityName(c.Host)
	}
	functions := make([]string, len(c.Contacts))
	for i, ct := range c.Contacts {
		functions[i] = ct.Function
	}
	costKey := ""
	if c.CostKey != "" {
		costKey = samverkan.CostKeys.Label(c.CostKey, "sv")
	}
	return []any{int(c.ID), c.Title, strings.Join(areas, "; "), samverkan.LegalFormTerms().Label(c.LegalForm, "sv"), host,
		strings.Join(munis, "; "), strings.Join(parties, "; "), c.Start, c.End,
		samverkan.StatusTerms().Label(c.Status, "sv"), agreement, cost, costKey, strings.Join(functions, "; "),
		c.Description, yesNo(c.Public)}
}

func yesNo(b bool) string {
	if b {
		return "Ja"
	}
	return "Nej"
}

func (e *Export) participantSheet() *sheet {
	sh := &sheet{name: SheetParticipants, cols: []sheetCol{{"ID", 8}, {"Samverkan", 40}, {"Kommunkod", 11},
		{"Kommun eller part", 30}, {"Typ", 22}, {"Roll", 18}, {"Inträde", 12}, {"Utträde", 12}}}
	for _, c := range e.Collaborations {
		for _, p := range c.Participants {
			name, kind := p.Party, samverkan.PartyKinds.Label(p.PartyKind, "sv")
			if p.Code != "" {
				name, kind = e.cat.MunicipalityName(p.Code), "Kommun"
			}
			sh.rows = append(sh.rows, []any{int(c.ID), c.Title, p.Code, name, kind, samverkan.Roles.Label(p.Role, "sv"), p.Joined, p.Left})
		}
	}
	return sh
}

func (e *Export) documentSheet() *sheet {
	sh := &sheet{name: SheetDocuments, cols: []sheetCol{{"ID", 8}, {"Samverkan", 40}, {"Typ", 24}, {"Titel", 36},
		{"Antaget av", 22}, {"Antaget i", 16}, {"Antaget", 12}, {"Paragraf", 10}, {"Giltigt från", 12}, {"Giltigt till", 12},
		{"Uppsägningstid (månader)", 12}, {"Förlängning", 24}, {"Länk", 40}}}
	for _, c := range e.Collaborations {
		for _, d := range c.Documents {
			var notice any
			if d.NoticeMonths != nil {
				notice = *d.NoticeMonths
			}
			in := ""
			if d.AdoptedIn != "" {
				in = e.cat.MunicipalityName(d.AdoptedIn)
			}
			by := ""
			if d.AdoptedBy != "" {
				by = samverkan.Bodies.Label(d.AdoptedBy, "sv")
			}
			sh.rows = append(sh.rows, []any{int(c.ID), c.Title, samverkan.DocumentTypes.Label(d.Type, "sv"), d.Title, by, in,
				d.Adopted, d.Paragraph, d.ValidFrom, d.ValidTo, notice, d.Renewal, d.URL})
		}
	}
	return sh
}

func (e *Export) contactSheet() *sheet {
	sh := &sheet{name: SheetContacts, cols: []sheetCol{{"ID", 8}, {"Samverkan", 40}, {"Funktion", 30}}}
	if !e.Public {
		sh.cols = append(sh.cols, sheetCol{"Namn", 24}, sheetCol{"E-post", 30}, sheetCol{"Telefon", 16})
	}
	for _, c := range e.Collaborations {
		for _, ct := range c.Contacts {
			row := []any{int(c.ID), c.Title, ct.Function}
			if !e.Public {
				row = append(row, ct.Name, ct.Email, ct.Phone)
			}
			sh.rows = append(sh.rows, row)
		}
	}
	return sh
}

func (e *Export) memberSheet() *sheet {
	sh := &sheet{name: "Medlemmar", cols: []sheetCol{{"Kommunkod", 11}, {"Kommun", 24}, {"Inträde", 12}, {"Utträde", 12}}}
	for _, m := range e.Network.Members {
		sh.rows = append(sh.rows, []any{m.Code, e.cat.MunicipalityName(m.Code), m.Joined, m.Left})
	}
	return sh
}
