#!/usr/bin/env bash
# The hook benchmark, one command:  bench/hook.sh   (RUNS=200 WARMUP=20 by default; PIN=1 pins every child to CPU 0)
# Builds mstro and the NativeAOT mstro-hook (./mstro's build, reused when current), installs cc-safety-net@2.4.5 from
# npm into a temp folder, and prints p50/p90/max wall time and peak RSS per call for /bin/true, mstro-hook without a
# server, mstro-hook with `mstro serve` running, and cc-safety-net, on the same benign Bash payloads, with the ratios
# and the load average. See bench/README.md.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

for tool in gcc npm node python3; do
  command -v "$tool" >/dev/null || { echo "bench/hook.sh needs $tool on PATH" >&2; exit 1; }
done

"$root/mstro" --version >/dev/null # builds artifacts/bin when missing or stale

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

gcc -O2 -Wall -o "$tmp/spawn-timer" "$root/bench/hook/spawn-timer.c"

echo "installing cc-safety-net@2.4.5 from npm into $tmp/ccsn ..." >&2
npm install --prefix "$tmp/ccsn" --no-audit --no-fund --loglevel=error cc-safety-net@2.4.5 >/dev/null

mkdir -p "$tmp/project" "$tmp/home" "$tmp/home-server"
# A server in its own HOME: the hook finds it through ~/.mstro/server.json.
HOME="$tmp/home-server" "$root/artifacts/bin/mstro" serve --log-file "$tmp/serve.log" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 100); do [[ -s "$tmp/home-server/.mstro/server.json" ]] && break; sleep 0.1; done
[[ -s "$tmp/home-server/.mstro/server.json" ]] || { echo "mstro serve did not start (see $tmp/serve.log)" >&2; cat "$tmp/serve.log" >&2; exit 1; }

python3 "$root/bench/hook/run.py" --tmp "$tmp" --root "$root" --runs "${RUNS:-200}" --warmup "${WARMUP:-20}" --pin "${PIN:-0}"
