package archive

import (
	"fmt"
	"strconv"
	"strings"
)

const (
	nsMETS   = "http://www.loc.gov/METS/"
	nsXlink  = "http://www.w3.org/1999/xlink"
	nsXSI    = "http://www.w3.org/2001/XMLSchema-instance"
	nsCSIP   = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
	nsSIP    = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
	nsPREMIS = "http://www.loc.gov/premis/v3"
	nsDC     = "http://purl.org/dc/elements/1.1/"
	nsOAIDC  = "http://www.openarchives.org/OAI/2.0/oai_dc/"

	metsSchemaLocation = nsMETS + " http://www.loc.gov/standards/mets/mets.xsd " +
		nsXlink + " http://www.loc.gov/standards/mets/xlink.xsd " +
		nsCSIP + " https://earkcsip.dilcis.eu/schema/DILCISExtensionMETS.xsd " +
		nsSIP + " https://earksip.dilcis.eu/schema/DILCISExtensionSIPMETS.xsd"

	// IDs inside METS.xml (xml:ID values, unique in the document).
	idDMD         = "dmd-dc"
	idPREMIS      = "digiprov-premis"
	idFileSec     = "filesec"
	idGrpDocs     = "filegrp-documentation"
	idGrpSchemas  = "filegrp-schemas"
	idGrpData     = "filegrp-" + Representation + "-data"
	idStructMap   = "structmap-csip"
	idDivRoot     = "div-package"
	idDivMetadata = "div-metadata"
	idDivDocs     = "div-documentation"
	idDivSchemas  = "div-schemas"
	idDivReps     = "div-representations"
)

// mets builds the package METS.xml (CSIP 5.3, SIP 4).
func (p *Package) mets(dc, premis entry, docs, schemas, data []entry) []byte {
	root := el("mets:mets",
		a("xmlns:mets", nsMETS), a("xmlns:xlink", nsXlink), a("xmlns:xsi", nsXSI),
		a("xmlns:csip", nsCSIP), a("xmlns:sip", nsSIP),
		a("OBJID", p.ID),                                              // CSIP1
		a("LABEL", p.Label),                                           // SIP1
		a("TYPE", p.contentCategory()),                                // CSIP2
		a("csip:CONTENTINFORMATIONTYPE", "OTHER"),                     // CSIP4
		a("csip:OTHERCONTENTINFORMATIONTYPE", ContentInformationType), // CSIP5
		a("PROFILE", ProfileSIP),                                      // CSIP6, SIP2
		a("xsi:schemaLocation", metsSchemaLocation))

	hdr := el("mets:metsHdr", a("CREATEDATE", xsdDateTime(p.Created)), a("RECORDSTATUS", "NEW"), // CSIP7, SIP3
		a("csip:OAISPACKAGETYPE", "SIP")) // CSIP9, SIP4
	hdr.add(el("mets:agent", a("ROLE", "CREATOR"), a("TYPE", "OTHER"), a("OTHERTYPE", "SOFTWARE")).add( // CSIP10–13
		textEl("mets:name", Software), // CSIP14
		textEl("mets:note", p.softwareVersion(), a("csip:NOTETYPE", "SOFTWARE VERSION")))) // CSIP15–16
	for _, o := range p.archivalCreators() {
		hdr.add(orgAgent("ARCHIVIST", o)) // SIP9–14
	}
	hdr.add(orgAgent("CREATOR", p.Producer)) // SIP15–20
	if p.SubmissionAgreement != "" {
		hdr.add(textEl("mets:altRecordID", p.SubmissionAgreement, a("TYPE", "SUBMISSIONAGREEMENT"))) // SIP5
	}
	if p.ReferenceCode != "" {
		hdr.add(textEl("mets:altRecordID", p.ReferenceCode, a("TYPE", "REFERENCECODE"))) // SIP7
	}
	root.add(hdr)

	root.add(el("mets:dmdSec", a("ID", idDMD), a("CREATED", xsdDateTime(dc.created)), a("STATUS", "CURRENT")). // CSIP17–20
															add(mdRef(dc, "DC", "")))
	root.add(el("mets:amdSec").add( // CSIP31
		el("mets:digiprovMD", a("ID", idPREMIS), a("CREATED", xsdDateTime(premis.created)), a("STATUS", "CURRENT")). // CSIP32–34
																add(mdRef(premis, "PREMIS", "3.0"))))

	fileSec := el("mets:fileSec", a("ID", idFileSec))      // CSIP58–59
	fileSec.add(fileGrp(idGrpDocs, "Documentation", docs)) // CSIP60
	if len(schemas) > 0 {
		fileSec.add(fileGrp(idGrpSchemas, "Schemas", schemas)) // CSIP113
	}
	dataGrp := fileGrp(idGrpData, "Representations/"+Representation+"/data", data)   // CSIP114, CSIP64
	dataGrp.attrs = append(dataGrp.attrs, a("csip:CONTENTINFORMATIONTYPE", "OTHER"), // CSIP62
		a("csip:OTHERCONTENTINFORMATIONTYPE", ContentInformationType)) // CSIP63
	fileSec.add(dataGrp)
	root.add(fileSec)

	div := el("mets:div", a("ID", idDivRoot), a("LABEL", p.ID))            // CSIP84–85
	div.add(el("mets:div", a("ID", idDivMetadata), a("LABEL", "Metadata"), // CSIP88–90
		a("ADMID", idPREMIS), a("DMDID", idDMD))) // CSIP91–92
	div.add(el("mets:div", a("ID", idDivDocs), a("LABEL", "Documentation")). // CSIP93–95
											add(el("mets:fptr", a("FILEID", idGrpDocs)))) // CSIP96, CSIP116
	if len(schemas) > 0 {
		div.add(el("mets:div", a("ID", idDivSchemas), a("LABEL", "Schemas")). // CSIP97–99
											add(el("mets:fptr", a("FILEID", idGrpSchemas)))) // CSIP100, CSIP118
	}
	div.add(el("mets:div", a("ID", idDivReps), a("LABEL", "Representations")). // CSIP101–103
											add(el("mets:fptr", a("FILEID", idGrpData)))) // CSIP104, CSIP119
	root.add(el("mets:structMap", a("ID", idStructMap), a("TYPE", "PHYSICAL"), a("LABEL", "CSIP")).add(div)) // CSIP80–83
	return document(root)
}

func orgAgent(role string, o Organisation) *node {
	n := el("mets:agent", a("ROLE", role), a("TYPE", "ORGANIZATION")).add(textEl("mets:name", o.Name))
	if o.ID != "" {
		n.add(textEl("mets:note", o.ID, a("csip:NOTETYPE", "IDENTIFICATIONCODE")))
	}
	return n
}

// mdRef points at a metadata file with everything CSIP21–30 and 35–44 ask.
func mdRef(e entry, mdType, version string) *node {
	n := el("mets:mdRef", a("LOCTYPE", "URL"), a("xlink:type", "simple"), a("xlink:href", e.path), a("MDTYPE", mdType))
	if version != "" {
		n.attrs = append(n.attrs, a("MDTYPEVERSION", version))
	}
	n.attrs = append(n.attrs, fileAttrs(e)...)
	return n
}

func fileAttrs(e entry) []attr {
	return []attr{a("MIMETYPE", e.mime), a("SIZE", strconv.Itoa(len(e.data))), a("CREATED", xsdDateTime(e.created)),
		a("CHECKSUM", e.sum), a("CHECKSUMTYPE", checksumAlg)}
}

// fileGrp lists files with CSIP65–79; file IDs derive from the group and
// position, which are stable for a given Package.
func fileGrp(id, use string, files []entry) *node {
	g := el("mets:fileGrp", a("ID", id), a("USE", use))
	for i, f := range files {
		fe := el("mets:file", append([]attr{a("ID", fmt.Sprintf("%s-file-%d", id, i+1))}, fileAttrs(f)...)...)
		fe.add(el("mets:FLocat", a("LOCTYPE", "URL"), a("xlink:type", "simple"), a("xlink:href", f.path)))
		g.add(fe)
	}
	return g
}

// premis builds metadata/preservation/premis.xml: an object per data file
// with its fixity, the events, and the agents the events link to.
func (p *Package) premis(data []entry) []byte {
	root := el("premis:premis", a("xmlns:premis", nsPREMIS), a("xmlns:xsi", nsXSI), a("version", "3.0"),
		a("xsi:schemaLocation", nsPREMIS+" https://www.loc.gov/standards/premis/premis.xsd"))
	for _, f := range data {
		root.add(el("premis:object", a("xsi:type", "premis:file")).add(
			identifier("premis:objectIdentifier", "URL", f.path),
			el("premis:objectCharacteristics").add(
				textEl("premis:compositionLevel", "0"),
				el("premis:fixity").add(
					textEl("premis:messageDigestAlgorithm", checksumAlg),
					textEl("premis:messageDigest", f.sum)),
				textEl("premis:size", strconv.Itoa(len(f.data))),
				el("premis:format").add(el("premis:formatDesignation").add(textEl("premis:formatName", f.mime)))),
			textEl("premis:originalName", f.path[len(dataDir):])))
	}
	agents := p.eventAgents()
	for _, e := range p.Events {
		ev := el("premis:event").add(
			identifier("premis:eventIdentifier", "local", e.ID),
			textEl("premis:eventType", e.Type),
			textEl("premis:eventDateTime", xsdDateTime(e.Time)))
		if e.Detail != "" {
			ev.add(el("premis:eventDetailInformation").add(textEl("premis:eventDetail", e.Detail)))
		}
		if e.Outcome != "" {
			ev.add(el("premis:eventOutcomeInformation").add(textEl("premis:eventOutcome", e.Outcome)))
		}
		ag := agents.byActor[e.Agent]
		ev.add(identifier("premis:linkingAgentIdentifier", "local", ag.id))
		root.add(ev)
	}
	for _, ag := range agents.list {
		n := el("premis:agent").add(identifier("premis:agentIdentifier", "local", ag.id),
			textEl("premis:agentName", ag.name), textEl("premis:agentType", ag.typ))
		if ag.version != "" {
			n.add(textEl("premis:agentVersion", ag.version))
		}
		if ag.note != "" {
			n.add(textEl("premis:agentNote", ag.note))
		}
		root.add(n)
	}
	return document(root)
}

func identifier(name, typ, value string) *node {
	prefix := strings.TrimSuffix(name, "Identifier")
	return el(name).add(textEl(prefix+"IdentifierType", typ), textEl(prefix+"IdentifierValue", value))
}

type premisAgent struct{ id, name, typ, version, note string }

type agentSet struct {
	list    []premisAgent
	byActor map[string]premisAgent // Event.Agent → the agent its events link to
}

// eventAgents applies Package.Actors. Events without an actor were the
// system's and link to the software agent.
func (p *Package) eventAgents() agentSet {
	software := premisAgent{id: "agent-software", name: Software, typ: "software", version: p.softwareVersion()}
	producer := premisAgent{id: "agent-producer", name: p.Producer.Name, typ: "organization", note: p.Producer.ID}
	s := agentSet{list: []premisAgent{software, producer}, byActor: map[string]premisAgent{"": software}}
	for _, e := range p.Events {
		if _, seen := s.byActor[e.Agent]; seen {
			continue
		}
		var ag premisAgent
		switch p.Actors {
		case ActorsAsRecorded:
			ag = premisAgent{id: e.Agent, name: e.Agent, typ: "person",
				note: "Aktören som registret anger den (e-postadress)."}
		case ActorsPseudonymised:
			n := len(s.list) - 1 // aktör-1 is the first after software and producer
			name := "aktör-" + strconv.Itoa(n)
			ag = premisAgent{id: name, name: name, typ: "person",
				note: "Pseudonym: samma aktör har samma pseudonym i paketet; vem det är framgår inte av paketet."}
		case ActorsOmitted:
			s.byActor[e.Agent] = producer
			continue
		}
		s.list = append(s.list, ag)
		s.byActor[e.Agent] = ag
	}
	return s
}

// dublinCore builds metadata/descriptive/dc.xml (simple Dublin Core, as
// OAI-PMH uses it), MDTYPE "DC" in METS.
func (p *Package) dublinCore() []byte {
	root := el("oai_dc:dc", a("xmlns:oai_dc", nsOAIDC), a("xmlns:dc", nsDC), a("xmlns:xsi", nsXSI),
		a("xsi:schemaLocation", nsOAIDC+" http://www.openarchives.org/OAI/2.0/oai_dc.xsd"))
	root.add(textEl("dc:identifier", p.ID), textEl("dc:title", p.Label))
	for _, o := range p.archivalCreators() {
		root.add(textEl("dc:creator", o.Name))
	}
	root.add(textEl("dc:publisher", p.Producer.Name))
	if p.Description != "" {
		root.add(textEl("dc:description", p.Description))
	}
	root.add(textEl("dc:date", xsdDateTime(p.Created)), textEl("dc:type", "Dataset"), textEl("dc:language", "sv"))
	return document(root)
}

// about writes documentation/om-paketet.txt, which tells a reader without
// METS tools what the package holds.
func (p *Package) about() []byte {
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\r\n", args...) }
	line("Arkivpaket %s", p.ID)
	line("%s", p.Label)
	line("")
	line("Skapat: %s av %s %s för %s.", xsdDateTime(p.Created), Software, p.softwareVersion(), p.Producer.Name)
	line("Format: E-ARK SIP 2.2 (%s).", ProfileSIP)
	line("")
	line("Innehåll:")
	line("  METS.xml                          paketets innehållsförteckning med SHA-256-kontrollsummor")
	line("  metadata/descriptive/dc.xml       beskrivning (Dublin Core)")
	line("  metadata/preservation/premis.xml  filernas kontrollsummor och ändringshistorikens händelser (PREMIS 3)")
	line("  representations/%s/data/        registrets uppgifter (%d filer)", Representation, len(p.Data))
	line("  documentation/                    den här filen och annan dokumentation")
	if len(p.Schemas) > 0 {
		line("  schemas/                          scheman för filerna")
	}
	line("")
	switch p.Actors {
	case ActorsAsRecorded:
		line("Händelsernas aktörer anges som registret anger dem (e-postadresser). De är personuppgifter.")
	case ActorsPseudonymised:
		line("Händelsernas aktörer anges med pseudonymer (aktör-1, aktör-2 ...). Samma person har samma")
		line("pseudonym i hela paketet; nyckeln till pseudonymerna finns inte i paketet.")
	case ActorsOmitted:
		line("Händelsernas aktörer anges inte; varje händelse knyts till %s.", p.Producer.Name)
	}
	line("Datafilerna innehåller det som exporten tog med; se dem för vilka uppgifter som ingår.")
	return []byte(b.String())
}
