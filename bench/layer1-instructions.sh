#!/usr/bin/env bash
# Instructions per Layer-1 decision over the corpus, counted by valgrind: a number that does not move with the load of
# a shared machine (times here vary by 1.5x), for comparing two commits. It counts work, not cache misses. It prints the
# total and the total without libc's memset: the collector clearing fresh allocation space, which valgrind counts byte
# by byte (so it stands for bytes allocated, over-weighted). Confirm a gain in time with the benchmarks before claiming it.
# usage: bench/layer1-instructions.sh            (needs valgrind: apt-get install valgrind)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/bench/Mstro.Bench.Layer1.Aot/bin/publish"
dotnet publish -c Release "$root/bench/Mstro.Bench.Layer1.Aot" -o "$out" --nologo -v quiet >/dev/null
# valgrind 3.19 cannot read the DWARF 5 of the unstripped binary; the copy sits next to it (the corpus is found from there).
strip --strip-debug -o "$out/layer1-stripped" "$out/Mstro.Bench.Layer1.Aot"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$tmp/cg.$1" "$out/layer1-stripped" passes "$1" >/dev/null 2>&1
  cg_annotate "$tmp/cg.$1" > "$tmp/annotated.$1" 2>/dev/null || true
  awk '/PROGRAM TOTALS/ && !t { gsub(",", "", $1); t = $1 } /memset/ { gsub(",", "", $1); m += $1 } END { print t, m + 0 }' "$tmp/annotated.$1"
}
cases=$(find "$root/tests/Mstro.Bouncer.Tests/Corpus" -name '*.jsonl' -exec cat {} + | grep -c .)
# Passes 17-32: by then every rule condition the corpus reaches has left its pattern-by-pattern start (16 uses, which
# spare a one-call process the compiling) for its compiled matcher, as in the throughput benchmark. Sixteen passes
# rather than four: a garbage collection (about 2,600 instructions per decision of a four-pass window) falls in or out of
# a short window as allocations change, and would read as a gain or a loss.
from=16 to=32
read -r before before_memset < <(count $from)
read -r after after_memset < <(count $to)
per=$(( (to - from) * cases ))
echo "$(( (after - before) / per )) instructions per decision, $(( (after - before - after_memset + before_memset) / per )) without memset ($cases corpus payloads, passes $((from + 1))-$to)"
