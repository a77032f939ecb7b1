package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestSiteHandler(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "play"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"play/index.html":  "<!doctype html><title>play</title>",
		"play/engine.wasm": "\x00asm\x01\x00\x00\x00",
		"play/app.js":      "export {}",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(siteHandler(dir))
	defer srv.Close()
	client := srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	tests := []struct {
		name, method, path string
		status             int
		ctype, location    string
		body               string
	}{
		{"root redirects to the playground without dist/index.html", "GET", "/", http.StatusFound, "", "/play/", ""},
		{"playground page", "GET", "/play/", 200, "text/html; charset=utf-8", "", "<title>play</title>"},
		{"wasm type", "GET", "/play/engine.wasm", 200, "application/wasm", "", "\x00asm"},
		{"js type", "GET", "/play/app.js", 200, "text/javascript; charset=utf-8", "", "export"},
		{"missing", "GET", "/play/nope.js", 404, "", "", ""},
		{"no writes", "POST", "/play/", 405, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, _ := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if tt.ctype != "" && res.Header.Get("Content-Type") != tt.ctype {
				t.Errorf("Content-Type %q, want %q", res.Header.Get("Content-Type"), tt.ctype)
			}
			if tt.location != "" && res.Header.Get("Location") != tt.location {
				t.Errorf("Location %q, want %q", res.Header.Get("Location"), tt.location)
			}
			if !strings.Contains(string(b), tt.body) {
				t.Errorf("body %q does not contain %q", b, tt.body)
			}
			if res.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("no nosniff header")
			}
		})
	}

	// With the generator's dist/index.html, "/" is served, not redirected.
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("home"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := client.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("/ with index.html: status %d", res.StatusCode)
	}
}

func TestServeStopsOnCancel(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, ln, t.TempDir()) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/nothing")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
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
}
