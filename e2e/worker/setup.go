// Package worker tests the Cloudflare Worker on local workerd: it builds
// the site and the Worker into a temporary directory, starts `wrangler dev
// --local` on a free port of 127.0.0.1 with its state in that directory,
// and compares the Worker's answers with the native handler's (the same
// internal/web code under `iamplay serve`).
//
// Without wrangler (node_modules/.bin/wrangler: run `npm ci`) the tests
// skip, unless IAMPLAY_REQUIRE_WORKER or IAMPLAY_REQUIRE_BROWSER is set,
// as in CI. Wrangler runs in a process group of its own, which is killed
// when the tests end, pass or fail.
package worker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/iamplayground/iamplay/e2e/browser"
)

// RequireEnv, when set, makes missing wrangler a failure.
const RequireEnv = "IAMPLAY_REQUIRE_WORKER"

// BuildName is what the Worker reports as its build, in both hosts.
const BuildName = "e2e"

// required reports whether the tests must run.
func required() bool { return os.Getenv(RequireEnv) != "" || browser.Required() }

// ErrNoWrangler is a reason to skip: wrangler is not installed.
var ErrNoWrangler = errors.New("wrangler is not installed (run `npm ci`); set " + RequireEnv + " to make this a failure")

// Env is a built site and Worker in a directory.
type Env struct {
	repo, dir string
	// Dist is the built site.
	Dist string
}

// Build builds the site (site/build.mjs and tools/gen) and the Worker
// (wasm/worker with syumai/workers' glue and entry.mjs) under dir. It
// returns ErrNoWrangler when wrangler is not installed.
func Build(dir string) (*Env, error) {
	repo, err := browser.RepoRoot()
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(repo, "node_modules", ".bin", "wrangler")); err != nil {
		return nil, ErrNoWrangler
	}
	if _, err := exec.LookPath("node"); err != nil {
		return nil, ErrNoWrangler
	}
	e := &Env{repo: repo, dir: dir, Dist: filepath.Join(dir, "dist")}
	if err := browser.Build(e.Dist); err != nil {
		return nil, err
	}
	wdir := filepath.Join(dir, "worker")
	steps := [][]string{
		{"go", "run", "./tools/gen", "-out", e.Dist},
		{"go", "run", "github.com/syumai/workers/cmd/workers-assets-gen", "-mode=go", "-o", wdir},
		{"cp", filepath.Join(repo, "wasm", "worker", "entry.mjs"), wdir},
		{"go", "build", "-trimpath", "-ldflags=-s -X main.build=" + BuildName, "-o", filepath.Join(wdir, "app.wasm"), "./wasm/worker"},
		{"go", "run", "./wasm/worker/assets", "-dir", e.Dist},
	}
	for _, s := range steps {
		cmd := exec.Command(s[0], s[1:]...)
		cmd.Dir = repo
		if len(s) > 1 && s[1] == "build" {
			cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			return nil, fmt.Errorf("%s: %v\n%s", strings.Join(s, " "), err, out)
		}
	}
	return e, nil
}

// config writes the repository's wrangler.jsonc with the temporary
// directory's Worker and site, and returns its path.
func (e *Env) config() (string, error) {
	src, err := os.ReadFile(filepath.Join(e.repo, "wrangler.jsonc"))
	if err != nil {
		return "", err
	}
	var lines []string
	for _, l := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(l), "//") {
			lines = append(lines, l)
		}
	}
	var cfg map[string]any
	if err := json.Unmarshal([]byte(strings.Join(lines, "\n")), &cfg); err != nil {
		return "", fmt.Errorf("wrangler.jsonc: %w", err)
	}
	delete(cfg, "$schema")
	cfg["main"] = filepath.Join(e.dir, "worker", "entry.mjs")
	assets, ok := cfg["assets"].(map[string]any)
	if !ok {
		return "", errors.New("wrangler.jsonc has no assets")
	}
	assets["directory"] = e.Dist
	b, err := json.MarshalIndent(cfg, "", "  ")
	if err != nil {
		return "", err
	}
	p := filepath.Join(e.dir, "wrangler.json")
	return p, os.WriteFile(p, b, 0o644)
}

// Worker is a running `wrangler dev`.
type Worker struct {
	URL string // http://127.0.0.1:PORT
	cmd *exec.Cmd
	log syncBuffer
}

// syncBuffer is wrangler's output, read while it is still written.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// Tail returns the last n bytes written.
func (s *syncBuffer) Tail(n int) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	b := s.b.Bytes()
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// Start runs `wrangler dev --local` on a free port, with the "dev"
// environment (a local KV namespace for short links) and its state under
// the temporary directory, and waits until it serves a static page (which
// does not start the Go program: the first API request is a cold one).
func (e *Env) Start(ctx context.Context) (*Worker, error) {
	cfg, err := e.config()
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	w := &Worker{URL: "http://127.0.0.1:" + strconv.Itoa(port)}
	w.cmd = exec.Command(filepath.Join(e.repo, "node_modules", ".bin", "wrangler"), "dev", "--local",
		"--ip", "127.0.0.1", "--port", strconv.Itoa(port),
		"--config", cfg, "--env", "dev", "--persist-to", filepath.Join(e.dir, "state"), "--log-level", "warn")
	w.cmd.Dir = e.dir
	w.cmd.Env = append(os.Environ(), "WRANGLER_SEND_METRICS=false", "CLOUDFLARE_CF_FETCH_ENABLED=false",
		"WRANGLER_HIDE_BANNER=true", "CI=true", "XDG_CONFIG_HOME="+filepath.Join(e.dir, "config"))
	w.cmd.Stdout, w.cmd.Stderr = &w.log, &w.log
	// A process group of its own, so that stopping it stops workerd too;
	// and wrangler dies if this test binary does.
	w.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := w.cmd.Start(); err != nil {
		return nil, err
	}
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		res, err := http.Get(w.URL + "/play/")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return w, nil
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	w.Stop()
	return nil, fmt.Errorf("wrangler dev did not answer within 90 s:\n%s", w.log.Tail(4000))
}

// Stop kills wrangler's process group and waits for it.
func (w *Worker) Stop() {
	if w.cmd.Process == nil {
		return
	}
	syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
	w.cmd.Wait()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
