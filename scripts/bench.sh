#!/usr/bin/env bash
# Prints figures, never pass/fail: what a visitor downloads (raw, gzip, brotli) and how fast the
# release server answers on loopback. The machine is shared and noisy: compare ratios measured
# in one run, not absolute numbers across runs.
set -euo pipefail
cd "$(dirname "$0")/.."

pkg=target/site/pkg
[ -d "$pkg" ] || { echo "no build in $pkg: run 'make build' first"; exit 1; }

echo "== Download size of /pkg (the goal: wasm + JS <= 65 KB brotli)"
node - "$pkg" <<'JS'
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const dir = process.argv[2];
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
let wasmJs = { raw: 0, gz: 0, br: 0 };
console.log("file".padEnd(44) + "     raw".padStart(11) + "    gzip".padStart(11) + "  brotli".padStart(11));
for (const f of fs.readdirSync(dir).sort().filter((f) => /\.(wasm|js|css)$/.test(f))) {
  const buf = fs.readFileSync(path.join(dir, f));
  const gz = zlib.gzipSync(buf, { level: 9 }).length;
  const br = zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
  console.log(f.padEnd(44) + kb(buf.length) + kb(gz) + kb(br));
  if (/\.(wasm|js)$/.test(f)) {
    wasmJs.raw += buf.length; wasmJs.gz += gz; wasmJs.br += br;
  }
}
console.log("wasm + js".padEnd(44) + kb(wasmJs.raw) + kb(wasmJs.gz) + kb(wasmJs.br));
JS

addr=127.0.0.1:3199
echo
# wrk drives every figure below; nginx is the static-file reference for pages.
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# nginx's brotli_static, for the compressed rows.
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] \
  || missing+=(libnginx-mod-http-brotli-static)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}"; }
fi
# Its own process group, so that stopping it stops make and the server under it.
setsid make --no-print-directory serve LEPTOS_SITE_ADDR=$addr >/dev/null 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://$addr/healthz" >/dev/null && break; sleep 0.2; done

echo "== JavaScript inlined in every page (the island loader + the consent runtime)"
curl -fs "http://$addr/" | node -e '
const zlib = require("zlib");
let html = "";
process.stdin.on("data", (c) => (html += c)).on("end", () => {
  // Executable inline scripts only: not the JSON data block, not external tags.
  const inline = [...html.matchAll(/<script(?![^>]*type="application\/json")(?![^>]*src=)[^>]*>([\s\S]*?)<\/script>/g)]
    .map((m) => m[1]).join("\n");
  const buf = Buffer.from(inline);
  const br = zlib.brotliCompressSync(buf, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  const kb = (n) => (n / 1024).toFixed(1) + " KB";
  console.log(`inline JS: ${kb(buf.length)} raw, ${kb(zlib.gzipSync(buf, { level: 9 }).length)} gzip, ${kb(br)} brotli`);
});'
# Idle from here on: stop it, so the figures below have both cores.
kill -- -$server 2>/dev/null || true; wait $server 2>/dev/null || true
trap - EXIT
echo
# Pages against nginx serving the same bytes, with and without the page cache.
scripts/bench-pages.sh
echo
# Consent posts with the durable log (SQLite, PostgreSQL) next to the log off.
scripts/with-postgres.sh scripts/bench-consent.sh
echo
# What the log's Ed25519 signatures cost: a signed receipt (per download) and a checkpoint
# (per 30 s while records arrive, never per post).
cargo run --quiet --release -p leadsgen-consent-log --example signing_cost

echo
# What the live cookie audit adds to each request: the Cookie header's names against the
# registry (issue 22 §2).
cargo run --quiet --release -p leadsgen-domain --example cookie_audit_cost
