// Package web is IAM Playground's HTTP surface, one http.Handler for both
// hosts: `iamplay serve` runs it natively with the built site's files, and
// the Cloudflare Worker (wasm/worker) runs it in WebAssembly, where
// Workers static assets serve the files and only /api/* and /s/* reach Go.
//
//	POST /api/evaluate           an `iamplay eval` input, or {"scenario", "request"}
//	GET  /api/scenarios          the scenario library, without inputs
//	GET  /api/scenarios/{id}     one scenario with every request's input
//	GET  /api/health             engine version, build, scenario count
//	POST /api/links              store a share link's state → /s/{id} (when a Store is set)
//	POST /api/simulate           an aws iam simulate-custom-policy request (simulate-principal-policy with ?scenario=ID)
//	POST /api/lint               every lint finding of an eval input or a scenario file
//	GET  /s/{id}                 redirect to the playground with that state
//
// Answers are JSON; errors are {"code", "message", "line", "column"} (the
// position, from 1, when the error has one). Every response carries the
// security headers of SecurityHeaders.
package web

import (
	"net/http"
	"strings"
	"sync"
)

// Config says what the handler serves besides the API.
type Config struct {
	// Site serves every path outside /api/ and /s/: the built site's files
	// (see Files). Nil where another host serves them; such paths then
	// answer 404.
	Site http.Handler
	// Links stores short share links. Nil turns them off: POST /api/links
	// and GET /s/{id} answer 404, and /api/health says links are off.
	Links Store
	// Build names the build in /api/health; empty means the VCS revision
	// the binary was built from, when Go recorded one.
	Build string
}

// New returns the handler.
func New(c Config) http.Handler {
	return &handler{cfg: c}
}

type handler struct {
	cfg     Config
	library struct {
		once sync.Once
		list []byte // the JSON of GET /api/scenarios
		err  error
	}
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	SecurityHeaders(w.Header())
	p := r.URL.Path
	switch {
	case p == "/api/evaluate":
		if allow(w, r, http.MethodPost) {
			h.evaluate(w, r)
		}
	case p == "/api/scenarios":
		if allow(w, r, http.MethodGet, http.MethodHead) {
			h.scenarios(w, r)
		}
	case strings.HasPrefix(p, "/api/scenarios/"):
		if allow(w, r, http.MethodGet, http.MethodHead) {
			h.scenario(w, r, strings.TrimPrefix(p, "/api/scenarios/"))
		}
	case p == "/api/health":
		if allow(w, r, http.MethodGet, http.MethodHead) {
			h.health(w, r)
		}
	case p == "/api/simulate":
		if allow(w, r, http.MethodPost) {
			h.simulate(w, r)
		}
	case p == "/api/lint":
		if allow(w, r, http.MethodPost) {
			h.lintFile(w, r)
		}
	case p == "/api/links" && h.cfg.Links != nil:
		if allow(w, r, http.MethodPost) {
			h.createLink(w, r)
		}
	case p == "/api" || strings.HasPrefix(p, "/api/"):
		writeError(w, http.StatusNotFound, &Error{Code: "notFound", Message: "no API endpoint " + p})
	case strings.HasPrefix(p, "/s/"):
		if allow(w, r, http.MethodGet, http.MethodHead) {
			h.followLink(w, r, strings.TrimPrefix(p, "/s/"))
		}
	case h.cfg.Site != nil:
		h.cfg.Site.ServeHTTP(w, r)
	default:
		// Site paths the static host did not answer: in the Worker, a
		// method other than GET or HEAD on a page, as natively, or a miss.
		if allow(w, r, http.MethodGet, http.MethodHead) {
			writeError(w, http.StatusNotFound, &Error{Code: "notFound", Message: "nothing at " + p})
		}
	}
}

// allow answers 405 with an Allow header unless the request's method is one
// of methods.
func allow(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	list := strings.Join(methods, ", ")
	w.Header().Set("Allow", list)
	writeError(w, http.StatusMethodNotAllowed, &Error{Code: "methodNotAllowed",
		Message: r.Method + " is not allowed here; use " + list})
	return false
}

// notFoundPage answers 404 with the site's 404 page when there is a site,
// else with a JSON error.
func (h *handler) notFoundPage(w http.ResponseWriter, r *http.Request, msg string) {
	if nf, ok := h.cfg.Site.(interface {
		NotFound(http.ResponseWriter, *http.Request)
	}); ok {
		nf.NotFound(w, r)
		return
	}
	writeError(w, http.StatusNotFound, &Error{Code: "notFound", Message: msg})
}
