package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/samverkan/samverkan/internal/serverproc"
)

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// /readyz tells the truth: 503 while the product starts (migrations and
// demo data not done, /healthz already 200), 200 when ready, 503 again as
// soon as shutdown begins; a request in flight at SIGTERM is finished
// before the server ends.
func TestReadinessAndGracefulShutdown(t *testing.T) {
	hold := make(chan struct{})
	slowStarted, slowRelease := make(chan struct{}), make(chan struct{})
	startupHook = func() { <-hold }
	wrapApp = func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/test-slow" {
				close(slowStarted)
				<-slowRelease
				io.WriteString(w, "klar")
				return
			}
			h.ServeHTTP(w, r)
		})
	}
	defer func() { startupHook, wrapApp = nil, nil }()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut serverproc.Buffer
	done := make(chan error, 1)
	db := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--drain-delay", "400ms"}, noEnv, &out, &errOut)
	}()
	var base string
	for deadline := time.Now().Add(30 * time.Second); base == ""; {
		if time.Now().After(deadline) {
			t.Fatalf("never listened: %s", errOut.String())
		}
		base, _ = serverproc.ListenURL(out.String())
		time.Sleep(10 * time.Millisecond)
	}
	// Starting: alive, not ready, pages not served yet.
	if c := status(t, base+"/healthz"); c != 200 {
		t.Errorf("healthz while starting = %d", c)
	}
	if c := status(t, base+"/readyz"); c != 503 {
		t.Errorf("readyz while starting = %d, want 503", c)
	}
	if c := status(t, base+"/insyn"); c != 503 {
		t.Errorf("a page while starting = %d, want 503", c)
	}
	close(hold)
	for deadline := time.Now().Add(60 * time.Second); status(t, base+"/readyz") != 200; {
		if time.Now().After(deadline) {
			t.Fatalf("never ready: %s", errOut.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A slow request in flight when the stop signal comes.
	slow := make(chan string, 1)
	go func() {
		resp, err := http.Get(base + "/test-slow")
		if err != nil {
			slow <- "error: " + err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		slow <- string(b)
	}()
	<-slowStarted
	cancel() // what SIGTERM does (signal.NotifyContext in main)
	time.Sleep(50 * time.Millisecond)
	if c := status(t, base+"/readyz"); c != 503 {
		t.Errorf("readyz after the stop signal = %d, want 503", c)
	}
	select {
	case err := <-done:
		t.Fatalf("server ended with a request in flight: %v", err)
	case <-time.After(600 * time.Millisecond):
	}
	close(slowRelease)
	if got := <-slow; got != "klar" {
		t.Errorf("in-flight request got %q, want it finished", got)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v\n%s", err, errOut.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
}
