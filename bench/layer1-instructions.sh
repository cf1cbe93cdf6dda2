#!/usr/bin/env bash
# Instructions per Layer-1 decision over the corpus, counted by valgrind: a number that does not move with the load of
# a shared machine (times here vary by 2x), for comparing two commits. It counts work, not cache misses, and it
# over-weights memset (the GC clearing new memory): confirm a gain in time with the benchmarks before claiming it.
# usage: bench/layer1-instructions.sh            (needs valgrind: apt-get install valgrind)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/bench/Mstro.Bench.Layer1.Aot/bin/publish"
dotnet publish -c Release "$root/bench/Mstro.Bench.Layer1.Aot" -o "$out" --nologo -v quiet >/dev/null
# valgrind 3.19 cannot read the DWARF 5 of the unstripped binary; the copy sits next to it (the corpus is found from there).
strip --strip-debug -o "$out/layer1-stripped" "$out/Mstro.Bench.Layer1.Aot"
count() {
  valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$out/layer1-stripped" passes "$1" 2>&1 \
    | awk '/I +refs:/ { gsub(",", "", $NF); print $NF }'
}
cases=$(find "$root/tests/Mstro.Bouncer.Tests/Corpus" -name '*.jsonl' -exec cat {} + | grep -c .)
# Passes 17-20: by then every rule condition the corpus reaches has left its pattern-by-pattern start (16 uses, which
# spare a one-call process the compiling) for its compiled matcher, as in the throughput benchmark.
before=$(count 16)
after=$(count 20)
echo "$(( (after - before) / 4 / cases )) instructions per decision ($cases corpus payloads, passes 17-20)"
