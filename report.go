package samverkan

import "slices"

// AgreementForms are the forms the KL 9 kap. 38 § report covers:
// avtalssamverkan under 9 kap. 37 § or under other acts.
var AgreementForms = []string{FormAgreement, FormAgreementSpecial}

// Report938 selects, for the yearly report the municipal executive board
// owes the council (KL 9 kap. 38 §), the avtalssamverkan that municipality
// code took part in at some time during year: the collaboration ran (it had
// started, or has no start date, and had not ended before the year) and the
// municipality was a participant during the year. Ideas that never started
// are left out.
func Report938(code string, year int, cs []*Collaboration) []*Collaboration {
	first, last := NewDate(year, 1, 1), NewDate(year, 12, 31)
	var out []*Collaboration
	for _, c := range cs {
		if !slices.Contains(AgreementForms, c.LegalForm) {
			continue
		}
		if ph := c.Phase(); ph == PhasePipeline || c.Status == StatusRejected {
			continue
		}
		if c.Start.After(last) || c.End.Before(first) {
			continue
		}
		for _, p := range c.Participants {
			if p.Code == code && !p.Joined.After(last) && !p.Left.Before(first) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}
