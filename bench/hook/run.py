"""Times each hook as a fresh process, interleaved, and prints the table (called by bench/hook.sh)."""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

COMMANDS = [
    "npm test",
    "git status --short && git diff --stat",
    "ls -la src",
    "dotnet build -c Release 2>&1 | tail -20",
    "grep -rn TODO src | head -20",
]


def payloads(tmp):
    folder = os.path.join(tmp, "payloads")
    os.makedirs(folder, exist_ok=True)
    files = []
    for i, command in enumerate(COMMANDS):
        payload = {
            "session_id": "bench-session",
            "transcript_path": os.path.join(tmp, "home", ".claude", "projects", "bench", "bench-session.jsonl"),
            "cwd": os.path.join(tmp, "project"),
            "permission_mode": "default",
            "hook_event_name": "PreToolUse",
            "tool_name": "Bash",
            "tool_input": {"command": command, "description": "benchmark"},
            "tool_use_id": f"toolu_bench_{i}",
        }
        path = os.path.join(folder, f"{i}.json")
        with open(path, "w") as f:
            json.dump(payload, f)
        files.append(path)
    return files


def decision(output):
    text = output.strip()
    if not text:
        return "(no output: allow)"
    try:
        return json.loads(text)["hookSpecificOutput"]["permissionDecision"]
    except (ValueError, KeyError, TypeError):
        return "unreadable: " + text[:80]


def run_chunk(args, target, files, runs):
    argv = [os.path.join(args.tmp, "spawn-timer"), str(runs), *files, "--", *target["argv"]]
    if args.pin:
        argv = ["taskset", "-c", "0", *argv]
    done = subprocess.run(argv, env=target["env"], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{target['name']} failed: {done.stderr.strip()}")
    return [tuple(int(x) for x in line.split()) for line in done.stdout.splitlines()]


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--root", required=True)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--pin", type=int, default=0)
    args = parser.parse_args()

    files = payloads(args.tmp)
    base_env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    env = dict(base_env, HOME=os.path.join(args.tmp, "home"))
    server_env = dict(base_env, HOME=os.path.join(args.tmp, "home-server"))
    hook = os.path.join(args.root, "artifacts", "bin", "mstro-hook")
    ccsn = os.path.join(args.tmp, "ccsn", "node_modules", "cc-safety-net", "dist", "bin", "cc-safety-net.js")
    targets = [
        {"name": "/bin/true", "argv": ["/bin/true"], "env": env},
        {"name": "mstro-hook, no server", "argv": [hook], "env": env},
        {"name": "mstro-hook, `mstro serve` running", "argv": [hook], "env": server_env},
        {"name": "cc-safety-net 2.4.5 (node " + subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip() + ")",
         "argv": ["node", ccsn, "hook", "--coding-cli"], "env": env},
    ]

    # What each one answers (the same payloads must be decided the same way for the comparison to be fair).
    for target in targets[1:]:
        answers = set()
        for path in files:
            with open(path, "rb") as f:
                out = subprocess.run(target["argv"], stdin=f, env=target["env"], capture_output=True, text=True)
            answers.add(decision(out.stdout))
        print(f"{target['name']}: answers {', '.join(sorted(answers))}", file=sys.stderr)

    for target in targets:
        run_chunk(args, target, files, args.warmup)

    load_before = os.getloadavg()
    chunk = 10
    samples = {t["name"]: [] for t in targets}
    started = time.time()
    for _ in range(max(1, args.runs // chunk)):
        for target in targets:
            samples[target["name"]] += run_chunk(args, target, files, chunk)
    elapsed = time.time() - started
    load_after = os.getloadavg()

    rows = {}
    for target in targets:
        wall = sorted(s[0] / 1000 for s in samples[target["name"]])
        rss = [s[1] / 1024 for s in samples[target["name"]]]
        rows[target["name"]] = {
            "p50": percentile(wall, 50), "p90": percentile(wall, 90), "max": wall[-1],
            "rss": max(rss), "rss50": statistics.median(rss), "n": len(wall),
        }

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    print()
    print(f"## mstro-hook vs. peers, one fresh process per call ({platform.system()}, {os.cpu_count()} cores, {cpu})")
    print()
    print(f"{len(files)} benign Bash payloads in turn; {args.runs} timed runs per row after {args.warmup} warm-up runs, "
          f"interleaved in rounds of {chunk}; wall time from fork to exit, peak RSS from wait4"
          f"{'; every child pinned to CPU 0' if args.pin else ''}.")
    print(f"Load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; "
          f"after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} ({elapsed:.0f} s).")
    print()
    print("| hook | p50 | p90 | max | peak RSS (max / median) |")
    print("|---|---|---|---|---|")
    for target in targets:
        r = rows[target["name"]]
        print(f"| {target['name']} | {r['p50']:.2f} ms | {r['p90']:.2f} ms | {r['max']:.2f} ms | {r['rss']:.1f} / {r['rss50']:.1f} MB |")
    true_p50 = rows[targets[0]["name"]]["p50"]
    alone = rows[targets[1]["name"]]
    served = rows[targets[2]["name"]]
    ccsn_row = rows[targets[3]["name"]]
    print()
    print("| ratio | value | target |")
    print("|---|---|---|")
    print(f"| mstro-hook p50 / `/bin/true` p50 | {alone['p50'] / true_p50:.1f}x | ≤ 6x |")
    print(f"| cc-safety-net p50 / mstro-hook p50 | {ccsn_row['p50'] / alone['p50']:.1f}x | ≥ 10x |")
    print(f"| with server − without, p50 | {served['p50'] - alone['p50']:+.2f} ms | ≤ +2 ms |")
    print(f"| mstro-hook peak RSS | {max(alone['rss'], served['rss']):.1f} MB | ≤ 30 MB |")

    log = os.path.join(args.tmp, "home", ".claude", "logs", "bouncer.log")
    try:
        with open(log) as f:
            durations = sorted(json.loads(line)["durationUs"] for line in f if line.strip())
        print()
        print(f"Inside the hook (the audit log's durationUs, from reading stdin to the answer): "
              f"p50 {percentile(durations, 50)} µs, p90 {percentile(durations, 90)} µs over {len(durations)} calls.")
    except (OSError, ValueError, KeyError, IndexError):
        pass


if __name__ == "__main__":
    main()
