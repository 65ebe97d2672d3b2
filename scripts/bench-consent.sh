#!/usr/bin/env bash
# Consent posts per second and their latency, with the durable consent log (SQLite, then
# PostgreSQL when LEADSGEN_TEST_POSTGRES_URL is set) next to the same server with the log off.
# Figures, not pass/fail. Run by scripts/bench.sh under scripts/with-postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/leadsgen-consent
addr=127.0.0.1:3198
seconds=${BENCH_SECONDS:-5}
work=$(mktemp -d /tmp/leadsgen-bench.XXXXXX)
trap '{ kill "$server"; wait "$server"; } 2>/dev/null || true; rm -rf "$work"' EXIT
server=

# Accept all, as the banner's fetch sends it, from many visitors behind one trusted proxy (the
# server trusts 127.0.0.1): each request names one of 10,000 client addresses in
# X-Forwarded-For, so the limits per client are at work but no visitor meets them.
cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.body = "source=api"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Accept"] = "application/json"
wrk.headers["Origin"] = "http://$addr"
local n = 0
request = function()
  n = n + 1
  local client = n % 10000
  wrk.headers["X-Forwarded-For"] = "10.1." .. math.floor(client / 256) .. "." .. (client % 256)
  return wrk.format()
end
LUA

# run <label> [VAR=value …]: a fresh server with that environment, then wrk against it.
run() {
  local label=$1; shift
  local data="$work/$label"
  mkdir -p "$data"
  env LEPTOS_OUTPUT_NAME=leadsgen LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true LEPTOS_ENV=PROD \
    LEPTOS_SITE_ADDR=$addr LEADSGEN_DATA_DIR="$data" RUST_LOG=error \
    LEADSGEN_TRUSTED_PROXIES=127.0.0.1 "$@" "$bin" &
  server=$!
  for _ in $(seq 100); do curl -fs "http://$addr/healthz" >/dev/null && break; sleep 0.1; done
  local out
  out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s "$work/post.lua" "http://$addr/api/consent/accept-all")
  kill "$server"; wait "$server" 2>/dev/null || true
  local rps p50 p99 records
  rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  local errors
  errors=$(awk '/Non-2xx|Socket errors/ {printf "%s ", $0}' <<<"$out")
  if [[ "$label" == off* ]]; then
    records="-"
  else
    records=$(env LEADSGEN_DATA_DIR="$data" "$@" "$bin" log verify | awk '{print $2 " (verified)"}')
  fi
  printf '%-22s %10s %10s %10s   %s %s\n' "$label" "$rps" "$p50" "$p99" "$records" "$errors"
}

echo "== Consent posts (Accept all, fetch), wrk -t2 -c64 -d${seconds}s, fresh server each"
printf '%-22s %10s %10s %10s   %s\n' "log" "req/s" "p50" "p99" "records in the log"
# The limits' cost: the same servers with the limits off (LEADSGEN_DECISIONS_PER_MINUTE=0),
# interleaved.
run off LEADSGEN_CONSENT_LOG=off
run "off, no limits" LEADSGEN_CONSENT_LOG=off LEADSGEN_DECISIONS_PER_MINUTE=0
run sqlite
run "sqlite, no limits" LEADSGEN_DECISIONS_PER_MINUTE=0
run off LEADSGEN_CONSENT_LOG=off
run "off, no limits" LEADSGEN_CONSENT_LOG=off LEADSGEN_DECISIONS_PER_MINUTE=0
if [ -n "${LEADSGEN_TEST_POSTGRES_URL:-}" ]; then
  db=bench_$$
  psql -q "$LEADSGEN_TEST_POSTGRES_URL" -c "CREATE DATABASE $db"
  run postgresql DATABASE_URL="${LEADSGEN_TEST_POSTGRES_URL%/*}/$db"
fi
