#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of the parsers that read what visitors send: the
# cookie-consent decoder, the Cookie header read as bytes, the consent and personalization
# forms, the return_to normaliser, the canonical-path rule, every Location the server could
# write (resolved by a WHATWG URL parser), and Accept-Language. Runs each target for FUZZ_SECONDS (default 60) from its
# committed corpus (fuzz/corpus/<target>/) and prints a table. A crash stops with the input
# saved under fuzz/artifacts/<target>/: make it a regression test, then fix it.
#
# On the pinned stable Rust: libFuzzer's coverage instrumentation is a set of stable -C
# options, and safe Rust needs no sanitizer. What it needs: a C++ compiler (libfuzzer-sys
# builds libFuzzer). FUZZ_MERGE=1 adds the new inputs that grew coverage to the corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"cookie_consent cookie_header forms return_to paths locations locale"}
command -v c++ >/dev/null || {
  echo "fuzz: libFuzzer needs a C++ compiler (Debian: apt-get install g++)"; exit 1; }
triple=$(rustc -vV | awk '/^host:/ {print $2}')
flags="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4"
flags+=" -Cllvm-args=-sanitizer-coverage-inline-8bit-counters"
flags+=" -Cllvm-args=-sanitizer-coverage-pc-table -Cllvm-args=-sanitizer-coverage-trace-compares"
flags+=" --cfg fuzzing -Cdebug-assertions -Coverflow-checks"
# --target: the instrumentation applies to the targets, not to build scripts and macros.
RUSTFLAGS="$flags" CARGO_TARGET_DIR=target/fuzz \
  cargo build --quiet --release --manifest-path fuzz/Cargo.toml --target "$triple" --bins
bin=target/fuzz/$triple/release

printf '%-16s %10s %12s %8s %8s  %s\n' target runs "execs/s" cov corpus result
status=0
for t in $targets; do
  corpus=fuzz/corpus/$t
  found=$(mktemp -d /tmp/leadsgen-fuzz-$t.XXXXXX)
  mkdir -p "$corpus" "fuzz/artifacts/$t"
  log=$found/log
  set +e
  # New inputs go to $found (the first directory); the committed corpus is read only.
  "$bin/$t" "$found" "$corpus" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="fuzz/artifacts/$t/" >"$log" 2>&1
  code=$?
  set -e
  runs=$(awk '/stat::number_of_executed_units/ {print $2}' "$log")
  rate=$(awk '/stat::average_exec_per_sec/ {print $2}' "$log")
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -n 1 | awk '{print $2}')
  corp=$(grep -oE 'corp: [0-9]+' "$log" | tail -n 1 | awk '{print $2}')
  if [ "$code" -eq 0 ]; then
    result=ok
  else
    result="CRASH: $(ls -t "fuzz/artifacts/$t" | head -n 1)"
    status=1
    tail -n 30 "$log"
  fi
  printf '%-16s %10s %12s %8s %8s  %s\n' "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${corp:-?}" "$result"
  if [ "${FUZZ_MERGE:-0}" = 1 ]; then
    "$bin/$t" -merge=1 "$corpus" "$found" >/dev/null 2>&1 || true
  fi
  rm -rf "$found"
done
exit $status
