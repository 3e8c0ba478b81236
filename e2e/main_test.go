package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/samverkan/samverkan/internal/serverproc"
)

// base is the URL of the server every test talks to, without a trailing
// slash. TestMain starts it.
var base string

// theServer is the running server, for its log in failure messages.
var theServer *serverproc.Server

// theBinary and theDB are the built binary and the server's database, for
// tests that run other commands against it (money_test.go: kolada sync).
var theBinary, theDB string

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "samverkan-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	srv, err := startServer(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e: start the server:", err)
		return 1
	}
	base = srv.URL
	theServer = srv
	code := m.Run()
	closeBrowser()
	if err := srv.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: stop the server:", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// startServer builds the real binary and runs `samverkan serve --demo` on a
// random loopback port with a fresh SQLite database in dir.
func startServer(dir string) (*serverproc.Server, error) {
	ctx := context.Background()
	bin, err := serverproc.Build(ctx, dir)
	if err != nil {
		return nil, err
	}
	theBinary, theDB = bin, filepath.Join(dir, "e2e.db")
	return serverproc.Start(ctx, bin, "--demo", "--db", "sqlite:"+theDB)
}
