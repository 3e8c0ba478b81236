package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/samverkan/samverkan"
)

func TestNetworkCRUD(t *testing.T) {
	a := newTestAPI(t)

	res := a.mustDo(req{Method: "POST", Path: "/api/v1/networks", Body: networkBody("ggvv")}, http.StatusCreated)
	n := decodeAs[samverkan.Network](t, res)
	if got := res.Header.Get("Location"); got != "/api/v1/networks/ggvv" {
		t.Errorf("Location = %q", got)
	}
	if got, want := res.Header.Get("ETag"), `"`+strconv.Itoa(n.Version)+`"`; got != want || n.Version < 1 {
		t.Errorf("ETag = %q, version %d", got, n.Version)
	}
	if n.Slug != "ggvv" || len(n.Members) != 4 || n.Members[0].Name == "" {
		t.Errorf("created network = %+v", n)
	}

	// A second network with the same slug conflicts.
	p := problem(t, a.mustDo(req{Method: "POST", Path: "/api/v1/networks", Body: networkBody("ggvv")}, http.StatusConflict))
	if p.Type != "/problems/conflict" {
		t.Errorf("duplicate slug type = %q", p.Type)
	}

	all := decodeAs[list[samverkan.Network]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/networks"}, http.StatusOK))
	if len(all.Items) != 1 || all.Items[0].Slug != "ggvv" || len(all.Items[0].Members) != 4 {
		t.Fatalf("GET /networks = %+v", all)
	}

	// Replace: drop one member, rename.
	body := networkBody("ggvv")
	body["name"] = "GGVV-samverkan"
	body["members"] = []map[string]any{{"code": gislaved}, {"code": gnosjo}, {"code": vaggeryd}}
	res = a.mustDo(req{Method: "PUT", Path: "/api/v1/networks/ggvv", Body: body,
		Header: map[string]string{"If-Match": `"` + strconv.Itoa(n.Version) + `"`}}, http.StatusOK)
	up := decodeAs[samverkan.Network](t, res)
	if up.Name != "GGVV-samverkan" || len(up.Members) != 3 || up.Version <= n.Version {
		t.Errorf("updated network = %+v", up)
	}
	got := decodeAs[samverkan.Network](t, a.mustDo(req{Method: "GET", Path: "/api/v1/networks/ggvv"}, http.StatusOK))
	if got.Name != "GGVV-samverkan" || got.Version != up.Version {
		t.Errorf("GET after PUT = %+v", got)
	}

	// The old version is stale for PUT and DELETE alike.
	p = problem(t, a.mustDo(req{Method: "PUT", Path: "/api/v1/networks/ggvv", Body: body,
		Header: map[string]string{"If-Match": `"` + strconv.Itoa(n.Version) + `"`}}, http.StatusPreconditionFailed))
	if p.CurrentVersion != up.Version {
		t.Errorf("stale PUT current_version = %d, want %d", p.CurrentVersion, up.Version)
	}
	a.mustDo(req{Method: "DELETE", Path: "/api/v1/networks/ggvv?version=" + strconv.Itoa(n.Version)}, http.StatusPreconditionFailed)
	a.mustDo(req{Method: "DELETE", Path: "/api/v1/networks/ggvv"}, http.StatusPreconditionRequired)
	// A slug in the body must match the path.
	body["slug"] = "other"
	p = problem(t, a.mustDo(req{Method: "PUT", Path: "/api/v1/networks/ggvv", Body: body,
		Header: map[string]string{"If-Match": `"` + strconv.Itoa(up.Version) + `"`}}, http.StatusUnprocessableEntity))
	if !hasField(p, "slug", "slug_mismatch") {
		t.Errorf("slug mismatch problem = %+v", p)
	}

	a.mustDo(req{Method: "DELETE", Path: "/api/v1/networks/ggvv",
		Header: map[string]string{"If-Match": `"` + strconv.Itoa(up.Version) + `"`}}, http.StatusNoContent)
	a.mustDo(req{Method: "GET", Path: "/api/v1/networks/ggvv"}, http.StatusNotFound)
	a.mustDo(req{Method: "GET", Path: "/api/v1/networks/ggvv/collaborations"}, http.StatusNotFound)
}

func TestNetworkInvalid(t *testing.T) {
	a := newTestAPI(t)
	tests := []struct {
		name      string
		edit      func(map[string]any)
		wantField string
		wantCode  string
	}{
		{"bad slug", func(b map[string]any) { b["slug"] = "Not a slug!" }, "slug", "invalid_slug"},
		{"no name", func(b map[string]any) { b["name"] = " " }, "name", "required"},
		{"one member", func(b map[string]any) { b["members"] = []map[string]any{{"code": gislaved}} }, "members", "min_members"},
		{"unknown member", func(b map[string]any) {
			b["members"] = []map[string]any{{"code": gislaved}, {"code": "9999"}}
		}, "members[1].code", "unknown_municipality"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := networkBody("net-" + strconv.Itoa(len(tc.name)))
			tc.edit(b)
			p := problem(t, a.mustDo(req{Method: "POST", Path: "/api/v1/networks", Body: b}, http.StatusUnprocessableEntity))
			if !hasField(p, tc.wantField, tc.wantCode) {
				t.Errorf("POST /networks: errors %+v, want %s/%s", p.Errors, tc.wantField, tc.wantCode)
			}
		})
	}
	all := decodeAs[list[samverkan.Network]](t, a.mustDo(req{Method: "GET", Path: "/api/v1/networks"}, http.StatusOK))
	if len(all.Items) != 0 {
		t.Errorf("invalid POSTs wrote %d networks", len(all.Items))
	}
}
