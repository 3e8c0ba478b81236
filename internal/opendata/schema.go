package opendata

import (
	"encoding/json"
	"strings"
)

// datePattern backs format "date", which JSON Schema validators need not
// assert.
const datePattern = `^[0-9]{4}-[0-9]{2}-[0-9]{2}$`

// JSONSchema returns the JSON Schema (draft 2020-12) of the dataset's JSON
// document, generated from Tables. id is the schema's own address (its
// $id), e.g. https://example.se/oppna-data/schema.json.
func JSONSchema(id string) []byte {
	defs := map[string]any{}
	for _, t := range Tables {
		defs[t.Name] = objectSchema(t)
	}
	arrayOf := func(name string) map[string]any {
		return map[string]any{"type": "array", "items": map[string]any{"$ref": "#/$defs/" + name}}
	}
	s := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         id,
		"title":       "Samverkan: öppna data",
		"description": "Offentliga samverkansnätverk och samverkan mellan kommuner med deltagare, styrdokument, beslut och kostnadsandelar. Inga personuppgifter. Okända värden är null, aldrig 0.",
		"type":        "object",
		"required":    []string{"schema_version", "publisher", "generated", "licence", "networks", "collaborations"},
		"properties": map[string]any{
			"schema_version": map[string]any{"const": SchemaVersion, "description": "Datamängdens version; en ny version byter namn, tar bort eller ändrar typ på fält."},
			"publisher": map[string]any{
				"type": "object", "required": []string{"name"},
				"description": "Organisationen som publicerar datamängden, aldrig en person.",
				"properties": map[string]any{
					"name": map[string]any{"type": "string", "minLength": 1, "maxLength": maxTitle},
					"url":  map[string]any{"type": "string", "pattern": `^(https?://.*)?$`, "maxLength": maxURL},
				},
			},
			"generated":      map[string]any{"type": "string", "format": "date-time", "description": "Senaste ändringen av någon post i datamängden."},
			"licence":        map[string]any{"type": "string", "format": "uri", "description": "Licensens adress (CC0 om inget annat anges)."},
			"networks":       arrayOf("networks"),
			"collaborations": arrayOf("collaborations"),
		},
		"$defs": defs,
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // maps of strings and numbers always marshal
	}
	return append(b, '\n')
}

func objectSchema(t *Table) map[string]any {
	props := map[string]any{}
	var required []string
	for _, f := range t.Fields {
		if f.ParentKey {
			continue
		}
		props[f.Name] = fieldSchema(f)
		if f.Required {
			required = append(required, f.Name)
		}
	}
	for _, c := range t.children() {
		props[c.JSONKey] = map[string]any{"type": "array", "items": map[string]any{"$ref": "#/$defs/" + c.Name}, "description": c.SV}
	}
	o := map[string]any{"type": "object", "description": t.SV, "properties": props}
	if len(required) > 0 {
		o["required"] = required
	}
	return o
}

func fieldSchema(f Field) map[string]any {
	s := map[string]any{"description": f.SV}
	typ := ""
	switch f.Type {
	case TypeString:
		typ = "string"
		if f.Required {
			s["minLength"] = 1
		}
	case TypeInteger:
		typ = "integer"
	case TypeNumber:
		typ = "number"
	case TypeDate:
		typ = "string"
		s["format"] = "date"
		s["pattern"] = datePattern
	case TypeDateTime:
		typ = "string"
		s["format"] = "date-time"
	case TypeList:
		item := map[string]any{"type": "string"}
		if f.Pattern != "" {
			item["pattern"] = f.Pattern
		}
		if f.MaxLength > 0 {
			item["maxLength"] = f.MaxLength
		}
		s["type"] = "array"
		s["items"] = item
		return s
	}
	if f.Pattern != "" {
		s["pattern"] = f.Pattern
	}
	if f.Format != "" {
		s["format"] = f.Format
	}
	if f.MaxLength > 0 {
		s["maxLength"] = f.MaxLength
	}
	if f.Minimum != nil {
		s["minimum"] = *f.Minimum
	}
	if f.Maximum != nil {
		s["maximum"] = *f.Maximum
	}
	if f.Required {
		s["type"] = typ
	} else {
		s["type"] = []string{typ, "null"}
	}
	if f.Enum != nil {
		enum := make([]any, 0, len(f.Enum)+1)
		for _, e := range f.Enum {
			enum = append(enum, e)
		}
		if !f.Required {
			enum = append(enum, nil)
		}
		s["enum"] = enum
	}
	return s
}

// PackageOptions describe the data package around the CSV files.
type PackageOptions struct {
	Name    string // lower-case, e.g. "samverkan-ggvv"; "samverkan" when empty
	Title   string
	Licence string // a licence URI; CC0 when empty
	// BaseURL, when set, makes each resource's path an absolute address
	// (BaseURL + "/" + file); otherwise paths are relative to the
	// datapackage.json.
	BaseURL string
}

// DataPackage returns a Frictionless Tabular Data Package descriptor
// (datapackage.json) for the CSV files, with a Table Schema per file,
// generated from Tables.
func DataPackage(opt PackageOptions) []byte {
	if opt.Name == "" {
		opt.Name = "samverkan"
	}
	if opt.Title == "" {
		opt.Title = "Samverkan: öppna data"
	}
	if opt.Licence == "" {
		opt.Licence = CC0
	}
	var resources []any
	for _, t := range Tables {
		path := t.CSVName()
		if opt.BaseURL != "" {
			path = strings.TrimRight(opt.BaseURL, "/") + "/" + path
		}
		resources = append(resources, map[string]any{
			"profile": "tabular-data-resource", "name": strings.ReplaceAll(t.Name, "_", "-"), "path": path,
			"title": t.SV, "description": t.EN,
			"format": "csv", "mediatype": MediaCSV, "encoding": "utf-8",
			"dialect": map[string]any{"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": `"`, "doubleQuote": true, "header": true},
			"schema":  tableSchema(t),
		})
	}
	p := map[string]any{
		"profile": "tabular-data-package", "name": opt.Name, "title": opt.Title,
		"description": "Offentliga samverkansnätverk och samverkan mellan kommuner. Inga personuppgifter. " +
			"Tomma celler är okända värden, aldrig 0. Textceller som börjar med = + - @, tabb eller vagnretur har en inledande apostrof (skydd mot formler i kalkylprogram).",
		"licenses":  []any{map[string]any{"path": opt.Licence}},
		"resources": resources,
	}
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
}

func tableSchema(t *Table) map[string]any {
	var fields []any
	for _, f := range t.Fields {
		tf := map[string]any{"name": f.Name, "description": f.SV}
		c := map[string]any{}
		switch f.Type {
		case TypeList:
			tf["type"] = "string"
			if f.Pattern != "" {
				item := xsdPattern(f.Pattern)
				c["pattern"] = "(" + item + ")(" + ListSeparator + "(" + item + "))*"
			}
		default:
			tf["type"] = string(f.Type)
			if f.Pattern != "" {
				c["pattern"] = xsdPattern(f.Pattern)
			}
			if f.MaxLength > 0 {
				c["maxLength"] = f.MaxLength
			}
		}
		if f.Format == "uri" {
			tf["format"] = "uri"
		}
		if f.Required {
			c["required"] = true
			if f.Type == TypeString {
				c["minLength"] = 1
			}
		}
		if f.Enum != nil {
			c["enum"] = f.Enum
		}
		if f.Minimum != nil {
			c["minimum"] = *f.Minimum
		}
		if f.Maximum != nil {
			c["maximum"] = *f.Maximum
		}
		if len(c) > 0 {
			tf["constraints"] = c
		}
		fields = append(fields, tf)
	}
	s := map[string]any{"fields": fields, "missingValues": []string{""}}
	if len(t.PrimaryKey) > 0 {
		s["primaryKey"] = t.PrimaryKey
	}
	if t.Parent != "" {
		for _, f := range t.Fields {
			if f.ParentKey {
				s["foreignKeys"] = []any{map[string]any{"fields": []string{f.Name},
					"reference": map[string]any{"resource": strings.ReplaceAll(t.Parent, "_", "-"), "fields": []string{t.ParentField}}}}
			}
		}
	}
	return s
}

// xsdPattern turns an anchored ECMA pattern into the XML Schema form Table
// Schema uses, which always matches the whole value and has no anchors.
func xsdPattern(p string) string {
	p = strings.TrimPrefix(p, "^")
	if q, ok := strings.CutSuffix(p, "$"); ok {
		return q
	}
	return p + ".*"
}
