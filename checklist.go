package samverkan

// Checklist items after the decisions (issue 13): what usually remains once
// the members have decided, per form. Each item is read from what the
// register knows; Known is false when it cannot tell.
const (
	CheckOrgNumber     = "org_nr"       // a new legal person: SCB gives an organisation number
	CheckMembersElect  = "ledamoter"    // every member has elected its members
	CheckAuditors      = "revisorer"    // revisorer or lekmannarevisor elected
	CheckStaff         = "personal"     // staff transferred (LAS 6 b §)
	CheckAgreement     = "avtal"        // the governing document is recorded among the documents
	CheckDelegationOrd = "delegation"   // the ordering nämnd's delegationsordning names the employee
	CheckReport938     = "rapport_9_38" // the agreement is in the KS's yearly report to KF
)

// ChecklistItems labels the items.
var ChecklistItems = Vocabulary{
	{CheckOrgNumber, "Organisationsnummer finns (SCB)", "Organisation number obtained (SCB)"},
	{CheckMembersElect, "Ledamöter och ersättare valda av alla medlemmar", "Members and substitutes elected by every member"},
	{CheckAuditors, "Revisorer eller lekmannarevisor valda", "Auditors or lay auditor elected"},
	{CheckStaff, "Personalen har gått över (LAS 6 b §)", "Staff transferred (LAS § 6 b)"},
	{CheckAgreement, "Styrdokumentet finns registrerat", "The governing document is recorded"},
	{CheckDelegationOrd, "Delegationsordningen är uppdaterad", "The delegation order is updated"},
	{CheckReport938, "Ingår i kommunstyrelsens årliga rapport (KL 9 kap. 38 §)", "Included in the board's yearly report (KL ch. 9 § 38)"},
}

// ChecklistItem is one item with its state.
type ChecklistItem struct {
	Code  string `json:"code"`
	Done  bool   `json:"done"`
	Known bool   `json:"known"` // false: the register cannot tell
}

// PostDecisionChecklist lists what remains after the decisions for c's
// form: organisation number for a new legal person, elections and
// auditors where the path asks for them, staff when staff move, the
// governing document, and for avtalssamverkan the delegation order and
// the 9:38 report.
func PostDecisionChecklist(c *Collaboration, s PathSettings, decisions []Decision) []ChecklistItem {
	f, ok := FindLegalForm(c.LegalForm)
	if !ok || c.LegalForm == FormUnknown {
		return nil
	}
	path, _ := FullPath(c, s)
	st := MatchPath(path, decisions)
	stepDone := func(kind string) (done, any bool) {
		done = true
		for _, x := range st {
			if x.Required.Kind == kind && !x.Required.Practice {
				any = true
				done = done && x.Done()
			}
		}
		return done, any
	}
	var out []ChecklistItem
	if f.LegalPerson {
		out = append(out, ChecklistItem{Code: CheckOrgNumber, Done: s.OrgNumber != "", Known: true})
	}
	for _, k := range []struct{ code, kind string }{{CheckMembersElect, KindElect}, {CheckAuditors, KindElectAuditors}, {CheckStaff, KindStaffTransfer}} {
		if done, any := stepDone(k.kind); any {
			out = append(out, ChecklistItem{Code: k.code, Done: done, Known: true})
		}
	}
	if rules, _ := RulesFor(c.LegalForm, s.Options(c)); len(rules) > 0 {
		var want []string
		for _, r := range rules {
			if r.Step == StepFound && !r.Practice {
				want = append(want, r.Documents...)
			}
		}
		if len(want) > 0 {
			has := false
			for _, d := range c.Documents {
				for _, w := range want {
					has = has || d.Type == w
				}
			}
			out = append(out, ChecklistItem{Code: CheckAgreement, Done: has, Known: true})
		}
	}
	if c.LegalForm == FormAgreement || c.LegalForm == FormAgreementSpecial || c.LegalForm == FormPurchase {
		if c.ExternalDelegation {
			done, _ := stepDone(KindDelegation)
			out = append(out, ChecklistItem{Code: CheckDelegationOrd, Done: done, Known: true})
		}
		// Whether the yearly report took it up is the report's to say.
		out = append(out, ChecklistItem{Code: CheckReport938})
	}
	return out
}
