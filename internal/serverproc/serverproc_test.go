package serverproc

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestListenURL(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"Samverkan körs på http://127.0.0.1:41234/\n", "http://127.0.0.1:41234", true},
		{"starting\nSamverkan körs på http://[::1]:8080/ (demo)\n", "http://[::1]:8080", true},
		{"Samverkan körs på http://127.0.0.1:41234", "", false},
		{"", "", false},
	} {
		got, ok := ListenURL(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("ListenURL(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestBuffer(t *testing.T) {
	var b Buffer
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			for range 100 {
				fmt.Fprintf(&b, "%d", i)
			}
		})
	}
	for range 10 {
		_ = b.String() // the race detector watches this
	}
	wg.Wait()
	if n := len(b.String()); n != 800 {
		t.Errorf("%d bytes, want 800", n)
	}
}

func TestEnv(t *testing.T) {
	t.Setenv("SAMVERKAN_DB", "sqlite:/elsewhere.db")
	env := Env()
	// The last setting of a name wins, so the tail must override.
	tail := strings.Join(env[len(env)-3:], " ")
	if tail != "SAMVERKAN_LOG_LEVEL=warn SAMVERKAN_DB= SAMVERKAN_ADDR=" {
		t.Errorf("Env ends in %q", tail)
	}
	if len(env) != len(os.Environ())+3 {
		t.Errorf("Env has %d entries, want this process's %d and 3", len(env), len(os.Environ()))
	}
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
	buildDir  string
)

// testBinary builds samverkan once for the tests that start it.
func testBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the samverkan binary")
	}
	buildOnce.Do(func() {
		buildDir, buildErr = os.MkdirTemp("", "serverproc-test-")
		if buildErr == nil {
			builtBin, buildErr = Build(context.Background(), buildDir)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

func TestStartStop(t *testing.T) {
	bin := testBinary(t)
	db := "sqlite:" + filepath.Join(t.TempDir(), "s.db")
	srv, err := Start(context.Background(), bin, "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") || strings.HasSuffix(srv.URL, "/") {
		t.Errorf("URL = %q", srv.URL)
	}
	resp, err := http.Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /readyz = %d\n%s", resp.StatusCode, srv.Log)
	}
	if err := srv.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("second Stop: %v", err)
	}
	if _, err := http.Get(srv.URL + "/readyz"); err == nil {
		t.Error("the server still answers after Stop")
	}
}

func TestStartFails(t *testing.T) {
	bin := testBinary(t)
	_, err := Start(context.Background(), bin, "--no-such-flag")
	if err == nil || !strings.Contains(err.Error(), "samverkan serve ended") || !strings.Contains(err.Error(), "no-such-flag") {
		t.Errorf("Start with a bad flag: %v; want the end and the log", err)
	}
}

func TestStartGivesUpWithContext(t *testing.T) {
	bin := testBinary(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	srv, err := Start(ctx, bin, "--db", "sqlite:"+filepath.Join(t.TempDir(), "c.db"))
	if err == nil {
		// The server won the race with the cancelled context.
		srv.Stop()
		t.Skip("the server listened before Start saw the context end")
	}
	if err != context.Canceled || time.Since(start) > 10*time.Second {
		t.Errorf("Start with an ended context = %v after %s", err, time.Since(start))
	}
}

func TestBuildFails(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	// A file where the output folder should be: go build cannot write there.
	f := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(f, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Build(context.Background(), f); err == nil || !strings.HasPrefix(err.Error(), "go build: ") {
		t.Errorf("Build into a file = %v", err)
	}
}
