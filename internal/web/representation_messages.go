package web

// representationMessages are the texts of a collaboration's
// representation and data protection (representation.go).
var representationMessages = map[string][2]string{
	"rep.heading":                 {"Representation och dataskydd", "Representation and data protection"},
	"rep.caption":                 {"Ledamöter och ersättare per deltagare, och vem som väljer dem", "Members and substitutes per participant, and who elects them"},
	"rep.col.member":              {"Deltagare", "Participant"},
	"rep.col.seats":               {"Ledamöter", "Members"},
	"rep.col.substitutes":         {"Ersättare", "Substitutes"},
	"rep.col.elected_by":          {"Väljs av", "Elected by"},
	"rep.not_stated":              {"Ej angivet", "Not stated"},
	"rep.none":                    {"Ingen vald", "None chosen"},
	"rep.dp":                      {"Personuppgifter och arkiv", "Personal data and records"},
	"rep.dp.hint":                 {"Vem som är personuppgiftsansvarig, vilket avtal som gäller mellan parterna (GDPR art. 26 eller 28) och vem som tar över arkivet när samverkan upphör.", "Who is controller, which arrangement applies between the parties (GDPR art. 26 or 28) and who takes the records when the collaboration ends."},
	"rep.field.controller":        {"Personuppgiftsansvarig", "Controller"},
	"rep.field.controller_member": {"Deltagare som är personuppgiftsansvarig", "Participant that is controller"},
	"rep.controller_member.hint":  {"Bara när en av deltagarna är personuppgiftsansvarig.", "Only when one of the participants is the controller."},
	"rep.field.arrangement":       {"Avtal om personuppgifter", "Data protection arrangement"},
	"rep.field.archive":           {"Arkivet när samverkan upphör", "The records when the collaboration ends"},
	"rep.field.archive_member":    {"Deltagare som tar över arkivet", "Participant that takes the records"},
	"rep.field.archive_body":      {"Eller annat organ som tar över arkivet", "Or another body that takes the records"},
	"rep.archive_body.hint":       {"Till exempel ett regionarkiv. Ange antingen en deltagare eller ett annat organ.", "For example a regional archive. Give either a participant or another body."},
	"rep.seats":                   {"Ledamöter och ersättare", "Members and substitutes"},
	"rep.seats.hint":              {"Antal platser i samverkans organ per deltagare, 0–99. Lämna raden tom om det inte är känt; den visas då som ej angivet.", "Seats in the collaboration's body per participant, 0–99. Leave the row empty when not known; it then shows as not stated."},
	"rep.form.title":              {"Representation och dataskydd – %s", "Representation and data protection – %s"},
	"rep.edit":                    {"Ändra representation och dataskydd", "Edit representation and data protection"},
	"rep.stale":                   {"Någon annan har ändrat representationen medan du skrev. Dina ändringar är inte sparade.", "Someone else changed the representation while you were writing. Your changes are not saved."},
	"rep.flash":                   {"Representation och dataskydd är sparade.", "Representation and data protection are saved."},
}
