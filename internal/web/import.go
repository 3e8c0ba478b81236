package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/jobs"
	"github.com/samverkan/samverkan/internal/tabular"
)

// maxPreviewRows caps the rows listed on the preview; every error is
// listed regardless.
const maxPreviewRows = 500

// maxPreviewWarnings caps the warnings listed on the preview; the summary
// counts them all.
const maxPreviewWarnings = 500

// importPage is the upload form, the preview and the result.
type importPage struct {
	Network  *samverkan.Network
	Error    string
	Filename string
	Token    string
	Plan     *tabular.Plan
	Rows     []tabular.RowPlan // what the preview lists
	Hidden   int               // rows left out of the list
	Errors   []tabular.RowError
	// Warnings are listed up to maxPreviewWarnings; HiddenWarnings
	// counts the rest.
	Warnings       []tabular.RowError
	HiddenWarnings int
	Mapping        []mappingChoice
	Fields         []fieldOption
	Result         tabular.Result
	Missing        string // template columns the file lacks
	Writes         int    // rows that would be written
	// Override is the mapping the plan was made with; the confirm form
	// carries it.
	Override map[int]tabular.Field
}

// mappingChoice is one column the mapping step asks about.
type mappingChoice struct {
	Index  int
	Header string
	Chosen string
}

type fieldOption struct{ Value, Label string }

func (s *server) importNetwork(w http.ResponseWriter, r *http.Request) (*samverkan.Network, bool) {
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.error(w, r, err)
		return nil, false
	}
	return n, true
}

func (s *server) handleImportForm(w http.ResponseWriter, r *http.Request) {
	n, ok := s.importNetwork(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "import", page{Title: tr(langOf(r), "import.title", n.Name), Data: importPage{Network: n}})
}

// handleImportUpload reads and plans the uploaded file, keeps it in the
// database and shows the preview. Problems with the file as a whole come
// back on the upload form, and such a file is not kept.
func (s *server) handleImportUpload(w http.ResponseWriter, r *http.Request) {
	n, ok := s.importNetwork(w, r)
	if !ok {
		return
	}
	uploads, ok := s.store.(samverkan.UploadStore)
	if !ok {
		s.serverError(w, r, errors.New("web: store keeps no uploads"))
		return
	}
	data, name, err := readUpload(w, r)
	if err != nil {
		s.importFormError(w, r, n, err)
		return
	}
	u := &samverkan.Upload{Network: n.Slug, Filename: name, Content: data}
	p, _, err := s.runImport(r.Context(), n, u, nil, true)
	if err != nil {
		s.importFormError(w, r, n, err)
		return
	}
	if err := uploads.SaveUpload(r.Context(), u); err != nil {
		s.error(w, r, err)
		return
	}
	s.preview(w, r, n, u, p, nil)
}

// runImport reads and plans an upload, the one parse of this request,
// and applies it unless dry.
func (s *server) runImport(ctx context.Context, n *samverkan.Network, u *samverkan.Upload, override map[int]tabular.Field, dry bool) (*tabular.Plan, *tabular.Result, error) {
	return tabular.NewImporter(s.store, s.cat, s.log).Import(ctx, tabular.Request{
		Network: n.Slug, Data: u.Content, Filename: u.Filename, DryRun: dry, Override: override})
}

// readUpload returns the posted file, at most MaxFileSize bytes.
func readUpload(w http.ResponseWriter, r *http.Request) ([]byte, string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, tabular.MaxFileSize+1<<20)
	f, h, err := r.FormFile("fil")
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return nil, "", &tabular.FileError{Kind: tabular.KindTooBig, Message: tr("sv", "import.error.too_big")}
	case err != nil:
		return nil, "", samverkan.Errorf(samverkan.EINVALID, "%s", tr("sv", "import.error.no_file"))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, tabular.MaxFileSize+1))
	if err != nil {
		return nil, "", samverkan.Errorf(samverkan.EINVALID, "%s", tr("sv", "import.error.no_file"))
	}
	return data, h.Filename, nil
}

func (s *server) importFormError(w http.ResponseWriter, r *http.Request, n *samverkan.Network, err error) {
	lang := langOf(r)
	status := http.StatusUnprocessableEntity
	msg := samverkan.ErrorMessage(err)
	switch {
	case errors.Is(err, tabular.ErrBusy):
		// The upload is not kept: the person sends it again.
		status, msg = http.StatusServiceUnavailable, tr(lang, "import.error.busy")
		w.Header().Set("Retry-After", strconv.Itoa(int(tabular.RetryAfter.Seconds())))
	case samverkan.ErrorCode(err) != samverkan.EINVALID:
		s.error(w, r, err)
		return
	case lang == "en":
		var fe *tabular.FileError
		if errors.As(err, &fe) {
			msg = fileErrorText(lang, fe)
		}
	}
	s.render(w, r, status, "import", page{Title: tr(lang, "import.title", n.Name),
		ErrorID: "fel", Data: importPage{Network: n, Error: msg}})
}

// handleImportPreview plans the stored upload again with the columns the
// user mapped.
func (s *server) handleImportPreview(w http.ResponseWriter, r *http.Request) {
	n, u, override, ok := s.storedUpload(w, r)
	if !ok {
		return
	}
	p, _, err := s.runImport(r.Context(), n, u, override, true)
	if err != nil {
		s.importFormError(w, r, n, err)
		return
	}
	s.preview(w, r, n, u, p, override)
}

// preview shows plan p of upload u.
func (s *server) preview(w http.ResponseWriter, r *http.Request, n *samverkan.Network, u *samverkan.Upload, p *tabular.Plan, override map[int]tabular.Field) {
	lang := langOf(r)
	d := importPage{Network: n, Filename: u.Filename, Token: u.Token, Plan: p, Errors: p.Errors(), Fields: s.fieldOptions(lang)}
	for _, wn := range p.Warnings() {
		if len(d.Warnings) < maxPreviewWarnings {
			d.Warnings = append(d.Warnings, wn)
		} else {
			d.HiddenWarnings++
		}
	}
	for _, row := range p.Rows {
		if len(d.Rows) < maxPreviewRows {
			d.Rows = append(d.Rows, row)
		} else {
			d.Hidden++
		}
	}
	for _, c := range p.Mapping.Unmatched {
		chosen, set := override[c.Index]
		if !set {
			chosen = c.Guess
		}
		d.Mapping = append(d.Mapping, mappingChoice{Index: c.Index, Header: c.Header, Chosen: string(chosen)})
	}
	for _, c := range p.Mapping.Columns {
		if _, set := override[c.Index]; set {
			d.Mapping = append(d.Mapping, mappingChoice{Index: c.Index, Header: c.Header, Chosen: string(c.Field)})
		}
	}
	d.Override = override
	d.Missing = strings.Join(p.Missing, ", ")
	d.Writes = p.Summary.Create + p.Summary.Update
	status := http.StatusOK
	if !p.OK() {
		status = http.StatusUnprocessableEntity
	}
	s.render(w, r, status, "import_preview", page{Title: tr(lang, "import.preview.title", n.Name), Data: d})
}

func (s *server) fieldOptions(lang string) []fieldOption {
	out := []fieldOption{{"", tr(lang, "import.mapping.ignore")}}
	for _, c := range tabular.Columns {
		out = append(out, fieldOption{string(c.Field), c.Header})
	}
	return out
}

// storedUpload reads the token and the mapping choices of a preview or
// confirm form and loads the upload.
func (s *server) storedUpload(w http.ResponseWriter, r *http.Request) (*samverkan.Network, *samverkan.Upload, map[int]tabular.Field, bool) {
	n, ok := s.importNetwork(w, r)
	if !ok {
		return nil, nil, nil, false
	}
	if err := parseForm(r); err != nil {
		s.error(w, r, err)
		return nil, nil, nil, false
	}
	uploads, ok := s.store.(samverkan.UploadStore)
	if !ok {
		s.serverError(w, r, errors.New("web: store keeps no uploads"))
		return nil, nil, nil, false
	}
	u, err := uploads.Upload(r.Context(), r.PostForm.Get("token"))
	if err == nil && u.Network != n.Slug {
		err = samverkan.Errorf(samverkan.ENOTFOUND, "upload for another network")
	}
	if samverkan.ErrorCode(err) == samverkan.ENOTFOUND {
		s.importFormError(w, r, n, samverkan.Errorf(samverkan.EINVALID, "%s", tr("sv", "import.error.expired")))
		return nil, nil, nil, false
	} else if err != nil {
		s.error(w, r, err)
		return nil, nil, nil, false
	}
	return n, u, mappingFromForm(r.PostForm), true
}

// mappingFromForm reads "kolumn.N=field" choices.
func mappingFromForm(v url.Values) map[int]tabular.Field {
	var out map[int]tabular.Field
	for k, vals := range v {
		i, err := strconv.Atoi(strings.TrimPrefix(k, "kolumn."))
		if !strings.HasPrefix(k, "kolumn.") || err != nil || i < 0 || i > 1000 {
			continue
		}
		if out == nil {
			out = map[int]tabular.Field{}
		}
		out[i] = tabular.Field(vals[0])
	}
	return out
}

// handleImportConfirm plans the stored upload once more against the
// current data and applies it: all rows or none. Rows that have gone
// wrong since the preview show the preview again.
func (s *server) handleImportConfirm(w http.ResponseWriter, r *http.Request) {
	n, u, override, ok := s.storedUpload(w, r)
	if !ok {
		return
	}
	if s.jobs != nil && len(u.Content) >= ImportJobMinBytes {
		s.enqueueImport(w, r, n, u, override)
		return
	}
	p, res, err := s.runImport(writeCtx(r), n, u, override, false)
	if err != nil {
		s.importFormError(w, r, n, err)
		return
	}
	if res == nil {
		s.preview(w, r, n, u, p, override)
		return
	}
	if uploads, ok := s.store.(samverkan.UploadStore); ok {
		if err := uploads.DeleteUpload(r.Context(), u.Token); err != nil {
			s.log.WarnContext(r.Context(), "delete upload failed", "error", err)
		}
	}
	q := url.Values{"skapade": {strconv.Itoa(res.Created)}, "uppdaterade": {strconv.Itoa(res.Updated)},
		"oforandrade": {strconv.Itoa(res.Unchanged)}}
	http.Redirect(w, r, "/natverk/"+n.Slug+"/import/klar?"+q.Encode(), http.StatusSeeOther)
}

func (s *server) handleImportDone(w http.ResponseWriter, r *http.Request) {
	n, ok := s.importNetwork(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	num := func(k string) int { i, _ := strconv.Atoi(q.Get(k)); return max(i, 0) }
	d := importPage{Network: n, Result: tabular.Result{Created: num("skapade"), Updated: num("uppdaterade"), Unchanged: num("oforandrade")}}
	s.render(w, r, http.StatusOK, "import_done", page{Title: tr(langOf(r), "import.done.title"), Data: d})
}

// handleImportTemplate serves the XLSX template.
func (s *server) handleImportTemplate(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", tabular.ContentTypes["xlsx"])
	h.Set("Content-Disposition", `attachment; filename="samverkan-mall.xlsx"`)
	h.Set("Content-Length", strconv.Itoa(len(s.importTemplate)))
	w.Write(s.importTemplate)
}

// buildImportTemplate writes the import template once, at start: it
// depends only on the vocabularies and the catalogue the server was made
// with, never on the register's data, and writing the workbook took about
// 10 CPU-ms a download.
func buildImportTemplate(cat *samverkan.Catalog) ([]byte, error) {
	var buf bytes.Buffer
	if err := tabular.WriteTemplate(&buf, cat); err != nil {
		return nil, fmt.Errorf("web: import template: %w", err)
	}
	return buf.Bytes(), nil
}

// fileErrorText words a file error in lang: the kinds that name a place
// and a size get them in the sentence.
func fileErrorText(lang string, fe *tabular.FileError) string {
	switch fe.Kind {
	case tabular.KindCellTooLong:
		return tr(lang, "import.error.cell_too_long", whereText(lang, fe.Where), fe.Count, tabular.MaxCellChars)
	case tabular.KindTooManyColumns:
		if fe.Where.Cell == "" { // a CSV record wider than any sheet
			return tr(lang, "import.error.too_many_fields", fe.Where.Row, fe.Count)
		}
		return tr(lang, "import.error.too_many_columns", whereText(lang, fe.Where), fe.Count, tabular.MaxColumns)
	case tabular.KindTooLarge:
		return tr(lang, "import.error.too_large", tabular.MaxUnzipped>>20)
	case tabular.KindTooMuchText:
		return tr(lang, "import.error.too_much_text", tabular.MaxText>>20)
	}
	return tr(lang, "import.error."+fe.Kind)
}

// whereText words a place in a file: "Cell B7 (row 7) in sheet X".
func whereText(lang string, at tabular.Location) string {
	var s string
	switch {
	case at.Cell != "" && at.Row > 0:
		s = tr(lang, "import.where.cell_row", at.Cell, at.Row)
	case at.Cell != "":
		s = tr(lang, "import.where.cell", at.Cell)
	case at.Row > 0:
		s = tr(lang, "import.where.row", at.Row)
	default:
		return tr(lang, "import.where.file")
	}
	if at.Sheet != "" {
		s += tr(lang, "import.where.sheet", at.Sheet)
	}
	return s
}

// ImportJobKind is the job kind of a large import; ImportJob its input.
const ImportJobKind = "import"

// ImportJobMinBytes is the file size from which a confirmed import runs as
// a background job with a progress page instead of inside the request:
// about 2 000 rows of a typical sheet, a few seconds of work.
const ImportJobMinBytes = 256 << 10

// ImportJob is what an import job needs: the stored upload, the mapping
// step's choices, and who confirmed it (for the audit history).
type ImportJob struct {
	Upload   string                `json:"upload"`
	Override map[int]tabular.Field `json:"override,omitempty"`
	Actor    string                `json:"actor"`
}

func (s *server) enqueueImport(w http.ResponseWriter, r *http.Request, n *samverkan.Network, u *samverkan.Upload, override map[int]tabular.Field) {
	ctx := writeCtx(r)
	in, err := json.Marshal(ImportJob{Upload: u.Token, Override: override, Actor: samverkan.ActorFrom(ctx)})
	if err != nil {
		s.error(w, r, err)
		return
	}
	j := &jobs.Job{Kind: ImportJobKind, UserID: principal(r).User.ID, Network: n.Slug, Input: in}
	if err := s.jobs.Enqueue(ctx, j); err != nil {
		s.error(w, r, err)
		return
	}
	http.Redirect(w, r, "/jobb/"+strconv.FormatInt(j.ID, 10), http.StatusSeeOther)
}
