#!/usr/bin/env bash
# same_answers.sh: owns the check that two builds of ddx give byte-identical answers (for changes meant to change none).
# Usage: scripts/same_answers.sh BASE_DDX NEW_DDX [KB_DIR] [COUNT] [EXPLAINED]
#   Compares, byte for byte: `diagnose --trace --top 10 --format json` over COUNT random cases (scripts/random_cases.py,
#   default 3000) and over the bundled examples (text and JSON), `explain` (JSON and text) of each of the first
#   EXPLAINED random cases' leading condition and of a fixed one (default 100), `graph` with and without a case, `test`, `check` and `vocab`,
#   with exit statuses. Prints one line per comparison and exits 1 at the first difference.
set -uo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
base="$1"; new="$2"; kb="${3:-$here/kb}"; count="${4:-3000}"; explained="${5:-100}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 "$here/scripts/random_cases.py" --ddx "$new" --kb "$kb" --count "$count" > "$work/cases.jsonl" || exit 1

same() {  # same NAME ARGS...: runs both binaries with ARGS, compares stdout, stderr and status
  local name="$1"; shift
  "$base" "$@" > "$work/a.out" 2> "$work/a.err"; echo "$?" >> "$work/a.err"
  "$new" "$@" > "$work/b.out" 2> "$work/b.err"; echo "$?" >> "$work/b.err"
  if cmp -s "$work/a.out" "$work/b.out" && cmp -s "$work/a.err" "$work/b.err"; then
    [ -n "${quiet:-}" ] || echo "same: $name ($(wc -c < "$work/a.out") bytes)"
  else
    echo "DIFFERENT: $name"; diff <(head -c 2000 "$work/a.out") <(head -c 2000 "$work/b.out") | head -20; exit 1
  fi
}

same "diagnose --trace, $count random cases" diagnose --kb "$kb" --cases "$work/cases.jsonl" --trace --top 10 --format json
for example in "$here"/kb/examples/*.json; do
  same "diagnose $(basename "$example")" diagnose --kb "$kb" "$example" --trace --top 10 --format json
  same "diagnose $(basename "$example") (text)" diagnose --kb "$kb" "$example"
done
same "diagnose batch.jsonl" diagnose --kb "$kb" --cases "$here/kb/examples/batch.jsonl" --trace --format json
same "test" test --kb "$kb"
same "test (json)" test --kb "$kb" --format json
same "check" check --kb "$kb"
same "vocab" vocab --kb "$kb" --format tsv
same "graph" graph --kb "$kb"
head -n "$explained" "$work/cases.jsonl" > "$work/first.jsonl"
n=0; quiet=1
while IFS= read -r line; do
  n=$((n + 1)); printf '%s\n' "$line" > "$work/case.json"
  leader="$("$new" diagnose --kb "$kb" "$work/case.json" --top 1 --format json 2>/dev/null |
            python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["differential"][0]["id"] if d.get("differential") else "itbs")' 2>/dev/null)"
  for condition in "${leader:-itbs}" pfps; do
    same "explain case $n $condition" explain --kb "$kb" "$work/case.json" --condition "$condition" --format json
    same "explain case $n $condition (text)" explain --kb "$kb" "$work/case.json" --condition "$condition"
  done
  if [ $((n % 10)) -eq 1 ]; then same "graph case $n" graph --kb "$kb" "$work/case.json"; fi
done < "$work/first.jsonl"
echo "same: explain and graph over $n cases"
