package compress_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/iamplayground/iamplay/internal/web/compress"
)

var big = strings.Repeat("allow s3:GetObject on arn:aws:s3:::bucket/* ", 200)

// origin answers like the site's file server: ETags and conditional
// requests through http.ServeContent.
func origin() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("ETag", `"abc"`)
			http.ServeContent(w, r, "", time.Time{}, strings.NewReader(big))
		case "/api":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"text":"`+big+`"}`)
		case "/small.js":
			w.Header().Set("Content-Type", "text/javascript")
			io.WriteString(w, "export {}")
		case "/image.png":
			w.Header().Set("Content-Type", "image/png")
			io.WriteString(w, big)
		case "/missing":
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, big)
		}
	})
}

func get(t *testing.T, h http.Handler, path string, hdr map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func decode(t *testing.T, enc string, b []byte) string {
	t.Helper()
	var r io.Reader
	switch enc {
	case "br":
		r = brotli.NewReader(bytes.NewReader(b))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	default:
		return string(b)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestHandler(t *testing.T) {
	h := compress.Handler(origin())
	tests := []struct {
		name, path, accept, enc string
		status                  int
	}{
		{"brotli first", "/page.html", "gzip, deflate, br", "br", 200},
		{"gzip when asked", "/page.html", "gzip", "gzip", 200},
		{"gzip preferred by q", "/page.html", "br;q=0.5, gzip", "gzip", 200},
		{"nothing accepted", "/page.html", "identity", "", 200},
		{"br refused with q=0", "/api", "br;q=0", "", 200},
		{"API JSON", "/api", "br", "br", 200},
		{"small answers stay", "/small.js", "br", "", 200},
		{"images stay", "/image.png", "br", "", 200},
		{"errors stay", "/missing", "br", "", 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(t, h, tt.path, map[string]string{"Accept-Encoding": tt.accept})
			if rec.Code != tt.status {
				t.Fatalf("status %d", rec.Code)
			}
			if got := rec.Header().Get("Content-Encoding"); got != tt.enc {
				t.Fatalf("Content-Encoding %q, want %q", got, tt.enc)
			}
			body := decode(t, tt.enc, rec.Body.Bytes())
			if !strings.Contains(body, big) && tt.path != "/small.js" {
				t.Errorf("body does not decode to the original (%d bytes)", len(body))
			}
			if tt.enc != "" && rec.Body.Len() >= len(big)/4 {
				t.Errorf("compressed to %d bytes from %d", rec.Body.Len(), len(big))
			}
		})
	}
}

// TestRevalidation: the compressed answer's ETag names its encoding, and
// sending it back gets a 304.
func TestRevalidation(t *testing.T) {
	h := compress.Handler(origin())
	first := get(t, h, "/page.html", map[string]string{"Accept-Encoding": "br"})
	etag := first.Header().Get("ETag")
	if etag != `"abc-br"` || first.Header().Get("Vary") != "Accept-Encoding" {
		t.Fatalf("ETag %q, Vary %q", etag, first.Header().Get("Vary"))
	}
	again := get(t, h, "/page.html", map[string]string{"Accept-Encoding": "br", "If-None-Match": etag})
	if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != etag {
		t.Fatalf("revalidation: %d, ETag %q, %d bytes", again.Code, again.Header().Get("ETag"), again.Body.Len())
	}
	// The cached copy is the same bytes.
	third := get(t, h, "/page.html", map[string]string{"Accept-Encoding": "br"})
	if !bytes.Equal(third.Body.Bytes(), first.Body.Bytes()) {
		t.Error("the second compressed answer differs from the first")
	}
}

func TestNegotiate(t *testing.T) {
	for accept, want := range map[string]string{
		"": "", "br": "br", "gzip": "gzip", "GZIP": "gzip", "deflate": "", "gzip, br": "br",
		"br;q=0.1, gzip;q=0.9": "gzip", "br;q=x": "", "*": "", "br;q=0": "",
	} {
		if got := compress.Negotiate(accept); got != want {
			t.Errorf("Negotiate(%q) = %q, want %q", accept, got, want)
		}
	}
}
