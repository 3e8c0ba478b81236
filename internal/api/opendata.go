package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/opendata"
)

// Open data and the national register (issue 17): the administrator's
// open-data settings (licence, publisher, contact point), the harvested
// sources and the national register built from them. The files themselves
// are served by the web package under /oppna-data; harvesting is
// `samverkan harvest` or opendata.HarvestInto from a scheduled job, not an
// API call, so the server never fetches an address a request names.

// openDataStore is what these endpoints need beside samverkan.Store.
type openDataStore interface {
	OpenDataSettings(ctx context.Context) (*opendata.Settings, error)
	SaveOpenDataSettings(ctx context.Context, s *opendata.Settings) error
	opendata.HarvestStore
}

// HarvestSource is one harvested source.
type HarvestSource struct {
	Source         string    `json:"source"`
	FinalURL       string    `json:"final_url"`
	Fetched        time.Time `json:"fetched"`
	ETag           string    `json:"etag"`
	Publisher      string    `json:"publisher"`
	Networks       int       `json:"networks"`
	Collaborations int       `json:"collaborations"`
}

// NationalSource is one source's record of a national collaboration.
type NationalSource struct {
	Dataset   string    `json:"dataset"`
	Publisher string    `json:"publisher"`
	Fetched   time.Time `json:"fetched"`
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
}

// NationalCollaboration is one collaboration of the national register:
// the most recently updated source's record, exactly as the open-data
// document writes it (an item of "collaborations" in /oppna-data/schema),
// and every source of it.
type NationalCollaboration struct {
	Key           string           `json:"key"`
	MatchedBy     string           `json:"matched_by"`
	Collaboration map[string]any   `json:"collaboration"`
	Sources       []NationalSource `json:"sources"`
}

// openDataSpec documents the endpoints (newSpec calls it).
func openDataSpec(sp *spec) {
	sp.note("Settings.licence", map[string]any{"enum": []string{"", opendata.CC0, opendata.CCBY},
		"description": "The licence of the open data: CC0 (the default, also when empty) or CC BY 4.0."})
	sp.note("Settings.contact_name", map[string]any{"description": "The contact point: a function, never a person's name."})
	sp.note("Settings.contact_email", map[string]any{"description": "The function's shared mailbox."})
	sp.note("Settings.version", map[string]any{"description": "The version read; send it back on PUT (or use If-Match). The defaults are version 1."})
	sp.note("Settings.updated", map[string]any{"readOnly": true})
	sp.note("NationalCollaboration.matched_by", map[string]any{"enum": []string{opendata.MatchSingle, opendata.MatchOrgNumber, opendata.MatchParticipants},
		"description": "How the sources were recognised as one collaboration: one source only, the same organisation number, or the same municipalities, legal form and areas."})
	sp.note("NationalCollaboration.collaboration", map[string]any{"additionalProperties": true, "description": "The collaboration as the source publishes it: " +
		"an item of collaborations in the open-data JSON Schema (/oppna-data/schema), with participants, documents, decisions and cost shares."})
	sp.op("GET /api/v1/open-data/settings", opDoc{summary: "The open data's licence, publisher and contact point",
		status: 200, result: obj[opendata.Settings](), errors: []int{400, 500}})
	sp.op("PUT /api/v1/open-data/settings", opDoc{summary: "Set the open data's licence, publisher and contact point",
		description: "Needs the version read, in If-Match or the body's version (If-Match wins); a stale version gets 412. " +
			"Every change is audited (entity settings, id opendata). The catalogue /oppna-data/katalog is published once a contact point is set.",
		body: obj[opendata.Settings](), status: 200, result: obj[opendata.Settings](), errors: append(writeErrors, 412, 428)})
	sp.op("GET /api/v1/harvests", opDoc{summary: "The harvested sources of the national register",
		description: "Each source's latest harvest (`samverkan harvest URL…`): where it was fetched from, when, and what it held.",
		status:      200, result: listOf[HarvestSource](), errors: listErrors})
	sp.op("GET /api/v1/national", opDoc{summary: "The national register",
		description: "Every collaboration of the harvested sources once, with all sources that publish it (as /nationellt shows it). " +
			"The records are the sources' own, in the open-data schema (/oppna-data/schema).",
		status: 200, result: listOf[NationalCollaboration](), errors: listErrors})
}

func (s *Server) openData() (openDataStore, error) {
	st, ok := s.store.(openDataStore)
	if !ok {
		return nil, samverkan.Errorf(samverkan.ENOTFOUND, "Den här lagringen har inga öppna data.")
	}
	return st, nil
}

func (s *Server) settingsRecord() record {
	return record{
		read: func(ctx context.Context) (any, int, error) {
			st, err := s.openData()
			if err != nil {
				return nil, 0, err
			}
			set, err := st.OpenDataSettings(ctx)
			if err != nil {
				return nil, 0, err
			}
			return set, set.Version, nil
		},
		path: "/api/v1/open-data/settings",
	}
}

func (s *Server) handleOpenDataSettingsGet(w http.ResponseWriter, r *http.Request) {
	s.get(w, r, s.settingsRecord())
}

func (s *Server) handleOpenDataSettingsPut(w http.ResponseWriter, r *http.Request) {
	st, err := s.openData()
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var set opendata.Settings
	s.versionedWrite(w, r, s.settingsRecord(), &set, &set.Version, func(ctx context.Context, v int) error {
		set.Version = v
		return st.SaveOpenDataSettings(ctx, &set)
	})
}

// harvests returns the stored harvests, parsed.
func (s *Server) harvests(ctx context.Context) ([]*opendata.Harvest, []opendata.StoredHarvest, error) {
	st, err := s.openData()
	if err != nil {
		return nil, nil, err
	}
	stored, err := st.Harvests(ctx)
	if err != nil {
		return nil, nil, err
	}
	hs, loadErr := opendata.Load(stored)
	if loadErr != nil {
		s.log.WarnContext(ctx, "stored harvests that do not parse", "error", loadErr)
	}
	return hs, stored, nil
}

func (s *Server) handleHarvestList(w http.ResponseWriter, r *http.Request) {
	if s.listNotModified(w, r) {
		return
	}
	hs, _, err := s.harvests(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := []HarvestSource{}
	for _, h := range hs {
		out = append(out, HarvestSource{Source: h.Source, FinalURL: h.Final, Fetched: h.Fetched, ETag: h.ETag,
			Publisher: h.Dataset.Publisher.Name, Networks: len(h.Dataset.Networks), Collaborations: len(h.Dataset.Collaborations)})
	}
	s.respond(w, r, http.StatusOK, newList(out, len(out), nil))
}

// asPublished is a collaboration as the open-data document writes it.
func asPublished(c opendata.Collaboration) (map[string]any, error) {
	var b bytes.Buffer
	if err := opendata.WriteJSON(&b, &opendata.Dataset{SchemaVersion: opendata.SchemaVersion, Collaborations: []opendata.Collaboration{c}}); err != nil {
		return nil, err
	}
	var doc struct {
		Collaborations []map[string]any `json:"collaborations"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || len(doc.Collaborations) != 1 {
		return nil, fmt.Errorf("api: re-read a published collaboration: %w", err)
	}
	return doc.Collaborations[0], nil
}

func (s *Server) handleNational(w http.ResponseWriter, r *http.Request) {
	if s.listNotModified(w, r) {
		return
	}
	hs, _, err := s.harvests(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	out := []NationalCollaboration{}
	for _, rec := range opendata.National(hs) {
		pub, err := asPublished(rec.Collaboration)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		nc := NationalCollaboration{Key: rec.Key, MatchedBy: rec.MatchedBy, Collaboration: pub, Sources: []NationalSource{}}
		for _, src := range rec.Sources {
			nc.Sources = append(nc.Sources, NationalSource{Dataset: src.Dataset, Publisher: src.Publisher, Fetched: src.Fetched,
				ID: src.ID, URL: src.URL, Title: src.Title})
		}
		out = append(out, nc)
	}
	s.respond(w, r, http.StatusOK, newList(out, len(out), nil))
}
