package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// MaxName is the longest path component looked up, in bytes, as on most
// file systems; a longer one is 404 without asking the file system.
const MaxName = 255

// Files serves the built site in a directory: index.html for a
// directory's URL (never a listing), the site's 404.html for what is not
// there, no file or directory whose name starts with "." or "_" (such as
// the Worker's _headers), and nothing a symbolic link leads to outside the
// directory. Each answer has a strong ETag, so revalidation is cheap.
type Files struct {
	root *os.Root
	mu   sync.Mutex
	memo map[string]*file // by name, while its size and time match
}

type file struct {
	mod  time.Time
	size int64
	body []byte
	etag string
}

// NewFiles opens the site directory dir.
func NewFiles(dir string) (*Files, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	return &Files{root: root, memo: map[string]*file{}}, nil
}

// Close releases the directory.
func (fs *Files) Close() error { return fs.root.Close() }

func (fs *Files) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet, http.MethodHead) {
		return
	}
	urlPath := r.URL.Path
	if !strings.HasPrefix(urlPath, "/") {
		urlPath = "/" + urlPath
	}
	name := strings.TrimPrefix(path.Clean(urlPath), "/")
	if name == "" {
		name = "."
	}
	if !servable(name) {
		fs.NotFound(w, r)
		return
	}
	st, err := fs.root.Stat(name)
	if err != nil {
		if name == "." || name == "index.html" {
			// The playground alone, without the tutorials (site/build.mjs
			// without tools/gen): start there.
			http.Redirect(w, r, "/play/", http.StatusFound)
			return
		}
		fs.NotFound(w, r)
		return
	}
	if st.IsDir() {
		if !strings.HasSuffix(urlPath, "/") {
			target := path.Base(urlPath) + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		name = path.Join(name, "index.html")
		if _, err := fs.root.Stat(name); err != nil && name == "index.html" {
			http.Redirect(w, r, "/play/", http.StatusFound)
			return
		}
	} else if strings.HasSuffix(urlPath, "/") {
		fs.NotFound(w, r)
		return
	}
	f, err := fs.load(name)
	if err != nil {
		fs.NotFound(w, r)
		return
	}
	fs.send(w, r, name, f, CacheControl(urlPath, r.URL.RawQuery))
}

// NotFound answers 404 with the site's 404.html, or a short text when the
// site has none.
func (fs *Files) NotFound(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Cache-Control", CacheRevalidate)
	f, err := fs.load("404.html")
	if err != nil {
		writeBody(w, http.StatusNotFound, "text/plain; charset=utf-8", []byte("404 page not found\n"))
		return
	}
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(f.body)))
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write(f.body)
	}
}

// servable reports whether a cleaned relative path may be served: no
// hidden or underscore names, no component longer than MaxName.
func servable(name string) bool {
	if name == "." {
		return true
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || part == ".." || len(part) > MaxName || part[0] == '.' || part[0] == '_' {
			return false
		}
	}
	return true
}

// load reads a regular file, or returns the copy read before if its size
// and time have not changed.
func (fs *Files) load(name string) (*file, error) {
	fh, err := fs.root.Open(name)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, os.ErrNotExist
	}
	fs.mu.Lock()
	f := fs.memo[name]
	fs.mu.Unlock()
	if f != nil && f.size == st.Size() && f.mod.Equal(st.ModTime()) {
		return f, nil
	}
	body, err := io.ReadAll(fh)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body)
	f = &file{mod: st.ModTime(), size: st.Size(), body: body, etag: `"` + hex.EncodeToString(sum[:12]) + `"`}
	fs.mu.Lock()
	fs.memo[name] = f
	fs.mu.Unlock()
	return f, nil
}

func (fs *Files) send(w http.ResponseWriter, r *http.Request, name string, f *file, cache string) {
	h := w.Header()
	h.Set("Content-Type", ContentType(name))
	h.Set("Cache-Control", cache)
	h.Set("ETag", f.etag)
	http.ServeContent(w, r, "", f.mod, bytes.NewReader(f.body))
}

// ContentType is the Content-Type of a site file, by its extension.
func ContentType(name string) string {
	switch path.Ext(name) {
	case ".html":
		return "text/html; charset=utf-8"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json", ".map":
		return "application/json; charset=utf-8"
	case ".wasm":
		return "application/wasm"
	case ".xml":
		return "application/xml; charset=utf-8"
	case ".txt", ".md":
		return "text/plain; charset=utf-8"
	case ".svg":
		return "image/svg+xml"
	case ".png":
		return "image/png"
	case ".ico":
		return "image/x-icon"
	case ".woff2":
		return "font/woff2"
	}
	return "application/octet-stream"
}
