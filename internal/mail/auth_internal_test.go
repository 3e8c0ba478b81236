package mail

import (
	"net/smtp"
	"testing"
)

// The servers in the other tests all listen on loopback, where a clear-text
// login is allowed; this checks the rule for every other host directly.
func TestPlainAuthNeedsTLSAwayFromLoopback(t *testing.T) {
	for _, c := range []struct {
		host   string
		tls    bool
		wantOK bool
	}{
		{"smtp.kommun.se", false, false},
		{"10.0.0.5", false, false},
		{"smtp.kommun.se", true, true},
		{"127.0.0.2", false, true},
		{"::1", false, true},
		{"LOCALHOST", false, true},
	} {
		a := plainAuth{user: "u", pass: "p", host: c.host}
		mech, resp, err := a.Start(&smtp.ServerInfo{Name: c.host, TLS: c.tls, Auth: []string{"PLAIN"}})
		if (err == nil) != c.wantOK {
			t.Errorf("%s tls=%v: err = %v, want ok=%v", c.host, c.tls, err, c.wantOK)
		}
		if err == nil && (mech != "PLAIN" || string(resp) != "\x00u\x00p") {
			t.Errorf("%s: %s %q", c.host, mech, resp)
		}
		if err != nil && resp != nil {
			t.Errorf("%s: credentials %q returned with a refusal", c.host, resp)
		}
	}
}
