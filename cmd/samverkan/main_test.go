package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/serverproc"
)

// startServe runs `samverkan serve` on a random port and returns its base
// URL and a function that stops it and returns run's error.
func startServe(t *testing.T, args ...string) (string, func() error) {
	t.Helper()
	return startServeEnv(t, noEnv, args...)
}

// startServeEnv is startServe with environment variables.
func startServeEnv(t *testing.T, env func(string) string, args ...string) (string, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut serverproc.Buffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), env, &out, &errOut)
	}()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if url, ok := serverproc.ListenURL(out.String()); ok {
			// It listens before it is ready: wait for /readyz.
			if resp, err := http.Get(url + "/readyz"); err != nil || resp.StatusCode != http.StatusOK {
				if resp != nil {
					resp.Body.Close()
				}
				select {
				case err := <-done:
					cancel()
					t.Fatalf("serve ended early: %v\n%s", err, errOut.String())
				case <-time.After(20 * time.Millisecond):
				}
				continue
			} else {
				resp.Body.Close()
			}
			stop := func() error {
				cancel()
				select {
				case err := <-done:
					return err
				case <-time.After(15 * time.Second):
					return errors.New("server did not stop")
				}
			}
			return url, stop
		}
		select {
		case err := <-done:
			cancel()
			t.Fatalf("serve ended early: %v\n%s", err, errOut.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	t.Fatalf("serve did not start:\n%s", errOut.String())
	return "", nil
}

func noEnv(string) string { return "" }

// getJSON GETs url with the API token and decodes the answer into v.
func getJSON(t *testing.T, url, token string, v any) {
	t.Helper()
	resp, err := authGet(url, token)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d: %s", url, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
}

func authGet(url, token string) (*http.Response, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return http.DefaultClient.Do(req)
}

// demoToken creates an API token for the demo admin, whom serve --demo
// created, with `samverkan token create`.
func demoToken(t *testing.T, db string) string {
	t.Helper()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"token", "create", "--db", db, "--email", "admin@demo.samverkan.se"}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("token create: %v", err)
	}
	return strings.TrimSpace(out.String())
}

type networkList struct {
	Items []struct {
		Slug    string `json:"slug"`
		Members []struct {
			Code string `json:"code"`
		} `json:"members"`
	} `json:"items"`
}

func TestServeDemoSurvivesRestart(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "samverkan.db")
	base, stop := startServe(t, "--db", db, "--demo")
	// Without credentials the API answers 401.
	if resp, err := http.Get(base + "/api/v1/networks"); err != nil {
		t.Fatal(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("anonymous GET /api/v1/networks = %d, want 401", resp.StatusCode)
	}
	token := demoToken(t, db)
	var nets networkList
	getJSON(t, base+"/api/v1/networks", token, &nets)
	var slugs []string
	for _, n := range nets.Items {
		slugs = append(slugs, n.Slug)
	}
	got := strings.Join(slugs, ",")
	for _, want := range []string{"ggvv", "c-tillsammans", "dalslandssamverkan", "v6", "region-10"} {
		if !strings.Contains(got, want) {
			t.Errorf("networks %s lack %s", got, want)
		}
	}
	// A record created now must be there after a restart.
	body := `{"title":"Gemensam löneadministration","legal_form":"avtalssamverkan","status":"igang",
	  "participants":[{"code":"0662"},{"code":"0617"},{"code":"0680"}],"networks":["ggvv"],"areas":["X-LON"]}`
	req, _ := http.NewRequest("POST", base+"/api/v1/collaborations", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ID int64 `json:"id"`
	}
	json.NewDecoder(resp.Body).Decode(&created)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || created.ID == 0 {
		t.Fatalf("create = %d, id %d", resp.StatusCode, created.ID)
	}
	if err := stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}

	base, stop = startServe(t, "--db", db, "--demo") // --demo again must not duplicate
	defer stop()
	var again networkList
	getJSON(t, base+"/api/v1/networks", token, &again)
	if len(again.Items) != len(nets.Items) {
		t.Errorf("after restart %d networks, want %d", len(again.Items), len(nets.Items))
	}
	var c struct {
		Title string `json:"title"`
	}
	getJSON(t, fmt.Sprintf("%s/api/v1/collaborations/%d", base, created.ID), token, &c)
	if c.Title != "Gemensam löneadministration" {
		t.Errorf("after restart title = %q", c.Title)
	}
	for _, path := range []string{"/", "/natverk/ggvv", "/kommun/0680", "/healthz", "/readyz"} {
		resp, err := authGet(base+path, token)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", path, resp.StatusCode)
		}
	}
}

func TestCommands(t *testing.T) {
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, noEnv, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "samverkan ") {
		t.Errorf("version: %v %q", err, out.String())
	}
	var u usageError
	for _, args := range [][]string{{}, {"frobnicate"}, {"serve", "--nope"}, {"demo", "--synthetic", "-3"}} {
		if err := run(context.Background(), args, noEnv, io.Discard, io.Discard); !errors.As(err, &u) {
			t.Errorf("run %v = %v, want a usage error", args, err)
		}
	}
	// The public address writes the open data's links: not an http(s) address is refused at start.
	badURL := func(k string) string {
		if k == "SAMVERKAN_PUBLIC_URL" {
			return "samverkan.kommun.se"
		}
		return ""
	}
	if err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0"}, badURL, io.Discard, io.Discard); !errors.As(err, &u) ||
		!strings.Contains(err.Error(), "SAMVERKAN_PUBLIC_URL") {
		t.Errorf("serve with SAMVERKAN_PUBLIC_URL=samverkan.kommun.se = %v, want a usage error", err)
	}
	db := "sqlite:" + filepath.Join(t.TempDir(), "m.db")
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "--db", db}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	if err := run(context.Background(), []string{"demo", "--db", db}, noEnv, &out, io.Discard); err != nil {
		t.Fatalf("demo: %v", err)
	}
	if err := run(context.Background(), []string{"migrate", "--db", "mysql://x"}, noEnv, io.Discard, io.Discard); err == nil {
		t.Error("migrate with an unsupported database URL succeeded")
	}
}

func TestRedact(t *testing.T) {
	if got := redact("postgres://app:hemligt@db:5432/s"); strings.Contains(got, "hemligt") {
		t.Errorf("redact left the password: %s", got)
	}
}

// TestServeIdentityProviderDown: serve starts although the identity
// provider does not answer; password login, the API and /insyn work, and
// the login page says single sign-on cannot be reached now.
func TestServeIdentityProviderDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()
	env := map[string]string{"SAMVERKAN_OIDC_ISSUER": dead, "SAMVERKAN_OIDC_CLIENT_ID": "samverkan",
		"SAMVERKAN_OIDC_REDIRECT_URL": "http://127.0.0.1/login/oidc/callback"}
	db := "sqlite:" + filepath.Join(t.TempDir(), "samverkan.db")
	base, stop := startServeEnv(t, func(k string) string { return env[k] }, "--db", db)
	defer stop()
	for path, want := range map[string]int{"/insyn": 200, "/healthz": 200, "/api/v1/networks": 401, "/logga-in": 200, "/login/oidc": 503} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
		if (path == "/logga-in" || path == "/login/oidc") && !strings.Contains(string(body), "går inte att nå just nu") {
			t.Errorf("GET %s does not say single sign-on is unreachable", path)
		}
	}
}

// TestServeTrustedProxies: behind a trusted proxy each client is
// throttled by its own address from X-Forwarded-For; without the setting
// the header is ignored and every request counts under the peer.
func TestServeTrustedProxies(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "samverkan.db")
	withStdin(t, "ett-langt-losenord-123\n")
	if err := run(context.Background(), []string{"user", "add", "--db", db, "--email", "chef@kommun.se", "--role", "admin", "--password-stdin"}, noEnv, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	login := func(base, password, client string) int {
		req, _ := http.NewRequest("POST", base+"/logga-in", strings.NewReader(url.Values{"email": {"chef@kommun.se"}, "password": {password}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("X-Forwarded-For", client)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, tc := range []struct {
		args      []string
		other     int // the right password from another client after five failures
		attacker2 string
	}{
		{[]string{"--trusted-proxies", "127.0.0.0/8, ::1"}, http.StatusSeeOther, "198.51.100.1"},
		{nil, http.StatusTooManyRequests, "198.51.100.3"},
	} {
		base, stop := startServe(t, append([]string{"--db", db}, tc.args...)...)
		for range 5 {
			if got := login(base, "fel", tc.attacker2); got != http.StatusUnauthorized {
				t.Fatalf("%v: a wrong password = %d", tc.args, got)
			}
		}
		if got := login(base, "ett-langt-losenord-123", "203.0.113.9"); got != tc.other {
			t.Errorf("%v: the right password from another client = %d, want %d", tc.args, got, tc.other)
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
	var usage usageError
	if err := run(context.Background(), []string{"serve", "--trusted-proxies", "lastbalanseraren"}, noEnv, io.Discard, io.Discard); !errors.As(err, &usage) {
		t.Errorf("--trusted-proxies with a name: %v, want a usage error", err)
	}
}
