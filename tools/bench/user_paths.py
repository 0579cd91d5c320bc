#!/usr/bin/python3
"""user_paths.py: what users run, timed side by side: `ddx diagnose --cases` and `POST /v1/diagnose` under wrk.

usage: tools/bench/user_paths.py [--ddx build/tools/ddx] [--quick] [--dxplain] [--out tools/bench/out]

For each scale (the bundled knowledge base; with --dxplain also the bench's generated DXplain-scale one):
  1. writes realistic cases as JSON lines (bundled: scripts/random_cases.py's generator, mistakes left out so that
     every case is answered; DXplain: ddx_bench_gen's cases, a true condition's findings plus noise);
  2. times, in alternating rounds, `ddx diagnose --cases FILE --format json` (full results, next questions
     included), the same with `--jobs 2`, and the floor: Python's json module parsing every input line and every
     output line and writing the output lines back out; medians of the rounds and the ratio ddx / Python;
  3. serves the same knowledge base with `ddx serve` on a loopback port and drives `POST /v1/diagnose` with wrk
     (keep-alive, 16 connections; a Lua script cycles through the cases as request bodies): requests/s, p50/p99
     latency, errors (non-2xx, socket errors), the median of the rounds;
  4. prints a table and writes it to OUT/user_paths.md.
Debian python3 and wrk only. The machine's load (uptime) is printed before and after: the figures mean little
without it. Never run by the test suite.
"""
import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.dont_write_bytecode = True  # importing scripts/random_cases.py leaves no __pycache__ in the source tree
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import random_cases  # noqa: E402  (the project's own random-case generator)

# The floor: what Python's json module needs merely to read the input and output lines and write the output back.
FLOOR = r"""
import json, sys
cases, results, out = sys.argv[1], sys.argv[2], sys.argv[3]
with open(cases) as f:
    for line in f:
        if line.strip():
            json.loads(line)
with open(results) as f, open(out, "w") as w:
    for line in f:
        w.write(json.dumps(json.loads(line)))
        w.write("\n")
"""

# wrk: each thread loads the cases once and cycles through them as request bodies; done() prints one JSON line.
LUA = r"""
local bodies = {}
local requests = {}
local n = 0
local i = 0
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then
      n = n + 1
      requests[n] = wrk.format("POST", nil, {["Content-Type"] = "application/json"}, line)
    end
  end
  i = math.random(n) - 1
end
function request()
  i = i % n + 1
  return requests[i]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def bundled_cases(ddx, kb, count, seed, path):
    """random_cases.py's cases without its deliberate mistakes (unknown ids, a finding both present and absent)."""
    findings, values = random_cases.vocabulary(ddx, kb)
    known = set(findings)
    rng = random.Random(seed)
    with open(path, "w") as f:
        for n in range(count):
            case = random_cases.one_case(rng, n, findings, values)
            case["present"] = [x for x in case["present"] if x in known]
            case["absent"] = [x for x in case["absent"] if x in known and x not in case["present"]]
            f.write(json.dumps(case) + "\n")


def dxplain_cases(gen, out_dir, count, path):
    """ddx_bench_gen's DXplain-scale knowledge base and cases (`k truth | present... | absent...`) as JSON lines."""
    subprocess.run([gen, "--scale", "dxplain", "--out", out_dir, "--cases", str(count)], check=True,
                   stdout=subprocess.DEVNULL)
    kb = os.path.join(out_dir, "dxplain")
    with open(os.path.join(kb, "cases.txt")) as f, open(path, "w") as w:
        for line in f:
            head, present, absent = line.rstrip("\n").split("|")
            case = {"id": "dx-" + head.split()[0], "present": present.split(), "absent": absent.split()}
            w.write(json.dumps(case) + "\n")
    return kb


def timed(cmd, stdout_path=None):
    start = time.perf_counter()
    with open(stdout_path or os.devnull, "w") as out:
        rc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE).returncode
    return time.perf_counter() - start, rc


def batch(ddx, kb, cases, count, rounds, work):
    """Alternating rounds of ddx (1 job), ddx --jobs 2 and the Python floor; medians in seconds."""
    results = os.path.join(work, "results.jsonl")
    base = [ddx, "diagnose", "--kb", kb, "--cases", cases, "--format", "json"]
    runs = {"ddx": [], "ddx_j2": [], "python": []}
    timed(base, results)  # warm the page cache and check the output
    with open(results) as f:
        lines = f.read().splitlines()
    bad = sum(1 for line in lines if '"error"' in line[:40])
    if len(lines) != count:
        sys.exit(f"user_paths.py: {len(lines)} result lines for {count} cases")
    for r in range(rounds):
        order = [("ddx", base), ("ddx_j2", base + ["--jobs", "2"]), ("python", None)]
        order = order[r % 3:] + order[:r % 3]  # rotate, so no side always runs first
        for name, cmd in order:
            if cmd is None:
                cmd = [sys.executable, "-c", FLOOR, cases, results, os.path.join(work, "floor.jsonl")]
                seconds, rc = timed(cmd)
            else:
                seconds, rc = timed(cmd, os.path.join(work, name + ".jsonl"))
            if rc not in (0, 1) or (name == "python" and rc != 0):
                sys.exit(f"user_paths.py: {name} failed (exit {rc})")
            runs[name].append(seconds)
    with open(os.path.join(work, "ddx_j2.jsonl")) as f:
        same = f.read().splitlines() == lines
    med = {k: statistics.median(v) for k, v in runs.items()}
    return med, runs, bad, same, sum(len(x) + 1 for x in lines) / max(1, len(lines))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(ddx, kb, cases, rounds, seconds, connections, threads, work):
    lua = os.path.join(work, "cycle.lua")
    with open(lua, "w") as f:
        f.write(LUA)
    port = free_port()
    server = subprocess.Popen([ddx, "serve", "--kb", kb, "--port", str(port)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(600):
            try:
                urllib.request.urlopen(url + "/v1/health", timeout=1).read()
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit(f"user_paths.py: ddx serve exited ({server.returncode})")
                time.sleep(0.1)
        else:
            sys.exit("user_paths.py: ddx serve did not answer /v1/health in 60 s")
        cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-s", lua, url + "/v1/diagnose", "--", cases]
        subprocess.run(cmd[:1] + ["-d", "1s"] + cmd[1:], capture_output=True, check=True)  # warm-up
        runs = []
        for _ in range(rounds):
            out = subprocess.run(cmd[:1] + ["-d", f"{seconds}s", "--timeout", "2s"] + cmd[1:], capture_output=True,
                                 text=True, check=True).stdout
            line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
            runs.append(json.loads(line[len("WRKJSON "):]))
    finally:
        server.terminate()
        server.wait(timeout=30)
    for r in runs:
        r["rps"] = r["requests"] / (r["duration_us"] / 1e6)
        r["socket_errors"] = r["connect"] + r["read"] + r["write"] + r["timeout"]
    return {
        "rps": statistics.median(r["rps"] for r in runs),
        "p50_ms": statistics.median(r["p50_us"] for r in runs) / 1000,
        "p99_ms": statistics.median(r["p99_us"] for r in runs) / 1000,
        "worst_p99_ms": max(r["p99_us"] for r in runs) / 1000,
        "requests": sum(r["requests"] for r in runs),
        "non2xx": sum(r["status"] for r in runs),
        "socket_errors": sum(r["socket_errors"] for r in runs),
        "runs": runs,
    }


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ddx", default=os.path.join(ROOT, "build/tools/ddx"))
    p.add_argument("--gen", default=os.path.join(ROOT, "build/tools/bench/ddx_bench_gen"),
                   help="ddx_bench_gen (cmake -DDDX_BUILD_BENCH=ON), for --dxplain")
    p.add_argument("--kb", default=os.path.join(ROOT, "kb"))
    p.add_argument("--cases", type=int, default=20000, help="bundled-kb cases (default 20000)")
    p.add_argument("--dxplain", action="store_true", help="also the DXplain-scale generated knowledge base")
    p.add_argument("--dxplain-cases", type=int, default=300, help="DXplain-scale cases (default 300: 240 KB a result)")
    p.add_argument("--rounds", type=int, default=3, help="alternating batch rounds and wrk runs (default 3)")
    p.add_argument("--seconds", type=int, default=5, help="length of one wrk run (default 5)")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--wrk-threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--quick", action="store_true", help="smoke run: 1,000 cases, 1 round, 2 s of wrk")
    p.add_argument("--out", default=os.path.join(ROOT, "tools/bench/out"))
    a = p.parse_args()
    if a.quick:
        a.cases, a.dxplain_cases, a.rounds, a.seconds = 1000, min(a.dxplain_cases, 100), 1, 2
    for tool in (a.ddx, "/usr/bin/wrk") + ((a.gen,) if a.dxplain else ()):
        if not os.access(tool, os.X_OK):
            sys.exit(f"user_paths.py: {tool} not found or not executable")
    os.makedirs(a.out, exist_ok=True)
    load_before = uptime()
    print("load before:", load_before, flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="ddx-user-paths-") as work:
        scales = [("bundled kb/", a.kb, a.cases)]
        if a.dxplain:
            scales.append(("DXplain scale", None, a.dxplain_cases))
        for name, kb, count in scales:
            cases = os.path.join(work, "cases.jsonl")
            if kb is None:
                kb = dxplain_cases(a.gen, os.path.join(work, "gen"), count, cases)
            else:
                bundled_cases(a.ddx, kb, count, a.seed, cases)
            print(f"{name}: {count} cases; batch, {a.rounds} rounds ...", flush=True)
            med, runs, bad, same, line_bytes = batch(a.ddx, kb, cases, count, a.rounds, work)
            print(f"{name}: wrk, {a.rounds} x {a.seconds} s at {a.connections} connections ...", flush=True)
            h = http(a.ddx, kb, cases, a.rounds, a.seconds, a.connections, a.wrk_threads, work)
            rows.append((name, count, med, runs, bad, same, line_bytes, h))
            os.remove(cases)
    load_after = uptime()
    print("load after:", load_after, flush=True)

    out = ["| knowledge base | cases | ddx --cases (s) | cases/s | --jobs 2 (s) | cases/s | Python json floor (s) "
           "| ddx / Python | --jobs 2 / Python | HTTP req/s | HTTP / batch --jobs 2 | p50 (ms) | p99 (ms) "
           "| errors (non-2xx + socket) |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, count, med, runs, bad, same, line_bytes, h in rows:
        out.append(
            f"| {name} | {count} | {med['ddx']:.3f} | {count / med['ddx']:,.0f} | {med['ddx_j2']:.3f} "
            f"| {count / med['ddx_j2']:,.0f} | {med['python']:.3f} | {med['ddx'] / med['python']:.2f} "
            f"| {med['ddx_j2'] / med['python']:.2f} | {h['rps']:,.0f} | {h['rps'] * med['ddx_j2'] / count:.2f} "
            f"| {h['p50_ms']:.2f} | {h['p99_ms']:.2f} | {h['non2xx']} + {h['socket_errors']} |")
    notes = []
    for name, count, med, runs, bad, same, line_bytes, h in rows:
        fmt_runs = "; ".join(f"{k} " + ", ".join(f"{s:.3f}" for s in v) for k, v in runs.items())
        notes.append(f"- {name}: rounds (s): {fmt_runs}. {bad} error lines; --jobs 2 output "
                     f"{'byte-identical' if same else 'DIFFERENT'} to one job's; {line_bytes:,.0f} bytes a result line. "
                     f"HTTP: {h['requests']:,} requests in all, worst p99 {h['worst_p99_ms']:.2f} ms, req/s per run "
                     + ", ".join(f"{r['rps']:,.0f}" for r in h["runs"]) + ".")
    text = "\n".join(
        [f"ddx user paths, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
         f"{a.rounds} rounds, wrk {a.seconds} s x {a.rounds} at {a.connections} connections "
         f"({a.wrk_threads} wrk thread(s))", "", f"load before: {load_before}", f"load after: {load_after}", ""]
        + out + [""] + notes) + "\n"
    print()
    print(text)
    with open(os.path.join(a.out, "user_paths.md"), "w") as f:
        f.write(text)
    print("written:", os.path.join(a.out, "user_paths.md"))


if __name__ == "__main__":
    main()
