package web_test

import (
	"strings"
	"testing"
)

// TestSteeringDemo: the demo's V6 follow-ups are marked as example values
// on the roll-up and cover every running collaboration of V6; Dalsland's
// plan is empty and says why (the source names no priorities yet).
func TestSteeringDemo(t *testing.T) {
	a := newAuthEnv(t)
	res := a.request(roleReader, "GET", "/natverk/v6/uppfoljning?ar=2025", nil)
	if n := strings.Count(res.Body, `<span class="tag">Exempelvärden</span>`); n != 2 {
		t.Errorf("%d follow-ups marked as example values, want V6's 2", n)
	}
	wantContains(t, "V6 roll-up", text(res.Body), "All samverkan som pågick är uppföljd.")
	body := text(a.request(roleReader, "GET", "/natverk/dalslandssamverkan/plan", nil).Body)
	wantContains(t, "Dalsland plan", body, "Långsiktig plan för Dalslandssamverkan",
		"Källan namnger inga prioriterade områden än")
	if strings.Contains(a.request(roleReader, "GET", "/natverk/dalslandssamverkan/plan", nil).Body, `class="priority"`) {
		t.Error("Dalsland's plan shows priorities the source does not name")
	}
}
