//go:build js && wasm

// Command worker is IAM Playground on Cloudflare Workers: the handler of
// internal/web, compiled to WebAssembly and served by
// github.com/syumai/workers. Workers static assets serve the built site
// (dist/, with the _headers file written by ./wasm/worker/assets); only
// /api/* and /s/* reach this program (run_worker_first in wrangler.jsonc).
// Short links are kept in the Workers KV namespace bound as LINKS, when
// there is one.
//
// The shim starts a fresh Go instance for every request, so nothing here
// runs before the handler needs it: the scenario library is parsed only
// by the endpoints that read it.
//
//	make worker       builds build/worker/ (app.wasm and its JavaScript glue)
//	make worker-dev   runs it on local wrangler dev
package main

import (
	"github.com/syumai/workers"

	"github.com/iamplayground/iamplay/internal/web"
)

func main() {
	cfg := web.Config{Build: build}
	if kv, ok := openKV(linksBinding); ok {
		cfg.Links = kv
	}
	workers.Serve(web.New(cfg))
}

// build is set by `make worker` with -ldflags -X, to the commit.
var build string
