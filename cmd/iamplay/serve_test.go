package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iamplayground/iamplay/engine"
	"github.com/iamplayground/iamplay/internal/web"
	"github.com/iamplayground/iamplay/wasm/share"
)

// startServe runs `iamplay serve`'s server on a free port over dir until
// the test ends. The handler itself is tested in internal/web; this tests
// what serve adds: the server, compression, the links directory.
func startServe(t *testing.T, dir, links string) string {
	t.Helper()
	h, closeFn, err := siteHandler(dir, links)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, h) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		closeFn()
	})
	return "http://" + ln.Addr().String()
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte{0, 1, 2, 3}, 4096)...)
	if err := os.MkdirAll(filepath.Join(dir, "play"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "play", "engine.wasm"), wasm, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "play", "index.html"), []byte("<!doctype html><title>play</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	links := filepath.Join(t.TempDir(), "links")
	base := startServe(t, dir, links)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	// "/" goes to the playground while there is no dist/index.html.
	res, err := client.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || res.Header.Get("Location") != "/play/" {
		t.Errorf("/: %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}

	// WebAssembly is sent compressed to a client that accepts it.
	req, _ := http.NewRequest("GET", base+"/play/engine.wasm", nil)
	req.Header.Set("Accept-Encoding", "br")
	res, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.Header.Get("Content-Encoding") != "br" || res.Header.Get("Content-Type") != "application/wasm" || len(b) >= len(wasm)/4 {
		t.Errorf("engine.wasm: %s, %s, %d bytes of %d", res.Header.Get("Content-Encoding"), res.Header.Get("Content-Type"), len(b), len(wasm))
	}

	// A short link lands in the links directory and survives a restart.
	frag, err := share.Fragment(share.State{Engine: engine.Version, Input: json.RawMessage(`{"request": {}}`)})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(web.NewLink{Fragment: frag})
	res, err = client.Post(base+"/api/links", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /api/links: %d", res.StatusCode)
	}
	if _, err := os.Stat(filepath.Join(links, web.LinkID(frag))); err != nil {
		t.Errorf("the link is not in the directory: %v", err)
	}
	again := startServe(t, dir, links)
	res, err = client.Get(again + "/s/" + web.LinkID(frag))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusFound || !strings.HasSuffix(res.Header.Get("Location"), frag) {
		t.Errorf("short link after a restart: %d, %q", res.StatusCode, res.Header.Get("Location"))
	}
}

func TestServeStopsOnCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h, closeFn, err := siteHandler(t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer closeFn()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, h) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/nothing")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("/nothing: %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func TestCmdServeErrors(t *testing.T) {
	var out, errb bytes.Buffer
	if code := cmdServe([]string{"--dir", filepath.Join(t.TempDir(), "absent")}, &out, &errb); code != 2 {
		t.Errorf("missing dir: exit %d", code)
	}
	if !strings.Contains(errb.String(), "build the site first") {
		t.Errorf("stderr %q", errb.String())
	}
	errb.Reset()
	if code := cmdServe([]string{"extra"}, &out, &errb); code != 2 {
		t.Errorf("extra argument: exit %d", code)
	}
	errb.Reset()
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if code := cmdServe([]string{"--dir", t.TempDir(), "--links", filepath.Join(file, "sub")}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "--links") {
		t.Errorf("links under a file: exit %d, %q", code, errb.String())
	}
}
