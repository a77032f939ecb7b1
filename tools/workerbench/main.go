// Command workerbench measures the Worker against `iamplay serve`: the
// size of the Worker's WebAssembly, the first (cold) /api/evaluate of a
// fresh wrangler dev --local, and p50/p95 of warm requests on both hosts.
// Figures are reported, not asserted.
//
//	make bench-worker      (go run ./tools/workerbench [-n 300] [-cold 3])
//
// It builds its own copy of the site and the Worker in a temporary
// directory, as the e2e/worker test does.
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/iamplayground/iamplay/e2e/browser"
	"github.com/iamplayground/iamplay/e2e/worker"
)

func main() {
	n := flag.Int("n", 300, "warm requests per endpoint and host")
	cold := flag.Int("cold", 3, "cold starts of wrangler dev to time")
	flag.Parse()
	if err := run(*n, *cold); err != nil {
		fmt.Fprintln(os.Stderr, "workerbench:", err)
		os.Exit(1)
	}
}

// call is one timed request.
type call struct {
	name, path string
	body       []byte
}

func run(n, cold int) error {
	dir, err := os.MkdirTemp("", "iamplay-workerbench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	fmt.Println("building the site and the Worker …")
	env, err := worker.Build(dir)
	if err != nil {
		return err
	}
	wasm, err := os.ReadFile(filepath.Join(dir, "worker", "app.wasm"))
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(wasm)
	zw.Close()
	fmt.Printf("\nWorker app.wasm: %.2f MB raw, %.2f MB gzip -9 (limit 3 MB)\n", mb(len(wasm)), mb(gz.Len()))

	repo, err := browser.RepoRoot()
	if err != nil {
		return err
	}
	input, err := os.ReadFile(filepath.Join(repo, "internal", "web", "testdata", "allowed.json"))
	if err != nil {
		return err
	}
	calls := []call{
		{"evaluate input (trace)", "/api/evaluate", input},
		{"evaluate input (?trace=0)", "/api/evaluate?trace=0", input},
		{"evaluate scenario 08 by name", "/api/evaluate", []byte(`{"scenario":"08-multi-account-identity-center","request":"ravi-admin-in-prod"}`)},
		{"health", "/api/health", nil},
	}

	// Cold: the first API request of a fresh wrangler dev.
	var colds []time.Duration
	for i := 0; i < cold; i++ {
		w, err := env.Start(context.Background())
		if err != nil {
			return err
		}
		d, err := timed(w.URL, calls[0])
		w.Stop()
		if err != nil {
			return err
		}
		colds = append(colds, d)
	}
	fmt.Printf("cold first /api/evaluate on local workerd (instantiate + Go start + evaluate): %v\n", durations(colds))

	w, err := env.Start(context.Background())
	if err != nil {
		return err
	}
	defer w.Stop()
	native, stop, err := serveNative(repo, env.Dist, filepath.Join(dir, "links"))
	if err != nil {
		return err
	}
	defer stop()
	fmt.Printf("\nwarm, %d sequential requests each        workerd p50 / p95      iamplay serve p50 / p95\n", n)
	for _, c := range calls {
		wp50, wp95, err := percentiles(w.URL, c, n)
		if err != nil {
			return err
		}
		np50, np95, err := percentiles(native, c, n)
		if err != nil {
			return err
		}
		fmt.Printf("%-40s %8s / %-8s    %8s / %-8s\n", c.name, ms(wp50), ms(wp95), ms(np50), ms(np95))
	}
	return nil
}

// serveNative builds cmd/iamplay and runs `iamplay serve` on a free port
// over dist, with short links in links.
func serveNative(repo, dist, links string) (string, func(), error) {
	bin := filepath.Join(filepath.Dir(dist), "iamplay")
	build := exec.Command("go", "build", "-o", bin, "./cmd/iamplay")
	build.Dir = repo
	if out, err := build.CombinedOutput(); err != nil {
		return "", nil, fmt.Errorf("go build ./cmd/iamplay: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--dir", dist, "--links", links)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return "", nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Signal(os.Interrupt); cmd.Wait() }
	// "iamplay: serving DIR at http://127.0.0.1:PORT/ (…"
	line, err := bufio.NewReader(stdout).ReadString('\n')
	_, rest, ok := strings.Cut(line, " at ")
	addr, _, _ := strings.Cut(rest, "/ ")
	if err != nil || !ok || !strings.HasPrefix(addr, "http://") {
		stop()
		return "", nil, fmt.Errorf("iamplay serve printed %q: %v", line, err)
	}
	return addr, stop, nil
}

var client = &http.Client{Timeout: 60 * time.Second}

func timed(base string, c call) (time.Duration, error) {
	method := http.MethodGet
	if c.body != nil {
		method = http.MethodPost
	}
	req, err := http.NewRequest(method, base+c.path, bytes.NewReader(c.body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	d := time.Since(start)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s %s: status %d", method, c.path, res.StatusCode)
	}
	return d, err
}

func percentiles(base string, c call, n int) (p50, p95 time.Duration, err error) {
	var ds []time.Duration
	for i := 0; i < n; i++ {
		d, err := timed(base, c)
		if err != nil {
			return 0, 0, err
		}
		ds = append(ds, d)
	}
	slices.Sort(ds)
	return ds[len(ds)/2], ds[len(ds)*95/100], nil
}

func mb(n int) float64 { return float64(n) / 1e6 }

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

func durations(ds []time.Duration) string {
	out := ""
	for i, d := range ds {
		if i > 0 {
			out += ", "
		}
		out += ms(d)
	}
	return out
}
