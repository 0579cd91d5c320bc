"""Writes a reproducible JSON-lines set of random cases for a knowledge base, for batch tests and throughput runs:

    PYTHONPATH=build/python python3 tests/python/gen_cases.py --kb kb -n 100000 --seed 1 > cases.jsonl

Each case names 1-6 present and 0-4 absent findings drawn from the vocabulary and a random value for some of the
declared values (within range). About one line in 200 is a deliberate mistake (an unknown finding, a value out of
range, malformed JSON) and one in 500 is blank, so the batch paths' error lines and line numbers are exercised too.
The cases are random, not clinical vignettes: they measure and compare, they do not validate.
"""

import argparse
import json
import random
import sys

import ddx

VALUE_KINDS = {"value", "condition", "fact", "flag"}


def generate(kb, n, seed):
    rng = random.Random(seed)
    vocabulary = kb.vocabulary()
    findings = [e["id"] for e in vocabulary if e["kind"] not in VALUE_KINDS]
    values = [e for e in vocabulary if e["kind"] == "value"]
    for i in range(n):
        roll = rng.random()
        if roll < 0.002:
            yield ""
            continue
        chosen = rng.sample(findings, rng.randint(1, 6) + rng.randint(0, 4))
        split = rng.randint(1, min(6, len(chosen)))
        case = {"id": "gen-{}".format(i + 1), "present": chosen[:split], "absent": chosen[split:]}
        given = {}
        for v in values:
            if rng.random() < 0.5:
                low = v["low"] if v["low"] is not None else 0
                high = v["high"] if v["high"] is not None else low + 100
                given[v["id"]] = rng.randint(int(low), int(high)) if rng.random() < 0.8 else round(rng.uniform(low, high), 2)
        if given:
            case["values"] = given
        if roll < 0.004:
            case["present"][0] = case["present"][0][:-1]  # a typo: unknown finding, with a suggestion
        elif roll < 0.006 and values:
            case.setdefault("values", {})[values[0]["id"]] = 1e6  # out of range
        elif roll < 0.007:
            yield json.dumps(case)[:-2]  # malformed JSON
            continue
        yield json.dumps(case)


def main(argv=None):
    parser = argparse.ArgumentParser(description="write random cases for a knowledge base as JSON lines")
    parser.add_argument("--kb", action="append", required=True, help="knowledge base directory or file; repeatable")
    parser.add_argument("-n", type=int, default=1000, help="how many lines (default 1000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    kb = ddx.KnowledgeBase(args.kb)
    out = sys.stdout
    for line in generate(kb, args.n, args.seed):
        out.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
