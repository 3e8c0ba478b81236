package archive_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/archive"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

var (
	created = time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	stamp   = time.Date(2025, 5, 30, 14, 15, 16, 0, time.UTC)
)

func samplePackage() *archive.Package {
	return &archive.Package{
		ID:          "samverkan-42-2025-06-01",
		Label:       "Samverkan 42: Gemensam överförmyndarnämnd (GGVV)",
		Description: "Samverkan mellan Gislaved, Gnosjö, Vaggeryd & Värnamo, avslutad 2025-05-31.",
		Producer:    archive.Organisation{Name: "Värnamo kommun", ID: "organisationsnummer:212000-0589"},
		ArchivalCreators: []archive.Organisation{
			{Name: "Gislaveds kommun", ID: "organisationsnummer:212000-0530"},
			{Name: "Gnosjö kommun"},
		},
		SoftwareVersion:     "1.4.0",
		SubmissionAgreement: "Leveransöverenskommelse 2025/17",
		Created:             created,
		Data: []archive.File{
			{Path: "samverkan.json", Data: []byte(`{"id":42,"namn":"Gemensam överförmyndarnämnd","status":"avslutad"}` + "\n"), MIMEType: "application/json", Created: stamp},
			{Path: "beslut/beslut.csv", Data: []byte("datum;organ;beslut\r\n2019-03-01;Kommunfullmäktige Värnamo;Bildar nämnden\r\n"), MIMEType: "text/csv; charset=utf-8", Created: stamp},
			{Path: "historik.json", Data: []byte(`[{"tid":"2019-03-01T09:00:00Z","ändring":"skapad"}]` + "\n"), MIMEType: "application/json"},
			{Path: "dokument.json", Data: []byte(`[]` + "\n"), MIMEType: "application/json", Created: stamp},
			{Path: "tom.csv", Data: nil, MIMEType: "text/csv"},
		},
		Documentation: []archive.File{
			{Path: "exportformat.txt", Data: []byte("Fälten i samverkan.json ...\n"), MIMEType: "text/plain; charset=utf-8"},
		},
		Schemas: []archive.File{
			{Path: "samverkan.schema.json", Data: []byte(`{"$schema":"https://json-schema.org/draft/2020-12/schema"}`), MIMEType: "application/schema+json"},
		},
		Events: []archive.Event{
			{ID: "audit-1", Type: "creation", Time: time.Date(2019, 3, 1, 9, 0, 0, 123456789, time.UTC), Detail: "Samverkan skapad", Outcome: "success", Agent: "handlaggare@varnamo.example.se"},
			{ID: "audit-2", Type: "modification", Time: time.Date(2023, 10, 29, 2, 30, 0, 0, time.FixedZone("CEST", 7200)), Detail: `Namn ändrat från "ÖFN" till "Gemensam överförmyndarnämnd" & <status> kvar`, Agent: "kansli@gislaved.example.se"},
			{ID: "audit-3", Type: "modification", Time: time.Date(2025, 5, 31, 16, 0, 0, 0, time.UTC), Detail: "Status ändrad till avslutad\nBeslut KF 2025-05-20 § 12", Outcome: "success", Agent: "handlaggare@varnamo.example.se"},
			{ID: "audit-4", Type: "validation", Time: time.Date(2025, 6, 1, 3, 0, 0, 0, time.UTC), Detail: "Nattlig kontroll", Outcome: "success"},
		},
	}
}

func write(t *testing.T, p *archive.Package) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := p.WriteZip(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// unzip returns the entries in zip order and by name, failing on any unsafe path.
func unzip(t *testing.T, b []byte) (names []string, files map[string][]byte, zr *zip.Reader) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files = map[string][]byte{}
	for _, f := range zr.File {
		if !safePath(f.Name) {
			t.Errorf("unsafe path in zip: %q", f.Name)
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err) // also catches a CRC mismatch
		}
		if _, dup := files[f.Name]; dup {
			t.Errorf("duplicate entry %q", f.Name)
		}
		files[f.Name] = data
		names = append(names, f.Name)
	}
	return names, files, zr
}

func safePath(name string) bool {
	if name == "" || strings.HasPrefix(name, "/") || strings.Contains(name, `\`) || strings.Contains(name, ":") ||
		filepath.IsAbs(name) || path.Clean(name) != name {
		return false
	}
	for _, seg := range strings.Split(name, "/") {
		if seg == ".." || seg == "." || seg == "" {
			return false
		}
	}
	return filepath.IsLocal(name)
}

// ---- METS as the test reads it: encoding/xml with full namespace URIs, so
// an undeclared or wrong namespace leaves fields empty and fails below.

type metsDoc struct {
	XMLName       xml.Name    `xml:"http://www.loc.gov/METS/ mets"`
	OBJID         string      `xml:"OBJID,attr"`
	Label         string      `xml:"LABEL,attr"`
	Type          string      `xml:"TYPE,attr"`
	OtherType     string      `xml:"https://DILCIS.eu/XML/METS/CSIPExtensionMETS OTHERTYPE,attr"`
	CIT           string      `xml:"https://DILCIS.eu/XML/METS/CSIPExtensionMETS CONTENTINFORMATIONTYPE,attr"`
	OtherCIT      string      `xml:"https://DILCIS.eu/XML/METS/CSIPExtensionMETS OTHERCONTENTINFORMATIONTYPE,attr"`
	Profile       string      `xml:"PROFILE,attr"`
	Hdrs          []metsHdr   `xml:"http://www.loc.gov/METS/ metsHdr"`
	DmdSecs       []mdSec     `xml:"http://www.loc.gov/METS/ dmdSec"`
	AmdSecs       []amdSec    `xml:"http://www.loc.gov/METS/ amdSec"`
	FileSecs      []fileSec   `xml:"http://www.loc.gov/METS/ fileSec"`
	StructMaps    []structMap `xml:"http://www.loc.gov/METS/ structMap"`
	SchemaLocated string      `xml:"http://www.w3.org/2001/XMLSchema-instance schemaLocation,attr"`
}

type metsHdr struct {
	CreateDate string      `xml:"CREATEDATE,attr"`
	Status     string      `xml:"RECORDSTATUS,attr"`
	OAISType   string      `xml:"https://DILCIS.eu/XML/METS/CSIPExtensionMETS OAISPACKAGETYPE,attr"`
	Agents     []metsAgent `xml:"http://www.loc.gov/METS/ agent"`
	AltIDs     []struct {
		Type  string `xml:"TYPE,attr"`
		Value string `xml:",chardata"`
	} `xml:"http://www.loc.gov/METS/ altRecordID"`
}

type metsAgent struct {
	Role      string `xml:"ROLE,attr"`
	Type      string `xml:"TYPE,attr"`
	OtherType string `xml:"OTHERTYPE,attr"`
	Name      string `xml:"http://www.loc.gov/METS/ name"`
	Notes     []struct {
		Type  string `xml:"https://DILCIS.eu/XML/METS/CSIPExtensionMETS NOTETYPE,attr"`
		Value string `xml:",chardata"`
	} `xml:"http://www.loc.gov/METS/ note"`
}

type fileAttrs struct {
	MIMEType     string `xml:"MIMETYPE,attr"`
	Size         string `xml:"SIZE,attr"`
	Created      string `xml:"CREATED,attr"`
	Checksum     string `xml:"CHECKSUM,attr"`
	ChecksumType string `xml:"CHECKSUMTYPE,attr"`
}

type mdRef struct {
	fileAttrs
	LocType   string `xml:"LOCTYPE,attr"`
	XlinkType string `xml:"http://www.w3.org/1999/xlink type,attr"`
	Href      string `xml:"http://www.w3.org/1999/xlink href,attr"`
	MDType    string `xml:"MDTYPE,attr"`
	Version   string `xml:"MDTYPEVERSION,attr"`
}

type mdSec struct {
	ID      string  `xml:"ID,attr"`
	Created string  `xml:"CREATED,attr"`
	Status  string  `xml:"STATUS,attr"`
	Refs    []mdRef `xml:"http://www.loc.gov/METS/ mdRef"`
}

type amdSec struct {
	Digiprov []mdSec `xml:"http://www.loc.gov/METS/ digiprovMD"`
}

type fileSec struct {
	ID     string    `xml:"ID,attr"`
	Groups []fileGrp `xml:"http://www.loc.gov/METS/ fileGrp"`
}

type fileGrp struct {
	ID       string `xml:"ID,attr"`
	Use      string `xml:"USE,attr"`
	CIT      string `xml:"https://DILCIS.eu/XML/METS/CSIPExtensionMETS CONTENTINFORMATIONTYPE,attr"`
	OtherCIT string `xml:"https://DILCIS.eu/XML/METS/CSIPExtensionMETS OTHERCONTENTINFORMATIONTYPE,attr"`
	Files    []struct {
		ID string `xml:"ID,attr"`
		fileAttrs
		FLocats []struct {
			LocType   string `xml:"LOCTYPE,attr"`
			XlinkType string `xml:"http://www.w3.org/1999/xlink type,attr"`
			Href      string `xml:"http://www.w3.org/1999/xlink href,attr"`
		} `xml:"http://www.loc.gov/METS/ FLocat"`
	} `xml:"http://www.loc.gov/METS/ file"`
}

type structMap struct {
	ID    string `xml:"ID,attr"`
	Type  string `xml:"TYPE,attr"`
	Label string `xml:"LABEL,attr"`
	Divs  []div  `xml:"http://www.loc.gov/METS/ div"`
}

type div struct {
	ID    string `xml:"ID,attr"`
	Label string `xml:"LABEL,attr"`
	ADMID string `xml:"ADMID,attr"`
	DMDID string `xml:"DMDID,attr"`
	Fptrs []struct {
		FileID string `xml:"FILEID,attr"`
	} `xml:"http://www.loc.gov/METS/ fptr"`
	Divs []div `xml:"http://www.loc.gov/METS/ div"`
}

// wellFormed reads every token of doc with the strict decoder and returns
// each ID attribute, so the checker can test uniqueness.
func wellFormed(doc []byte) (ids []string, err error) {
	d := xml.NewDecoder(bytes.NewReader(doc))
	d.Strict = true
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if depth != 0 {
				return nil, errors.New("unclosed elements")
			}
			return ids, nil
		}
		if err != nil {
			return nil, err
		}
		switch el := tok.(type) {
		case xml.StartElement:
			depth++
			for _, at := range el.Attr {
				if at.Name.Space == "" && at.Name.Local == "ID" {
					ids = append(ids, at.Value)
				}
			}
		case xml.EndElement:
			depth--
		}
	}
}

// ---- The structure checker. Each rule names the E-ARK requirement it
// checks; CheckedRequirements lists them for the report.

type pkgView struct {
	root  string            // the package root folder
	files map[string][]byte // path relative to root → content
	mets  metsDoc
	ids   []string
}

type rule struct {
	ids   string // requirement ids
	check func(v *pkgView) error
}

var xmlID = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9._-]*$`)

var rules = []rule{
	{"CSIPSTR1", func(v *pkgView) error { return nil }}, // checked while building the view: one root folder
	{"CSIPSTR2 CSIP1", func(v *pkgView) error {
		return want(v.mets.OBJID == v.root, "OBJID %q, root folder %q", v.mets.OBJID, v.root)
	}},
	{"CSIPSTR4", func(v *pkgView) error { return want(v.files["METS.xml"] != nil, "no METS.xml at the root") }},
	{"CSIPSTR5 CSIPSTR6 CSIPSTR7", func(v *pkgView) error {
		return want(hasPrefix(v.files, "metadata/preservation/") && hasPrefix(v.files, "metadata/descriptive/"), "metadata/preservation or metadata/descriptive missing")
	}},
	{"CSIPSTR9 CSIPSTR10 CSIPSTR11", func(v *pkgView) error {
		return want(hasPrefix(v.files, "representations/rep1/data/"), "no representations/rep1/data/")
	}},
	{"CSIPSTR16", func(v *pkgView) error { return want(hasPrefix(v.files, "documentation/"), "no documentation/") }},
	{"CSIP2", func(v *pkgView) error { return want(v.mets.Type == "Datasets", "TYPE %q", v.mets.Type) }},
	{"CSIP4 CSIP5", func(v *pkgView) error {
		return want(v.mets.CIT == "OTHER" && v.mets.OtherCIT != "", "CONTENTINFORMATIONTYPE %q / OTHER… %q", v.mets.CIT, v.mets.OtherCIT)
	}},
	{"CSIP6 SIP2", func(v *pkgView) error {
		return want(v.mets.Profile == "https://earksip.dilcis.eu/profile/E-ARK-SIP-v2-2-0.xml", "PROFILE %q", v.mets.Profile)
	}},
	{"CSIP117 CSIP7 CSIP9 SIP4", func(v *pkgView) error {
		if len(v.mets.Hdrs) != 1 {
			return fmt.Errorf("%d metsHdr", len(v.mets.Hdrs))
		}
		h := v.mets.Hdrs[0]
		if _, err := time.Parse(time.RFC3339, h.CreateDate); err != nil {
			return fmt.Errorf("CREATEDATE: %v", err)
		}
		return want(h.OAISType == "SIP", "OAISPACKAGETYPE %q", h.OAISType)
	}},
	{"CSIP10 CSIP11 CSIP12 CSIP13 CSIP14 CSIP15 CSIP16", func(v *pkgView) error {
		for _, a := range v.mets.Hdrs[0].Agents {
			if a.Role == "CREATOR" && a.Type == "OTHER" && a.OtherType == "SOFTWARE" && a.Name != "" &&
				len(a.Notes) == 1 && a.Notes[0].Type == "SOFTWARE VERSION" && a.Notes[0].Value != "" {
				return nil
			}
		}
		return errors.New("no software agent with name and SOFTWARE VERSION note")
	}},
	{"SIP9 SIP10 SIP11 SIP12 SIP13 SIP14 SIP15 SIP16 SIP17 SIP18 SIP19 SIP20", func(v *pkgView) error {
		roles := map[string]int{}
		for _, a := range v.mets.Hdrs[0].Agents {
			if a.Type != "ORGANIZATION" {
				continue
			}
			if a.Name == "" {
				return errors.New("organisation agent without name")
			}
			for _, n := range a.Notes {
				if n.Type != "IDENTIFICATIONCODE" {
					return fmt.Errorf("agent note type %q", n.Type)
				}
			}
			roles[a.Role]++
		}
		return want(roles["ARCHIVIST"] >= 1 && roles["CREATOR"] == 1, "organisation agents by role: %v", roles)
	}},
	{"CSIP17 CSIP18 CSIP19 CSIP20 CSIP21 CSIP22 CSIP23 CSIP24 CSIP25 CSIP26 CSIP27 CSIP28 CSIP29 CSIP30", func(v *pkgView) error {
		if len(v.mets.DmdSecs) == 0 {
			return errors.New("no dmdSec")
		}
		for _, s := range v.mets.DmdSecs {
			if err := checkMDSec(v, s, "metadata/descriptive/"); err != nil {
				return err
			}
		}
		return nil
	}},
	{"CSIP31 CSIP32 CSIP33 CSIP34 CSIP35 CSIP36 CSIP37 CSIP38 CSIP39 CSIP40 CSIP41 CSIP42 CSIP43 CSIP44", func(v *pkgView) error {
		if len(v.mets.AmdSecs) != 1 || len(v.mets.AmdSecs[0].Digiprov) == 0 {
			return errors.New("want one amdSec with digiprovMD")
		}
		for _, s := range v.mets.AmdSecs[0].Digiprov {
			if err := checkMDSec(v, s, "metadata/preservation/"); err != nil {
				return err
			}
			if s.Refs[0].MDType != "PREMIS" || s.Refs[0].Version != "3.0" {
				return fmt.Errorf("digiprovMD MDTYPE %q version %q", s.Refs[0].MDType, s.Refs[0].Version)
			}
		}
		return nil
	}},
	{"CSIP58 CSIP59", func(v *pkgView) error {
		return want(len(v.mets.FileSecs) == 1 && v.mets.FileSecs[0].ID != "", "want one fileSec with ID")
	}},
	{"CSIP60 CSIP113 CSIP114 CSIP64", func(v *pkgView) error {
		uses := map[string]bool{}
		for _, g := range v.mets.FileSecs[0].Groups {
			uses[g.Use] = true
			dir := strings.ToLower(g.Use) + "/"
			for _, f := range g.Files {
				if !strings.HasPrefix(strings.ToLower(f.FLocats[0].Href), dir) {
					return fmt.Errorf("%s is in group USE=%q", f.FLocats[0].Href, g.Use)
				}
			}
		}
		return want(uses["Documentation"] && uses["Schemas"] && uses["Representations/rep1/data"], "file groups %v", uses)
	}},
	{"CSIP62 CSIP63", func(v *pkgView) error {
		for _, g := range v.mets.FileSecs[0].Groups {
			if strings.HasPrefix(g.Use, "Representations") && (g.CIT != "OTHER" || g.OtherCIT == "") {
				return fmt.Errorf("group %s CONTENTINFORMATIONTYPE %q / %q", g.ID, g.CIT, g.OtherCIT)
			}
		}
		return nil
	}},
	{"CSIP65 CSIP66 CSIP67 CSIP68 CSIP69 CSIP70 CSIP71 CSIP72 CSIP76 CSIP77 CSIP78 CSIP79", func(v *pkgView) error {
		for _, g := range v.mets.FileSecs[0].Groups {
			if g.ID == "" || len(g.Files) == 0 {
				return fmt.Errorf("group %q without ID or files", g.Use)
			}
			for _, f := range g.Files {
				if f.ID == "" || len(f.FLocats) != 1 {
					return fmt.Errorf("file %q: want an ID and one FLocat", f.ID)
				}
				l := f.FLocats[0]
				if l.LocType != "URL" || l.XlinkType != "simple" {
					return fmt.Errorf("%s: LOCTYPE %q xlink:type %q", l.Href, l.LocType, l.XlinkType)
				}
				if err := checkFile(v, l.Href, f.fileAttrs); err != nil {
					return err
				}
			}
		}
		return nil
	}},
	{"CSIP80 CSIP81 CSIP82 CSIP83 CSIP84 CSIP85", func(v *pkgView) error {
		var n int
		for _, s := range v.mets.StructMaps {
			if s.Label == "CSIP" {
				n++
				if s.Type != "PHYSICAL" || s.ID == "" || len(s.Divs) != 1 || s.Divs[0].ID == "" {
					return fmt.Errorf("CSIP structMap %+v", s)
				}
			}
		}
		return want(n == 1, "%d structMaps labelled CSIP", n)
	}},
	{"CSIP88 CSIP89 CSIP90 CSIP91 CSIP92", func(v *pkgView) error {
		d := subDiv(v, "Metadata")
		if d == nil || d.ID == "" {
			return errors.New("no Metadata div")
		}
		var amd, dmd []string
		for _, s := range v.mets.AmdSecs[0].Digiprov {
			amd = append(amd, s.ID)
		}
		for _, s := range v.mets.DmdSecs {
			dmd = append(dmd, s.ID)
		}
		return want(sameSet(strings.Fields(d.ADMID), amd) && sameSet(strings.Fields(d.DMDID), dmd),
			"Metadata div ADMID %q DMDID %q, sections %v %v", d.ADMID, d.DMDID, amd, dmd)
	}},
	{"CSIP93 CSIP94 CSIP95 CSIP96 CSIP116", func(v *pkgView) error { return divPointsAt(v, "Documentation", "Documentation") }},
	{"CSIP97 CSIP98 CSIP99 CSIP100 CSIP118", func(v *pkgView) error { return divPointsAt(v, "Schemas", "Schemas") }},
	{"CSIP101 CSIP102 CSIP103 CSIP104 CSIP119", func(v *pkgView) error {
		return divPointsAt(v, "Representations", "Representations/rep1/data")
	}},
	{"xml:ID unique and well-formed (CSIP18 CSIP33 CSIP59 CSIP65 CSIP67 CSIP83 CSIP85 …)", func(v *pkgView) error {
		seen := map[string]bool{}
		for _, id := range v.ids {
			if !xmlID.MatchString(id) || seen[id] {
				return fmt.Errorf("ID %q is not a unique xml:ID", id)
			}
			seen[id] = true
		}
		return nil
	}},
	{"every file described once (CSIP58)", func(v *pkgView) error {
		described := map[string]int{}
		for _, g := range v.mets.FileSecs[0].Groups {
			for _, f := range g.Files {
				described[f.FLocats[0].Href]++
			}
		}
		for _, s := range v.mets.DmdSecs {
			described[s.Refs[0].Href]++
		}
		for _, s := range v.mets.AmdSecs[0].Digiprov {
			described[s.Refs[0].Href]++
		}
		for p := range v.files {
			if p != "METS.xml" && described[p] != 1 {
				return fmt.Errorf("%s described %d times", p, described[p])
			}
		}
		return nil
	}},
}

func want(ok bool, format string, args ...any) error {
	if ok {
		return nil
	}
	return fmt.Errorf(format, args...)
}

func hasPrefix(files map[string][]byte, prefix string) bool {
	for p := range files {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return false
}

func sameSet(a, b []string) bool {
	sort.Strings(a)
	sort.Strings(b)
	return len(a) > 0 && strings.Join(a, " ") == strings.Join(b, " ")
}

func checkMDSec(v *pkgView, s mdSec, dir string) error {
	if s.ID == "" || s.Status != "CURRENT" || len(s.Refs) != 1 {
		return fmt.Errorf("section %q: want an ID, STATUS CURRENT and one mdRef", s.ID)
	}
	if _, err := time.Parse(time.RFC3339, s.Created); err != nil {
		return fmt.Errorf("section %s CREATED: %v", s.ID, err)
	}
	r := s.Refs[0]
	if r.LocType != "URL" || r.XlinkType != "simple" || r.MDType == "" || !strings.HasPrefix(r.Href, dir) {
		return fmt.Errorf("mdRef %+v", r)
	}
	return checkFile(v, r.Href, r.fileAttrs)
}

// checkFile compares what METS says about a file with the zipped bytes.
func checkFile(v *pkgView, href string, at fileAttrs) error {
	data, ok := v.files[href]
	if !ok {
		return fmt.Errorf("%s is not in the package", href)
	}
	if at.MIMEType == "" {
		return fmt.Errorf("%s has no MIMETYPE", href)
	}
	if size, err := strconv.Atoi(at.Size); err != nil || size != len(data) {
		return fmt.Errorf("%s SIZE %q, file has %d bytes", href, at.Size, len(data))
	}
	if _, err := time.Parse(time.RFC3339, at.Created); err != nil {
		return fmt.Errorf("%s CREATED %q: %v", href, at.Created, err)
	}
	sum := sha256.Sum256(data)
	if at.ChecksumType != "SHA-256" || !strings.EqualFold(at.Checksum, hex.EncodeToString(sum[:])) {
		return fmt.Errorf("%s CHECKSUM %s %q does not match the file", href, at.ChecksumType, at.Checksum)
	}
	return nil
}

func subDiv(v *pkgView, label string) *div {
	for _, s := range v.mets.StructMaps {
		if s.Label != "CSIP" || len(s.Divs) != 1 {
			continue
		}
		for i := range s.Divs[0].Divs {
			if s.Divs[0].Divs[i].Label == label {
				return &s.Divs[0].Divs[i]
			}
		}
	}
	return nil
}

func divPointsAt(v *pkgView, label, use string) error {
	d := subDiv(v, label)
	if d == nil || d.ID == "" {
		return fmt.Errorf("no %s div", label)
	}
	var grp string
	for _, g := range v.mets.FileSecs[0].Groups {
		if g.Use == use {
			grp = g.ID
		}
	}
	if len(d.Fptrs) != 1 || d.Fptrs[0].FileID != grp {
		return fmt.Errorf("%s div points at %+v, want file group %q", label, d.Fptrs, grp)
	}
	return nil
}

// view reads a zipped package and checks the rules that need the zip itself.
func view(t *testing.T, b []byte) *pkgView {
	t.Helper()
	_, files, _ := unzip(t, b)
	v := &pkgView{files: map[string][]byte{}}
	for name, data := range files {
		root, rest, ok := strings.Cut(name, "/")
		if !ok || (v.root != "" && root != v.root) {
			t.Fatalf("CSIPSTR1: %q is outside the single root folder %q", name, v.root)
		}
		v.root = root
		v.files[rest] = data
	}
	for name, data := range v.files {
		if strings.HasSuffix(name, ".xml") {
			if _, err := wellFormed(data); err != nil {
				t.Fatalf("%s is not well-formed XML: %v", name, err)
			}
		}
	}
	var err error
	if v.ids, err = wellFormed(v.files["METS.xml"]); err != nil {
		t.Fatal(err)
	}
	if err := xml.Unmarshal(v.files["METS.xml"], &v.mets); err != nil {
		t.Fatalf("METS.xml: %v", err)
	}
	return v
}

func checkRules(v *pkgView) []string {
	var failed []string
	for _, r := range rules {
		if err := r.check(v); err != nil {
			failed = append(failed, r.ids+": "+err.Error())
		}
	}
	return failed
}

func TestPackageFollowsCSIP(t *testing.T) {
	v := view(t, write(t, samplePackage()))
	for _, f := range checkRules(v) {
		t.Error(f)
	}
	var checked []string
	for _, r := range rules {
		checked = append(checked, r.ids)
	}
	t.Logf("checked: %s", strings.Join(checked, "; "))
}

// TestCheckerCatchesFaults breaks a good package in ways the rules must
// notice, so a checker that passes everything cannot go unseen.
func TestCheckerCatchesFaults(t *testing.T) {
	good := write(t, samplePackage())
	cases := []struct {
		name, wantID string
		edit         func(v *pkgView)
	}{
		{"changed data file", "CSIP71", func(v *pkgView) { v.files["representations/rep1/data/samverkan.json"] = []byte("{}") }},
		{"changed PREMIS file", "CSIP43", func(v *pkgView) {
			v.files["metadata/preservation/premis.xml"] = append(v.files["metadata/preservation/premis.xml"], ' ')
		}},
		{"extra file", "CSIP58", func(v *pkgView) { v.files["representations/rep1/data/extra.json"] = []byte("{}") }},
		{"wrong profile", "CSIP6", func(v *pkgView) { v.mets.Profile = "https://earkcsip.dilcis.eu/profile/E-ARK-CSIP.xml" }},
		{"root renamed", "CSIP1", func(v *pkgView) { v.root = "annat-namn" }},
		{"duplicate ID", "xml:ID", func(v *pkgView) { v.ids = append(v.ids, v.ids[0]) }},
		{"no software agent", "CSIP10", func(v *pkgView) { v.mets.Hdrs[0].Agents = v.mets.Hdrs[0].Agents[1:] }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := view(t, good)
			c.edit(v)
			failed := checkRules(v)
			for _, f := range failed {
				if strings.Contains(f, c.wantID) {
					return
				}
			}
			t.Errorf("checker reported %q, want a failure of %s", failed, c.wantID)
		})
	}
}

// ---- PREMIS as the test reads it.

type premisDoc struct {
	XMLName xml.Name `xml:"http://www.loc.gov/premis/v3 premis"`
	Version string   `xml:"version,attr"`
	Objects []struct {
		Type  string `xml:"http://www.w3.org/2001/XMLSchema-instance type,attr"`
		IDVal string `xml:"http://www.loc.gov/premis/v3 objectIdentifier>objectIdentifierValue"`
		Chars struct {
			Algorithm string `xml:"http://www.loc.gov/premis/v3 fixity>messageDigestAlgorithm"`
			Digest    string `xml:"http://www.loc.gov/premis/v3 fixity>messageDigest"`
			Size      int    `xml:"http://www.loc.gov/premis/v3 size"`
			Format    string `xml:"http://www.loc.gov/premis/v3 format>formatDesignation>formatName"`
		} `xml:"http://www.loc.gov/premis/v3 objectCharacteristics"`
	} `xml:"http://www.loc.gov/premis/v3 object"`
	Events []struct {
		IDType  string   `xml:"http://www.loc.gov/premis/v3 eventIdentifier>eventIdentifierType"`
		ID      string   `xml:"http://www.loc.gov/premis/v3 eventIdentifier>eventIdentifierValue"`
		Type    string   `xml:"http://www.loc.gov/premis/v3 eventType"`
		Time    string   `xml:"http://www.loc.gov/premis/v3 eventDateTime"`
		Detail  []string `xml:"http://www.loc.gov/premis/v3 eventDetailInformation>eventDetail"`
		Outcome []string `xml:"http://www.loc.gov/premis/v3 eventOutcomeInformation>eventOutcome"`
		Agents  []string `xml:"http://www.loc.gov/premis/v3 linkingAgentIdentifier>linkingAgentIdentifierValue"`
	} `xml:"http://www.loc.gov/premis/v3 event"`
	Agents []struct {
		ID   string `xml:"http://www.loc.gov/premis/v3 agentIdentifier>agentIdentifierValue"`
		Name string `xml:"http://www.loc.gov/premis/v3 agentName"`
		Type string `xml:"http://www.loc.gov/premis/v3 agentType"`
	} `xml:"http://www.loc.gov/premis/v3 agent"`
}

func readPremis(t *testing.T, v *pkgView) premisDoc {
	t.Helper()
	var p premisDoc
	if err := xml.Unmarshal(v.files["metadata/preservation/premis.xml"], &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPremisEventsEqualInput(t *testing.T) {
	for _, policy := range []archive.ActorPolicy{archive.ActorsPseudonymised, archive.ActorsAsRecorded, archive.ActorsOmitted} {
		t.Run(policy.String(), func(t *testing.T) {
			in := samplePackage()
			in.Actors = policy
			v := view(t, write(t, in))
			p := readPremis(t, v)
			if p.Version != "3.0" {
				t.Errorf("PREMIS version %q", p.Version)
			}
			if len(p.Events) != len(in.Events) {
				t.Fatalf("%d events, want %d", len(p.Events), len(in.Events))
			}
			agentName := map[string]string{}
			agentType := map[string]string{}
			for _, a := range p.Agents {
				agentName[a.ID], agentType[a.ID] = a.Name, a.Type
			}
			pseudonym := map[string]string{}
			for i, want := range in.Events {
				got := p.Events[i]
				tm, err := time.Parse(time.RFC3339Nano, got.Time)
				if got.ID != want.ID || got.IDType == "" || got.Type != want.Type || err != nil || !tm.Equal(want.Time) {
					t.Errorf("event %d = %s %s %s (%v), want %s %s %s", i, got.ID, got.Type, got.Time, err, want.ID, want.Type, want.Time)
				}
				if want.Detail != "" && (len(got.Detail) != 1 || got.Detail[0] != want.Detail) {
					t.Errorf("event %s detail %q, want %q", want.ID, got.Detail, want.Detail)
				}
				if (want.Outcome == "") != (len(got.Outcome) == 0) || (want.Outcome != "" && got.Outcome[0] != want.Outcome) {
					t.Errorf("event %s outcome %q, want %q", want.ID, got.Outcome, want.Outcome)
				}
				if len(got.Agents) != 1 {
					t.Fatalf("event %s links %d agents", want.ID, len(got.Agents))
				}
				linked := got.Agents[0]
				if _, ok := agentName[linked]; !ok {
					t.Errorf("event %s links agent %q, which is not described", want.ID, linked)
				}
				switch {
				case want.Agent == "":
					if agentType[linked] != "software" {
						t.Errorf("system event %s links %q (%s), want the software agent", want.ID, linked, agentType[linked])
					}
				case policy == archive.ActorsAsRecorded:
					if linked != want.Agent || agentName[linked] != want.Agent {
						t.Errorf("event %s links %q, want the actor %q as recorded", want.ID, linked, want.Agent)
					}
				case policy == archive.ActorsPseudonymised:
					if prev, ok := pseudonym[want.Agent]; ok && prev != linked {
						t.Errorf("actor %q is %q and %q: one person must keep one pseudonym", want.Agent, prev, linked)
					}
					pseudonym[want.Agent] = linked
					if !strings.HasPrefix(linked, "aktör-") || agentType[linked] != "person" {
						t.Errorf("event %s links %q (%s), want a person pseudonym", want.ID, linked, agentType[linked])
					}
				case policy == archive.ActorsOmitted:
					if agentType[linked] != "organization" || agentName[linked] != in.Producer.Name {
						t.Errorf("event %s links %q, want the producer", want.ID, linked)
					}
				}
			}
			if policy == archive.ActorsPseudonymised && len(pseudonym) != 2 {
				t.Errorf("pseudonyms %v, want two distinct actors", pseudonym)
			}
			// Outside AsRecorded, no actor's address may be anywhere in the
			// package's own metadata (the sample's data files hold none).
			if policy != archive.ActorsAsRecorded {
				for name, data := range v.files {
					for _, e := range in.Events {
						if e.Agent != "" && bytes.Contains(data, []byte(e.Agent)) {
							t.Errorf("%s contains the actor %q", name, e.Agent)
						}
					}
				}
			}

			// One PREMIS object per data file, with the zipped file's digest.
			objects := map[string]bool{}
			for _, o := range p.Objects {
				data, ok := v.files[o.IDVal]
				sum := sha256.Sum256(data)
				if !ok || o.Type != "premis:file" || o.Chars.Algorithm != "SHA-256" || o.Chars.Digest != hex.EncodeToString(sum[:]) || o.Chars.Size != len(data) || o.Chars.Format == "" {
					t.Errorf("PREMIS object %+v does not match the file", o)
				}
				objects[o.IDVal] = true
			}
			for _, f := range in.Data {
				if !objects["representations/rep1/data/"+f.Path] {
					t.Errorf("no PREMIS object for %s", f.Path)
				}
			}
		})
	}
}

func TestMetsContent(t *testing.T) {
	in := samplePackage()
	v := view(t, write(t, in))
	m := v.mets
	if m.Label != in.Label {
		t.Errorf("LABEL %q", m.Label)
	}
	var creators []string
	for _, a := range m.Hdrs[0].Agents {
		if a.Role == "ARCHIVIST" {
			creators = append(creators, a.Name)
		}
		if a.Role == "CREATOR" && a.Type == "ORGANIZATION" && a.Name != in.Producer.Name {
			t.Errorf("submitting agent %q, want %q", a.Name, in.Producer.Name)
		}
	}
	if strings.Join(creators, ",") != "Gislaveds kommun,Gnosjö kommun" {
		t.Errorf("archival creators %q", creators)
	}
	if len(m.Hdrs[0].AltIDs) != 1 || m.Hdrs[0].AltIDs[0].Type != "SUBMISSIONAGREEMENT" || m.Hdrs[0].AltIDs[0].Value != in.SubmissionAgreement {
		t.Errorf("altRecordID %+v", m.Hdrs[0].AltIDs)
	}
	// Each data file's CREATED is its own, or the package's when it has none.
	for _, g := range m.FileSecs[0].Groups {
		for _, f := range g.Files {
			href := f.FLocats[0].Href
			wantCreated := created
			for _, d := range in.Data {
				if "representations/rep1/data/"+d.Path == href && !d.Created.IsZero() {
					wantCreated = d.Created
				}
			}
			if got, _ := time.Parse(time.RFC3339, f.Created); !got.Equal(wantCreated) {
				t.Errorf("%s CREATED %s, want %s", href, f.Created, wantCreated)
			}
		}
	}
	// The zip's entries carry the same times, in path order.
	names, _, zr := unzip(t, write(t, in))
	if !sort.StringsAreSorted(names) || names[0] != in.ID+"/METS.xml" {
		t.Errorf("entries not in path order with METS.xml first: %q", names)
	}
	for _, f := range zr.File {
		if f.Name == in.ID+"/representations/rep1/data/samverkan.json" && !f.Modified.Equal(stamp) {
			t.Errorf("%s modified %v, want %v", f.Name, f.Modified, stamp)
		}
		if f.Name == in.ID+"/METS.xml" && !f.Modified.Equal(created) {
			t.Errorf("METS.xml modified %v, want %v", f.Modified, created)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := write(t, samplePackage()), write(t, samplePackage())
	if !bytes.Equal(a, b) {
		t.Fatal("the same package gave different bytes")
	}
	// The input order of files does not matter either.
	p := samplePackage()
	for i, j := 0, len(p.Data)-1; i < j; i, j = i+1, j-1 {
		p.Data[i], p.Data[j] = p.Data[j], p.Data[i]
	}
	if !bytes.Equal(a, write(t, p)) {
		t.Error("reordering the data files changed the package")
	}
}

func TestInvalidWritesNothing(t *testing.T) {
	cases := map[string]func(p *archive.Package){
		"dot-dot":              func(p *archive.Package) { p.Data[0].Path = "../../etc/passwd" },
		"absolute":             func(p *archive.Package) { p.Data[0].Path = "/etc/passwd" },
		"backslash":            func(p *archive.Package) { p.Data[0].Path = `beslut\x.csv` },
		"empty segment":        func(p *archive.Package) { p.Data[0].Path = "beslut//x.csv" },
		"trailing slash":       func(p *archive.Package) { p.Data[0].Path = "beslut/" },
		"hidden":               func(p *archive.Package) { p.Data[0].Path = ".env" },
		"dot segment":          func(p *archive.Package) { p.Data[0].Path = "a/./b.json" },
		"non-portable":         func(p *archive.Package) { p.Data[0].Path = "överförmyndare.json" },
		"colon":                func(p *archive.Package) { p.Data[0].Path = "c:x.json" },
		"empty path":           func(p *archive.Package) { p.Data[0].Path = "" },
		"duplicate by case":    func(p *archive.Package) { p.Data[1].Path = "SAMVERKAN.json" },
		"file is also folder":  func(p *archive.Package) { p.Data[1].Path = "samverkan.json/x.csv" },
		"clashes with ours":    func(p *archive.Package) { p.Documentation[0].Path = "om-paketet.txt" },
		"no MIME type":         func(p *archive.Package) { p.Data[0].MIMEType = "" },
		"bad package id":       func(p *archive.Package) { p.ID = "../paket" },
		"no label":             func(p *archive.Package) { p.Label = " " },
		"no producer":          func(p *archive.Package) { p.Producer.Name = "" },
		"nameless creator":     func(p *archive.Package) { p.ArchivalCreators[1].Name = "" },
		"no created":           func(p *archive.Package) { p.Created = time.Time{} },
		"no data":              func(p *archive.Package) { p.Data = nil },
		"duplicate event":      func(p *archive.Package) { p.Events[1].ID = p.Events[0].ID },
		"event without time":   func(p *archive.Package) { p.Events[0].Time = time.Time{} },
		"event without type":   func(p *archive.Package) { p.Events[0].Type = "" },
		"unknown category":     func(p *archive.Package) { p.ContentCategory = "Records" },
		"unknown actor policy": func(p *archive.Package) { p.Actors = 7 },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			p := samplePackage()
			mutate(p)
			var buf bytes.Buffer
			err := p.WriteZip(&buf)
			if samverkan.ErrorCode(err) != samverkan.EINVALID {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes for an invalid package", buf.Len())
			}
		})
	}
}

// TestGolden keeps the metadata files and the zip's listing as an external
// contract: an e-archive's ingest is set up against them.
func TestGolden(t *testing.T) {
	in := samplePackage()
	b := write(t, in)
	_, files, zr := unzip(t, b)
	var listing strings.Builder
	for _, f := range zr.File {
		fmt.Fprintf(&listing, "%s %s %d %08x\n", f.Modified.UTC().Format(time.RFC3339), f.Name, f.UncompressedSize64, f.CRC32)
	}
	golden := map[string][]byte{
		"listing.txt":    []byte(listing.String()),
		"METS.xml":       files[in.ID+"/METS.xml"],
		"premis.xml":     files[in.ID+"/metadata/preservation/premis.xml"],
		"dc.xml":         files[in.ID+"/metadata/descriptive/dc.xml"],
		"om-paketet.txt": files[in.ID+"/documentation/om-paketet.txt"],
	}
	for name, got := range golden {
		p := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(p, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("%v (run go test -update to create it)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run go test ./internal/archive -update and review the diff", name, p)
		}
	}
}

// TestStreams checks that WriteZip writes as it goes instead of building
// the zip in memory first: the first bytes reach the writer before the
// last file is written.
func TestStreams(t *testing.T) {
	p := samplePackage()
	// 1 MiB that does not compress, in a file named to sort last.
	big := make([]byte, 1<<20)
	rand.NewChaCha8([32]byte{1}).Read(big)
	p.Data = append(p.Data, archive.File{Path: "zz-stor.csv", Data: big, MIMEType: "text/csv"})
	w := &countingWriter{}
	if err := p.WriteZip(w); err != nil {
		t.Fatal(err)
	}
	if w.writes < 3 {
		t.Errorf("%d writes; a streaming writer makes many", w.writes)
	}
}

type countingWriter struct{ writes, n int }

func (w *countingWriter) Write(b []byte) (int, error) {
	w.writes++
	w.n += len(b)
	return len(b), nil
}
