#!/usr/bin/env python3
# kb_table.py: owns the generated condition and red-flag tables of docs/knowledge-base.md.
"""Print (or refresh in place) the knowledge-base tables of docs/knowledge-base.md.

usage: scripts/kb_table.py [--ddx build/tools/ddx] [--kb kb] [--write docs/knowledge-base.md]

Conditions (id, label, region) come from `ddx vocab --format json`; priors, rule effects, test
expectations, urgencies, flag levels and sources are read from the canonical (`ddx fmt`) layout of the *.ddx
files: a declaration starts at column 0, its clauses are indented. Without --write the tables are
printed; with --write the text between `<!-- kb_table:NAME -->` and `<!-- /kb_table:NAME -->` in the
given file is replaced (NAME is `summary`, `conditions` or `flags`).
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DECL = re.compile(r"^(knowledge_base|finding|value|condition|fact|flag|rule|test)\b\s*(\S*)")
STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
LEVELS = ["self_care", "modify_training", "stop_and_assess", "urgent_care", "emergency"]


def default_ddx():
    found = [p for p in [os.path.join(ROOT, "build", "tools", "ddx")]
             + glob.glob(os.path.join(ROOT, "build-*", "tools", "ddx")) if os.access(p, os.X_OK)]
    return max(found, key=os.path.getmtime) if found else "ddx"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ddx", default=None, help="ddx binary (default: newest build*/tools/ddx)")
    p.add_argument("--kb", default=os.path.join(ROOT, "kb"), help="knowledge base directory")
    p.add_argument("--write", default=None, help="markdown file whose marked tables are refreshed")
    return p.parse_args()


def declarations(kb):
    """Yield (file relative to the kb's parent, keyword, name, clause lines) for every declaration."""
    base = os.path.dirname(os.path.abspath(kb))
    for path in sorted(glob.glob(os.path.join(kb, "**", "*.ddx"), recursive=True)):
        rel = os.path.relpath(path, base)
        current = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = DECL.match(line)
                if m:
                    if current:
                        yield current
                    current = (rel, m.group(1), m.group(2), [])
                elif current and line.startswith("  ") and not line.lstrip().startswith("#"):
                    current[3].append(line.strip())
        if current:
            yield current


def abbreviate(source):
    """`002_c189….txt: 002-I Shin Splints (L2075-2100)` -> `002-I Shin Splints`."""
    if source.startswith("general knowledge:"):
        return "gk: " + source.split(":", 1)[1].strip()
    seed, _, text = source.partition(": ")
    text = re.sub(r"\s*\((L[0-9].*|lines? .*)\)\s*$", "", text or seed).strip()
    number = seed[:3] if seed[:3].isdigit() else ""
    if number and not text.startswith(number):
        text = f"{number}: {text}"
    return text if len(text) <= 48 else text[:45].rstrip() + "..."


def collect(kb):
    info = {"prior": {}, "urgency": {}, "sources": collections.defaultdict(list), "file": {}, "flags": [],
            "for": collections.Counter(), "against": collections.Counter(),
            "tests": collections.Counter(), "raised": collections.Counter(), "flag_tests": collections.Counter()}
    for rel, kind, name, clauses in declarations(kb):
        if kind == "condition":
            info["file"][name] = rel
            for c in clauses:
                if c.startswith("prior "):
                    info["prior"][name] = c.split()[1]
                elif c.startswith("urgency "):
                    # `urgency LEVEL` or a range `urgency LOW to HIGH`
                    info["urgency"][name] = " ".join(c.split("#")[0].split()[1:])
                elif c.startswith("source "):
                    m = STRING.search(c)
                    if m and abbreviate(m.group(1)) not in info["sources"][name]:
                        info["sources"][name].append(abbreviate(m.group(1)))
        elif kind == "flag":
            level = next((c.split()[1] for c in clauses if c.startswith("level ")), "?")
            info["flags"].append((name, level, rel))
        elif kind == "rule":
            for c in clauses:
                if c.startswith("then "):
                    seen = set()
                    for effect in c[5:].split(","):
                        words = effect.split()
                        if len(words) >= 2 and (words[0], words[1]) not in seen:
                            seen.add((words[0], words[1]))
                            if words[0] in ("for", "against"):
                                info[words[0]][words[1]] += 1
                            elif words[0] == "raise":
                                info["raised"][words[1]] += 1
        elif kind == "test":
            named, flags = set(), set()
            for c in clauses:
                words = c.split()
                if len(words) >= 3 and words[0] == "expect" and words[1] in ("flag", "no") :
                    flags.add(words[-1])
                elif len(words) >= 2 and words[0] == "expect" and words[1] != "triage":
                    named.add(words[1])
            for n in named:
                info["tests"][n] += 1
            for f in flags:
                info["flag_tests"][f] += 1
    return info


def vocab_conditions(ddx, kb):
    proc = subprocess.run([ddx, "vocab", "--kb", kb, "--format", "json"], capture_output=True, text=True)
    if proc.returncode != 0:
        sys.exit(f"`{ddx} vocab` failed: {proc.stderr.strip()}")
    return [e for e in json.loads(proc.stdout)["entries"] if e["kind"] == "condition"]


def condition_table(conds, info):
    order = {"hip": 0, "thigh": 1, "knee": 2, "lower_leg": 3, "ankle_foot": 4, "back_pelvis": 5,
             "chest_airways": 6, "systemic": 7}
    rows = ["| id | name | region | prior | urgency | rules for | rules against | tests naming it | sources |",
            "|---|---|---|---|---|---:|---:|---:|---|"]
    for c in sorted(conds, key=lambda e: (order.get(e["region"], 99), e["id"])):
        i = c["id"]
        rows.append(f"| `{i}` | {c['label']} | {c['region']} | {info['prior'].get(i, '?')} | {info['urgency'].get(i, '-')} | "
                    f"{info['for'][i]} | {info['against'][i]} | {info['tests'][i]} | "
                    f"{'; '.join(info['sources'][i]) or '-'} |")
    return "\n".join(rows)


def flag_table(info):
    rows = ["| flag id | level | file | raising rules | tests naming it |", "|---|---|---|---:|---:|"]
    for name, level, rel in sorted(info["flags"], key=lambda f: (-LEVELS.index(f[1]) if f[1] in LEVELS else 0,
                                                                  f[0])):
        rows.append(f"| `{name}` | {level} | {rel} | {info['raised'][name]} | {info['flag_tests'][name]} |")
    return "\n".join(rows)


def summary(conds, info):
    by_region = collections.Counter(c["region"] for c in conds)
    by_prior = collections.Counter(info["prior"].get(c["id"], "?") for c in conds)
    rules_for = sum(info["for"][c["id"]] for c in conds)
    rules_against = sum(info["against"][c["id"]] for c in conds)
    return "\n".join([
        f"- {len(conds)} conditions: " + ", ".join(f"{r} {n}" for r, n in sorted(by_region.items())),
        "- priors: " + ", ".join(f"{p} {n}" for p, n in sorted(by_prior.items())),
        "- urgency: " + ", ".join(
            f"{lv} {n}" for lv, n in
            sorted(collections.Counter(info["urgency"].get(c["id"], "-") for c in conds).items(),
                   key=lambda x: [LEVELS.index(w) if w in LEVELS else -1 for w in x[0].split(" to ")])),
        f"- {rules_for} `for` effects and {rules_against} `against` effects on conditions "
        "(counted once per rule and condition)",
        f"- {len(info['flags'])} flags: " + ", ".join(
            f"{lv} {sum(1 for f in info['flags'] if f[1] == lv)}" for lv in LEVELS),
    ])


def write_into(path, tables):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for name, body in tables.items():
        pattern = re.compile(rf"(<!-- kb_table:{name} -->\n).*?(<!-- /kb_table:{name} -->)", re.S)
        if not pattern.search(text):
            sys.exit(f"{path}: no `<!-- kb_table:{name} -->` ... `<!-- /kb_table:{name} -->` markers")
        text = pattern.sub(lambda m: m.group(1) + body + "\n" + m.group(2), text)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def main():
    args = parse_args()
    conds = vocab_conditions(args.ddx or default_ddx(), args.kb)
    info = collect(args.kb)
    tables = {"summary": summary(conds, info), "conditions": condition_table(conds, info),
              "flags": flag_table(info)}
    if args.write:
        write_into(args.write, tables)
    else:
        print("\n\n".join(tables.values()))


if __name__ == "__main__":
    main()
