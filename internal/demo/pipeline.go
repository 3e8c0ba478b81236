package demo

import (
	"context"
	"fmt"
	"sort"

	"github.com/samverkan/samverkan"
)

// historyRecorder is implemented by stores that can add dated events from
// the past to a record registered at its current status (sqldb.DB). The
// demo uses it for the transitions the sources date; a store without it
// gets the decisions and the pre-study but no back-dated history.
type historyRecorder interface {
	RecordHistory(ctx context.Context, id int64, events []samverkan.Event) error
}

// pipelineFacts are what the demo records on a collaboration after it is
// created: decisions, past transitions and a pre-study.
type pipelineFacts struct {
	decisions  []*samverkan.Decision // CollaborationID is filled in on load
	history    []samverkan.Event
	assessment *samverkan.Assessment
}

// Notes for decisions whose date the sources do not give: the decision is
// stored with an unknown date, not an invented "latest possible" one; the
// note says what the source does tell.
const (
	itBeforeNote = "Datum anges inte i källan; beslutet fattades före Älvkarleby kommunfullmäktiges beslut " +
		"2018-10-03. Källa: UNT \"Fem kommuner går samman till en\"."
	dalBeforeNote = "Datum anges inte i källan; alla fyra kommunfullmäktige hade godkänt den nya förbundsordningen " +
		"när Bengtsfors kommun publicerade nyheten 2016-12-21 (domain.md S33)."
)

// buildPipeline returns the facts per collaboration key.
func buildPipeline(cat *samverkan.Catalog) (map[string]pipelineFacts, error) {
	r := &resolver{cat: cat}
	dec := func(name, body, kind, document, date, note string) *samverkan.Decision {
		return &samverkan.Decision{Municipality: r.code(name), Body: body, Outcome: samverkan.OutcomeApproved,
			Kind: kind, Document: document, Date: date2(date), DateUnknown: date == "", Note: note, URL: ""}
	}
	status := func(date, from, to, note string) samverkan.Event {
		return samverkan.Event{Kind: "status", Date: date2(date), From: from, To: to, Note: note}
	}
	out := map[string]pipelineFacts{}

	// C-Tillsammans: the joint IT board. Only the decisions the sources
	// name; Knivsta's and Östhammar's, and the council decisions of Heby
	// and Tierp, are not stated, so the decision path shows them as not
	// recorded.
	out["ct-it"] = pipelineFacts{
		decisions: []*samverkan.Decision{
			dec("Heby", "ks", samverkan.KindJoin, "", "",
				"Hebys kommunstyrelse sade ja till den gemensamma IT-nämnden. "+itBeforeNote),
			dec("Tierp", "ksau", samverkan.KindJoin, "", "",
				"Tierps kommunstyrelses arbetsutskott godkände den gemensamma IT-nämnden. "+itBeforeNote),
			dec("Älvkarleby", "kf", samverkan.KindAdopt, "samverkansavtal", "2018-10-03",
				"Det sista av de fem beslut som krävdes för den gemensamma IT-nämnden (styrdokument: samverkansavtal "+
					"och reglemente). Paragraf anges inte i källan. Källa: UNT \"Fem kommuner går samman till en\"; "+
					"itcentrum.se \"Gemensam IT-nämnd\"."),
		},
		history: []samverkan.Event{
			status("", "", samverkan.StatusStudyOngoing,
				"Utrett sedan slutet av 2016 (exakt datum anges inte i källan). Källa: itcentrum.se \"Gemensam IT-nämnd\"."),
			status("2019-01-01", samverkan.StatusStudyOngoing, samverkan.StatusRunning,
				"Nämnden startade 1 januari 2019 sedan samtliga fem deltagande kommuner fattat nödvändiga beslut. "+
					"Den ersatte Tierps och Älvkarlebys IT-nämnd. Källa: itcentrum.se \"Gemensam IT-nämnd\"."),
		},
	}
	out["ct-it-ta"] = pipelineFacts{history: []samverkan.Event{
		status("2019-01-01", samverkan.StatusRunning, samverkan.StatusEnded,
			"Avvecklad när den gemensamma IT-nämnden för fem kommuner startade 2019-01-01. Källa: itcentrum.se."),
	}}

	// C-Tillsammans: the broad pre-study, with an example assessment.
	out["ct-forstudie"] = pipelineFacts{assessment: &samverkan.Assessment{
		LegalFeasibility: "mojlig_med_villkor",
		LegalBasis: "Exempel: beroende på område avtalssamverkan (KL 9 kap. 37 §) eller gemensam nämnd " +
			"(KL 9 kap. 19–35 §§).",
		LegalConditions: "Exempel: där myndighetsutövning ingår prövas formen per område: i avtalssamverkan genom " +
			"extern delegering till en anställd i en annan kommun (KL 9 kap. 37 §, med gränserna i 6 kap. 38 §), " +
			"i en gemensam nämnd eller ett kommunalförbund genom att uppgiften flyttas dit (domain.md b.1); " +
			"upphandlingsgrunden prövas per område (domain.md a.7).",
		ProcurementBasis:    "hamburg_3kap17",
		OrganisationSummary: "Exempel: organisatorisk beredskap per kommun är inte bedömd i källan.",
		Economics: samverkan.Economics{OneOffCost: 1_200_000, AnnualCost: 300_000, AnnualSaving: 700_000,
			Years: 4, DiscountRate: 3.5},
		Effects: []samverkan.PurposeEffect{
			{Purpose: "effektivitet_kostnad", Effect: "positiv", Note: "Exempel: förstudiens fråga om ekonomisk nytta."},
			{Purpose: "sarbarhet", Effect: "positiv", Note: "Exempel."},
		},
		Risks: []samverkan.Risk{{Category: "administrativ_overbyggnad", Description: "Exempel: samordningen kräver en " +
			"ny administrativ överbyggnad som äter upp vinsterna.", Likelihood: 2, Impact: 3,
			Mitigation: "Exempel: välja avtalssamverkan där det räcker."}},
		RecommendedForm: samverkan.FormAgreement,
		Recommendation: "Exempel: påhittad bedömning med påhittade belopp för att visa förstudievyn. Källan säger bara " +
			"att förstudien ska identifiera områden där samverkan är juridiskt och organisatoriskt möjlig och " +
			"ekonomiskt fördelaktig (pressmeddelande 2020-05-07).",
	}}

	// Dalsland: the federation's life, and the new federation's decisions.
	out["dal-kf"] = pipelineFacts{history: []samverkan.Event{
		status("", samverkan.StatusRunning, samverkan.StatusUnderReview,
			"Översyn av den interkommunala samverkan (rapport april 2013); varje kommunfullmäktige skulle besluta "+
				"senast i oktober 2013. Exakt datum anges inte (domain.md S31)."),
		status("", samverkan.StatusUnderReview, samverkan.StatusNoticeGiven,
			"Hösten 2015 sade alla fem medlemmarna upp sitt medlemskap; förbundet skulle upphöra 2017-01-01. "+
				"Exakt datum anges inte (NWT 2015-12-17, domain.md S32)."),
		{Kind: "uttrade", Date: date2("2016-12-31"), Subject: r.code("Åmål"),
			Note: "Åmål var inte med i det ombildade förbundet (domain.md S33)."},
		status("2017-01-01", samverkan.StatusNoticeGiven, samverkan.StatusReformed,
			"Ombildat med fyra medlemmar som Dalslands miljö- och energiförbund; övriga verksamheter flyttades "+
				"till avtalssamverkan (domain.md S33)."),
	}}
	var dalDecisions []*samverkan.Decision
	for _, m := range []string{"Bengtsfors", "Dals-Ed", "Färgelanda", "Mellerud"} {
		dalDecisions = append(dalDecisions, dec(m, "kf", samverkan.KindAdopt, "forbundsordning", "",
			"Kommunfullmäktige godkände den nya förbundsordningen. "+dalBeforeNote))
	}
	out["dal-me"] = pipelineFacts{
		decisions: dalDecisions,
		history: []samverkan.Event{status("2017-01-01", "", samverkan.StatusRunning,
			"Det ombildade förbundet startade 2017-01-01 med säte i Mellerud (domain.md S33).")},
	}

	if len(r.missing) > 0 {
		return nil, fmt.Errorf("demo: municipalities not in the reference data: %v", r.missing)
	}
	return out, nil
}

// date2 is date that leaves "" unset.
func date2(s string) samverkan.Date {
	if s == "" {
		return samverkan.Date{}
	}
	return date(s)
}

// loadPipeline records the facts on the created collaborations, in a
// fixed order so repeated loads are alike.
func loadPipeline(ctx context.Context, s samverkan.Store, done map[string]*samverkan.Collaboration, facts map[string]pipelineFacts) error {
	keys := make([]string, 0, len(facts))
	for k := range facts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	hr, canRecord := s.(historyRecorder)
	for _, k := range keys {
		c, ok := done[k]
		if !ok {
			return fmt.Errorf("demo: pipeline facts for %s, which is not loaded", k)
		}
		f := facts[k]
		if len(f.history) > 0 && canRecord {
			if err := hr.RecordHistory(ctx, c.ID, f.history); err != nil {
				return fmt.Errorf("demo: history of %q: %w", c.Title, err)
			}
		}
		for _, d := range f.decisions {
			d := *d
			d.CollaborationID = c.ID
			if err := s.CreateDecision(ctx, &d); err != nil {
				return fmt.Errorf("demo: decision of %s on %q: %w", d.Municipality, c.Title, err)
			}
		}
		if f.assessment != nil {
			a := *f.assessment
			a.CollaborationID = c.ID
			if err := s.SaveAssessment(ctx, &a); err != nil {
				return fmt.Errorf("demo: pre-study of %q: %w", c.Title, err)
			}
		}
	}
	return nil
}
