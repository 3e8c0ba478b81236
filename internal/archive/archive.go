// Package archive writes an E-ARK submission information package (SIP) as a
// zip, so that an e-archive can take in a collaboration that has ended: the
// records as the caller exports them (JSON, CSV, documents' metadata, the
// change history), described by a METS.xml with a SHA-256 checksum for every
// file, Dublin Core for the package and PREMIS 3 events from the audit
// history.
//
// The layout follows E-ARK CSIP 2.2 and SIP 2.2 (requirement ids in
// brackets), with the package METS describing the data files directly, as
// in the specifications' appendix 1, instead of a METS.xml per
// representation:
//
//	ID/                                     [CSIPSTR1, CSIPSTR2]
//	  METS.xml                              [CSIPSTR4]
//	  documentation/om-paketet.txt          [CSIPSTR16, CSIP60] written by this package
//	  documentation/...                     Package.Documentation
//	  metadata/descriptive/dc.xml           [CSIPSTR7, CSIP17] Dublin Core
//	  metadata/preservation/premis.xml      [CSIPSTR6, CSIP32] PREMIS 3 objects, events, agents
//	  representations/rep1/data/...         [CSIPSTR9–11] Package.Data
//	  schemas/...                           [CSIPSTR15, CSIP113] Package.Schemas, when given
//
// The zip is written in one pass to any io.Writer. Entries come in byte
// order of their paths with the timestamps the caller gives, so the same
// Package gives the same bytes.
//
// Personal data: audit events name who made each change, usually by e-mail
// address. Package.Actors decides what the PREMIS events say about them;
// see ActorPolicy. The data files are the caller's and are written as given.
package archive

import (
	"archive/zip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"sort"
	"strings"
	"time"

	"github.com/samverkan/samverkan"
)

const (
	// ProfileSIP is the METS profile the package declares (SIP2).
	ProfileSIP = "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml"
	// Representation is the one representation's folder name.
	Representation = "rep1"
	// Software names the software agent in METS and PREMIS (CSIP14).
	Software = "Samverkan"
	// ContentInformationType is written as csip:OTHERCONTENTINFORMATIONTYPE:
	// no E-ARK content information type fits a register export.
	ContentInformationType = "Samverkan registerexport (JSON och CSV)"
	// DefaultContentCategory is mets/@TYPE when Package.ContentCategory is empty.
	DefaultContentCategory = "Datasets"

	dataDir     = "representations/" + Representation + "/data/"
	docDir      = "documentation/"
	schemaDir   = "schemas/"
	dcPath      = "metadata/descriptive/dc.xml"
	premisPath  = "metadata/preservation/premis.xml"
	aboutPath   = docDir + "om-paketet.txt"
	metsPath    = "METS.xml"
	maxSegment  = 120
	checksumAlg = "SHA-256"
)

// ActorPolicy decides how PREMIS events name the person behind each change.
type ActorPolicy int

const (
	// ActorsPseudonymised (the default) names each distinct actor
	// "aktör-1", "aktör-2", ... in order of first appearance. The package
	// still shows which changes one person made, but not who; the key is not
	// in the package. For a package that leaves the organisation or is
	// opened to the public.
	ActorsPseudonymised ActorPolicy = iota
	// ActorsAsRecorded writes each actor exactly as the register holds it
	// (an e-mail address). A public body's audit trail is itself a record,
	// and an archive that receives the body's own records may keep it whole;
	// choose this for delivery to the body's own e-archive, under its
	// archival rules.
	ActorsAsRecorded
	// ActorsOmitted links every event to the producing organisation only.
	ActorsOmitted
)

func (p ActorPolicy) String() string {
	switch p {
	case ActorsPseudonymised:
		return "pseudonymised"
	case ActorsAsRecorded:
		return "as-recorded"
	case ActorsOmitted:
		return "omitted"
	}
	return fmt.Sprintf("ActorPolicy(%d)", int(p))
}

// Organisation is an agent that is an organisation, never a person.
type Organisation struct {
	Name string // e.g. "Gislaveds kommun"
	// ID is an optional identification code, e.g. "organisationsnummer:212000-0514".
	ID string
}

// File is one file of the package.
type File struct {
	// Path is relative to the file's folder (data, documentation or
	// schemas), with "/" between segments. Each segment uses only A–Z,
	// a–z, 0–9, ".", "_" and "-" and does not start with "." or "-", so the
	// names survive every file system and need no escaping in METS.
	Path     string
	Data     []byte
	MIMEType string // e.g. "application/json", "text/csv; charset=utf-8"
	// Created is when the content was made; Package.Created when zero.
	Created time.Time
}

// Event is one PREMIS event, typically one row of the audit history.
type Event struct {
	ID string // unique in the package, e.g. "audit-1234"
	// Type is the PREMIS event type; use the Library of Congress
	// vocabulary where a term fits ("creation", "modification", "deletion").
	Type    string
	Time    time.Time
	Detail  string // what happened, e.g. "Status ändrad från förstudie till beslutad"
	Outcome string // "success", "failure", or empty when not recorded
	// Agent is who did it, as the register records it (an e-mail address);
	// empty for the system itself. Package.Actors decides what is written.
	Agent string
}

// Package describes one SIP.
type Package struct {
	// ID names the package and its root folder (mets/@OBJID); the same
	// characters as a File.Path segment, e.g. "samverkan-42-2025-06-01".
	ID string
	// Label is a short description (mets/@LABEL, SIP1), e.g. "Samverkan 42: Gemensam överförmyndarnämnd".
	Label       string
	Description string // longer description for Dublin Core; optional
	// Producer submits the package (SIP15–18: agent CREATOR, ORGANIZATION).
	Producer Organisation
	// ArchivalCreators created the records (SIP9–14: agent ARCHIVIST,
	// ORGANIZATION), e.g. the member municipalities; Producer when empty.
	ArchivalCreators []Organisation
	// SoftwareVersion is the version of Samverkan writing the package (CSIP15).
	SoftwareVersion string
	// SubmissionAgreement and ReferenceCode are optional archive references (SIP5, SIP7).
	SubmissionAgreement string
	ReferenceCode       string
	// Created is when the package is made; required, so that the caller
	// controls every timestamp in it.
	Created time.Time
	// ContentCategory is mets/@TYPE from the CSIP vocabulary; DefaultContentCategory when empty.
	ContentCategory string
	Data            []File // the records: representations/rep1/data/
	Documentation   []File // documentation/, beside the generated om-paketet.txt
	Schemas         []File // schemas/
	Events          []Event
	Actors          ActorPolicy
}

// entry is a file as it goes into the zip, with what METS says about it.
type entry struct {
	path    string // relative to the package root
	data    []byte
	mime    string
	created time.Time
	sum     string
}

func newEntry(path string, data []byte, mimeType string, created time.Time) entry {
	s := sha256.Sum256(data)
	return entry{path: path, data: data, mime: mimeType, created: created, sum: hex.EncodeToString(s[:])}
}

// WriteZip validates p and writes the package to w as a zip. Invalid input
// writes nothing. An error from w leaves a partial zip, which the caller
// must discard.
func (p *Package) WriteZip(w io.Writer) error {
	if err := p.Validate(); err != nil {
		return err
	}
	entries := p.entries()
	zw := zip.NewWriter(w)
	for _, e := range entries {
		fw, err := zw.CreateHeader(&zip.FileHeader{
			Name:     p.ID + "/" + e.path,
			Method:   zip.Deflate,
			Modified: e.created.UTC(),
		})
		if err != nil {
			return fmt.Errorf("archive: %s: %w", e.path, err)
		}
		if _, err := fw.Write(e.data); err != nil {
			return fmt.Errorf("archive: %s: %w", e.path, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("archive: %w", err)
	}
	return nil
}

// entries builds every file of the package, METS.xml last because it
// describes the others, and returns them sorted by path.
func (p *Package) entries() []entry {
	created := func(f File) time.Time {
		if f.Created.IsZero() {
			return p.Created
		}
		return f.Created
	}
	var data, docs, schemas []entry
	for _, f := range p.Data {
		data = append(data, newEntry(dataDir+f.Path, f.Data, f.MIMEType, created(f)))
	}
	docs = append(docs, newEntry(aboutPath, p.about(), "text/plain; charset=utf-8", p.Created))
	for _, f := range p.Documentation {
		docs = append(docs, newEntry(docDir+f.Path, f.Data, f.MIMEType, created(f)))
	}
	for _, f := range p.Schemas {
		schemas = append(schemas, newEntry(schemaDir+f.Path, f.Data, f.MIMEType, created(f)))
	}
	for _, group := range [][]entry{data, docs, schemas} {
		sort.Slice(group, func(i, j int) bool { return group[i].path < group[j].path })
	}
	dc := newEntry(dcPath, p.dublinCore(), "application/xml", p.Created)
	premis := newEntry(premisPath, p.premis(data), "application/xml", p.Created)
	mets := newEntry(metsPath, p.mets(dc, premis, docs, schemas, data), "application/xml", p.Created)

	all := append([]entry{mets, dc, premis}, docs...)
	all = append(all, schemas...)
	all = append(all, data...)
	sort.Slice(all, func(i, j int) bool { return all[i].path < all[j].path })
	return all
}

func (p *Package) contentCategory() string {
	if p.ContentCategory != "" {
		return p.ContentCategory
	}
	return DefaultContentCategory
}

func (p *Package) archivalCreators() []Organisation {
	if len(p.ArchivalCreators) > 0 {
		return p.ArchivalCreators
	}
	return []Organisation{p.Producer}
}

func (p *Package) softwareVersion() string {
	if p.SoftwareVersion != "" {
		return p.SoftwareVersion
	}
	return "okänd"
}

// Validate reports the first problem with p as an EINVALID error.
func (p *Package) Validate() error {
	invalid := func(format string, args ...any) error {
		return samverkan.Errorf(samverkan.EINVALID, "Arkivpaketet: "+format, args...)
	}
	if err := checkSegment(p.ID); err != nil {
		return invalid("paketets id %q: %v.", p.ID, err)
	}
	if strings.TrimSpace(p.Label) == "" {
		return invalid("paketet saknar rubrik (Label).")
	}
	if strings.TrimSpace(p.Producer.Name) == "" {
		return invalid("den levererande organisationen saknar namn.")
	}
	for i, o := range p.ArchivalCreators {
		if strings.TrimSpace(o.Name) == "" {
			return invalid("arkivbildare %d saknar namn.", i+1)
		}
	}
	if p.Created.IsZero() {
		return invalid("paketet saknar skapandetid (Created).")
	}
	if p.Actors < ActorsPseudonymised || p.Actors > ActorsOmitted {
		return invalid("okänt val för aktörer: %v.", p.Actors)
	}
	if !validCategory[p.contentCategory()] {
		return invalid("innehållskategorin %q finns inte i CSIP:s vokabulär.", p.contentCategory())
	}
	if len(p.Data) == 0 {
		return invalid("paketet har inga datafiler.")
	}
	reserved := map[string]string{strings.ToLower(aboutPath): aboutPath}
	for _, g := range []struct {
		dir   string
		files []File
	}{{dataDir, p.Data}, {docDir, p.Documentation}, {schemaDir, p.Schemas}} {
		for _, f := range g.files {
			full := g.dir + f.Path
			if err := checkPath(f.Path); err != nil {
				return invalid("filen %q: %v.", full, err)
			}
			if _, _, err := mime.ParseMediaType(f.MIMEType); err != nil {
				return invalid("filen %q har ingen giltig MIME-typ (%q).", full, f.MIMEType)
			}
			// Case-insensitive file systems would merge these on unpacking.
			key := strings.ToLower(full)
			if prev, dup := reserved[key]; dup {
				return invalid("filen %q krockar med %q.", full, prev)
			}
			reserved[key] = full
		}
	}
	// A file cannot also be a folder of another file.
	for key, full := range reserved {
		for dir := key; strings.Contains(dir, "/"); {
			dir = dir[:strings.LastIndexByte(dir, '/')]
			if other, ok := reserved[dir]; ok {
				return invalid("filen %q är också mappen för %q.", other, full)
			}
		}
	}
	ids := make(map[string]bool, len(p.Events))
	for i, e := range p.Events {
		switch {
		case strings.TrimSpace(e.ID) == "":
			return invalid("händelse %d saknar id.", i+1)
		case ids[e.ID]:
			return invalid("händelse-id %q förekommer två gånger.", e.ID)
		case strings.TrimSpace(e.Type) == "":
			return invalid("händelse %q saknar typ.", e.ID)
		case e.Time.IsZero():
			return invalid("händelse %q saknar tid.", e.ID)
		}
		ids[e.ID] = true
	}
	return nil
}

func checkPath(path string) error {
	if path == "" {
		return fmt.Errorf("tom sökväg")
	}
	if strings.HasPrefix(path, "/") {
		return fmt.Errorf("sökvägen får inte börja med /")
	}
	for _, seg := range strings.Split(path, "/") {
		if err := checkSegment(seg); err != nil {
			return err
		}
	}
	return nil
}

// checkSegment allows the POSIX portable file name characters, which also
// keeps "..", "/", "\", ":" and control characters out.
func checkSegment(seg string) error {
	switch {
	case seg == "":
		return fmt.Errorf("tomt namn (två / i rad eller / sist)")
	case len(seg) > maxSegment:
		return fmt.Errorf("namnet är längre än %d tecken", maxSegment)
	case seg[0] == '.' || seg[0] == '-':
		return fmt.Errorf("namnet %q får inte börja med . eller -", seg)
	}
	for _, r := range seg {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return fmt.Errorf("namnet %q innehåller %q; tillåtet är a–z, A–Z, 0–9, punkt, understreck och bindestreck", seg, r)
		}
	}
	return nil
}

// validCategory is CSIP's content category vocabulary (mets/@TYPE, CSIP2).
var validCategory = map[string]bool{
	"Textual works – Print": true, "Textual works – Digital": true, "Textual works – Electronic Serials": true,
	"Digital Musical Composition (score-based representations)": true, "Musical Scores - Print": true,
	"Musical Scores - Digital": true, "Photographs – Print": true, "Photographs – Digital": true,
	"Other Graphic Images – Print": true, "Other Graphic Images – Digital": true, "Microforms": true,
	"Audio – On Tangible Medium (digital or analog)": true, "Audio – Media-independent (digital)": true,
	"Motion Pictures – Digital and Physical Media": true, "Video – File-based and Physical Media": true,
	"Software": true, "Software and Video Games": true, "Email": true, "Datasets": true, "Geospatial Data": true,
	"Geographic Information System (GIS) - Vector Data": true, "GIS Raster and Georeferenced Images": true,
	"GIS Vector and Raster Combined": true, "Non-GIS Cartographic": true, "2D and 3D Computer Aided Design": true,
	"Design (schematics, architectural drawings) - Print":      true,
	"Scanned 3D Objects (output from photogrammetry scanning)": true, "Databases": true, "Websites": true,
	"Web Archives": true, "Collection": true, "Event": true, "Image": true, "Interactive resource": true,
	"Moving image": true, "Sound": true, "Still image": true, "Text": true, "Physical object": true,
	"Service": true, "Mixed": true,
}
