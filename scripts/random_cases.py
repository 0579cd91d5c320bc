#!/usr/bin/env python3
# random_cases.py: owns the random-case generator used to check that a change leaves every answer as it was.
"""Write random cases for the bundled (or any) knowledge base as JSON lines, from its vocabulary.

usage: scripts/random_cases.py [--ddx build/tools/ddx] [--kb kb] [--count 3000] [--seed 1]

Each case has 1-12 present findings, 0-5 absent ones and, half the time, some of the values within their
declared range. Findings repeat across lists now and then (a finding both present and absent is an error the
engine must report), and every tenth case names an unknown id, so errors are compared too. Same seed, same
knowledge base: the same cases, line for line.
"""
import argparse
import json
import random
import subprocess
import sys

NOT_FINDINGS = {"condition", "fact", "flag", "value", "kind"}


def vocabulary(ddx, kb):
    out = subprocess.run([ddx, "vocab", "--kb", kb, "--format", "tsv"], check=True, capture_output=True, text=True).stdout
    findings, values = [], []
    for line in out.splitlines()[1:]:
        cols = line.split("\t")
        if cols[1] == "value":
            values.append((cols[0], float(cols[5]), float(cols[6])))
        elif cols[1] not in NOT_FINDINGS:
            findings.append(cols[0])
    return findings, values


def one_case(rng, n, findings, values):
    present = rng.sample(findings, rng.randint(1, 12))
    absent = rng.sample(findings, rng.randint(0, 5))
    if rng.random() < 0.9:  # usually disjoint: a finding both present and absent is rejected
        absent = [f for f in absent if f not in present]
    if n % 10 == 9:
        present.append(rng.choice(findings) + "_x")
    case = {"id": f"random-{n}", "present": present, "absent": absent}
    if rng.random() < 0.5:
        case["values"] = {v: round(rng.uniform(lo, min(hi, 100)), rng.choice([0, 1])) for v, lo, hi in values
                          if rng.random() < 0.6}
    return case


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--ddx", default="build/tools/ddx")
    p.add_argument("--kb", default="kb")
    p.add_argument("--count", type=int, default=3000)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    findings, values = vocabulary(a.ddx, a.kb)
    if not findings:
        sys.exit("random_cases.py: the knowledge base declares no findings")
    rng = random.Random(a.seed)
    for n in range(a.count):
        print(json.dumps(one_case(rng, n, findings, values)))


if __name__ == "__main__":
    main()
