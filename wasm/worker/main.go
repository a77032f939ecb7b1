//go:build js && wasm

// Command worker is IAM Playground on Cloudflare Workers: the handler of
// internal/web, compiled to WebAssembly and served by
// github.com/syumai/workers. Workers static assets serve the built site
// (dist/, with the _headers file written by ./wasm/worker/assets); only
// /api/* and /s/* reach this program (run_worker_first in wrangler.jsonc).
// Short links are kept in the Workers KV namespace bound as LINKS, when
// there is one.
//
// entry.mjs runs this program once per isolate and hands it one request
// at a time (see there why not one instance per request, as syumai's own
// glue does). Nothing runs before the handler needs it — the scenario
// library is parsed only by the endpoints that read it — so a cold isolate
// answers its first request quickly.
//
//	make worker       builds build/worker/ (app.wasm and its JavaScript glue)
//	make worker-dev   runs it on local wrangler dev
package main

import (
	"net/http"

	"github.com/syumai/workers"

	"github.com/iamplayground/iamplay/internal/web"
)

func main() {
	cfg := web.Config{Build: build}
	if kv, ok := openKV(linksBinding); ok {
		cfg.Links = kv
	}
	workers.ServeNonBlock(recovering(web.New(cfg)))
	workers.Ready()
	select {} // serve until the isolate goes away
}

// recovering turns a panic in the handler into a 500 answer: in a program
// that serves every request of the isolate, a panic would end it.
func recovering(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if recover() != nil {
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte(`{"code":"internal","message":"the server failed on this request"}` + "\n"))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// build is set by `make worker` with -ldflags -X, to the commit.
var build string
