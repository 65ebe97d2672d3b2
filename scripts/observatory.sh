#!/usr/bin/env bash
# Grades the release server's headers with MDN's HTTP Observatory scanner, offline, on
# loopback. Three scans, each printing the grade, the score and every test's result:
#   1. as `make run` serves: plain http;
#   2. with LEADSGEN_SECURE_COOKIES=true (the setting for a site behind https), still over
#      plain http, where the scanner (like a browser) ignores HSTS;
#   3. the same server behind a stand-in TLS terminator (tools/observatory/tls-front.mjs, which
#      adds no header) on https://127.0.0.1:443 with a throw-away certificate the scan trusts:
#      what a visitor over https receives. Nothing listens on port 80, as on an https-only
#      site; the http→https redirect is the terminator's job, not the server's. Needs port 443
#      (root) and openssl; skipped with a message otherwise.
# Figures, not pass/fail. Run by `make observatory`.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/leadsgen-consent
[ -x "$bin" ] || { echo "no release build: run 'make build' first"; exit 1; }
tools=tools/observatory
stamp=$tools/node_modules/.installed-package-lock.json
if ! cmp -s "$tools/package-lock.json" "$stamp" 2>/dev/null; then
  # --ignore-scripts: its postinstall would download the HSTS preload list (no internet here).
  (cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund >/dev/null)
  cp "$tools/package-lock.json" "$stamp"
fi
# The preload list only matters for real domains; loopback is on none.
echo '{}' > "$tools/node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json"

work=$(mktemp -d /tmp/leadsgen-observatory.XXXXXX)
server=
trap '{ kill "$server"; wait "$server"; } 2>/dev/null || true; rm -rf "$work"' EXIT

addr=127.0.0.1:3197
start() {
  env LEPTOS_OUTPUT_NAME=leadsgen LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true \
    LEPTOS_ENV=PROD LEPTOS_SITE_ADDR=$addr LEADSGEN_DATA_DIR="$work/data-$RANDOM" RUST_LOG=error \
    "$@" "$bin" &
  server=$!
  for _ in $(seq 100); do curl -fs "http://$addr/healthz" >/dev/null && break; sleep 0.1; done
}
stop() { kill "$@"; wait "$@" 2>/dev/null || true; }

# report <label> <scan.json>
report() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    console.log(`== ${process.argv[2]}: grade ${r.scan.grade}, score ${r.scan.score}/100, ` +
      `${r.scan.testsPassed} of ${r.scan.testsQuantity} tests passed`);
    for (const [name, t] of Object.entries(r.tests)) {
      const mod = t.scoreModifier > 0 ? `+${t.scoreModifier}` : `${t.scoreModifier}`;
      console.log(`  ${t.pass ? "pass" : "FAIL"} ${name.padEnd(28)} ${mod.padStart(4)}  ${t.result}`);
    }' "$2" "$1"
}

scanner=$tools/node_modules/@mdn/mdn-http-observatory

start
(cd "$tools" && npx --no-install mdn-http-observatory-scan "$addr" 2>/dev/null) > "$work/http.json"
stop "$server"
report "http, as make run serves" "$work/http.json"

start LEADSGEN_SECURE_COOKIES=true
(cd "$tools" && npx --no-install mdn-http-observatory-scan "$addr" 2>/dev/null) > "$work/secure.json"
report "LEADSGEN_SECURE_COOKIES=true, over plain http" "$work/secure.json"

if ! command -v openssl >/dev/null || [ "$(id -u)" -ne 0 ] || ss -ltn | grep -q '127.0.0.1:443 \|\*:443 '; then
  echo "== https: skipped (needs openssl, root for port 443, and port 443 free)"
  exit 0
fi
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
node "$tools/tls-front.mjs" "$work/key.pem" "$work/cert.pem" 127.0.0.1:443 "$addr" >/dev/null &
front=$!
trap '{ kill "$server" "$front"; wait "$server" "$front"; } 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  curl -fs --cacert "$work/cert.pem" https://127.0.0.1/healthz >/dev/null && break; sleep 0.1
done
# The scanner's own wrapper replaces NODE_EXTRA_CA_CERTS with Mozilla's bundle; run its CLI
# directly so that the throw-away certificate is trusted and the scan counts as verified.
NODE_EXTRA_CA_CERTS="$work/cert.pem" node "$scanner/src/scan.js" 127.0.0.1 2>/dev/null > "$work/https.json"
report "https, LEADSGEN_SECURE_COOKIES=true behind a TLS terminator" "$work/https.json"
