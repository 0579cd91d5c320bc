#!/usr/bin/python3
"""reload_load.py: `POST /v1/diagnose` under load while the knowledge base is reloaded every second, one reload of a
broken knowledge base among them, side by side with the same load and no reloads.

usage: tools/bench/reload_load.py [--ddx build/tools/ddx] [--seconds 25] [--runs 3] [--quick]

Each run starts `ddx serve` on a temporary copy of kb/ (loopback, no access log, a reload token) and drives
`POST /v1/diagnose` with kb/examples/lateral_knee_runner.json under wrk (keep-alive, 16 connections, 2 threads), twice:
  - baseline: no reloads;
  - reloads: this script POSTs /v1/reload every second from its own connection; 40% of the way in it breaks a rule
    file of the copy (a rule naming an unknown finding), and that reload must answer 422 with the old knowledge base
    kept; the file is restored and the reloads after it must answer 200 again.
Before the run, right after the refused reload and after the run, it fetches the fixed case's answer and checks that
the bytes are the same. The order of the two sides alternates between runs. wrk's Lua script counts non-2xx answers
and reports the latency distribution. Medians of the runs are printed as a table (Markdown) and written to
OUT/reload_load.md. Debian python3 and wrk only; never run by the test suite. Exits 1 if an answer changed, a
request failed, or a reload did not answer as expected.
"""
import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOKEN = "bench-reload-token"

# One request body, sent again and again; done() prints one JSON line with the counts and the latency distribution.
LUA = r"""
-- Each wrk thread runs its own copy of this script; setup() keeps the threads, so done() can add up the non-2xx
-- answers each thread's response() counted (wrk's own errors.status counts only statuses above 399).
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
local body = nil
non2xx = 0
function init(args)
  local f = io.open(args[1], "rb")
  body = f:read("*a")
  f:close()
end
function request()
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local e = summary.errors
  local bad = 0
  for _, t in ipairs(threads) do bad = bad + t:get("non2xx") end
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout, bad))
end
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(port, path, body=b"", headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", path, body=body, headers=headers or {})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    return r.status, data


def broken_copy_file(kb):
    """The copy's knee.ddx: the file the bad reload breaks."""
    return os.path.join(kb, "knee.ddx")


class reloader(threading.Thread):
    """POSTs /v1/reload every `every` seconds; breaks the knowledge base once at `break_at` seconds."""

    def __init__(self, port, kb, seconds, every, case_body, answer):
        super().__init__(daemon=True)
        self.port, self.kb, self.every, self.case_body, self.answer = port, kb, every, case_body, answer
        self.break_at = seconds * 0.4
        self.stop = threading.Event()
        self.ok = self.refused = self.unexpected = 0
        self.bad_reload_status = None
        self.during_same = None
        self.notes = []

    def reload(self):
        return post(self.port, "/v1/reload", b"", {"Authorization": "Bearer " + TOKEN})

    def run(self):
        start = time.monotonic()
        broken = False
        while not self.stop.wait(self.every):
            if not broken and time.monotonic() - start >= self.break_at:
                broken = True
                path = broken_copy_file(self.kb)
                with open(path, encoding="utf-8") as f:
                    original = f.read()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(original + "\nrule bench_broken\n  when loc.no_such_finding\n")
                status, body = self.reload()
                self.bad_reload_status = status
                if status == 422:
                    self.refused += 1
                else:
                    self.unexpected += 1
                    self.notes.append(f"the broken knowledge base's reload answered {status}: {body[:200]!r}")
                _, during = post(self.port, "/v1/diagnose", self.case_body, {"Content-Type": "application/json"})
                self.during_same = during == self.answer
                with open(path, "w", encoding="utf-8") as f:
                    f.write(original)
                continue
            status, body = self.reload()
            if status == 200:
                self.ok += 1
            else:
                self.unexpected += 1
                self.notes.append(f"a reload answered {status}: {body[:200]!r}")


def one_side(ddx, kb_src, case_file, seconds, connections, threads, with_reloads, work):
    kb = os.path.join(work, "kb")
    shutil.rmtree(kb, ignore_errors=True)
    shutil.copytree(kb_src, kb, ignore=shutil.ignore_patterns("tests", "examples", "README.md"))
    lua = os.path.join(work, "one_case.lua")
    with open(lua, "w") as f:
        f.write(LUA)
    with open(case_file, "rb") as f:
        case_body = f.read()
    port = free_port()
    env = dict(os.environ, DDX_RELOAD_TOKEN=TOKEN)
    server = subprocess.Popen([ddx, "serve", "--kb", kb, "--port", str(port), "--no-access-log"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    result = {}
    try:
        for _ in range(600):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                conn.request("GET", "/v1/ready")
                conn.getresponse().read()
                break
            except OSError:
                if server.poll() is not None:
                    sys.exit(f"reload_load.py: ddx serve exited ({server.returncode})")
                time.sleep(0.1)
        status, before = post(port, "/v1/diagnose", case_body, {"Content-Type": "application/json"})
        if status != 200:
            sys.exit(f"reload_load.py: the case was answered {status}: {before[:300]!r}")
        url = f"http://127.0.0.1:{port}/v1/diagnose"
        cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "5s", "-s", lua,
               url, "--", case_file]
        r = reloader(port, kb, seconds, 1.0, case_body, before) if with_reloads else None
        if r:
            r.start()
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        if r:
            r.stop.set()
            r.join()
        _, after = post(port, "/v1/diagnose", case_body, {"Content-Type": "application/json"})
        line = next(x for x in out.splitlines() if x.startswith("WRKJSON "))
        result = json.loads(line[len("WRKJSON "):])
        result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
        result["socket_errors"] = result["connect"] + result["read"] + result["write"] + result["timeout"]
        result["after_same"] = after == before
        if r:
            result.update(reloads_ok=r.ok, reloads_refused=r.refused, reloads_unexpected=r.unexpected,
                          bad_reload_status=r.bad_reload_status, during_same=r.during_same, notes=r.notes)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ddx", default=os.path.join(ROOT, "build/tools/ddx"))
    p.add_argument("--kb", default=os.path.join(ROOT, "kb"))
    p.add_argument("--case", default=os.path.join(ROOT, "kb/examples/lateral_knee_runner.json"))
    p.add_argument("--seconds", type=int, default=25, help="length of one wrk run (default 25)")
    p.add_argument("--runs", type=int, default=3, help="runs of each side (default 3)")
    p.add_argument("--connections", type=int, default=16)
    p.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    p.add_argument("--quick", action="store_true", help="smoke run: 1 run of 5 s per side")
    p.add_argument("--out", default=os.path.join(ROOT, "tools/bench/out"))
    a = p.parse_args()
    if a.quick:
        a.runs, a.seconds = 1, 5
    for tool in (a.ddx, "/usr/bin/wrk"):
        if not os.access(tool, os.X_OK):
            sys.exit(f"reload_load.py: {tool} not found (build ddx; apt-get install wrk)")
    load_before = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    work = tempfile.mkdtemp(prefix="ddx-reload-load-")
    # The case as one line, as wrk's Lua script reads it.
    case_file = os.path.join(work, "case.json")
    with open(a.case) as f, open(case_file, "w") as w:
        w.write(json.dumps(json.load(f)))
    sides = {"baseline": [], "reloads": []}
    try:
        for run in range(a.runs):
            order = [("baseline", False), ("reloads", True)]
            if run % 2:
                order.reverse()
            for name, with_reloads in order:
                print(f"run {run + 1}/{a.runs}: {name}, wrk {a.seconds} s at {a.connections} connections ...",
                      flush=True)
                sides[name].append(one_side(a.ddx, a.kb, case_file, a.seconds, a.connections, a.threads,
                                            with_reloads, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    load_after = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()

    def med(name, key, scale=1.0):
        return statistics.median(r[key] for r in sides[name]) / scale

    def total(name, key):
        return sum(r[key] for r in sides[name])

    rows = [("requests/s", "{:,.0f}", lambda n: med(n, "rps")),
            ("p50 latency (ms)", "{:.2f}", lambda n: med(n, "p50_us", 1000)),
            ("p90 latency (ms)", "{:.2f}", lambda n: med(n, "p90_us", 1000)),
            ("p99 latency (ms)", "{:.2f}", lambda n: med(n, "p99_us", 1000)),
            ("max latency (ms)", "{:.1f}", lambda n: med(n, "max_us", 1000)),
            ("requests (all runs)", "{:,}", lambda n: total(n, "requests")),
            ("non-2xx (all runs)", "{}", lambda n: total(n, "non2xx")),
            ("socket errors (all runs)", "{}", lambda n: total(n, "socket_errors"))]
    lines = [f"reload_load.py: {a.runs} run(s) per side, wrk {a.seconds} s, {a.connections} connections, "
             f"{a.threads} wrk threads, POST /v1/diagnose {os.path.relpath(a.case, ROOT)}", "",
             f"load before: {load_before}", f"load after: {load_after}", "",
             "| | no reloads | reload every second, one refused |", "| --- | --- | --- |"]
    for label, fmt, f in rows:
        lines.append(f"| {label} | {fmt.format(f('baseline'))} | {fmt.format(f('reloads'))} |")
    rl = sides["reloads"]
    lines.append(f"| reloads answered 200 / 422 / other (all runs) | | {sum(r['reloads_ok'] for r in rl)} / "
                 f"{sum(r['reloads_refused'] for r in rl)} / {sum(r['reloads_unexpected'] for r in rl)} |")
    lines.append(f"| ratio of requests/s | 1 | {med('reloads', 'rps') / med('baseline', 'rps'):.3f} |")
    same = all(r["after_same"] for s in sides.values() for r in s) and all(r["during_same"] for r in rl)
    lines += ["", "the fixed case's answer bytes before, during (after the refused reload) and after each run: " +
              ("the same" if same else "DIFFERENT")]
    problems = [n for r in rl for n in r["notes"]]
    if any(r["bad_reload_status"] != 422 for r in rl):
        problems.append("the broken knowledge base's reload did not answer 422")
    if total("baseline", "non2xx") or total("reloads", "non2xx"):
        problems.append("some requests were answered with a non-2xx status")
    if total("baseline", "socket_errors") or total("reloads", "socket_errors"):
        problems.append("some requests had socket errors")
    if not same:
        problems.append("an answer changed")
    lines += [f"problem: {x}" for x in problems]
    text = "\n".join(lines) + "\n"
    print(text)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "reload_load.md"), "w") as f:
        f.write(text)
    json.dump(sides, open(os.path.join(a.out, "reload_load.json"), "w"), indent=1)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
