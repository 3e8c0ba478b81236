package e2e

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// base is the URL of the server every test talks to, without a trailing
// slash. TestMain starts it.
var base string

// theServer is the running server, for its log in failure messages.
var theServer *server

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
	base = srv.url
	theServer = srv
	code := m.Run()
	closeBrowser()
	if err := srv.stop(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: stop the server:", err)
		if code == 0 {
			code = 1
		}
	}
	return code
}

// server is a running `samverkan serve`.
type server struct {
	url    string
	cmd    *exec.Cmd
	stderr *lockedBuffer
	done   chan error
}

var listenRE = regexp.MustCompile(`http://(\S+?)/`)

// startServer builds the real binary and runs `samverkan serve --demo` on a
// random loopback port with a fresh SQLite database in dir.
func startServer(dir string) (*server, error) {
	bin := filepath.Join(dir, "samverkan")
	build := exec.Command(goTool(), "build", "-o", bin, "github.com/samverkan/samverkan/cmd/samverkan")
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build: %w\n%s", err, out)
	}
	s := &server{stderr: &lockedBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--demo",
		"--db", "sqlite:"+filepath.Join(dir, "e2e.db"))
	s.cmd.Env = append(os.Environ(), "SAMVERKAN_LOG_LEVEL=warn", "SAMVERKAN_DB=", "SAMVERKAN_ADDR=")
	s.cmd.Stderr = s.stderr
	stdout, err := s.cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := s.cmd.Start(); err != nil {
		return nil, err
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if m := listenRE.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case found <- "http://" + m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { s.done <- s.cmd.Wait() }()
	select {
	case s.url = <-found:
		return s, nil
	case err := <-s.done:
		return nil, fmt.Errorf("serve ended early: %v\n%s", err, s.stderr)
	case <-time.After(60 * time.Second):
		s.cmd.Process.Kill()
		return nil, fmt.Errorf("serve did not start in 60 s\n%s", s.stderr)
	}
}

// stop interrupts the server as Ctrl-C would and waits for it to end.
func (s *server) stop() error {
	if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
		return err
	}
	select {
	case err := <-s.done:
		if err != nil {
			return fmt.Errorf("%w\n%s", err, s.stderr)
		}
		return nil
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		return errors.New("server did not stop in 15 s")
	}
}

// goTool finds the go command: on PATH, as under make, or else beside the
// standard library these tests were built with.
func goTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// lockedBuffer collects the server's log lines for failure messages.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
