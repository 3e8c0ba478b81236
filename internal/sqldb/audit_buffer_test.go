package sqldb

import (
	"testing"
	"time"

	"github.com/samverkan/samverkan"
)

// TestAuditBufferAsMarshal: a bulk load's audit documents are byte for
// byte what a single write's are, one after another through the buffer
// (HTML characters, non-ASCII text, dates, empty lists).
func TestAuditBufferAsMarshal(t *testing.T) {
	long := &samverkan.Collaboration{ID: 12, Title: "Växel <&> \"citat\"", Description: "Lång beskrivning\nmed radbrytning och ö",
		Status: samverkan.StatusRunning, Participants: []samverkan.Participant{{Code: "2180", Left: samverkan.MustDate("2030-01-31")}},
		Created: time.Date(2026, 11, 30, 1, 2, 3, 4000, time.UTC)}
	short := &samverkan.Collaboration{ID: 13, Title: "Kort"}
	var a auditBuffer
	for _, c := range []*samverkan.Collaboration{long, short, long} {
		want, err := auditJSON(c)
		if err != nil {
			t.Fatal(err)
		}
		got, err := a.json(c)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("audit document\n got %s\nwant %s", got, want)
		}
	}
}
