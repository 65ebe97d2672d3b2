# LeadsGen Consent. A new user needs two commands:
#   make run    build in release and serve on $(LEPTOS_SITE_ADDR) (default 127.0.0.1:3000)
#   make test   every check CI runs: fmt, clippy (server and wasm), cargo tests (SQLite and a
#               throw-away PostgreSQL), a short fuzzing pass, Playwright
# Both install what is missing first (scripts/setup.sh), so a fresh machine works.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := run
# end2end/node_modules/.bin holds the pinned wasm-opt (npm binaryen) that release builds use.
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

# CI builds once, from a clean clone: incremental caches would only add to target/'s size on a
# shared disk.
ifdef CI
export CARGO_INCREMENTAL := 0
endif

LEPTOS_SITE_ADDR ?= 127.0.0.1:3000
BIN := target/release/leadsgen-consent
# What the release server needs to find the site cargo-leptos built, with hashed file names.
SERVE_ENV := LEPTOS_OUTPUT_NAME=leadsgen LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD

.PHONY: setup build run serve test lint unit fuzz-smoke soak-smoke e2e bench observatory fuzz soak

## Install the toolchain pieces that are missing (idempotent).
setup:
	@scripts/setup.sh

## Build the server and the wasm islands in release mode.
build: setup
	cargo leptos build --release --precompress

## Build, then serve on $(LEPTOS_SITE_ADDR).
run: build
	@$(MAKE) --no-print-directory serve

## Serve the last release build without rebuilding (the e2e suite starts the server this way).
serve:
	@test -x $(BIN) || { echo "no release build: run 'make run' or 'make build' first"; exit 1; }
	$(SERVE_ENV) LEPTOS_SITE_ADDR=$(LEPTOS_SITE_ADDR) exec $(BIN)

## Everything CI checks.
test: setup lint unit fuzz-smoke build soak-smoke e2e

lint:
	cargo fmt --check
	cargo clippy --workspace --all-targets --features ssr -- -D warnings
	cargo clippy --lib --target wasm32-unknown-unknown --features hydrate -- -D warnings
	cargo clippy -p leadsgen-domain --target wasm32-unknown-unknown -- -D warnings

## Cargo tests, with a throw-away PostgreSQL cluster for the consent log's tests.
unit:
	scripts/with-postgres.sh cargo test --workspace --features ssr

## Each fuzz target for a few seconds from its committed corpus: the inputs that once crashed
## stay fixed, and a new panic in a parser shows. `make fuzz` runs longer.
fuzz-smoke:
	FUZZ_SECONDS=$${FUZZ_SECONDS:-10} scripts/fuzz.sh

e2e:
	cd end2end && npx playwright test

## The release server under a steady mixed load at half its measured capacity for SOAK_SECONDS
## (default 600), then SIGTERM and kill -9 drills (SQLite and PostgreSQL); prints a table and
## fails if a consent acknowledged in a Set-Cookie is not in the log, on a 5xx, or on growth.
soak: build
	@$(MAKE) --no-print-directory soak-smoke SOAK_SECONDS=$${SOAK_SECONDS:-600}

## The soak for 60 s (what make test runs), on the last release build.
soak-smoke:
	$(SERVE_ENV) LEADSGEN_BIN=$(BIN) SOAK_SECONDS=$${SOAK_SECONDS:-60} scripts/with-postgres.sh \
	  cargo test --features ssr --test soak -- --ignored --nocapture

## Coverage-guided fuzzing of the parsers visitors reach, FUZZ_SECONDS per target (default 60).
fuzz:
	@scripts/fuzz.sh

## Sizes of what a visitor downloads, and server throughput (figures, not pass/fail).
bench: build
	@scripts/bench.sh

## The HTTP Observatory's grade of the release server's headers (offline; figures).
observatory: build
	@scripts/observatory.sh
