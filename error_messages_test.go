package samverkan

import (
	"strings"
	"testing"
)

// Every field message renders in both languages with the same
// placeholders, so a translation can never drop or add an argument.
func TestFieldMessagesAgree(t *testing.T) {
	for code, m := range merged() {
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

func merged() map[string][2]string {
	out := map[string][2]string{}
	for k, v := range fieldMessages {
		out[k] = v
	}
	for k, v := range decisionFieldMessages {
		out[k] = v
	}
	for k, v := range representationFieldMessages {
		out[k] = v
	}
	return out
}
