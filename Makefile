# dcconsole: every target a new machine needs. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
BIN := bin/dcconsole
GO_FILES := $(shell git ls-files '*.go' 2>/dev/null)
# Build and test with the toolchain go.mod names (a patched Go release with
# the standard library's security fixes), fetched from the module proxy once,
# even where the environment says GOTOOLCHAIN=local.
export GOTOOLCHAIN := auto

.PHONY: help generate build run fmt lint vulncheck check-generated deps test test-go test-e2e test-e2e-lb test-sdk deps-e2e deps-test fuzz mutation clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

generate: ## generate Go code from the .templ files (templ pinned in go.mod)
	go tool templ generate -log-level warn

build: generate ## build bin/dcconsole
	go build -o $(BIN) .

run: build ## start the console on data/dcconsole.db (http://127.0.0.1:8080)
	./$(BIN)

fmt: ## format Go and templ sources
	go tool templ fmt .
	gofmt -w $(GO_FILES)

check-generated: ## fail when a *_templ.go file is stale
	go tool templ generate -check

lint: check-generated ## vet, gofmt and govulncheck
	@out=$$(gofmt -l $(GO_FILES)); if [ -n "$$out" ]; then echo "gofmt would change: $$out"; exit 1; fi
	go vet ./...
	.ci/vulncheck.sh

vulncheck: ## govulncheck over every package (accepted findings: .ci/vulncheck-accepted.txt)
	.ci/vulncheck.sh

deps-e2e: ## install Chromium (Debian) and the Playwright npm packages when missing
	@if [ ! -x /usr/bin/chromium ]; then \
		echo "installing Debian's chromium"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q chromium; \
		else sudo apt-get update -q && sudo apt-get install -y -q chromium; fi; \
	fi
	cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund

deps-test: ## install strace (Debian) when missing: TestFsyncBeforeAnswer traces the binary's fsyncs
	@if ! command -v strace >/dev/null; then \
		echo "installing Debian's strace"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -q && apt-get install -y -q strace; \
		else sudo apt-get update -q && sudo apt-get install -y -q strace; fi; \
	fi

test-go: deps-test ## Go tests with the race detector on SQLite, then the store, handler and API suites on PostgreSQL (a throwaway cluster, .ci/pg-cluster.sh, or DCCONSOLE_TEST_POSTGRES)
	.ci/pg-cluster.sh .ci/test-go.sh

test-e2e-lb: deps-e2e ## the seed scenario in Chromium through nginx (round robin) in front of two consoles on one PostgreSQL
	e2e/lb/run.sh

fuzz: ## run each fuzz target briefly beyond its seed corpus
	@for pkg in $$(go list ./...); do \
		for f in $$(go test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$f"; go test -run '^$$' -fuzz "^$$f$$" -fuzztime 10s $$pkg; \
		done; \
	done

mutation: ## mutation testing of the rule code (gremlins, pinned in go.mod; slow, not part of test; see .ci/mutation.sh)
	.ci/mutation.sh $(MUTATION_PKGS)

test-e2e: deps-e2e ## Playwright end-to-end tests in Debian's Chromium
	@rm -f e2e/test-results/results.json
	@cd e2e && rc=0; PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/results.json npx playwright test --reporter=list,json || rc=$$?; \
		node -e 'const s=require("./test-results/results.json").stats; console.log(`e2e: $${s.expected+s.flaky} passed, $${s.unexpected} failed`)'; \
		exit $$rc

test-sdk: build ## the OTC Go SDK's own DCaaS v2 acceptance tests against a console started for them
	BIN=$(BIN) handlers/apitest/run-sdk-acceptance.sh

test: lint deps ## everything CI runs: lint, then side by side the browser group (e2e: one console, two behind nginx on PostgreSQL; SDK acceptance) and the Go tests on both backends; each group's output follows, the Go tests' last
	@mkdir -p e2e/test-results; rc=0; \
	echo "running the browser tests and the Go tests side by side (output below when both are done)"; \
	$(MAKE) --no-print-directory test-e2e test-e2e-lb test-sdk >e2e/test-results/browser.log 2>&1 & b=$$!; \
	$(MAKE) --no-print-directory test-go >e2e/test-results/go.log 2>&1 & g=$$!; \
	wait $$b || rc=1; wait $$g || rc=$$((rc + 2)); \
	echo "== browser group (test-e2e, test-e2e-lb, test-sdk)"; cat e2e/test-results/browser.log; \
	echo "== Go tests (test-go)"; cat e2e/test-results/go.log; \
	case $$rc in 0) echo "make test: passed";; 1) echo "make test: the browser group FAILED";; 2) echo "make test: the Go tests FAILED";; *) echo "make test: both groups FAILED";; esac; \
	exit $$rc

deps: ## install the Debian packages the tests need when missing (.ci/deps.sh: chromium, strace, postgresql, nginx), services left stopped
	.ci/deps.sh

clean: ## remove build output and test data
	rm -rf bin e2e/test-results e2e/playwright-report

.PHONY: bench
bench: ## Go benchmarks (-benchmem), e2e/bench/load.sh (wrk, write cycles vs moto, list/static ratios), then e2e/bench/pg.sh (SQLite vs PostgreSQL, one and two instances)
	go test -run '^$$' -bench . -benchmem -count=1 ./store/ ./views/ ./handlers/...
	e2e/bench/load.sh
	e2e/bench/pg.sh
