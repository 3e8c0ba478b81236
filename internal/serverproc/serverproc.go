// Package serverproc builds the samverkan binary and runs `samverkan serve`
// as a child process on a free loopback port, for the programs and tests
// that measure or drive the real server from outside: cmd/loadbench and the
// browser tests in e2e.
//
//	bin, err := serverproc.Build(ctx, dir)
//	srv, err := serverproc.Start(ctx, bin, "--db", "sqlite:"+filepath.Join(dir, "x.db"))
//	defer srv.Stop()
//	http.Get(srv.URL + "/readyz")
package serverproc

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Package is the import path Build builds.
const Package = "github.com/samverkan/samverkan/cmd/samverkan"

// How long Start waits for the server to listen, and Stop for it to end
// after the interrupt.
const (
	StartTimeout = 60 * time.Second
	StopTimeout  = 15 * time.Second
)

// Build builds cmd/samverkan into dir and returns the binary's path. It
// runs the go command in the current folder, which must lie inside the
// module.
func Build(ctx context.Context, dir string) (string, error) {
	bin := filepath.Join(dir, "samverkan")
	cmd := exec.CommandContext(ctx, GoTool(), "build", "-o", bin, Package)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %w\n%s", err, out)
	}
	return bin, nil
}

// GoTool finds the go command: on PATH, as under make, or else beside the
// standard library this program was built with.
func GoTool() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return filepath.Join(runtime.GOROOT(), "bin", "go")
}

// Env is the environment every samverkan command started here gets: this
// process's, with the log quietened to warnings and SAMVERKAN_DB and
// SAMVERKAN_ADDR emptied, so that only the flags choose the database and the
// address.
func Env() []string {
	return append(os.Environ(), "SAMVERKAN_LOG_LEVEL=warn", "SAMVERKAN_DB=", "SAMVERKAN_ADDR=")
}

var listenRE = regexp.MustCompile(`http://(\S+?)/`)

// ListenURL finds the address in what `samverkan serve` prints once it
// listens ("… http://127.0.0.1:41234/") and returns it as a base URL
// without the trailing slash: "http://127.0.0.1:41234".
func ListenURL(text string) (string, bool) {
	m := listenRE.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	return "http://" + m[1], true
}

// Server is a running `samverkan serve`.
type Server struct {
	// URL is where it listens, without a trailing slash.
	URL string
	// Log collects what the server writes to stderr, for failure messages.
	Log *Buffer

	cmd  *exec.Cmd
	done chan error
	once sync.Once
	err  error
}

// Start runs `bin serve --addr 127.0.0.1:0 args…` with Env and returns once
// the server says where it listens and /readyz answers 200. It gives up, and kills the process,
// when ctx ends or after StartTimeout; the error then carries the log.
func Start(ctx context.Context, bin string, args ...string) (*Server, error) {
	s := &Server{Log: &Buffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	s.cmd.Env = Env()
	s.cmd.Stderr = s.Log
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
			if u, ok := ListenURL(sc.Text()); ok {
				select {
				case found <- u:
				default:
				}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	go func() { s.done <- s.cmd.Wait() }()
	select {
	case s.URL = <-found:
		// It listens before it is ready (migrations, demo data): wait
		// until /readyz says so.
		deadline := time.Now().Add(StartTimeout)
		for {
			resp, err := http.Get(s.URL + "/readyz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return s, nil
				}
			}
			select {
			case err := <-s.done:
				return nil, fmt.Errorf("samverkan serve ended: %v\n%s", err, s.Log)
			case <-ctx.Done():
				s.cmd.Process.Kill()
				return nil, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				s.cmd.Process.Kill()
				return nil, fmt.Errorf("samverkan serve was not ready in %d s\n%s", StartTimeout/time.Second, s.Log)
			}
		}
	case err := <-s.done:
		return nil, fmt.Errorf("samverkan serve ended: %v\n%s", err, s.Log)
	case <-ctx.Done():
		s.cmd.Process.Kill()
		return nil, ctx.Err()
	case <-time.After(StartTimeout):
		s.cmd.Process.Kill()
		return nil, fmt.Errorf("samverkan serve did not start in %d s\n%s", StartTimeout/time.Second, s.Log)
	}
}

// Stop interrupts the server as Ctrl-C would and waits for it to end,
// killing it after StopTimeout. An unclean end is an error that carries the
// log. Calling Stop again returns the first result.
func (s *Server) Stop() error {
	s.once.Do(func() {
		if err := s.cmd.Process.Signal(os.Interrupt); err != nil {
			s.err = err
			return
		}
		select {
		case err := <-s.done:
			if err != nil {
				s.err = fmt.Errorf("samverkan serve: %w\n%s", err, s.Log)
			}
		case <-time.After(StopTimeout):
			s.cmd.Process.Kill()
			s.err = fmt.Errorf("samverkan serve did not stop in %d s", StopTimeout/time.Second)
		}
	})
	return s.err
}

// Buffer is an io.Writer that a process or goroutine and its watcher can
// share: writes and String are safe at the same time.
type Buffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

// String returns all that was written so far.
func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
