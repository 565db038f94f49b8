// Package redistest starts a real redis-server for tests, on a free
// loopback port, and stops it when the test ends.
//
// The server is the redis-server binary on PATH (Debian's package
// redis-server; the project's .ci/run installs it when it is missing).
// Without it a test fails, saying so, unless OAIGUARD_SKIP_REDIS=1 is set:
// then it is skipped, with a loud message, for machines that cannot have
// Redis.
package redistest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// SkipEnv is the environment variable that turns a missing redis-server
// from a failure into a skip.
const SkipEnv = "OAIGUARD_SKIP_REDIS"

// Server is a running redis-server.
type Server struct {
	Addr string
	cmd  *exec.Cmd
	done chan struct{}
}

// Start starts a redis-server on a free loopback port, with no
// persistence, and stops it when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		if os.Getenv(SkipEnv) == "1" {
			t.Skipf("!!! SKIPPED: no redis-server on PATH and %s=1: the Redis store is NOT tested here !!!", SkipEnv)
		}
		t.Fatalf("no redis-server on PATH (install Debian's redis-server: apt-get install redis-server; or set %s=1 to skip these tests): %v", SkipEnv, err)
	}
	var s *Server
	for try := 0; try < 3; try++ {
		port, err := freePort()
		if err != nil {
			t.Fatalf("finding a free port: %v", err)
		}
		s, err = start(bin, port)
		if err == nil {
			break
		}
		if try == 2 {
			t.Fatalf("starting redis-server: %v", err)
		}
	}
	t.Cleanup(s.Stop)
	return s
}

func start(bin string, port int) (*Server, error) {
	cmd := exec.Command(bin, "--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--save", "", "--appendonly", "no", "--protected-mode", "yes", "--daemonize", "no")
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{Addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if err := ping(s.Addr); err == nil {
			return s, nil
		}
		select {
		case <-s.done:
			return nil, fmt.Errorf("redis-server exited: %s", out.String())
		default:
		}
		if time.Now().After(deadline) {
			s.Stop()
			return nil, fmt.Errorf("redis-server did not answer PING within 10 s: %s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop kills the server and waits for it to exit. Stopping a stopped
// server does nothing.
func (s *Server) Stop() {
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Kill()
	<-s.done
}

// ping sends PING and expects PONG.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, 200*time.Millisecond)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(line) != "+PONG" {
		return fmt.Errorf("PING answered %q", line)
	}
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
