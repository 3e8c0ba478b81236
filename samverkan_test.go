package samverkan_test

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samverkan/samverkan"
	"github.com/samverkan/samverkan/internal/refdata"
)

var cat = refdata.MustCatalog()

// Codes used below (from the embedded reference data).
const (
	uppsala = "0380"
	tierp   = "0360"
	heby    = "0331"
	knivsta = "0330"
)

func validCollaboration() *samverkan.Collaboration {
	notice := 12
	cost := int64(1_200_000)
	return &samverkan.Collaboration{
		Title:       "Gemensam överförmyndarnämnd",
		Description: "En giltig samverkan.",
		Areas:       []string{"X-OF", "270"},
		LegalForm:   samverkan.FormJointCommittee,
		Status:      samverkan.StatusRunning,
		Host:        uppsala,
		Participants: []samverkan.Participant{
			{Code: uppsala, Role: samverkan.RoleHost, Joined: samverkan.MustDate("2019-01-01")},
			{Code: tierp, Role: samverkan.RoleMember, Joined: samverkan.MustDate("2019-01-01"), Left: samverkan.MustDate("2021-12-31")},
			{Party: "Region Uppsala", PartyKind: "region", Role: samverkan.RoleFunder},
		},
		Networks: []string{"c-tillsammans"},
		Start:    samverkan.MustDate("2019-01-01"),
		End:      samverkan.MustDate("2026-12-31"),
		Documents: []samverkan.Document{{
			Type: "samverkansavtal", Title: "Samverkansavtal", AdoptedBy: "kf", AdoptedIn: uppsala,
			Adopted: samverkan.MustDate("2018-10-03"), Paragraph: "§ 182",
			ValidFrom: samverkan.MustDate("2019-01-01"), ValidTo: samverkan.MustDate("2022-12-31"),
			NoticeMonths: &notice, Renewal: "förlängs 3 år i taget", URL: "https://example.se/avtal.pdf",
		}},
		PublicAuthority:      true,
		PublicAuthorityBasis: "Föräldrabalken",
		ProcurementBasis:     "organisatorisk_gn",
		AnnualCost:           &cost,
		CostKey:              "invanare",
		Purposes:             []string{"kvalitet", "sarbarhet"},
		Triage:               "",
		Contacts:             []samverkan.Contact{{Function: "samverkanssamordnare"}},
		Public:               true,
		Sources:              []samverkan.Source{{Text: "Källa", URL: "https://example.se/"}},
		Relations:            []samverkan.Relation{{Kind: "ersatter", ID: 1}},
	}
}

// fieldErr is the field error a case expects.
type fieldErr struct{ field, code string }

func fieldErrs(err error) []fieldErr {
	var out []fieldErr
	for _, f := range samverkan.FieldErrors(err) {
		out = append(out, fieldErr{f.Field, f.Code})
	}
	return out
}

func TestCollaborationValidate(t *testing.T) {
	if err := validCollaboration().Validate(cat); err != nil {
		t.Fatalf("valid record: %v (%v)", err, fieldErrs(err))
	}
	tests := []struct {
		name   string
		mutate func(c *samverkan.Collaboration)
		want   fieldErr
	}{
		{"one participant", func(c *samverkan.Collaboration) { c.Participants = c.Participants[:1] }, fieldErr{"participants", "min_participants"}},
		{"no participants", func(c *samverkan.Collaboration) { c.Participants, c.Host = nil, "" }, fieldErr{"participants", "min_participants"}},
		{"unknown municipality", func(c *samverkan.Collaboration) { c.Participants[1].Code = "9999" }, fieldErr{"participants[1].code", "unknown_municipality"}},
		{"participant without code or party", func(c *samverkan.Collaboration) { c.Participants[2].Party = "" }, fieldErr{"participants[2].code", "required"}},
		{"duplicate participant", func(c *samverkan.Collaboration) { c.Participants[1].Code = uppsala }, fieldErr{"participants[1].code", "duplicate_participant"}},
		{"duplicate party", func(c *samverkan.Collaboration) {
			c.Participants = append(c.Participants, c.Participants[2])
		}, fieldErr{"participants[3].party", "duplicate_participant"}},
		{"unknown party kind", func(c *samverkan.Collaboration) { c.Participants[2].PartyKind = "kyrka" }, fieldErr{"participants[2].party_kind", "unknown_party_kind"}},
		{"end before start", func(c *samverkan.Collaboration) { c.End = samverkan.MustDate("2018-12-31") }, fieldErr{"end", "end_before_start"}},
		{"left before joined", func(c *samverkan.Collaboration) { c.Participants[1].Left = samverkan.MustDate("2018-01-01") }, fieldErr{"participants[1].left", "left_before_joined"}},
		{"invalid start", func(c *samverkan.Collaboration) { c.Start = samverkan.LenientDate("2019-13-45") }, fieldErr{"start", "invalid_date"}},
		{"invalid end", func(c *samverkan.Collaboration) { c.End = samverkan.LenientDate("31/12/2026") }, fieldErr{"end", "invalid_date"}},
		{"invalid joined", func(c *samverkan.Collaboration) { c.Participants[0].Joined = samverkan.LenientDate("igår") }, fieldErr{"participants[0].joined", "invalid_date"}},
		{"invalid document date", func(c *samverkan.Collaboration) { c.Documents[0].Adopted = samverkan.LenientDate("2018-02-30") }, fieldErr{"documents[0].adopted", "invalid_date"}},
		{"document valid to before from", func(c *samverkan.Collaboration) { c.Documents[0].ValidTo = samverkan.MustDate("2018-01-01") }, fieldErr{"documents[0].valid_to", "end_before_start"}},
		{"unknown legal form", func(c *samverkan.Collaboration) { c.LegalForm = "kooperativ" }, fieldErr{"legal_form", "unknown_legal_form"}},
		{"unknown status", func(c *samverkan.Collaboration) { c.Status = "pausad" }, fieldErr{"status", "unknown_status"}},
		{"unknown triage", func(c *samverkan.Collaboration) { c.Triage = "kanske" }, fieldErr{"triage", "unknown_triage"}},
		{"unknown area", func(c *samverkan.Collaboration) { c.Areas = append(c.Areas, "999") }, fieldErr{"areas[2]", "unknown_area"}},
		{"unknown role", func(c *samverkan.Collaboration) { c.Participants[1].Role = "kung" }, fieldErr{"participants[1].role", "unknown_role"}},
		{"unknown cost key", func(c *samverkan.Collaboration) { c.CostKey = "lotteri" }, fieldErr{"cost_key", "unknown_cost_key"}},
		{"unknown procurement basis", func(c *samverkan.Collaboration) { c.ProcurementBasis = "muta" }, fieldErr{"procurement_basis", "unknown_procurement"}},
		{"unknown purpose", func(c *samverkan.Collaboration) { c.Purposes = []string{"vinst"} }, fieldErr{"purposes[0]", "unknown_purpose"}},
		{"unknown document type", func(c *samverkan.Collaboration) { c.Documents[0].Type = "brev" }, fieldErr{"documents[0].type", "unknown_document_type"}},
		{"unknown body", func(c *samverkan.Collaboration) { c.Documents[0].AdoptedBy = "kungen" }, fieldErr{"documents[0].adopted_by", "unknown_body"}},
		{"unknown adopting municipality", func(c *samverkan.Collaboration) { c.Documents[0].AdoptedIn = "0000" }, fieldErr{"documents[0].adopted_in", "unknown_municipality"}},
		{"negative notice", func(c *samverkan.Collaboration) { n := -1; c.Documents[0].NoticeMonths = &n }, fieldErr{"documents[0].notice_months", "out_of_scale"}},
		{"empty title", func(c *samverkan.Collaboration) { c.Title = "" }, fieldErr{"title", "required"}},
		{"blank title", func(c *samverkan.Collaboration) { c.Title = "  \t " }, fieldErr{"title", "required"}},
		{"too long title", func(c *samverkan.Collaboration) { c.Title = strings.Repeat("a", samverkan.MaxTitle+1) }, fieldErr{"title", "too_long"}},
		{"too long description", func(c *samverkan.Collaboration) { c.Description = strings.Repeat("ö", samverkan.MaxDescription+1) }, fieldErr{"description", "too_long"}},
		{"negative cost", func(c *samverkan.Collaboration) { n := int64(-1); c.AnnualCost = &n }, fieldErr{"annual_cost", "negative"}},
		{"host not a participant", func(c *samverkan.Collaboration) { c.Host = heby }, fieldErr{"host", "host_not_participant"}},
		{"unknown host", func(c *samverkan.Collaboration) { c.Host = "1234" }, fieldErr{"host", "unknown_municipality"}},
		{"bad source url", func(c *samverkan.Collaboration) { c.Sources[0].URL = "www.example.se" }, fieldErr{"sources[0].url", "invalid_url"}},
		{"javascript url", func(c *samverkan.Collaboration) { c.Sources[0].URL = "javascript:alert(1)" }, fieldErr{"sources[0].url", "invalid_url"}},
		{"bad document url", func(c *samverkan.Collaboration) { c.Documents[0].URL = "ftp://example.se/a" }, fieldErr{"documents[0].url", "invalid_url"}},
		{"source without text", func(c *samverkan.Collaboration) { c.Sources[0].Text = "" }, fieldErr{"sources[0].text", "required"}},
		{"contact without function", func(c *samverkan.Collaboration) { c.Contacts[0].Function = "" }, fieldErr{"contacts[0].function", "required"}},
		{"unknown relation kind", func(c *samverkan.Collaboration) { c.Relations[0].Kind = "kusin" }, fieldErr{"relations[0].kind", "required"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validCollaboration()
			tt.mutate(c)
			err := c.Validate(cat)
			if got := samverkan.ErrorCode(err); got != samverkan.EINVALID {
				t.Fatalf("error code = %q, want %q (err %v)", got, samverkan.EINVALID, err)
			}
			got := fieldErrs(err)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("field errors = %v, want exactly [%v]", got, tt.want)
			}
			for _, f := range samverkan.FieldErrors(err) {
				for _, lang := range []string{"sv", "en"} {
					if m := f.Message(lang); m == f.Code || strings.Contains(m, "%!") {
						t.Errorf("%s message for %s: %q", lang, f.Code, m)
					}
				}
			}
		})
	}
}

func TestCollaborationValidateEdges(t *testing.T) {
	c := validCollaboration()
	c.Title = strings.Repeat("å", samverkan.MaxTitle) // counted in runes, not bytes
	c.Host = ""
	c.Start, c.End = samverkan.Date{}, samverkan.Date{}
	c.AnnualCost = nil
	if err := c.Validate(cat); err != nil {
		t.Errorf("title of exactly %d runes, no host, no dates: %v", samverkan.MaxTitle, fieldErrs(err))
	}
	// Two parties without municipalities still make two participants.
	c = validCollaboration()
	c.Host = ""
	c.Participants = []samverkan.Participant{
		{Party: "Region Uppsala", PartyKind: "region", Role: samverkan.RoleMember},
		{Code: knivsta, Role: samverkan.RoleMember},
	}
	if err := c.Validate(cat); err != nil {
		t.Errorf("party and municipality: %v", fieldErrs(err))
	}
	// Several problems are reported together, sorted by field.
	c = validCollaboration()
	c.Title, c.Status, c.CostKey = "", "x", "y"
	got := fieldErrs(c.Validate(cat))
	want := []fieldErr{{"cost_key", "unknown_cost_key"}, {"status", "unknown_status"}, {"title", "required"}}
	if !slices.Equal(got, want) {
		t.Errorf("field errors = %v, want %v", got, want)
	}
}

func TestCollaborationNormalize(t *testing.T) {
	c := &samverkan.Collaboration{
		Title: "  Gemensam IT  ",
		Host:  " " + tierp + " ",
		Participants: []samverkan.Participant{
			{Code: " " + tierp}, {Code: heby}, {Party: " Vinnova "},
		},
		Areas: []string{"X-IT", " X-IT", "", "270"},
	}
	c.Normalize()
	if c.Title != "Gemensam IT" || c.Host != tierp {
		t.Errorf("trim: title %q host %q", c.Title, c.Host)
	}
	if c.Status != samverkan.StatusRunning || c.LegalForm != samverkan.FormUnknown {
		t.Errorf("defaults: status %q legal form %q", c.Status, c.LegalForm)
	}
	if r := c.Participants[0].Role; r != samverkan.RoleHost {
		t.Errorf("host role = %q", r)
	}
	if r := c.Participants[1].Role; r != samverkan.RoleMember {
		t.Errorf("member role = %q", r)
	}
	if p := c.Participants[2]; p.Party != "Vinnova" || p.PartyKind != "annan" {
		t.Errorf("party = %+v", p)
	}
	if !slices.Equal(c.Areas, []string{"X-IT", "270"}) {
		t.Errorf("areas = %v", c.Areas)
	}
	if err := c.Validate(cat); err != nil {
		t.Errorf("normalised record: %v", fieldErrs(err))
	}
}

func validNetwork() *samverkan.Network {
	return &samverkan.Network{
		Slug: "c-tillsammans",
		Name: "C-Tillsammans",
		Members: []samverkan.NetworkMember{
			{Code: tierp, Joined: samverkan.MustDate("2020-05-07")},
			{Code: heby},
			{Code: knivsta, Joined: samverkan.MustDate("2020-05-07"), Left: samverkan.MustDate("2022-12-31")},
		},
		Declaration: samverkan.Declaration{
			Adopted:  samverkan.MustDate("2014-06-01"),
			Purposes: []samverkan.Purpose{{Text: "Minska sårbarheten", Dimension: "sarbarhet"}, {Text: "Förbereda för framtida krav"}},
		},
		Coordinator: "samverkanssamordnare",
		Hosts:       []samverkan.HostYear{{Year: 2023, Code: tierp, Role: "vard"}, {Year: 2024, Code: heby, Role: "vard_ordforande"}},
		Public:      true,
	}
}

func TestNetworkValidate(t *testing.T) {
	if err := validNetwork().Validate(cat); err != nil {
		t.Fatalf("valid network: %v", fieldErrs(err))
	}
	tests := []struct {
		name   string
		mutate func(n *samverkan.Network)
		want   fieldErr
	}{
		{"no slug", func(n *samverkan.Network) { n.Slug = "" }, fieldErr{"slug", "required"}},
		{"upper-case slug", func(n *samverkan.Network) { n.Slug = "C-Tillsammans" }, fieldErr{"slug", "invalid_slug"}},
		{"slug with space", func(n *samverkan.Network) { n.Slug = "c tillsammans" }, fieldErr{"slug", "invalid_slug"}},
		{"slug with leading hyphen", func(n *samverkan.Network) { n.Slug = "-v6" }, fieldErr{"slug", "invalid_slug"}},
		{"slug with double hyphen", func(n *samverkan.Network) { n.Slug = "region--10" }, fieldErr{"slug", "invalid_slug"}},
		{"slug with å", func(n *samverkan.Network) { n.Slug = "dalslandsåmål" }, fieldErr{"slug", "invalid_slug"}},
		{"too long slug", func(n *samverkan.Network) { n.Slug = strings.Repeat("a", 61) }, fieldErr{"slug", "invalid_slug"}},
		{"no name", func(n *samverkan.Network) { n.Name = " " }, fieldErr{"name", "required"}},
		{"too long name", func(n *samverkan.Network) { n.Name = strings.Repeat("n", samverkan.MaxTitle+1) }, fieldErr{"name", "too_long"}},
		{"too long coordinator", func(n *samverkan.Network) { n.Coordinator = strings.Repeat("c", samverkan.MaxShortText+1) }, fieldErr{"coordinator", "too_long"}},
		{"unknown member", func(n *samverkan.Network) { n.Members[1].Code = "9999" }, fieldErr{"members[1].code", "unknown_municipality"}},
		{"duplicate member", func(n *samverkan.Network) { n.Members[2].Code = tierp }, fieldErr{"members[2].code", "duplicate_member"}},
		{"one member", func(n *samverkan.Network) { n.Members = n.Members[:1] }, fieldErr{"members", "min_members"}},
		{"left before joined", func(n *samverkan.Network) { n.Members[2].Left = samverkan.MustDate("2019-01-01") }, fieldErr{"members[2].left", "end_before_start"}},
		{"bad joined date", func(n *samverkan.Network) { n.Members[0].Joined = samverkan.LenientDate("maj 2020") }, fieldErr{"members[0].joined", "invalid_date"}},
		{"bad declaration date", func(n *samverkan.Network) { n.Declaration.Adopted = samverkan.LenientDate("2014") }, fieldErr{"declaration.adopted", "invalid_date"}},
		{"purpose without text", func(n *samverkan.Network) { n.Declaration.Purposes[0].Text = "" }, fieldErr{"declaration.purposes[0].text", "required"}},
		{"unknown purpose dimension", func(n *samverkan.Network) { n.Declaration.Purposes[1].Dimension = "lycka" }, fieldErr{"declaration.purposes[1].dimension", "unknown_purpose"}},
		{"host year too early", func(n *samverkan.Network) { n.Hosts[0].Year = 1066 }, fieldErr{"hosts[0].year", "invalid_year"}},
		{"host year missing", func(n *samverkan.Network) { n.Hosts[0].Year = 0 }, fieldErr{"hosts[0].year", "invalid_year"}},
		{"unknown host", func(n *samverkan.Network) { n.Hosts[1].Code = "0001" }, fieldErr{"hosts[1].code", "unknown_municipality"}},
		{"unknown host role", func(n *samverkan.Network) { n.Hosts[1].Role = "kung" }, fieldErr{"hosts[1].role", "unknown_role"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := validNetwork()
			tt.mutate(n)
			err := n.Validate(cat)
			if got := samverkan.ErrorCode(err); got != samverkan.EINVALID {
				t.Fatalf("error code = %q, want %q", got, samverkan.EINVALID)
			}
			if got := fieldErrs(err); len(got) != 1 || got[0] != tt.want {
				t.Errorf("field errors = %v, want exactly [%v]", got, tt.want)
			}
		})
	}
}

func TestNetworkMembers(t *testing.T) {
	n := validNetwork()
	on := samverkan.MustDate("2023-06-01")
	if got := len(n.ActiveMembers(on)); got != 2 {
		t.Errorf("active members on %s = %d, want 2", on, got)
	}
	if n.IsMember(knivsta, on) || !n.IsMember(knivsta, samverkan.MustDate("2022-12-31")) {
		t.Error("a member who left on 2022-12-31 is a member that day and not after")
	}
	n.Slug = "  V6 "
	n.Normalize()
	if n.Slug != "v6" {
		t.Errorf("normalised slug = %q", n.Slug)
	}
}

var rsGroups = []string{"190", "290", "390", "490", "590", "690", "890"}

func TestDefaultAreas(t *testing.T) {
	byCode := map[string]samverkan.Area{}
	for _, a := range samverkan.DefaultAreas {
		if _, dup := byCode[a.Code]; dup {
			t.Errorf("duplicate area code %q", a.Code)
		}
		byCode[a.Code] = a
		if a.SV == "" || a.EN == "" {
			t.Errorf("area %q lacks a label: %+v", a.Code, a)
		}
	}
	leaves, xs := 0, 0
	var roots []string
	for _, a := range samverkan.DefaultAreas {
		switch {
		case a.Parent == "":
			roots = append(roots, a.Code)
		case slices.Contains(rsGroups, a.Parent):
			leaves++
			if !regexp.MustCompile(`^[0-9]{3}$`).MatchString(a.Code) || a.Code[0] != a.Parent[0] {
				t.Errorf("RS code %q under %q", a.Code, a.Parent)
			}
		case a.Parent == samverkan.GroupX:
			xs++
			if !strings.HasPrefix(a.Code, "X-") {
				t.Errorf("area %q under X lacks the X- prefix", a.Code)
			}
		default:
			t.Errorf("area %q has parent %q, neither an RS group nor X", a.Code, a.Parent)
		}
		if a.Parent != "" {
			if _, ok := byCode[a.Parent]; !ok {
				t.Errorf("area %q: parent %q does not exist", a.Code, a.Parent)
			}
		}
		if strings.HasPrefix(a.Code, "X-") && a.Parent != samverkan.GroupX {
			t.Errorf("X- code %q is not under X", a.Code)
		}
		if a.RS != "" {
			if p, ok := byCode[a.RS]; !ok || !slices.Contains(rsGroups, p.Parent) {
				t.Errorf("area %q maps to RS %q, which is not an RS leaf", a.Code, a.RS)
			}
		}
	}
	if leaves != 62 {
		t.Errorf("RS leaf codes = %d, want 62", leaves)
	}
	if want := append(slices.Clone(rsGroups), samverkan.GroupX); !slices.Equal(roots, want) {
		t.Errorf("groups = %v, want %v", roots, want)
	}
	for _, code := range []string{"X-IT", "X-OF", "X-LON", "X-UPPH", "X-STRAT", "X-ÖVR"} {
		if byCode[code].Parent != samverkan.GroupX {
			t.Errorf("missing X code %q", code)
		}
	}
	if xs < 18 {
		t.Errorf("X codes = %d, want at least the 18 of domain.md e.2", xs)
	}
	// The catalogue indexes the hierarchy.
	if got := cat.AreaWithChildren("290"); len(got) != 12 || got[0] != "290" {
		t.Errorf("AreaWithChildren(290) = %v", got)
	}
	if _, ok := cat.Area("870"); !ok {
		t.Error("catalogue lacks area 870")
	}
}

func checkVocabulary(t *testing.T, name string, v samverkan.Vocabulary) {
	t.Helper()
	if len(v) == 0 {
		t.Errorf("%s is empty", name)
	}
	seen := map[string]bool{}
	for _, term := range v {
		if term.Code == "" || term.SV == "" || term.EN == "" {
			t.Errorf("%s: term lacks code or label: %+v", name, term)
		}
		if seen[term.Code] {
			t.Errorf("%s: duplicate code %q", name, term.Code)
		}
		seen[term.Code] = true
		if term.Label("sv") != term.SV || term.Label("en") != term.EN {
			t.Errorf("%s: labels of %q", name, term.Code)
		}
	}
}

func TestVocabularies(t *testing.T) {
	vocabs := map[string]samverkan.Vocabulary{
		"legal forms":       samverkan.LegalFormTerms(),
		"statuses":          samverkan.StatusTerms(),
		"phases":            samverkan.Phases,
		"roles":             samverkan.Roles,
		"cost keys":         samverkan.CostKeys,
		"procurement bases": samverkan.ProcurementBases,
		"document types":    samverkan.DocumentTypes,
		"bodies":            samverkan.Bodies,
		"purposes":          samverkan.Purposes,
		"triages":           samverkan.Triages,
		"party kinds":       samverkan.PartyKinds,
		"host roles":        samverkan.HostRoles,
		"relation kinds":    samverkan.RelationKinds,
		"event kinds":       samverkan.EventKinds,
	}
	for name, v := range vocabs {
		checkVocabulary(t, name, v)
	}
	for _, f := range samverkan.LegalForms {
		if got, ok := samverkan.FindLegalForm(f.Code); !ok || got.Code != f.Code {
			t.Errorf("FindLegalForm(%q)", f.Code)
		}
		if f.Code != samverkan.FormUnknown && f.Basis == "" {
			t.Errorf("legal form %q has no legal basis", f.Code)
		}
	}
	if f, _ := samverkan.FindLegalForm(samverkan.FormJointCommittee); f.LegalPerson || !f.PublicLaw {
		t.Errorf("gemensam nämnd: %+v", f)
	}
	if f, _ := samverkan.FindLegalForm(samverkan.FormFederationBoard); !f.LegalPerson || !f.PublicLaw {
		t.Errorf("kommunalförbund: %+v", f)
	}
	if _, ok := samverkan.FindLegalForm("nope"); ok {
		t.Error("FindLegalForm found an unknown code")
	}
	phases := map[string]bool{}
	for _, s := range samverkan.Statuses {
		if !samverkan.Phases.Has(s.Phase) {
			t.Errorf("status %q has unknown phase %q", s.Code, s.Phase)
		}
		phases[s.Phase] = true
		if samverkan.PhaseOf(s.Code) != s.Phase {
			t.Errorf("PhaseOf(%q)", s.Code)
		}
	}
	if len(phases) != 3 {
		t.Errorf("phases used = %v", phases)
	}
	if got := samverkan.StatusesInPhase(samverkan.PhaseRunning); !slices.Equal(got, []string{"igang", "under_oversyn", "uppsagd"}) {
		t.Errorf("running statuses = %v", got)
	}
	if samverkan.PhaseOf("nope") != "" {
		t.Error("PhaseOf unknown status")
	}
	if got := samverkan.CostKeys.Label("nope", "sv"); got != "nope" {
		t.Errorf("label of unknown code = %q", got)
	}
}

// TestFieldMessages checks that every code validate.go can produce has a
// Swedish and an English message.
func TestFieldMessages(t *testing.T) {
	src, err := os.ReadFile("validate.go")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`\.Add\([^,]+,\s*"([a-z_]+)"`)
	codes := map[string]bool{}
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		codes[m[1]] = true
	}
	if len(codes) < 20 {
		t.Fatalf("found only %d codes in validate.go; has the pattern changed?", len(codes))
	}
	// Codes used by other surfaces (import, API decoding).
	for _, c := range []string{"invalid_number", "invalid_json", "unknown_field", "unknown_network", "null_list"} {
		codes[c] = true
	}
	for code := range codes {
		f := samverkan.FieldError{Field: "x", Code: code}
		sv, en := f.Message("sv"), f.Message("en")
		if sv == code || en == code {
			t.Errorf("code %q has no message (sv %q, en %q)", code, sv, en)
		} else if sv == en {
			t.Errorf("code %q: Swedish and English messages are the same: %q", code, sv)
		}
		if f.Message("") != sv {
			t.Errorf("code %q: default language is not Swedish", code)
		}
	}
	if got := (samverkan.FieldError{Code: "too_long", Params: []any{200}}).Message("sv"); !strings.Contains(got, "200") {
		t.Errorf("params not filled in: %q", got)
	}
	if got := (samverkan.FieldError{Code: "no_such_code"}).Message("en"); got != "no_such_code" {
		t.Errorf("unknown code message = %q", got)
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct {
		Start samverkan.Date `json:"start"`
		End   samverkan.Date `json:"end"`
	}
	in := rec{Start: samverkan.NewDate(2019, 1, 1)}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"start":"2019-01-01","end":null}` {
		t.Errorf("marshal = %s", b)
	}
	var out rec
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out != in {
		t.Errorf("round trip = %+v, want %+v", out, in)
	}

	tests := []struct {
		json        string
		zero, valid bool
		str         string
	}{
		{`null`, true, true, ""},
		{`""`, true, true, ""},
		{`"2018-10-03"`, false, true, "2018-10-03"},
		{`" 2018-10-03 "`, false, true, "2018-10-03"},
		{`"2018-02-30"`, false, false, "2018-02-30"},
		{`"3 oktober 2018"`, false, false, "3 oktober 2018"},
		{`"03/10/2018"`, false, false, "03/10/2018"},
		{`20181003`, false, false, "20181003"},
	}
	for _, tt := range tests {
		var d samverkan.Date
		if err := json.Unmarshal([]byte(tt.json), &d); err != nil {
			t.Errorf("unmarshal %s: %v (bad input must reach validation, not fail the decode)", tt.json, err)
			continue
		}
		if d.IsZero() != tt.zero || d.Valid() != tt.valid || d.String() != tt.str {
			t.Errorf("%s: zero %v valid %v string %q", tt.json, d.IsZero(), d.Valid(), d.String())
		}
		if !tt.valid && d.Raw() == "" {
			t.Errorf("%s: bad input lost", tt.json)
		}
	}

	// Bad input in a decoded record becomes a field error naming the text.
	c := validCollaboration()
	if err := json.Unmarshal([]byte(`{"start":"2019-13-01"}`), c); err != nil {
		t.Fatal(err)
	}
	fe := samverkan.FieldErrors(c.Validate(cat))
	if len(fe) != 1 || fe[0].Field != "start" || fe[0].Code != "invalid_date" || !strings.Contains(fe[0].Message("sv"), "2019-13-01") {
		t.Errorf("field errors = %+v", fe)
	}
}

func TestDate(t *testing.T) {
	if _, err := samverkan.ParseDate("2019-1-1"); err == nil {
		t.Error("ParseDate accepted a date without leading zeros")
	}
	if d, err := samverkan.ParseDate(""); err != nil || !d.IsZero() {
		t.Errorf("ParseDate(\"\") = %v, %v", d, err)
	}
	a, b := samverkan.MustDate("2016-12-31"), samverkan.MustDate("2017-01-01")
	if !a.Before(b) || !b.After(a) || b.Before(a) || a.Before(a) {
		t.Error("Before/After")
	}
	if (samverkan.Date{}).Before(b) || b.Before(samverkan.Date{}) {
		t.Error("an unset date is never before or after anything")
	}
	if a.Year() != 2016 || (samverkan.Date{}).Year() != 0 {
		t.Error("Year")
	}
	v, err := a.Value()
	if err != nil || v != "2016-12-31" {
		t.Errorf("Value = %v, %v", v, err)
	}
	var s samverkan.Date
	if err := s.Scan("2016-12-31"); err != nil || s != a {
		t.Errorf("Scan = %v, %v", s, err)
	}
	if err := s.Scan(nil); err != nil || !s.IsZero() {
		t.Errorf("Scan(nil) = %v, %v", s, err)
	}
	if err := s.Scan("not a date"); err == nil {
		t.Error("Scan accepted bad text")
	}
	defer func() {
		if recover() == nil {
			t.Error("MustDate did not panic on bad input")
		}
	}()
	samverkan.MustDate("2019-02-29")
}
