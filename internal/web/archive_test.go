package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
)

// unzip reads every file of a zip into memory, by path.
func unzip(t *testing.T, body []byte) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name] = b
	}
	return out
}

// wellFormed reads an XML document to its end.
func wellFormed(t *testing.T, name string, b []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// metsChecksums returns href → SHA-256 for every file and metadata file
// METS.xml lists.
func metsChecksums(t *testing.T, mets []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	d := xml.NewDecoder(bytes.NewReader(mets))
	var pending string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "mdRef":
			if attr(se, "CHECKSUMTYPE") != "SHA-256" {
				t.Errorf("mdRef %s: checksum type %q", attr(se, "href"), attr(se, "CHECKSUMTYPE"))
			}
			out[attr(se, "href")] = attr(se, "CHECKSUM")
		case "file":
			if attr(se, "CHECKSUMTYPE") != "SHA-256" {
				t.Errorf("file %s: checksum type %q", attr(se, "ID"), attr(se, "CHECKSUMTYPE"))
			}
			pending = attr(se, "CHECKSUM")
		case "FLocat":
			out[attr(se, "href")] = pending
		}
	}
}

type premisEvent struct {
	ID, Type, Time string
}

func premisEvents(t *testing.T, b []byte) []premisEvent {
	t.Helper()
	var doc struct {
		Events []struct {
			ID   string `xml:"eventIdentifier>eventIdentifierValue"`
			Type string `xml:"eventType"`
			Time string `xml:"eventDateTime"`
		} `xml:"event"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var out []premisEvent
	for _, e := range doc.Events {
		out = append(out, premisEvent{e.ID, e.Type, e.Time})
	}
	return out
}

// Acceptance 3: the archive package of an ended demo collaboration, from
// the administrator's button, has a METS.xml whose checksums match every
// file in the zip, and PREMIS events that are the record's audit history
// as the store lists it; every XML file is well-formed. Others may not
// make one.
func TestArchivePackageOfEndedCollaboration(t *testing.T) {
	a := newAuthEnv(t)
	ctx := context.Background()
	c := a.tierp
	if c.Status != samverkan.StatusEnded {
		t.Fatalf("the demo's %q is %s, not ended", c.Title, c.Status)
	}
	// Give the record a history beyond its creation: a change by an editor.
	c.Description += " Arkiveras."
	if err := a.db.UpdateCollaboration(samverkan.WithActor(ctx, roleUsers[roleCoord].Email), c); err != nil {
		t.Fatal(err)
	}
	id := strconv.FormatInt(c.ID, 10)
	if res := a.request(roleCoord, "POST", "/samverkan/"+id+"/arkiv", nil); res.Code != http.StatusForbidden {
		t.Errorf("a coordinator's archive = %d, want 403", res.Code)
	}
	res := a.request(roleAdmin, "POST", "/samverkan/"+id+"/arkiv", nil)
	if res.Code != http.StatusOK || res.Header.Get("Content-Type") != "application/zip" ||
		!strings.Contains(res.Header.Get("Content-Disposition"), "samverkan-"+id+"-") {
		t.Fatalf("archive = %d %s %s", res.Code, res.Header.Get("Content-Type"), res.Header.Get("Content-Disposition"))
	}
	files := unzip(t, []byte(res.Body))
	var root string
	for name := range files {
		if strings.HasSuffix(name, "/METS.xml") && strings.Count(name, "/") == 1 {
			root = strings.TrimSuffix(name, "METS.xml")
		}
	}
	if root == "" {
		t.Fatalf("no METS.xml at the package root: %d files", len(files))
	}
	for name, b := range files {
		if strings.HasSuffix(name, ".xml") {
			wellFormed(t, name, b)
		}
	}
	sums := metsChecksums(t, files[root+"METS.xml"])
	for name, b := range files {
		rel := strings.TrimPrefix(name, root)
		if rel == "METS.xml" || strings.HasSuffix(name, "/") {
			continue
		}
		want, ok := sums[rel]
		if !ok {
			t.Errorf("%s is in the zip but not in METS.xml", rel)
			continue
		}
		got := sha256.Sum256(b)
		if hex.EncodeToString(got[:]) != strings.ToLower(want) {
			t.Errorf("%s: METS checksum %s, the file's %x", rel, want, got)
		}
	}
	for href := range sums {
		if _, ok := files[root+href]; !ok {
			t.Errorf("METS.xml lists %s, which is not in the zip", href)
		}
	}
	for _, want := range []string{"representations/rep1/data/samverkan.json", "representations/rep1/data/samverkan.csv",
		"representations/rep1/data/beslut.csv", "representations/rep1/data/styrdokument.csv", "representations/rep1/data/historik.json"} {
		if _, ok := sums[want]; !ok {
			t.Errorf("the package lacks %s", want)
		}
	}

	history, err := a.db.AuditEvents(ctx, samverkan.AuditEntityCollaboration, id)
	if err != nil || len(history) < 2 {
		t.Fatalf("history %d, %v", len(history), err)
	}
	events := premisEvents(t, files[root+"metadata/preservation/premis.xml"])
	if len(events) != len(history) {
		t.Fatalf("%d PREMIS events, the record has %d history entries", len(events), len(history))
	}
	for i, h := range history {
		e := events[i]
		at, err := time.Parse(time.RFC3339Nano, e.Time)
		if e.ID != "audit-"+strconv.FormatInt(h.ID, 10) || err != nil || !at.Equal(h.At) {
			t.Errorf("event %d = %+v, history %d at %s", i, e, h.ID, h.At)
		}
		wantType := map[string]string{samverkan.AuditCreate: "creation", samverkan.AuditDelete: "deletion"}[h.Action]
		if wantType == "" {
			wantType = "modification"
		}
		if e.Type != wantType {
			t.Errorf("event %d type %q for action %q", i, e.Type, h.Action)
		}
	}
	// The history file holds the same rows, with the actor pseudonymised.
	var hist []samverkan.AuditEvent
	if err := json.Unmarshal(files[root+"representations/rep1/data/historik.json"], &hist); err != nil || len(hist) != len(history) {
		t.Fatalf("historik.json: %d rows, %v", len(hist), err)
	}
	premis := string(files[root+"metadata/preservation/premis.xml"])
	for _, who := range []string{roleUsers[roleCoord].Email} {
		if strings.Contains(premis, who) || strings.Contains(string(files[root+"representations/rep1/data/historik.json"]), who) {
			t.Errorf("the package names %s; actors are pseudonymised", who)
		}
	}
	if hist[len(hist)-1].Actor != "aktör-1" && hist[len(hist)-1].Actor != "aktör-2" {
		t.Errorf("last actor %q, want a pseudonym", hist[len(hist)-1].Actor)
	}

	// The network's package holds the network and all its collaborations.
	net := a.request(roleAdmin, "POST", "/natverk/c-tillsammans/arkiv", nil)
	if net.Code != http.StatusOK {
		t.Fatalf("network archive = %d", net.Code)
	}
	nfiles := unzip(t, []byte(net.Body))
	found := false
	for name, b := range nfiles {
		if strings.HasSuffix(name, "data/samverkan.json") {
			found = strings.Contains(string(b), "Gemensam IT-nämnd") && strings.Contains(string(b), c.Title)
		}
	}
	if !found {
		t.Error("the network's package lacks its collaborations")
	}
}
