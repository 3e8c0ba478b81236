package api

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
)

// recordTexts hold what encodeRecords looks for, escaped the way
// encoding/json writes it inside a string, and text it escapes.
var recordTexts = []string{"", "Gemensam nämnd", `"collaboration":null`, `{"items":null}`, "<&>", "rad\nny \u2028", "\xff", `\"collaboration\":null`}

func testRecord(r *rand.Rand, id int64) *samverkan.Collaboration {
	text := func() string { return recordTexts[r.IntN(len(recordTexts))] }
	c := &samverkan.Collaboration{ID: id, Title: text(), Description: text(), Status: text(), Host: text(),
		Start: samverkan.NewDate(2000+r.IntN(30), 3, 1), Version: r.IntN(9),
		Created: time.Date(2024, 1, 2, 3, 4, 5, r.IntN(1e9), time.UTC)}
	if r.IntN(2) == 0 {
		v := r.Int64N(1e9)
		c.AnnualCost = &v
	}
	if r.IntN(3) > 0 {
		c.Participants = []samverkan.Participant{{Code: "0662", Name: text(), Role: "huvudman"}, {Party: text(), PartyKind: "bolag", Role: text()}}
	}
	if r.IntN(2) == 0 {
		c.Networks = []string{}
	}
	if r.IntN(2) == 0 {
		c.Documents = []samverkan.Document{{Type: text(), Title: text(), ValidTo: samverkan.NewDate(2030, 1, 1)}}
	}
	return c
}

// oracleJSON is what writeJSON wrote for v with encoding/json alone.
func oracleJSON(t *testing.T, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestRecordsJSONAsEncodingJSON: the collaboration lists, the oversight
// and the KL 9:38 report, written by encodeRecords, are encoding/json's
// bytes, with none, one and many records, records whose texts hold the
// markers encodeRecords looks for, and rows without a record.
func TestRecordsJSONAsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 38))
	cost, months, year := int64(1200), 6, 2024
	for _, n := range []int{0, 1, 2, 7, 60} {
		var cs []*samverkan.Collaboration
		for i := range n {
			cs = append(cs, testRecord(r, int64(i+1)))
		}
		check := func(what string, v, blank any, at ...recordsAt) {
			t.Helper()
			got, ok, err := encodeRecords([]byte("x"), blank, at...)
			if err != nil {
				t.Fatalf("%s (%d records): %v", what, n, err)
			}
			if !ok {
				t.Fatalf("%s (%d records): not placed", what, n)
			}
			if got[0] != 'x' {
				t.Fatalf("%s: not appended", what)
			}
			if want := oracleJSON(t, v); !bytes.Equal(got[1:], want) {
				t.Fatalf("%s (%d records):\n got %s\nwant %s", what, n, got, want)
			}
		}

		next := "/api/v1/collaborations?offset=50&q=%22collaboration%22:null"
		for _, nx := range []*string{nil, &next} {
			list := newList(cs, n*3, nx)
			blank := list
			blank.Items = nil
			check("list", list, blank, recordsAt{list: "items", cs: list.Items})
		}

		var o samverkan.Oversight
		o.Municipality, o.Year, o.Total, o.Rows = "0662", year, n, []samverkan.OversightRow{}
		o.Forms = []samverkan.OversightForm{{Form: `"collaboration":null`, Count: n}}
		for i, c := range cs {
			row := samverkan.OversightRow{Collaboration: c, Role: "huvudman", OwnCostBasis: "kostnadsnyckel", InReport938: i%2 == 0}
			if i%3 == 0 {
				row.OwnCost, row.LatestFollowUp = &cost, &year
			}
			if i == 4 {
				row.Collaboration = nil // a row without its record stays null
			}
			o.Rows = append(o.Rows, row)
		}
		v := OversightView{Oversight: o, MunicipalityName: "Gislaved", OfficialName: `Gislaveds "kommun"`}
		blank, rcs := v, make([]*samverkan.Collaboration, len(o.Rows))
		blank.Rows = slices.Clone(o.Rows)
		for i := range blank.Rows {
			rcs[i], blank.Rows[i].Collaboration = blank.Rows[i].Collaboration, nil
		}
		check("oversight", v, blank, recordsAt{cs: rcs})

		items := slices.Clip(append([]*samverkan.Collaboration{}, cs...))
		var rows []samverkan.Report938Row
		for i, c := range cs {
			row := samverkan.Report938Row{Collaboration: c, Role: "bestallare", Term: samverkan.AgreementPeriod{From: c.Start, NoticeMonths: &months}}
			if i%2 == 1 {
				row.OwnCost, row.OwnShareBP = &cost, &cost
			}
			rows = append(rows, row)
		}
		if rows == nil {
			rows = []samverkan.Report938Row{}
		}
		rep := Report938{Municipality: "0662", MunicipalityName: "Gislaved", Year: year, Items: items, Rows: rows, Total: n}
		rblank := rep
		rblank.Items, rblank.Rows = nil, slices.Clone(rows)
		for i := range rblank.Rows {
			rblank.Rows[i].Collaboration = nil
		}
		check("report 9:38", rep, rblank, recordsAt{list: "items", cs: items}, recordsAt{cs: items})
	}
}

// TestRecordsJSONRefusesWhatItCannotPlace: a blank answer without the
// member, with a record left in it, or a list that is null, is not placed
// (respondRecords then has encoding/json write the whole answer).
func TestRecordsJSONRefusesWhatItCannotPlace(t *testing.T) {
	c := &samverkan.Collaboration{ID: 1}
	for i, tc := range []struct {
		blank any
		at    []recordsAt
	}{
		{map[string]any{"rows": nil}, []recordsAt{{list: "items", cs: []*samverkan.Collaboration{c}}}},
		{map[string]any{"items": nil}, []recordsAt{{list: "items"}}},
		{[]samverkan.OversightRow{{}}, []recordsAt{{cs: []*samverkan.Collaboration{c, c}}}},
		{[]samverkan.OversightRow{{}, {}}, []recordsAt{{cs: []*samverkan.Collaboration{c}}}},
	} {
		if _, ok, err := encodeRecords(nil, tc.blank, tc.at...); ok || err != nil {
			t.Errorf("case %d: placed (%v, %v)", i, ok, err)
		}
	}
}

// TestRespondRecordsAsRespond: respondRecords answers what respond
// answers for the whole list: the body, its length and type.
func TestRespondRecordsAsRespond(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var cs []*samverkan.Collaboration
	for i := range 30 {
		cs = append(cs, testRecord(r, int64(i+1)))
	}
	s := &Server{}
	list := newList(cs, 30, nil)
	blank := list
	blank.Items = nil
	got, want := httptest.NewRecorder(), httptest.NewRecorder()
	s.respondRecords(got, httptest.NewRequest("GET", "/", nil), 200, list, blank, recordsAt{list: "items", cs: list.Items})
	s.respond(want, httptest.NewRequest("GET", "/", nil), 200, list)
	if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) || got.Code != want.Code {
		t.Fatalf("%d %s\nwant %d %s", got.Code, got.Body.Bytes(), want.Code, want.Body.Bytes())
	}
	for _, h := range []string{"Content-Type", "Content-Length"} {
		if g, w := got.Header().Get(h), want.Header().Get(h); g != w || g == "" {
			t.Errorf("%s: %q, want %q", h, g, w)
		}
	}
}
