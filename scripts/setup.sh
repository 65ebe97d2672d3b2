#!/usr/bin/env bash
# Installs what building and testing LeadsGen needs, and only what is missing, so a second run
# takes seconds. Safe to run any number of times. Versions are pinned on purpose: see
# README.md, "Toolchain".
set -euo pipefail

cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# wasm-bindgen-cli must equal the wasm-bindgen that Cargo.lock resolved, or the wasm build fails.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)

export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

apt_updated=0
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ "$apt_updated" -eq 0 ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"
}

# 1. The wasm target, for the toolchain rust-toolchain.toml pins.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. cargo-leptos, exactly this version (0.3.11 needs a newer rustc). `no_downloads` makes it
#    use the tools on PATH instead of trying to download its own.
if ! cargo leptos --version 2>/dev/null | grep -q " $CARGO_LEPTOS_VERSION\$"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (a cold build takes about 20 minutes)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads --force
fi

# 3. wasm-bindgen-cli equal to Cargo.lock. `--locked` fails to resolve for this crate.
if [ -z "$WASM_BINDGEN_VERSION" ]; then
  say "Cargo.lock names no wasm-bindgen"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 4. Chromium for Playwright, and PostgreSQL for the consent log's tests, from Debian:
#    Playwright's own browser download does not work here.
#    (wasm-opt comes from npm in step 5: Debian's binaryen 108 breaks the wasm bundle.)
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
# The consent log's tests run against SQLite (embedded in the binary) and a throw-away
# PostgreSQL cluster (scripts/with-postgres.sh); sqlite3 is for looking at a log by hand.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v python3 >/dev/null || missing+=(python3)
# libfuzzer-sys compiles libFuzzer (C++) for the fuzz smoke pass (scripts/fuzz.sh).
command -v c++ >/dev/null || missing+=(g++)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]} from Debian"
  apt_install "${missing[@]}"
fi
# promtool, Prometheus' own parser and linter, checks /metrics (tests/router/metrics.rs); the
# package's recommends (node exporter, web assets) are not needed for it.
if ! command -v promtool >/dev/null; then
  say "installing prometheus (for promtool) from Debian"
  apt_install --no-install-recommends prometheus
fi

# 5. The end-to-end suite's packages and the build's wasm-opt (npm binaryen), exactly as
#    package-lock.json pins them. The stamp is a
#    copy of the lock file that was installed, so a changed lock reinstalls.
stamp=end2end/node_modules/.installed-package-lock.json
if ! cmp -s end2end/package-lock.json "$stamp" 2>/dev/null; then
  say "installing the end-to-end test packages (npm ci)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
  cp end2end/package-lock.json "$stamp"
fi

say "ready"
