// Package compress compresses the answers of an http.Handler with brotli
// or gzip, as the client accepts, for `iamplay serve`. (Cloudflare
// compresses the Worker's answers itself, so the Worker does not link
// this package or brotli.)
//
// Only complete 200 answers of a compressible type (text, JSON, XML,
// JavaScript, WebAssembly) of at least MinSize bytes are compressed. An
// answer with an ETag is compressed once and kept: the ETag gets the
// encoding as a suffix, and a revalidation with that ETag reaches the
// handler without it, so 304s still work.
package compress

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/andybalholm/brotli"
)

// MinSize is the smallest answer compressed, in bytes.
const MinSize = 1024

// maxCache bounds the bytes of compressed answers kept.
const maxCache = 64 << 20

// Handler compresses h's answers.
func Handler(h http.Handler) http.Handler {
	return &handler{next: h, cache: map[string][]byte{}}
}

type handler struct {
	next  http.Handler
	mu    sync.Mutex
	cache map[string][]byte // by ETag with encoding suffix
	size  int
}

func (c *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	enc := Negotiate(r.Header.Get("Accept-Encoding"))
	inm := r.Header.Get("If-None-Match")
	if inm != "" {
		r = r.Clone(r.Context())
		r.Header.Set("If-None-Match", strings.NewReplacer(`-br"`, `"`, `-gzip"`, `"`).Replace(inm))
	}
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	c.next.ServeHTTP(rec, r)
	h := w.Header()
	for k, v := range rec.header {
		h[k] = v
	}
	body := rec.body.Bytes()
	if rec.status == http.StatusNotModified {
		// Answer with the ETag the client holds: with the suffix if it
		// sent one.
		if etag := h.Get("ETag"); enc != "" && strings.HasSuffix(etag, `"`) {
			if tagged := etag[:len(etag)-1] + "-" + enc + `"`; strings.Contains(inm, tagged) {
				h.Set("ETag", tagged)
			}
		}
		w.WriteHeader(rec.status)
		return
	}
	ct := h.Get("Content-Type")
	if Compressible(ct) {
		h.Add("Vary", "Accept-Encoding")
	}
	if enc == "" || !Compressible(ct) || h.Get("Content-Encoding") != "" || rec.status != http.StatusOK {
		w.WriteHeader(rec.status)
		w.Write(body)
		return
	}
	etag := h.Get("ETag")
	if etag != "" && strings.HasSuffix(etag, `"`) {
		h.Set("ETag", etag[:len(etag)-1]+"-"+enc+`"`)
	}
	if r.Method == http.MethodHead || len(body) < MinSize {
		if len(body) < MinSize && etag != "" {
			h.Set("ETag", etag)
		}
		w.WriteHeader(rec.status)
		w.Write(body)
		return
	}
	out := c.compressed(etag, enc, body)
	h.Set("Content-Encoding", enc)
	h.Set("Content-Length", strconv.Itoa(len(out)))
	h.Del("Accept-Ranges")
	w.WriteHeader(rec.status)
	w.Write(out)
}

// compressed returns body compressed with enc, from the cache when the
// answer has an ETag: kept answers are compressed harder.
func (c *handler) compressed(etag, enc string, body []byte) []byte {
	if etag == "" {
		return encode(enc, body, false)
	}
	key := etag + enc
	c.mu.Lock()
	out, ok := c.cache[key]
	c.mu.Unlock()
	if ok {
		return out
	}
	out = encode(enc, body, true)
	c.mu.Lock()
	if c.size+len(out) <= maxCache {
		c.cache[key] = out
		c.size += len(out)
	}
	c.mu.Unlock()
	return out
}

func encode(enc string, body []byte, hard bool) []byte {
	var b bytes.Buffer
	switch enc {
	case "br":
		q := 4
		if hard {
			q = 9
		}
		w := brotli.NewWriterLevel(&b, q)
		w.Write(body)
		w.Close()
	default:
		lvl := 5
		if hard {
			lvl = gzip.BestCompression
		}
		w, _ := gzip.NewWriterLevel(&b, lvl)
		w.Write(body)
		w.Close()
	}
	return b.Bytes()
}

// Negotiate picks "br" or "gzip" from an Accept-Encoding header, brotli
// first, or "" for neither.
func Negotiate(accept string) string {
	best, bestQ := "", 0.0
	for _, part := range strings.Split(accept, ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		name = strings.ToLower(strings.TrimSpace(name))
		if name != "br" && name != "gzip" {
			continue
		}
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			q = f
		}
		if q > 0 && (q > bestQ || (q == bestQ && name == "br")) {
			best, bestQ = name, q
		}
	}
	return best
}

// Compressible reports whether answers of a Content-Type are worth
// compressing.
func Compressible(ct string) bool {
	ct, _, _ = strings.Cut(ct, ";")
	ct = strings.TrimSpace(strings.ToLower(ct))
	switch {
	case strings.HasPrefix(ct, "text/"):
		return true
	case ct == "application/json", ct == "application/wasm", ct == "application/xml",
		ct == "application/javascript", ct == "image/svg+xml":
		return true
	}
	return false
}

// recorder keeps a whole answer.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}
