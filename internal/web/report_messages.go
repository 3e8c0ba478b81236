package web

// reportMessages are the texts of the KL 9:38 report, the yearly
// oversight view and the honest decision figures (issues 11 and 13).
var reportMessages = map[string][2]string{
	"path.unregistered":      {"beslut ej registrerade", "decisions not registered"},
	"date.unknown_decision":  {"okänt datum", "unknown date"},
	"pending.unregistered":   {"Ej registrerat", "Not registered"},
	"pending.latest":         {"Nytt beslut behövs (senast: %s)", "A new decision is needed (latest: %s)"},
	"pending.intro.required": {"Listan tar också med varje beslut som beslutsvägen kräver för samverkan i beredning eller beslutsskede men som ingen har registrerat än.", "The list also includes every decision the decision path requires for collaborations in preparation or being decided that nobody has registered yet."},
	"pending.unregistered.n": {"%d beslut som krävs är inte registrerade alls.", "%d required decisions are not registered at all."},
}
