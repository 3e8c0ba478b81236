package sqldb

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/samverkan/samverkan"
)

// TestDecodeAssessments: the direct reading gives what encoding/json
// gives, for what the store writes and for forms it must leave to
// encoding/json.
func TestDecodeAssessments(t *testing.T) {
	written, _ := json.Marshal([]samverkan.PurposeAssessment{
		{Purpose: "Minska sårbarheten", Score: 4, Motivation: "Fler kan ersätta varandra."},
		{Purpose: "Höja kompetensen <&>", Score: 0, Motivation: "Rad 1\nrad 2 \"citat\""},
		{Purpose: "Stärka områdets attraktivitet", Score: 2},
	})
	for _, in := range []string{
		string(written),
		`[]`, ` [ ] `, `null`, `[{}]`,
		`[{"purpose":"Kvalitet","score":3,"motivation":""}]`,
		`[ { "score" : 3 , "motivation" : "m", "purpose" : "Kvalitet" } ]`, // another key order and spaces
		`[{"purpose":"Kvalitet","score":-1}]`,
		`[{"purpose":"Kvalitet","score":3.5}]`,
		`[{"purpose":"Kvalitet","score":null}]`,
		`[{"Purpose":"Kvalitet","score":1}]`,
		`[{"purpose":"Kvalitet","score":1,"extra":true}]`,
		`[{"purpose":"K\u00e5","score":1}]`,
		`[{"purpose":"Kvalitet","score":1}`, `[{"purpose":"Kvalitet","score":1}]x`, `[{"purpose":"Kvalitet",}]`,
		"[{\"purpose\":\"\xff\",\"score\":1}]",
		`[{"purpose":"a","score":12345678901234567890}]`,
	} {
		got, gotErr := decodeAssessments([]byte(in))
		var want []samverkan.PurposeAssessment
		wantErr := json.Unmarshal([]byte(in), &want)
		if (gotErr != nil) != (wantErr != nil) {
			t.Errorf("%s: error %v, encoding/json %v", in, gotErr, wantErr)
			continue
		}
		if gotErr == nil && len(got)+len(want) > 0 && !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %#v\nwant %#v", in, got, want)
		}
	}
	// The plain form is read directly, not by the fallback.
	if _, ok := fastAssessments(written); ok {
		t.Error("a written form with escapes was read directly")
	}
	if as, ok := fastAssessments([]byte(`[{"purpose":"Kvalitet","score":3,"motivation":"Bra."}]`)); !ok || as[0].Score != 3 {
		t.Errorf("the plain form was not read directly: %v %v", as, ok)
	}
}
