package tabular

import (
	"bytes"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
)

// TestExportJSONAsEncodingJSON: WriteJSON writes the bytes encoding/json
// writes for the Export (writeJSONReference): indented, HTML escaped, with
// no, one and many records whose texts need escaping, lists nil and empty,
// unknown costs and dates, with and without a network.
func TestExportJSONAsEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 65))
	texts := []string{"", "Gemensam <nämnd> & co", `"collaborations": null`, "rad\nny\u2028", "\xff\x00", "ÅÄÖ 🤝"}
	text := func() string { return texts[r.IntN(len(texts))] }
	record := func(id int64) *samverkan.Collaboration {
		c := &samverkan.Collaboration{ID: id, Title: text(), Description: text(), Host: text(), Version: 1 + r.IntN(5),
			Created: time.Date(2025, 5, 6, 7, 8, 9, r.IntN(1e9), time.UTC)}
		switch r.IntN(3) {
		case 0:
			c.Areas, c.Networks = []string{}, []string{"syn-01", text()}
		case 1:
			v := int64(r.IntN(1e7))
			c.AnnualCost, c.Start = &v, samverkan.NewDate(2020, 2, 29)
			c.Participants = []samverkan.Participant{{Code: "0662", Name: "Gislaved", Role: text()}, {Party: text(), Role: "finansiar"}}
			c.Contacts = []samverkan.Contact{{Function: text()}}
		default:
			m := 6
			c.Documents = []samverkan.Document{{Type: "avtal", Title: text(), NoticeMonths: &m}, {}}
			c.Sources, c.Relations = []samverkan.Source{{Text: text()}}, []samverkan.Relation{}
		}
		return c
	}
	network := &samverkan.Network{Slug: "syn-01", Name: text(), Members: []samverkan.NetworkMember{{Code: "0662"}, {Code: "0617"}}}
	for _, n := range []int{0, 1, 3, 40} {
		for _, nw := range []*samverkan.Network{network, nil} {
			e := &Export{Network: nw, Exported: time.Date(2026, 11, 30, 6, 0, 0, 0, time.UTC), Public: n%2 == 1}
			for i := range n {
				e.Collaborations = append(e.Collaborations, record(int64(i+1)))
			}
			if n == 0 && nw == nil {
				e.Collaborations = []*samverkan.Collaboration{} // empty, not null
			}
			var got, want bytes.Buffer
			if err := e.WriteJSON(&got); err != nil {
				t.Fatal(err)
			}
			if err := e.writeJSONReference(&want); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Fatalf("%d records, network %v:\n got %s\nwant %s", n, nw != nil, got.Bytes(), want.Bytes())
			}
		}
	}
}
