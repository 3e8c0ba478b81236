package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// TestServeMetricsToken: serve reads /metrics's token from
// SAMVERKAN_METRICS_TOKEN; without it or a login /metrics answers 401,
// /readyz answers everybody, and a token too short to be a secret stops
// the start.
func TestServeMetricsToken(t *testing.T) {
	const token = "prometheus-nyckel-1234567890"
	getenv := func(k string) string {
		if k == "SAMVERKAN_METRICS_TOKEN" {
			return token
		}
		return ""
	}
	base, stop := startServeEnv(t, getenv, "--db", "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	defer stop()
	for _, c := range []struct {
		path, token string
		code        int
	}{
		{"/readyz", "", http.StatusOK},
		{"/metrics", "", http.StatusUnauthorized},
		{"/metrics", "fel-nyckel-1234567890", http.StatusUnauthorized},
		{"/metrics", token, http.StatusOK},
	} {
		req, _ := http.NewRequest("GET", base+c.path, nil)
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.code {
			t.Errorf("GET %s (token %q) = %d %.100s, want %d", c.path, c.token, resp.StatusCode, body, c.code)
		}
	}

	short := func(k string) string {
		if k == "SAMVERKAN_METRICS_TOKEN" {
			return "kort"
		}
		return ""
	}
	var u usageError
	err := run(context.Background(), []string{"serve", "--addr", "127.0.0.1:0", "--db", "sqlite:" + filepath.Join(t.TempDir(), "k.db")}, short, io.Discard, io.Discard)
	if !asUsage(err, &u) || !strings.Contains(err.Error(), "SAMVERKAN_METRICS_TOKEN") {
		t.Errorf("serve with a short metrics token = %v, want a usage error naming it", err)
	}
}
