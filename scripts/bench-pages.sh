#!/usr/bin/env bash
# Pages against the physical limit, a static file: for /cookie-policy and / as a first visit, an
# "Accept all" visitor and a Do Not Track visitor, the bytes our server answers are saved and
# served by Debian's nginx (one worker), and wrk runs against nginx, our server, and our server
# with the page cache off, interleaved, in one run. Prints req/s, p50, p99 and the ratio to
# nginx; then 256 connections, and compressed answers. Figures, never pass/fail: the machine
# is shared and noisy, so read the ratios. Run by scripts/bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=target/release/leadsgen-consent
seconds=${BENCH_SECONDS:-4}
work=$(mktemp -d /tmp/leadsgen-pages.XXXXXX)
# nginx's workers drop root: they must be able to read the saved pages.
chmod 755 "$work"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Both installed by scripts/bench.sh.
nginx=$(command -v nginx || echo /usr/sbin/nginx)
for tool in wrk "$nginx"; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: 'make bench' installs it" >&2; exit 1; }
done

wait_for() {
  for _ in $(seq 100); do curl -fs "http://$1$2" >/dev/null && return; sleep 0.1; done
  echo "nothing answers on $1" >&2; exit 1
}

# Our server, in the release build's environment, with one shared signing key so that one
# "Accept all" cookie is valid on both of ours.
key=$(head -c 64 /dev/urandom | base64 -w0)
start_ours() {
  local addr=$1; shift
  mkdir -p "$work/data-$addr"
  env LEPTOS_OUTPUT_NAME=leadsgen LEPTOS_SITE_ROOT=target/site LEPTOS_HASH_FILES=true \
    LEPTOS_ENV=PROD LEPTOS_SITE_ADDR="$addr" LEADSGEN_DATA_DIR="$work/data-$addr" \
    CONSENT_COOKIE_KEY="$key" RUST_LOG=error "$@" "$bin" &
  pids+=($!)
  wait_for "$addr" /healthz
}
cached=127.0.0.1:$(scripts/free-port.sh)
start_ours "$cached"
uncached=127.0.0.1:$(scripts/free-port.sh)
start_ours "$uncached" LEADSGEN_PAGE_CACHE_MIB=0
# The same with one runtime thread: beside one nginx worker, the like-for-like comparison.
single=127.0.0.1:$(scripts/free-port.sh)
start_ours "$single" TOKIO_WORKER_THREADS=1

accept_all=$(curl -fs -o /dev/null -D - -X POST -H "Origin: http://$cached" \
  -H 'Content-Type: application/x-www-form-urlencoded' -d 'source=api' \
  "http://$cached/api/consent/accept-all" | tr -d '\r' \
  | awk -F'[ ;]' 'tolower($1) == "set-cookie:" && $2 ~ /^cookie-consent=/ {print $2}')
[ -n "$accept_all" ] || { echo "no consent cookie from Accept all" >&2; exit 1; }

pages=(/cookie-policy /)
visitors=(first accept-all dnt)
headers() {
  case $1 in
    first) ;;
    accept-all) printf '%s\n' -H "Cookie: $accept_all" ;;
    dnt) printf '%s\n' -H "DNT: 1" ;;
  esac
}
name() { local p=${1#/}; echo "${p:-home}-$2"; }

# The bytes ours answers each variant, served by nginx.
mkdir -p "$work/static" "$work/nginx"
for page in "${pages[@]}"; do
  for visitor in "${visitors[@]}"; do
    mapfile -t h < <(headers "$visitor")
    curl -fs "${h[@]}" "http://$cached$page" -o "$work/static/$(name "$page" "$visitor").html"
  done
done
# …and precompressed at the highest levels, for gzip_static and brotli_static.
node - "$work/static" <<'JS'
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const dir = process.argv[2];
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".html"))) {
  const buf = fs.readFileSync(path.join(dir, f));
  fs.writeFileSync(path.join(dir, f + ".gz"), zlib.gzipSync(buf, { level: 9 }));
  fs.writeFileSync(path.join(dir, f + ".br"), zlib.brotliCompressSync(buf, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  }));
}
JS
# Debian's brotli_static module (libnginx-mod-http-brotli-static, installed by bench.sh).
brotli_module=/usr/lib/nginx/modules/ngx_http_brotli_static_module.so
load_brotli=""; brotli_static=""
if [ -f "$brotli_module" ]; then
  load_brotli="load_module $brotli_module;"; brotli_static="brotli_static on;"
fi
static=127.0.0.1:$(scripts/free-port.sh)
cat > "$work/nginx/nginx.conf" <<CONF
$load_brotli
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log error;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  # Like ours, which keeps a connection for as many requests as it brings.
  keepalive_requests 1000000;
  types { text/html html; }
  gzip_static on;
  $brotli_static
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen $static;
    root $work/static;
  }
}
CONF
"$nginx" -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
pids+=($!)
wait_for "$static" "/$(name / first).html"

# measure <connections> <url> [wrk args…]: prints "req/s p50 p99 errors".
measure() {
  local c=$1 url=$2; shift 2
  local out
  out=$(wrk -t2 -c"$c" -d"${seconds}s" --latency "$@" "$url")
  # Empty figures (wrk failed) would print a table of nothing: stop instead.
  grep -q 'Requests/sec' <<<"$out" || { echo "wrk failed against $url: $out" >&2; exit 1; }
  awk '
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = $2 }
    $1 == "99%" { p99 = $2 }
    /Socket errors/ { gsub(",", ""); errors += $4 + $6 + $8 + $10 }
    /Non-2xx/ { errors += $5 }
    END { printf "%d %s %s %d\n", rps, p50, p99, errors }' <<<"$out"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }

echo "== Pages against nginx serving the same bytes (wrk -t2 -c64 -d${seconds}s each, interleaved)"
printf '%-16s %-11s | %22s | %30s | %30s\n' "" "" "nginx (static file)" "ours" "ours, page cache off"
printf '%-16s %-11s | %8s %6s %6s | %8s %6s %6s %6s | %8s %6s %6s %6s\n' page visitor \
  req/s p50 p99 req/s p50 p99 ratio req/s p50 p99 ratio
for page in "${pages[@]}"; do
  for visitor in "${visitors[@]}"; do
    mapfile -t h < <(headers "$visitor")
    read -r n_rps n_p50 n_p99 n_err < <(measure 64 "http://$static/$(name "$page" "$visitor").html")
    read -r o_rps o_p50 o_p99 o_err < <(measure 64 "http://$cached$page" "${h[@]}")
    read -r u_rps u_p50 u_p99 _ < <(measure 64 "http://$uncached$page" "${h[@]}")
    printf '%-16s %-11s | %8s %6s %6s | %8s %6s %6s %6s | %8s %6s %6s %6s%s\n' "$page" "$visitor" \
      "$n_rps" "$n_p50" "$n_p99" "$o_rps" "$o_p50" "$o_p99" "$(ratio "$o_rps" "$n_rps")" \
      "$u_rps" "$u_p50" "$u_p99" "$(ratio "$u_rps" "$n_rps")" \
      "$([ "$o_err" -eq 0 ] || echo "  (ours: $o_err errors)")$([ "$n_err" -eq 0 ] || echo "  (nginx: $n_err errors)")"
  done
done

echo
echo "== 256 connections (wrk -t2 -c256 -d${seconds}s): ours, and nginx for reference"
printf '%-16s %-11s | %8s %6s %6s %6s | %8s %6s %6s\n' page visitor req/s p50 p99 errors "nginx" p50 p99
for page in "${pages[@]}"; do
  for visitor in "${visitors[@]}"; do
    mapfile -t h < <(headers "$visitor")
    read -r o_rps o_p50 o_p99 o_err < <(measure 256 "http://$cached$page" "${h[@]}")
    read -r n_rps n_p50 n_p99 _ < <(measure 256 "http://$static/$(name "$page" "$visitor").html")
    printf '%-16s %-11s | %8s %6s %6s %6s | %8s %6s %6s\n' "$page" "$visitor" \
      "$o_rps" "$o_p50" "$o_p99" "$o_err" "$n_rps" "$n_p50" "$n_p99"
  done
done

echo
echo "== Compressed pages, as browsers ask for them (wrk -t2 -c64 -d${seconds}s each, interleaved)"
echo "   nginx: the same bytes precompressed at the highest level (gzip_static, brotli_static), one worker."
echo "   ours: brotli and gzip spliced from the page cache's precompressed pieces."
echo "   'ours, 1 thread': TOKIO_WORKER_THREADS=1, beside nginx's one worker."
[ -f "$brotli_module" ] || echo "   (no $brotli_module: the nginx brotli rows serve uncompressed bytes)"
printf '%-16s %-11s %-4s | %8s %6s %6s | %8s %6s %6s %6s %6s | %8s %6s\n' page visitor enc \
  "nginx" p99 bytes "ours" p99 bytes ratio "" "1 thread" ratio
for page in "${pages[@]}"; do
  for visitor in "${visitors[@]}"; do
    mapfile -t h < <(headers "$visitor")
    for encoding in gzip br; do
      file="http://$static/$(name "$page" "$visitor").html"
      # Each server's page cache holds the variant's template (built in the background).
      for ours in "$cached" "$single"; do
        curl -fs "${h[@]}" -H "Accept-Encoding: $encoding" "http://$ours$page" -o /dev/null
      done
      sleep 0.3
      n_bytes=$(curl -fs -H "Accept-Encoding: $encoding" "$file" | wc -c)
      o_bytes=$(curl -fs "${h[@]}" -H "Accept-Encoding: $encoding" "http://$cached$page" | wc -c)
      read -r n_rps _ n_p99 _ < <(measure 64 "$file" -H "Accept-Encoding: $encoding")
      read -r o_rps _ o_p99 o_err < <(measure 64 "http://$cached$page" "${h[@]}" -H "Accept-Encoding: $encoding")
      read -r s_rps _ _ _ < <(measure 64 "http://$single$page" "${h[@]}" -H "Accept-Encoding: $encoding")
      printf '%-16s %-11s %-4s | %8s %6s %6s | %8s %6s %6s %6s %6s | %8s %6s%s\n' "$page" "$visitor" \
        "$encoding" "$n_rps" "$n_p99" "$n_bytes" "$o_rps" "$o_p99" "$o_bytes" \
        "$(ratio "$o_rps" "$n_rps")" "" "$s_rps" "$(ratio "$s_rps" "$n_rps")" \
        "$([ "$o_err" -eq 0 ] || echo "  (ours: $o_err errors)")"
    done
  done
done

# Signed in: one account on ours, its session cookie, and the pages it sees (never cached,
# one indexed read for the session and the account's decision), next to the same pages for
# an "Accept all" visitor who is signed out.
jar=$work/jar.txt
curl -fs -c "$jar" "http://$cached/sign-up" -o "$work/sign-up.html"
csrf=$(grep -o 'name="csrf_token" value="[0-9a-f]*"' "$work/sign-up.html" | head -n1 | sed 's/.*value="//; s/"$//')
[ -n "$csrf" ] || { echo "no CSRF field on /sign-up" >&2; exit 1; }
curl -fs -b "$jar" -c "$jar" -o /dev/null -X POST -H "Origin: http://$cached" \
  -H 'Content-Type: application/x-www-form-urlencoded' \
  --data-urlencode "email=bench@example.com" --data-urlencode "password=correct horse battery" \
  --data-urlencode "csrf_token=$csrf" "http://$cached/api/account/sign-up"
session=$(awk '$6 == "next-auth.session-token" {print $6 "=" $7}' "$jar")
[ -n "$session" ] || { echo "no session cookie from sign-up" >&2; exit 1; }
csrf_cookie=$(awk '$6 == "next-auth.csrf-token" {print $6 "=" $7}' "$jar")
curl -fs -o /dev/null -X POST -H "Origin: http://$cached" -H "Cookie: $session" \
  -H 'Content-Type: application/x-www-form-urlencoded' -d 'source=api' \
  "http://$cached/api/consent/accept-all"

echo
echo "== Signed in (wrk -t2 -c64 -d${seconds}s, interleaved): ours, against the same page signed out"
printf '%-16s | %8s %6s %6s | %8s %6s %6s %6s\n' page "signed out" p50 p99 "signed in" p50 p99 ratio
for page in / /settings; do
  read -r a_rps a_p50 a_p99 _ < <(measure 64 "http://$cached$page" -H "Cookie: $accept_all")
  read -r s_rps s_p50 s_p99 s_err < <(measure 64 "http://$cached$page" -H "Cookie: $session")
  printf '%-16s | %8s %6s %6s | %8s %6s %6s %6s%s\n' "$page" "$a_rps" "$a_p50" "$a_p99" \
    "$s_rps" "$s_p50" "$s_p99" "$(ratio "$s_rps" "$a_rps")" \
    "$([ "$s_err" -eq 0 ] || echo "  ($s_err errors)")"
done

echo
echo "== Sign-ins (Argon2id m=19 MiB t=2 p=1, one hash per core; wrk -t2 -c8 -d${seconds}s)"
cat > "$work/sign-in.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "http://$cached"
wrk.headers["Cookie"] = "$csrf_cookie"
wrk.body = "email=bench%40example.com&password=correct+horse+battery&csrf_token=$csrf"
LUA
read -r i_rps i_p50 i_p99 i_err < <(measure 8 "http://$cached/api/account/sign-in" -s "$work/sign-in.lua")
printf 'sign-ins/s %s, p50 %s, p99 %s%s\n' "$i_rps" "$i_p50" "$i_p99" \
  "$([ "$i_err" -eq 0 ] || echo "  ($i_err errors)")"
