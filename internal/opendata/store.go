package opendata

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// CCBY is the other licence an administrator may choose: attribution,
// for a publisher whose rules ask for it.
const CCBY = "https://creativecommons.org/licenses/by/4.0/"

// Licences are the licences an administrator chooses between, CC0 first
// (the default). Only open licences: anything else is not open data.
var Licences = []Licence{
	{URI: CC0, SV: "CC0 1.0 – fri användning, inget krav på källhänvisning", EN: "CC0 1.0 – free use, no attribution required"},
	{URI: CCBY, SV: "CC BY 4.0 – fri användning med källhänvisning", EN: "CC BY 4.0 – free use with attribution"},
}

// Licence is one choosable licence.
type Licence struct{ URI, SV, EN string }

// LicenceByURI returns the licence with that URI.
func LicenceByURI(uri string) (Licence, bool) {
	for _, l := range Licences {
		if l.URI == uri {
			return l, true
		}
	}
	return Licence{}, false
}

// Settings are what an administrator says about the instance's open data:
// the licence and who publishes it. They are stored and every change is
// audited.
type Settings struct {
	Licence       string    `json:"licence"` // one of Licences; CC0 when empty
	PublisherName string    `json:"publisher_name"`
	PublisherURL  string    `json:"publisher_url"`
	ContactName   string    `json:"contact_name"`  // a function, never a person
	ContactEmail  string    `json:"contact_email"` // a function's mailbox
	Version       int       `json:"version"`
	Updated       time.Time `json:"updated"`
}

// LicenceOrDefault is the chosen licence, CC0 when none is.
func (s Settings) LicenceOrDefault() string {
	if s.Licence == "" {
		return CC0
	}
	return s.Licence
}

// FieldError is one invalid setting, with a Swedish and English message
// for the form and the code (samverkan's field-message catalogue) and its
// parameters for problem+json.
type FieldError struct {
	Field  string
	SV, EN string
	Code   string
	Params []any
}

// Validate lists the settings that are wrong; nil when all are right.
// Names and addresses may be empty (the catalogue then says it needs
// them), but what is given must be well formed.
func (s Settings) Validate() []FieldError {
	var errs []FieldError
	if s.Licence != "" {
		if _, ok := LicenceByURI(s.Licence); !ok {
			errs = append(errs, FieldError{"licence", "Välj en av licenserna i listan.", "Choose one of the licences in the list.", "unknown_licence", []any{s.Licence}})
		}
	}
	if len(s.PublisherName) > 200 {
		errs = append(errs, FieldError{"publisher_name", "Namnet får vara högst 200 tecken.", "The name may be at most 200 characters.", "too_long", []any{200}})
	}
	if s.PublisherURL != "" {
		if u, err := url.Parse(s.PublisherURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, FieldError{"publisher_url", "Adressen måste börja med https:// eller http://.", "The address must start with https:// or http://.", "invalid_url", []any{s.PublisherURL}})
		}
	}
	if len(s.ContactName) > 200 {
		errs = append(errs, FieldError{"contact_name", "Namnet får vara högst 200 tecken.", "The name may be at most 200 characters.", "too_long", []any{200}})
	}
	if s.ContactEmail != "" {
		if a, err := mail.ParseAddress(s.ContactEmail); err != nil || a.Address != s.ContactEmail {
			errs = append(errs, FieldError{"contact_email", "Ange en e-postadress som name@example.se, till en funktion (inte en person).", "Give an e-mail address such as name@example.se, of a function (not a person).", "invalid_email", []any{s.ContactEmail}})
		}
	}
	return errs
}

// StoredHarvest is a harvest as the store keeps it: the source's dataset
// as validated, sanitised JSON (written again by WriteJSON), so a later
// reader parses and checks it once more.
type StoredHarvest struct {
	Source  string
	Final   string
	Fetched time.Time
	ETag    string
	Body    []byte
}

// HarvestStore keeps the latest harvest of each source, apart from the
// instance's own records: a harvest never writes them.
type HarvestStore interface {
	// SaveHarvest replaces the stored harvest of h.Source (audited).
	SaveHarvest(ctx context.Context, h StoredHarvest) error
	// Harvests returns every stored harvest, by source.
	Harvests(ctx context.Context) ([]StoredHarvest, error)
}

// Result is the outcome of harvesting one source.
type Result struct {
	Source         string
	Networks       int
	Collaborations int
	Err            error // an *Error for a refused source
}

// HarvestInto harvests each source and stores what validates; a source
// that fails leaves its previous harvest in place. With no sources it
// harvests again every source already stored, which is what a scheduled
// job calls. Sources are fetched one after the other, so one slow source
// delays but never breaks the rest.
func HarvestInto(ctx context.Context, st HarvestStore, sources []string, opt HarvestOptions) ([]Result, error) {
	if len(sources) == 0 {
		stored, err := st.Harvests(ctx)
		if err != nil {
			return nil, fmt.Errorf("opendata: list harvests: %w", err)
		}
		for _, h := range stored {
			sources = append(sources, h.Source)
		}
	}
	var out []Result
	for _, src := range sources {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		res := Result{Source: strings.TrimSpace(src)}
		h, err := Fetch(ctx, res.Source, opt)
		if err != nil {
			res.Err = err
			out = append(out, res)
			continue
		}
		var b bytes.Buffer
		if err := WriteJSON(&b, h.Dataset); err != nil {
			res.Err = err
			out = append(out, res)
			continue
		}
		if err := st.SaveHarvest(ctx, StoredHarvest{Source: h.Source, Final: h.Final, Fetched: h.Fetched, ETag: h.ETag, Body: b.Bytes()}); err != nil {
			return out, fmt.Errorf("opendata: save harvest of %s: %w", h.Source, err)
		}
		res.Source, res.Networks, res.Collaborations = h.Source, len(h.Dataset.Networks), len(h.Dataset.Collaborations)
		out = append(out, res)
	}
	return out, nil
}

// Load parses the stored harvests back into harvests for National. A
// stored body that no longer parses (the schema moved on) is skipped and
// reported in the error, so one bad row never hides the rest.
func Load(stored []StoredHarvest) ([]*Harvest, error) {
	var out []*Harvest
	var errs []error
	for _, s := range stored {
		ds, err := Parse(s.Body)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", s.Source, err))
			continue
		}
		out = append(out, &Harvest{Source: s.Source, Final: s.Final, Fetched: s.Fetched, ETag: s.ETag, Dataset: ds})
	}
	return out, errors.Join(errs...)
}
