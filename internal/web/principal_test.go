package web_test

import (
	"net/http"

	"github.com/samverkan/samverkan"
)

// testAdmin is the user the handler tests act as (not stored; the login
// and the rules are tested through the real auth middleware elsewhere).
var testAdmin = &samverkan.User{ID: 1, Email: "admin@test.samverkan.se", Grants: []samverkan.Grant{{Role: samverkan.RoleAdmin}}}

// asUser puts u on every request's context, as the auth middleware would
// after a login.
func asUser(h http.Handler, u *samverkan.User) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &samverkan.Principal{User: u, Via: "session"}
		h.ServeHTTP(w, r.WithContext(samverkan.WithPrincipal(r.Context(), p)))
	})
}
