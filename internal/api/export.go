package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/tabular"
)

// exportTypes are the media types of an export's file, each with its
// schema: JSON is described, CSV is text, XLSX bytes.
func exportTypes() map[string]schemaFn {
	out := map[string]schemaFn{}
	for f, ct := range tabular.ContentTypes {
		mt, _, _ := mime.ParseMediaType(ct)
		switch f {
		case "json":
			out[mt] = obj[tabular.Export]()
		case "csv":
			out[mt] = text
		default:
			out[mt] = nil
		}
	}
	return out
}

// exportSpec documents export and import (newSpec calls it).
func exportSpec(sp *spec) {
	formats := slices.Sorted(maps.Keys(tabular.ContentTypes))
	sp.param("format", map[string]any{"description": "Export format; json when absent.", "schema": enum(formats...)})
	sp.param("public", map[string]any{"description": "true leaves out records that are not public and all personal data (contact names, e-mail addresses, phone numbers).",
		"schema": map[string]any{"type": "boolean", "default": false}})
	sp.param("dry_run", map[string]any{"description": "true plans the import and writes nothing.",
		"schema": map[string]any{"type": "boolean", "default": false}})

	sp.note("RowPlan.action", sp.vocab("ImportAction", samverkan.Vocabulary{
		{Code: tabular.ActionCreate}, {Code: tabular.ActionUpdate}, {Code: tabular.ActionUnchanged}, {Code: tabular.ActionError}}))

	sp.op("GET /api/v1/networks/{slug}/export", opDoc{summary: "Export a network",
		description: "The network's collaborations as XLSX (one sheet per entity: collaborations, participants, documents, contacts, members), " +
			"CSV (the collaborations in the import template's columns, semicolon-separated UTF-8; it imports again as it is) or JSON " +
			"(`{network, exported, public, collaborations}`). The body is the file itself, not a JSON envelope, except for format=json. " +
			"The file names the moment it was made, so it carries no ETag and is made anew on every request.",
		status: 200, resultTypes: exportTypes(), untagged: true,
		headers: map[string]any{"Content-Disposition": map[string]any{"required": true, "schema": map[string]any{"type": "string"},
			"description": `attachment; filename="samverkan-SLUG[-offentlig]-YYYY-MM-DD.FORMAT"`}},
		errors: readErrors})

	sp.note("ExportRequest.format", map[string]any{"enum": formats, "description": "The file's format; json when absent."})
	sp.op("POST /api/v1/networks/{slug}/exports", opDoc{summary: "Export a network in the background",
		description: "Queues the export as a background job and answers 202 with the job; follow it at the Location " +
			"(GET /api/v1/jobs/{job_id}) and fetch the file from its `file` when it is done. The file is the one " +
			"GET /api/v1/networks/{slug}/export gives, for networks too large to wait for in one request.",
		body: obj[ExportRequest](), status: 202, result: obj[JobView](), untagged: true,
		headers: map[string]any{"Location": map[string]any{"required": true, "schema": map[string]any{"type": "string"},
			"description": "The job: /api/v1/jobs/{job_id}."}},
		errors: []int{400, 404, 409, 415, 422, 500}})

	// The import takes the file as the body, or as the part named file of
	// a form; importTypes are the raw types the handler accepts.
	bodies := map[string]schemaFn{"multipart/form-data": func(*schemaGen) map[string]any {
		return map[string]any{"type": "object", "required": []string{"file"}, "properties": map[string]any{
			"file": map[string]any{"type": "string", "contentMediaType": "application/octet-stream", "description": "The XLSX or CSV file."}}}
	}}
	for mt := range importTypes {
		if strings.HasPrefix(mt, "text/") {
			bodies[mt] = text
		} else {
			bodies[mt] = nil
		}
	}
	sp.op("POST /api/v1/networks/{slug}/import", opDoc{summary: "Import collaborations from a spreadsheet",
		description: "The file is the request body (Content-Type `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet` or `text/csv`; " +
			"`application/csv`, `text/plain` and `application/octet-stream` are read the same way, the format told by the content), " +
			"or the part named `file` of a `multipart/form-data` body. " +
			"At most 10 MiB and 20 000 rows, values in at most 64 columns, at most 32 767 characters a cell and 24 MB of text in all; " +
			"a workbook may unpack to at most 48 MiB. The answer is the plan: per row create, update (with the changed columns) or unchanged. " +
			"A file with any row error answers 422 problem+json with one entry per error (field `rows[N].Column`) and the plan, and writes nothing; " +
			"otherwise every row is written in one transaction, unless dry_run=true. " +
			"A row whose ID names a collaboration of another network is an error. The server runs two imports at a time; " +
			"when both are busy it answers 503 with Retry-After.",
		bodyTypes: bodies, status: 200, result: obj[importResponse](), untagged: true,
		errors:   []int{400, 404, 409, 413, 415, 422, 500, 503},
		problems: map[int]schemaFn{http.StatusUnprocessableEntity: obj[ImportProblem]()}})
}

// text is the schema of a text body.
func text(*schemaGen) map[string]any { return map[string]any{"type": "string"} }

// importResponse is the answer to an import.
type importResponse struct {
	DryRun bool            `json:"dry_run"`
	Plan   *tabular.Plan   `json:"plan"`
	Result *tabular.Result `json:"result,omitempty"`
}

// ImportProblem is the 422 for a file with row errors: the problem and
// the whole plan.
type ImportProblem struct {
	Problem
	Plan *tabular.Plan `json:"plan"`
}

func boolParam(r *http.Request, name string) (bool, error) {
	switch v := r.URL.Query().Get(name); v {
	case "", "false", "0":
		return false, nil
	case "true", "1":
		return true, nil
	default:
		return false, badParam(name, "invalid_boolean", v)
	}
}

func (s *Server) handleNetworkExport(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "json"
	}
	if _, ok := tabular.ContentTypes[format]; !ok {
		s.Error(w, r, badParam("format", "unknown_format", format))
		return
	}
	public, err := boolParam(r, "public")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	e, err := tabular.Load(r.Context(), s.store, s.cat, r.PathValue("slug"), public)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.presentExport(e)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := e.Write(buf, format); err != nil {
		s.Error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", tabular.ContentTypes[format])
	h.Set("Content-Disposition", `attachment; filename="`+e.Filename(format)+`"`)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Write(buf.Bytes())
}

// importTypes are the media types an import body may have.
var importTypes = map[string]bool{
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": true,
	"text/csv":                 true,
	"application/csv":          true,
	"text/plain":               true,
	"application/octet-stream": true,
}

func (s *Server) handleNetworkImport(w http.ResponseWriter, r *http.Request) {
	dry, err := boolParam(r, "dry_run")
	if err != nil {
		s.Error(w, r, err)
		return
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" && !importTypes[mt] {
		s.Error(w, r, &httpError{code: eMediaType, detail: [2]string{
			"Skicka filen som text/csv eller application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, eller som delen file i multipart/form-data.",
			"Send the file as text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, or as the part file of multipart/form-data."}})
		return
	}
	data, err := readImportFile(w, r, mt == "multipart/form-data")
	var he *httpError
	switch {
	case errors.As(err, &he):
		s.Error(w, r, err)
		return
	case isTooLarge(err):
		s.Error(w, r, &httpError{code: eTooLarge, err: err, detail: [2]string{
			"Filen är större än 10 MiB.", "The file is larger than 10 MiB."}})
		return
	case err != nil:
		s.Error(w, r, &httpError{code: eBadRequest, err: err})
		return
	}
	p, res, err := tabular.NewImporter(s.store, s.cat, s.log).Import(writeContext(r), tabular.Request{
		Network: r.PathValue("slug"), Data: data, DryRun: dry})
	if errors.Is(err, tabular.ErrBusy) {
		w.Header().Set("Retry-After", strconv.Itoa(int(tabular.RetryAfter.Seconds())))
		s.Error(w, r, &httpError{code: eBusy, err: err})
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	if !p.OK() {
		s.writeJSON(w, r, http.StatusUnprocessableEntity, "application/problem+json", ImportProblem{rowProblem(p, langOf(r)), p})
		return
	}
	s.respond(w, r, http.StatusOK, importResponse{DryRun: dry, Plan: p, Result: res})
}

// readImportFile reads the file of an import: the body itself, or the part
// named file of a multipart/form-data body (as curl -F file=@x.xlsx and an
// HTML form send it); at most tabular.MaxFileSize bytes either way.
func readImportFile(w http.ResponseWriter, r *http.Request, form bool) ([]byte, error) {
	if !form {
		return io.ReadAll(http.MaxBytesReader(w, r.Body, tabular.MaxFileSize))
	}
	// The boundaries and other fields may add a little to the file.
	r.Body = http.MaxBytesReader(w, r.Body, tabular.MaxFileSize+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, err
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, &httpError{code: samverkan.EINVALID, fields: []samverkan.FieldError{{Field: "file", Code: "required"}}}
		}
		if err != nil {
			return nil, err
		}
		if part.FormName() != "file" {
			continue // NextPart skips what is left of it
		}
		data, err := io.ReadAll(io.LimitReader(part, tabular.MaxFileSize+1))
		if err == nil && len(data) > tabular.MaxFileSize {
			err = &http.MaxBytesError{Limit: tabular.MaxFileSize}
		}
		return data, err
	}
}

// rowProblem lists every row error of a plan as a problem entry.
func rowProblem(p *tabular.Plan, lang string) Problem {
	k := kindOf(samverkan.EINVALID)
	i := 0
	detail := fmt.Sprintf("Filen har fel på %d rader. Ingenting har sparats.", p.Summary.Errors)
	if lang == "en" {
		i, detail = 1, fmt.Sprintf("The file has errors on %d rows. Nothing was saved.", p.Summary.Errors)
	}
	pr := Problem{Type: k.typ, Title: k.title[i], Status: k.status, Detail: detail}
	for _, e := range p.Errors() {
		msg := fmt.Sprintf("Rad %d, %s: %s", e.Row, e.Column, e.Message)
		if e.Suggestion != "" {
			msg += " " + e.Suggestion
		}
		pr.Errors = append(pr.Errors, FieldProblem{Field: fmt.Sprintf("rows[%d].%s", e.Row, e.Column), Code: "import_row", Message: msg})
	}
	return pr
}

// PresentExport prepares an export as the API writes it, for an export job
// the API started (tabular.ExportJobHandler): the same file as the
// synchronous export.
func PresentExport(cat *samverkan.Catalog) func(*tabular.Export) {
	s := &Server{cat: cat}
	return s.presentExport
}

// presentExport shows the records of an export as the API does: display
// names filled, lists empty rather than null. Only the JSON format shows
// them; the spreadsheets name municipalities in their own columns.
func (s *Server) presentExport(e *tabular.Export) {
	s.presentNetwork(e.Network)
	for _, c := range e.Collaborations {
		s.present(c)
	}
	emptyNotNil(&e.Collaborations)
}

// ExportRequest starts an export in the background
// (POST /api/v1/networks/{slug}/exports).
type ExportRequest struct {
	// Format is xlsx, csv or json (json when empty).
	Format string `json:"format"`
	// Public leaves out records that are not public and all personal data.
	Public bool `json:"public"`
}

// handleNetworkExportStart queues a network's export as a background job
// and answers 202 with the job, to follow at its Location; the file is
// fetched from the job when it is done. It is the same file as the
// synchronous GET …/export gives, for networks too large to wait for.
func (s *Server) handleNetworkExportStart(w http.ResponseWriter, r *http.Request) {
	if s.jobs == nil {
		s.Error(w, r, samverkan.Errorf(samverkan.ECONFLICT, "Bakgrundsjobb körs inte på den här servern. Hämta exporten med GET /api/v1/networks/{slug}/export."))
		return
	}
	var in ExportRequest
	if err := decode(w, r, &in); err != nil {
		s.Error(w, r, err)
		return
	}
	if in.Format == "" {
		in.Format = "json"
	}
	job := tabular.ExportJob{Format: in.Format, Public: in.Public, API: true}
	if err := job.Validate(); err != nil {
		s.Error(w, r, &samverkan.Error{Code: samverkan.EINVALID, Message: samverkan.ErrorMessage(err),
			Fields: []samverkan.FieldError{{Field: "format", Code: "unknown_format", Params: []any{in.Format}}}})
		return
	}
	n, err := s.store.NetworkBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if in.Public && !n.Public {
		s.Error(w, r, samverkan.Errorf(samverkan.ENOTFOUND, "Nätverket %q har ingen offentlig export.", n.Slug))
		return
	}
	job.Network = n.Slug
	j, err := job.Job(samverkan.PrincipalFrom(r.Context()).User.ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if err := s.jobs.Enqueue(writeContext(r), j); err != nil {
		s.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/jobs/"+strconv.FormatInt(j.ID, 10))
	w.Header().Set("Cache-Control", "no-store")
	s.respond(w, r, http.StatusAccepted, jobView(j))
}
