// Package opendata publishes the public part of the register as open data
// and reads other instances' open data back in (issue 17, "a national
// register from many instances").
//
// The dataset is the public records only: public networks with their
// current member municipalities, public collaborations with participants,
// governing documents, decisions and cost shares. It never carries personal
// data (contact persons, users, audit actors), decision notes, or records
// that are not public; Build is the one place that decides this, from the
// domain records the caller loads.
//
// One Go description of the fields (Tables) drives everything that names a
// column: the JSON document (WriteJSON), the CSV files (WriteCSV), the JSON
// Schema for the document (JSONSchema, draft 2020-12) and the Frictionless
// Table Schema for the CSVs (DataPackage). A test checks that the Go record
// types carry the same names in the same order, so the four cannot drift.
//
// The JSON document:
//
//	{
//	  "schema_version": 1,
//	  "publisher": {"name": "…", "url": "https://…"},
//	  "generated": "2026-11-30T12:00:00Z",
//	  "licence": "http://creativecommons.org/publicdomain/zero/1.0/",
//	  "networks": [{"slug": …, "members": [{"code": …}, …]}, …],
//	  "collaborations": [{"id": …, "participants": […], "documents": […],
//	                      "decisions": […], "cost_shares": […]}, …]
//	}
//
// The CSV files, one per table, are the same rows flattened: a child row
// (a participant, a decision…) carries its parent's key (collaboration_id,
// network_slug) as its first column. Unknown values are null in JSON and an
// empty cell in CSV, never 0.
//
// Harvest reads another instance's JSON document over HTTP with limits and
// validates it against the generated schema; National groups the harvested
// collaborations that describe the same collaboration into one record with
// all its sources. The DCAT-AP-SE catalogue that describes the dataset for
// Sveriges dataportal is in the subpackage dcat.
package opendata
