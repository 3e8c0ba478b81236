package web

// areaReviewMessages are the texts of the import preview's readings and
// warnings and of the list of areas to review (issue 11), listed in the
// catalogue (messages.go).
var areaReviewMessages = map[string][2]string{
	"import.preview.warnings":          {"Rader med varningar", "Rows with warnings"},
	"import.preview.warnings.count":    {"%d (%d varningar)", "%d (%d warnings)"},
	"import.preview.review":            {"Rader med områden att granska", "Rows with areas to review"},
	"import.preview.warnings.heading":  {"Varningar – raderna importeras ändå", "Warnings – the rows are imported all the same"},
	"import.preview.warnings.text":     {"Kontrollera tolkningarna. Ett område som inte känns igen sparas som ”område att granska” och kopplas till ett område i listan Områden att granska.", "Check the readings. An area that is not recognised is kept as an “area to review” and mapped to an area in the list Areas to review."},
	"import.preview.warnings.caption":  {"Varningar per rad", "Warnings per row"},
	"import.preview.warnings.hidden":   {"%d varningar till visas inte.", "%d more warnings are not shown."},
	"import.col.warning":               {"Varning", "Warning"},
	"import.col.read":                  {"Läst som", "Read as"},
	"import.preview.columns":           {"Kolumner", "Columns"},
	"import.preview.columns.caption":   {"Vilken kolumn i filen som blir vilket fält", "Which column of the file becomes which field"},
	"import.preview.columns.file":      {"Kolumn i filen", "Column in the file"},
	"import.preview.columns.field":     {"Blir fältet", "Becomes the field"},
	"import.preview.columns.unmatched": {"Importeras inte", "Not imported"},

	"review.title":          {"Områden att granska i %s", "Areas to review in %s"},
	"review.heading":        {"Områden att granska", "Areas to review"},
	"review.link":           {"Områden att granska", "Areas to review"},
	"review.intro":          {"Områden som en import inte kunde koppla till ett verksamhetsområde sparas som de skrevs. Koppla varje text till ett område en gång: alla samverkan i nätverket som har texten får området, och senare importer läser texten på samma sätt.", "Areas an import could not match to an area are kept as written. Map each text to an area once: every collaboration in the network with the text gets the area, and later imports read the text the same way."},
	"review.none":           {"Det finns inga områden att granska i nätverket.", "There are no areas to review in the network."},
	"review.text":           {"Text i filen", "Text in the file"},
	"review.count":          {"Samverkan", "Collaborations"},
	"review.collaborations": {"Samverkan med texten", "Collaborations with the text"},
	"review.area":           {"Koppla ”%s” till området", "Map “%s” to the area"},
	"review.choose":         {"Välj område", "Choose an area"},
	"review.submit":         {"Koppla", "Map"},
	"review.suggested":      {"Förslag: %s", "Suggestion: %s"},
	"review.done":           {"Texten är kopplad till %s; %d samverkan fick området.", "The text is mapped to %s; %d collaborations got the area."},
	"review.mappings":       {"Kopplingar som nätverket har gjort", "Mappings the network has made"},
	"review.mappings.text":  {"Importer till nätverket läser texterna så här.", "Imports into the network read the texts like this."},
	"review.flag":           {"Område att granska", "Area to review"},
	"review.flag.text":      {"Texterna nedan kom från en import och motsvarar inget verksamhetsområde ännu.", "The texts below came from an import and do not match an area yet."},
	"review.flag.link":      {"Koppla till områden", "Map to areas"},
	"form.review":           {"Områden att granska", "Areas to review"},
	"form.review.hint":      {"Texter från en import som inte motsvarar något område. Välj områdena ovan och bocka ur texten när den är hanterad.", "Texts from an import that match no area. Choose the areas above and untick the text once it is handled."},
	"field.areas_to_review": {"Områden att granska", "Areas to review"},
}
