package samverkan

import (
	"strings"
	"testing"
)

// Every message code of the cost-sharing and scale code renders in both
// languages with the same placeholders, whether it still lives in
// moneyMessages or has been merged into fieldMessages.
func TestMoneyMessages(t *testing.T) {
	for code := range moneyMessages {
		m, ok := fieldMessages[code]
		if !ok {
			t.Errorf("%s: not in the catalogue", code)
			continue
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%s: missing a language: %q", code, m)
		}
		for _, verb := range []string{"%d", "%s", "%q", "%v"} {
			if strings.Count(m[0], verb) != strings.Count(m[1], verb) {
				t.Errorf("%s: %s differs between %q and %q", code, verb, m[0], m[1])
			}
		}
	}
}
