#!/usr/bin/env python3
# eval_vignettes.py: owns the hold-out vignette evaluation report (accuracy, red-flag recall, triage).
"""Run the blind hold-out vignettes through `ddx diagnose --cases` and report figures.

usage: scripts/eval_vignettes.py [--ddx build/tools/ddx] [--kb kb]
                                 [--file FILE.jsonl ...] [--verbose]

Without --file it reads every tests/vignettes/*.jsonl. Each file is reported on its own, then
all files together. The "expect" and "note" fields are stripped before the cases reach ddx.
This is a report, not a test: the exit status is always 0.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

LEVELS = ["self_care", "modify_training", "stop_and_assess", "urgent_care", "emergency"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rank_of(level):
    return LEVELS.index(level) if level in LEVELS else -1


def default_ddx():
    candidates = [os.path.join(ROOT, "build", "tools", "ddx")]
    candidates += glob.glob(os.path.join(ROOT, "build-*", "tools", "ddx"))
    found = [c for c in candidates if os.path.isfile(c) and os.access(c, os.X_OK)]
    if not found:
        return os.path.join(ROOT, "build", "tools", "ddx")
    return max(found, key=os.path.getmtime)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ddx", default=None, help="ddx binary (default: newest build*/tools/ddx)")
    p.add_argument("--kb", default=os.path.join(ROOT, "kb"), help="knowledge base directory")
    p.add_argument("--file", action="append", default=None,
                   help="vignette file (repeatable; default: every tests/vignettes/*.jsonl)")
    p.add_argument("--verbose", action="store_true", help="list every miss")
    return p.parse_args()


def load_cases(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                cases.append(json.loads(line))
            except json.JSONDecodeError as e:
                print(f"{path}:{n}: malformed vignette: {e}")
    return cases


def run_ddx(ddx, kb, cases):
    stripped = [{k: v for k, v in c.items() if k not in ("expect", "note")} for c in cases]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tmp:
        for c in stripped:
            tmp.write(json.dumps(c) + "\n")
        name = tmp.name
    try:
        proc = subprocess.run([ddx, "diagnose", "--kb", kb, "--cases", name, "--format", "json"],
                              capture_output=True, text=True)
    except OSError as e:
        print(f"cannot run `{ddx}`: {e}")
        return None
    finally:
        os.unlink(name)
    results = []
    for line in proc.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        try:
            results.append(json.loads(line))
        except json.JSONDecodeError:
            results.append({"error": line})
    if len(results) != len(cases):
        print(f"warning: {len(cases)} cases sent, {len(results)} result lines (exit {proc.returncode})")
        if proc.stderr.strip():
            print(proc.stderr.strip()[:2000])
    return results


def pct(n, d):
    return f"{n}/{d} ({100.0 * n / d:.1f}%)" if d else f"{n}/0 (n/a)"


def evaluate(cases, results, verbose):
    n = top1 = top3 = rejected = 0
    rf_total = rf_hit = rf_below = rf_above = ff_total = ff_over = ff_under = under = 0
    misses = []
    for case, res in zip(cases, results):
        exp = case["expect"]
        n += 1
        if not isinstance(res, dict) or "differential" not in res or "triage" not in res:
            rejected += 1
            misses.append((case["id"], exp, None, None, "REJECTED: " + json.dumps(res)[:300]))
            continue
        ok = {exp["condition"], *exp.get("acceptable", [])}
        ids = [d.get("id") for d in res["differential"]]
        level = res["triage"].get("level")
        hit1 = bool(ids) and ids[0] in ok
        hit3 = any(i in ok for i in ids[:3])
        top1 += hit1
        top3 += hit3
        want, got = rank_of(exp["triage"]), rank_of(level)
        if exp["red_flag"]:
            rf_total += 1
            rf_hit += got >= rank_of("stop_and_assess")
            rf_below += got < want
            rf_above += got > want
        else:
            ff_total += 1
            ff_over += got > want
            ff_under += got < want
        under += got < want
        if not hit1 or got != want:
            misses.append((case["id"], exp, ids[:3], level, ""))
    print(f"vignettes:            {n} ({rejected} rejected by ddx)")
    print(f"top-1 accuracy:       {pct(top1, n)}")
    print(f"top-3 accuracy:       {pct(top3, n)}")
    print(f"red-flag recall:      {pct(rf_hit, rf_total)}  (red_flag cases triaged >= stop_and_assess)")
    print(f"red flags below level: {pct(rf_below, rf_total)}  (red_flag cases triaged less urgently than expected)")
    print(f"red flags above level: {pct(rf_above, rf_total)}  (red_flag cases triaged more urgently than expected)")
    print(f"over-triage rate:     {pct(ff_over, ff_total)}  (flag-free cases triaged more urgently than expected)")
    print(f"under-triage rate:    {pct(ff_under, ff_total)}  (flag-free cases triaged less urgently than expected)")
    print(f"under-triage count:   {under}  (any case triaged less urgently than expected)")
    if verbose:
        print("\nmisses (wrong top-1 and/or triage differs):")
        for cid, exp, top, level, err in misses:
            if err:
                print(f"  {cid}: {err}")
                continue
            tag = []
            if not top or top[0] not in {exp['condition'], *exp.get('acceptable', [])}:
                tag.append("dx")
            if level != exp["triage"]:
                tag.append("under" if rank_of(level) < rank_of(exp["triage"]) else "over")
            print(f"  {cid} [{','.join(tag)}] expected {exp['condition']} / {exp['triage']}"
                  f"{' (red flag)' if exp['red_flag'] else ''}; got {', '.join(top) or '-'} / {level}")


def main():
    args = parse_args()
    ddx = args.ddx or default_ddx()
    files = args.file or sorted(glob.glob(os.path.join(ROOT, "tests", "vignettes", "*.jsonl")))
    print(f"ddx: {ddx}\nkb: {args.kb}")
    everything = []
    for path in files:
        cases = load_cases(path)
        results = run_ddx(ddx, args.kb, cases)
        if results is None:
            return 0
        print(f"\n== {os.path.relpath(path, ROOT)}")
        evaluate(cases, results, args.verbose)
        everything += list(zip(cases, results))
    if len(files) > 1:
        print("\n== all files")
        evaluate([c for c, _ in everything], [r for _, r in everything], False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
