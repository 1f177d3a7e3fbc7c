# Leerlijn's habits. `make test` is the one command a newcomer runs.
GO        ?= go
BIN       ?= bin/leerlijn
PKGS      ?= ./...
BENCH     ?= .
BENCHTIME ?= 1s
COUNT     ?= 10

.PHONY: all build test test-short check fmt vet staticcheck tidy-check dashboards dashboards-check run bench deps clean help

all: check test

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

build: ## build bin/leerlijn
	$(GO) build -o $(BIN) ./cmd/leerlijn

deps: ## install what the tests need: Debian's clickhouse-server and the chdb-sql engine
	@scripts/install-clickhouse.sh
	@scripts/install-chdb.sh >/dev/null

test: deps ## install missing test dependencies, then run every test with -race
	LEERLIJN_CHDB_SQL="$${LEERLIJN_CHDB_SQL:-$$(scripts/install-chdb.sh)}" $(GO) test -race -count=1 $(PKGS)

test-short: deps ## the tests without the slow ones (3-node failover, soak)
	LEERLIJN_CHDB_SQL="$${LEERLIJN_CHDB_SQL:-$$(scripts/install-chdb.sh)}" $(GO) test -race -count=1 -short $(PKGS)

check: fmt vet staticcheck tidy-check dashboards-check ## gofmt, go vet, staticcheck, go mod tidy, generated files

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

staticcheck:
	$(GO) tool staticcheck $(PKGS)

tidy-check:
	@cp go.mod /tmp/leerlijn-go.mod.bak && cp go.sum /tmp/leerlijn-go.sum.bak
	@$(GO) mod tidy
	@if ! git diff --quiet -- go.mod go.sum; then echo "go mod tidy changed go.mod/go.sum: run it and commit"; git --no-pager diff -- go.mod go.sum; cp /tmp/leerlijn-go.mod.bak go.mod; cp /tmp/leerlijn-go.sum.bak go.sum; exit 1; fi

dashboards: ## regenerate deploy/grafana/dashboards/*.json
	$(GO) run ./cmd/leerlijn dashboards -out deploy/grafana/dashboards

dashboards-check: dashboards ## fail if the generated dashboards differ from the checked-in ones
	@if ! git diff --quiet -- deploy/grafana/dashboards; then echo "generated dashboards differ: run make dashboards and commit"; git --no-pager diff --stat -- deploy/grafana/dashboards; exit 1; fi

run: build ## leerlijn serve with embedded NATS against a local ClickHouse (starts one from Debian's package if none answers on 127.0.0.1:9000)
	@scripts/local-clickhouse.sh
	LEERLIJN_COLLECTOR_BOOTSTRAP_CLIENT="$${LEERLIJN_COLLECTOR_BOOTSTRAP_CLIENT:-demo:demo-secret-change-me}" $(BIN) serve

bench: ## benchmarks, -count=$(COUNT), compared with the last baseline by benchstat
	@mkdir -p bench
	LEERLIJN_CHDB_SQL= $(GO) test -run='^$$' -bench='$(BENCH)' -benchtime=$(BENCHTIME) -count=$(COUNT) -benchmem ./... | tee bench/new.txt
	@if [ -f bench/baseline.txt ]; then $(GO) tool benchstat bench/baseline.txt bench/new.txt; else cp bench/new.txt bench/baseline.txt; echo "baseline saved to bench/baseline.txt"; fi

clean:
	rm -rf bin data
