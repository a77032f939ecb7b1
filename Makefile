# IAM Playground. Two commands matter:
#   make run   build the site (engine in WebAssembly, playground, tutorials) and serve it on 127.0.0.1
#   make test  run every test: Go unit tests, scenarios, short fuzz runs, browser tests
GO      ?= go
ADDR    ?= 127.0.0.1:8080
FUZZTIME ?= 4s

.PHONY: all build run test vet fuzz bench clean

all: build

build:
	$(GO) build -o bin/iamplay ./cmd/iamplay

run: build
	./bin/iamplay serve --addr $(ADDR) --dir dist

vet:
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	$(GO) vet ./...

test: vet
	$(GO) test ./...
	$(MAKE) fuzz

# Each fuzz target runs briefly from its seeds; longer runs: make fuzz FUZZTIME=5m
fuzz:
	$(GO) test ./engine/internal/jsonpos -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/policy -run '^$$' -fuzz '^FuzzParse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzMatch$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzARN$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/match -run '^$$' -fuzz '^FuzzParts$$' -fuzztime $(FUZZTIME)
	$(GO) test ./engine/internal/cond -run '^$$' -fuzz '^FuzzCond$$' -fuzztime $(FUZZTIME)

bench:
	$(GO) test ./engine -run '^$$' -bench . -benchmem

clean:
	rm -rf bin dist
