// Package browser runs the built playground in headless Chromium for the
// browser tests (package e2e) and the benchmark (tools/bench): it finds
// Chromium, builds the site when asked, serves it on 127.0.0.1 and opens
// fresh browser contexts.
package browser

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/chromedp/chromedp"

	"github.com/iamplayground/iamplay/internal/web"
	"github.com/iamplayground/iamplay/internal/web/dirstore"
)

// RequireEnv, when set to anything, makes a missing browser a failure
// rather than a reason to skip. CI sets it.
const RequireEnv = "IAMPLAY_REQUIRE_BROWSER"

// DistEnv names a built site (the directory holding play/) to test instead
// of building one.
const DistEnv = "IAMPLAY_DIST"

// Required reports whether RequireEnv is set.
func Required() bool { return os.Getenv(RequireEnv) != "" }

// ExecPath returns the Chromium to run: $IAMPLAY_CHROMIUM, Debian's
// /usr/lib/chromium/chromium, or chromium / chromium-browser /
// google-chrome on PATH. It returns "" when there is none.
func ExecPath() string {
	if p := os.Getenv("IAMPLAY_CHROMIUM"); p != "" {
		return p
	}
	for _, p := range []string{"/usr/lib/chromium/chromium", "/usr/bin/chromium"} {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// RepoRoot returns the repository root: the nearest parent directory of
// the working directory that holds go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// ErrNoNodeModules means the site cannot be built: `npm ci` has not run.
var ErrNoNodeModules = errors.New("node_modules is missing: run `npm ci` at the repository root")

// Build builds the playground into root/play with site/build.mjs.
func Build(root string) error {
	repo, err := RepoRoot()
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(repo, "node_modules", "esbuild")); err != nil {
		return ErrNoNodeModules
	}
	cmd := exec.Command("node", filepath.Join(repo, "site", "build.mjs"), "--out", filepath.Join(root, "play"))
	cmd.Dir = repo
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("building the playground: %v\n%s", err, out)
	}
	return nil
}

// Site returns a built site: $IAMPLAY_DIST when set, else a fresh build in
// a temporary directory, which cleanup removes.
func Site() (root string, cleanup func(), err error) {
	if d := os.Getenv(DistEnv); d != "" {
		if _, err := os.Stat(filepath.Join(d, "play", "index.html")); err != nil {
			return "", nil, fmt.Errorf("%s=%s has no play/index.html: %w", DistEnv, d, err)
		}
		return d, func() {}, nil
	}
	dir, err := os.MkdirTemp("", "iamplay-site-")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	if err := Build(dir); err != nil {
		cleanup()
		return "", nil, err
	}
	return dir, cleanup, nil
}

// Serve serves a site directory on 127.0.0.1 with the handler of
// `iamplay serve` (internal/web): its security headers, Content-Security-
// Policy included, apply to every page the tests drive, and short links
// are kept in root/.links (hidden from the site).
func Serve(root string) *httptest.Server {
	files, err := web.NewFiles(root)
	if err != nil {
		panic(err)
	}
	links, err := dirstore.Open(filepath.Join(root, ".links"))
	if err != nil {
		panic(err)
	}
	h := web.New(web.Config{Site: files, Links: links})
	if _, err := os.Stat(filepath.Join(root, "index.html")); err == nil {
		return httptest.NewServer(h)
	}
	// A site of the playground alone: "/" would redirect to /play/. Tests
	// use it as another page of the site, so it answers a plain page.
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			web.SecurityHeaders(w.Header())
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<!doctype html><title>IAM Playground</title><a href=\"play/\">Playground</a>\n"))
			return
		}
		h.ServeHTTP(w, r)
	}))
}

// Browser is a running headless Chromium.
type Browser struct {
	ctx     context.Context
	cancel  func()
	dataDir string
}

// Start launches Chromium with a fresh profile and a 1280×900 window.
func Start(execPath string, width, height int) (*Browser, error) {
	dataDir, err := os.MkdirTemp("", "iamplay-chromium-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dataDir),
		chromedp.WindowSize(width, height),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
	}
	// Extra switches for investigations, e.g. --enable-precise-memory-info.
	for _, f := range strings.Fields(os.Getenv("IAMPLAY_CHROMIUM_FLAGS")) {
		name, value, ok := strings.Cut(strings.TrimPrefix(f, "--"), "=")
		if ok {
			opts = append(opts, chromedp.Flag(name, value))
		} else {
			opts = append(opts, chromedp.Flag(name, true))
		}
	}
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil { // starts the browser
		bcancel()
		acancel()
		os.RemoveAll(dataDir)
		return nil, fmt.Errorf("starting %s: %w", execPath, err)
	}
	return &Browser{ctx: bctx, cancel: func() { bcancel(); acancel() }, dataDir: dataDir}, nil
}

// Tab opens a tab in a new browser context: its own cookies and storage,
// as a fresh visitor has. cancel closes it and drops the context.
func (b *Browser) Tab() (context.Context, context.CancelFunc) {
	return chromedp.NewContext(b.ctx, chromedp.WithNewBrowserContext())
}

// Close stops the browser and removes its profile.
func (b *Browser) Close() {
	b.cancel()
	os.RemoveAll(b.dataDir)
}
