package samverkan_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan"
)

// Secrets never leave the process as JSON: not the password hash, not the
// hashes of session and API tokens.
func TestAccountJSONHidesSecrets(t *testing.T) {
	now := time.Now()
	for _, v := range []any{
		samverkan.User{ID: 1, Email: "a@kommun.se", PasswordHash: "$argon2id$SECRET", Grants: []samverkan.Grant{{Role: samverkan.RoleAdmin}}},
		samverkan.APIToken{ID: 1, UserID: 1, Name: "skript", Prefix: "svk_abcdef", Hash: []byte("SECRET"), Created: now},
		samverkan.Session{Hash: []byte("SECRET"), UserID: 1, Via: "password", Created: now, LastSeen: now, Expires: now},
	} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		if strings.Contains(s, "SECRET") || strings.Contains(s, "U0VDUkVU") || strings.Contains(strings.ToLower(s), "hash") {
			t.Errorf("%T as JSON shows a secret: %s", v, s)
		}
	}
	// A token never used has no last_used.
	b, _ := json.Marshal(samverkan.APIToken{Name: "ny"})
	if strings.Contains(string(b), "last_used") {
		t.Errorf("unused token: %s", b)
	}
}
