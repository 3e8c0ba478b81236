package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/samverkan/samverkan"
)

// Codes for failures of the HTTP exchange itself, beside samverkan's codes.
const (
	eBadRequest = "bad_request"            // a query parameter or header is wrong
	eMalformed  = "malformed_json"         // the body is not the JSON we expect
	eMediaType  = "unsupported_media_type" // a write without a JSON body
	eTooLarge   = "too_large"              // the body is over maxBody
	eMethod     = "method_not_allowed"
	eBusy       = "busy" // the server runs as many imports as it may
)

// problemKind is what an error code becomes on the wire.
type problemKind struct {
	status int
	typ    string
	title  [2]string // sv, en
	detail [2]string // default detail, sv, en
}

// kindOf maps an error code to its HTTP status and problem type. It is the
// one place that does.
func kindOf(code string) problemKind {
	switch code {
	case samverkan.EINVALID:
		return problemKind{http.StatusUnprocessableEntity, "/problems/validation",
			[2]string{"Ogiltiga uppgifter", "Validation failed"},
			[2]string{"Uppgifterna innehåller fel. Rätta de markerade fälten.", "The data contains errors. Correct the fields listed."}}
	case eMalformed:
		return problemKind{http.StatusBadRequest, "/problems/malformed-json",
			[2]string{"Ogiltig JSON", "Malformed JSON"},
			[2]string{"Begärans innehåll är inte giltig JSON av rätt form.", "The request body is not valid JSON of the expected shape."}}
	case eBadRequest:
		return problemKind{http.StatusBadRequest, "/problems/bad-request",
			[2]string{"Felaktig begäran", "Bad request"},
			[2]string{"En parameter i begäran har ett ogiltigt värde.", "A request parameter has an invalid value."}}
	case samverkan.ENOTFOUND:
		return problemKind{http.StatusNotFound, "/problems/not-found",
			[2]string{"Finns inte", "Not found"},
			[2]string{"Det efterfrågade finns inte.", "The requested resource does not exist."}}
	case eMethod:
		return problemKind{http.StatusMethodNotAllowed, "/problems/method-not-allowed",
			[2]string{"Metoden stöds inte", "Method not allowed"},
			[2]string{"Resursen stöder inte den här metoden.", "The resource does not support this method."}}
	case samverkan.ECONFLICT:
		return problemKind{http.StatusConflict, "/problems/conflict",
			[2]string{"Konflikt", "Conflict"},
			[2]string{"Begäran krockar med postens nuvarande läge.", "The request conflicts with the record's current state."}}
	case samverkan.ESTALE:
		return problemKind{http.StatusPreconditionFailed, "/problems/stale",
			[2]string{"Inaktuell version", "Stale version"},
			[2]string{"Posten har ändrats sedan du läste den. Hämta den igen och gör om ändringen.", "The record has changed since you read it. Fetch it again and redo the change."}}
	case eTooLarge:
		return problemKind{http.StatusRequestEntityTooLarge, "/problems/too-large",
			[2]string{"För stor begäran", "Request too large"},
			[2]string{"Begärans innehåll är större än 1 MiB.", "The request body is larger than 1 MiB."}}
	case eMediaType:
		return problemKind{http.StatusUnsupportedMediaType, "/problems/unsupported-media-type",
			[2]string{"Fel innehållstyp", "Unsupported media type"},
			[2]string{"Skicka innehållet som application/json.", "Send the body as application/json."}}
	case eBusy:
		return problemKind{http.StatusServiceUnavailable, "/problems/busy",
			[2]string{"Upptagen", "Busy"},
			[2]string{"Servern läser redan in andra filer. Vänta en stund och försök igen.", "The server is already reading other files. Wait a moment and try again."}}
	case samverkan.EPRECONDITION:
		return problemKind{http.StatusPreconditionRequired, "/problems/precondition-required",
			[2]string{"Version saknas", "Precondition required"},
			[2]string{"Ange versionen du läste, i If-Match eller fältet version.", "Give the version you read, in If-Match or the version field."}}
	case samverkan.EUNAUTHORIZED:
		return problemKind{http.StatusUnauthorized, "/problems/unauthorized",
			[2]string{"Inte inloggad", "Unauthorized"},
			[2]string{"Logga in först.", "Log in first."}}
	case samverkan.EFORBIDDEN:
		return problemKind{http.StatusForbidden, "/problems/forbidden",
			[2]string{"Inte tillåtet", "Forbidden"},
			[2]string{"Du har inte behörighet till detta.", "You are not allowed to do this."}}
	default:
		return problemKind{http.StatusInternalServerError, "/problems/internal",
			[2]string{"Internt fel", "Internal error"},
			[2]string{"Ett internt fel inträffade.", "Internal error."}}
	}
}

// Problem is the RFC 9457 body of every error response.
type Problem struct {
	Type   string         `json:"type"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail"`
	Errors []FieldProblem `json:"errors,omitempty"`
	// CurrentVersion is the record's version now, on a stale write.
	CurrentVersion int `json:"current_version,omitempty"`
	// Missing lists the required decisions a refused status change waits
	// for (409).
	Missing []MissingDecision `json:"missing,omitempty"`
}

// FieldProblem is one problem with one input field or parameter.
type FieldProblem struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// httpError is an error raised by the API itself, with its detail in both
// languages.
type httpError struct {
	code    string
	detail  [2]string // optional; the kind's default when empty
	fields  []samverkan.FieldError
	current int
	err     error
}

func (e *httpError) Error() string {
	if e.err != nil {
		return fmt.Sprintf("%s: %v", e.code, e.err)
	}
	return e.code
}

func (e *httpError) Unwrap() error { return e.err }

// badParam is a 400 naming one query parameter or header.
func badParam(field, code string, params ...any) *httpError {
	return &httpError{code: eBadRequest, fields: []samverkan.FieldError{{Field: field, Code: code, Params: params}}}
}

// problemOf turns any error into the problem to send, in lang.
func problemOf(err error, lang string) Problem {
	i := 0
	if lang == "en" {
		i = 1
	}
	var (
		code   string
		detail string
		fields []samverkan.FieldError
		cur    int
		he     *httpError
		se     *samverkan.Error
	)
	switch {
	case errors.As(err, &he):
		code, detail, fields, cur = he.code, he.detail[i], he.fields, he.current
		if detail == "" && errors.As(he.err, &se) && lang == "sv" && se.Code == he.code {
			detail = se.Message
		}
	case errors.As(err, &se):
		code, fields = se.Code, se.Fields
		// Store messages are Swedish, the product's language.
		if lang == "sv" && se.Code != samverkan.EINTERNAL {
			detail = se.Message
		}
	default:
		code = samverkan.EINTERNAL
	}
	k := kindOf(code)
	if detail == "" || k.status == http.StatusInternalServerError {
		detail = k.detail[i]
	}
	p := Problem{Type: k.typ, Title: k.title[i], Status: k.status, Detail: detail, CurrentVersion: cur}
	for _, f := range fields {
		p.Errors = append(p.Errors, FieldProblem{Field: f.Field, Code: f.Code, Message: message(f, lang)})
	}
	return p
}

// Error writes err as problem+json. Internal errors are logged here, once,
// and reach the client only as "Internal error.".
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err, langOf(r))
	s.problemMissing(&p, err, langOf(r))
	if p.Status == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "api request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	h := w.Header()
	for _, k := range []string{"ETag", "Location", "Cache-Control"} {
		h.Del(k) // set for a success that did not happen
	}
	h.Set("Content-Language", langOf(r))
	h.Add("Vary", "Accept-Language")
	s.writeJSON(w, r, p.Status, "application/problem+json", p)
}
