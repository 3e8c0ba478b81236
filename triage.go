package samverkan

// Triage triggers (domain.md b.6): what makes an idea need a political
// decision, beside its legal form.
const (
	TriggerForm               = "form"                // the form's path names a political body
	TriggerPublicAuthority    = "public_authority"    // myndighetsutövning moves
	TriggerExternalDelegation = "external_delegation" // an employee of another municipality decides
	TriggerPrinciple          = "of_principle"        // of principle or greater importance (KL 5 kap. 1 §)
	TriggerMoney              = "money"               // money moves: an annual or one-off cost
	TriggerStaff              = "staff"               // staff move to another employer
	TriggerTasks              = "tasks"               // tasks move to another body (the form hands them over)
)

// TriageTriggers labels the triggers.
var TriageTriggers = Vocabulary{
	{TriggerForm, "Samverkansformen kräver beslut", "The legal form needs decisions"},
	{TriggerTasks, "Uppgifter flyttas till någon annan", "Tasks move to someone else"},
	{TriggerPublicAuthority, "Myndighetsutövning ingår", "Exercise of public authority"},
	{TriggerExternalDelegation, "Extern delegering", "External delegation"},
	{TriggerPrinciple, "Principiell beskaffenhet eller större vikt", "Of principle or greater importance"},
	{TriggerMoney, "Pengar flyttas (kostnad eller budget)", "Money moves (cost or budget)"},
	{TriggerStaff, "Personal flyttas", "Staff move"},
}

// TriageProposal is a proposed triage with the triggers behind it.
type TriageProposal struct {
	Triage   string   `json:"triage"`
	Body     string   `json:"body"`     // the highest body whose decision is needed
	Form     string   `json:"form"`     // the form the proposal read (the pre-study's when the record has none)
	Triggers []string `json:"triggers"` // see TriageTriggers
}

// taskForms hand tasks over to another body or legal person.
var taskForms = []string{FormFederationAssembly, FormFederationBoard, FormFederation, FormJointCommittee, FormAgreement,
	FormAgreementSpecial, FormCompany, FormEconomicAssoc, FormNonProfitAssoc, FormFoundation, FormFinsam}

// ProposeTriageFor proposes a triage from the real triggers: the legal
// form's path, tasks, money or staff moving, public authority, external
// delegation, a matter of principle, and the pre-study's answers (a may be
// nil). An idea without a form gets a proposal too, from the triggers
// alone; with no trigger it can start directly (sharing experience,
// networks, joint training: domain.md b.6).
func ProposeTriageFor(c *Collaboration, a *Assessment, s PathSettings) TriageProposal {
	form := c.LegalForm
	pa, ed, money := c.PublicAuthority, c.ExternalDelegation, c.AnnualCost != nil && *c.AnnualCost > 0
	if a != nil {
		if form == FormUnknown && a.RecommendedForm != "" {
			form = a.RecommendedForm
		}
		pa, ed = pa || a.PublicAuthority, ed || a.ExternalDelegation
		money = money || a.Economics.AnnualCost > 0 || a.Economics.OneOffCost > 0
	}
	p := TriageProposal{Form: form}
	rank := map[string]int{"tjansteperson": 1, "namnd": 2, "ksau": 3, "ks": 4, "kf": 5}
	raise := func(body, trigger string) {
		if rank[body] > rank[p.Body] {
			p.Body = body
		}
		for _, t := range p.Triggers {
			if t == trigger {
				return
			}
		}
		p.Triggers = append(p.Triggers, trigger)
	}
	opts := PathOptions{OfPrinciple: c.OfPrinciple, ExternalDelegation: ed, StaffTransfer: s.StaffTransfer}
	if _, body, ok := ProposeTriage(form, opts); ok && body != "" && body != "tjansteperson" {
		raise(body, TriggerForm)
	}
	for _, f := range taskForms {
		if f == form {
			raise("namnd", TriggerTasks)
		}
	}
	if pa {
		raise("namnd", TriggerPublicAuthority)
	}
	if ed {
		raise("namnd", TriggerExternalDelegation)
	}
	if c.OfPrinciple {
		raise("kf", TriggerPrinciple)
	}
	if money {
		raise("namnd", TriggerMoney)
	}
	if s.StaffTransfer {
		raise("ks", TriggerStaff)
	}
	p.Triage = "kan_starta_direkt"
	if rank[p.Body] >= rank["namnd"] {
		p.Triage = "kraver_politiskt_beslut"
	}
	return p
}
