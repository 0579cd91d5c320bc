"""Score a JSON-lines file of cases on a Dask cluster: the output is, byte for byte, what
`ddx diagnose --cases FILE` writes (one compact result, or {"line": N, "error": {...}}, per non-blank line).

    python3 -m ddx.dask_batch --kb kb/ cases.jsonl -o results.jsonl              # a LocalCluster, one worker a core
    python3 -m ddx.dask_batch --kb kb/ cases.jsonl -o - --scheduler tcp://host:8786

The file is cut into chunks of whole lines; each chunk goes to a worker with the number of its first line, so
errors name the line of the whole file. Each worker process loads the knowledge base once and keeps it. Results are
written in input order while later chunks are still being scored; at most a few chunks per worker are in flight,
so memory stays bounded for files of any size. Needs Debian's python3-distributed. Guide: docs/batch.md.
"""

import argparse
import itertools
import os
import sys
import time

_loaded = {}


def _knowledge_base(paths):
    """The worker's knowledge base for `paths`, loaded on first use."""
    import ddx

    key = tuple(paths)
    if key not in _loaded:
        _loaded[key] = ddx.KnowledgeBase(list(paths))
    return _loaded[key]


def score_chunk(paths, first_line, text, top=None):
    """One chunk of JSON lines -> the output lines of `ddx diagnose --cases` for them (runs on a worker)."""
    return _knowledge_base(paths).diagnose_jsonl(text, first_line=first_line, top=top)


def chunks(lines, lines_per_chunk):
    """(first line number, text) for consecutive slices of an iterable of lines (newlines kept)."""
    number = 1
    while True:
        part = list(itertools.islice(lines, lines_per_chunk))
        if not part:
            return
        yield number, "".join(part)
        number += len(part)


def score(client, kb_paths, lines, out, lines_per_chunk=2000, in_flight_per_worker=3, top=None):
    """Scores an iterable of lines on `client`, writing the results to `out` in input order. Returns
    (cases read, cases rejected, seconds)."""
    paths = [os.path.abspath(p) for p in kb_paths]
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    window = workers * in_flight_per_worker
    started = time.perf_counter()
    pending = []
    rejected = 0
    cases = 0

    def write(result):
        out.write(result)
        return sum(1 for line in result.splitlines() if line.startswith('{"line":'))

    for first, text in chunks(iter(lines), lines_per_chunk):
        cases += sum(1 for line in text.splitlines() if line.strip())
        pending.append(client.submit(score_chunk, paths, first, text, top, pure=False))
        while len(pending) >= window:
            rejected += write(pending.pop(0).result())
    for future in pending:
        rejected += write(future.result())
    return cases, rejected, time.perf_counter() - started


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m ddx.dask_batch",
                                     description="score JSON-lines cases on a Dask cluster, as `ddx diagnose --cases`")
    parser.add_argument("cases", help="JSON-lines file of cases (- for stdin)")
    parser.add_argument("--kb", action="append", required=True, help="knowledge base directory or file; repeatable")
    parser.add_argument("-o", "--output", default="-", help="where the results go (default: stdout)")
    parser.add_argument("--scheduler", help="address of a running Dask scheduler; default: a LocalCluster")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="LocalCluster worker processes (one thread each); default: one per core")
    parser.add_argument("--chunk", type=int, default=2000, help="lines per task (default 2000)")
    parser.add_argument("--top", type=int, help="keep only the first N conditions of each differential")
    args = parser.parse_args(argv)
    if args.workers < 1 or args.chunk < 1 or (args.top is not None and args.top < 1):
        parser.error("--workers, --chunk and --top must be 1 or more")

    import ddx
    from distributed import Client, LocalCluster

    try:
        ddx.KnowledgeBase(args.kb)  # refuse a bad knowledge base here, with its diagnostics, before any worker starts
    except ddx.KnowledgeBaseError as e:
        sys.stderr.write(e.text + "ddx.dask_batch: error: the knowledge base has errors; nothing was computed\n")
        return 1
    try:
        source = sys.stdin if args.cases == "-" else open(args.cases, encoding="utf-8")
    except OSError as e:
        sys.stderr.write("ddx.dask_batch: error: cannot read `{}`: {}\n".format(args.cases, e.strerror))
        return 1
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    if args.scheduler:
        cluster, client = None, Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        with source:
            cases, rejected, seconds = score(client, args.kb, source, out, args.chunk, top=args.top)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
        if out is not sys.stdout:
            out.close()
    sys.stderr.write("ddx.dask_batch: {} cases, {} rejected, in {:.2f} s ({:.0f} cases/s)\n".format(
        cases, rejected, seconds, cases / seconds if seconds > 0 else 0))
    return 1 if rejected else 0  # as `ddx diagnose --cases`: 1 when any line was rejected


if __name__ == "__main__":
    sys.exit(main())
